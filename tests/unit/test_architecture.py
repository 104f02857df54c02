"""The architecture's rules that import-linter does not check: each source module fulfils its registry
declaration, no project import hides inside a function (where a cycle would hide), and the import contracts
themselves hold (the same check `./run.sh test` runs first)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from etl.registry import sources as declared_sources
from etl.sources import SOURCES
from tests.paths import PROJECT


def test_every_declared_source_has_a_module_that_fulfils_it_and_no_module_is_undeclared():
    assert set(SOURCES) == set(declared_sources.BY_KEY)
    for key, module in SOURCES.items():
        declared = declared_sources.BY_KEY[key]
        assert module.DECLARED is declared and module.SOURCE == key
        assert tuple(module.FILES) == declared.files
        assert callable(module.build), f"{key}: a source module builds its result with build(folder, now=...)"


def test_no_project_import_inside_a_function():
    """An import inside a function is how a cycle hides; the layers need none (third-party imports that only one
    path needs, like kagglehub or scipy, may stay lazy)."""
    hidden = []
    for path in [*PROJECT.glob("etl/**/*.py"), *PROJECT.glob("dashboard/**/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                         else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                hidden += [f"{path.relative_to(PROJECT)}:{node.lineno} {n}" for n in names
                           if n.split(".")[0] in ("etl", "dashboard")]
    assert hidden == []


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=PROJECT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
