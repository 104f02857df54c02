"""Checksums that decide what a refresh must redo: a source's input files and its transform code.

A source is skipped only when both its files and the code that transforms them are unchanged since
its last load, so editing a transform reloads that source on the next refresh (as owid/etl checksums
a step's code and inputs).
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType


def file_checksums(folder: Path, names: tuple[str, ...]) -> str:
    """`name=sha256;...` of a source's files, in a fixed order: the key that says 'unchanged'."""
    parts = []
    for name in names:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        parts.append(f"{name}={digest}")
    return ";".join(parts)


# Part of every source's checksum: the registry describes what each source produces (labels, bounds).
SHARED_MODULES = ("etl.registry.metrics",)


def code_files(module: ModuleType) -> set[Path]:
    """A module's file, the files of every `etl` module it imports (directly or not) and the registry's."""
    files = _project_closure(module.__name__)
    for shared in SHARED_MODULES:
        files |= _project_closure(shared)
    return files


def code_checksum(module: ModuleType) -> str:
    """sha256 over the text of code_files(module): any edit to them reloads the source."""
    digest = hashlib.sha256()
    for path in sorted(code_files(module)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _project_closure(name: str, seen: dict[str, Path] | None = None) -> set[Path]:
    """Files of `name` and of the etl modules it imports (the stdlib and third parties are pinned)."""
    seen = {} if seen is None else seen
    if name in seen:
        return set(seen.values())
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return set(seen.values())
    path = Path(spec.origin)
    seen[name] = path
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for imported in names:
            if imported.split(".")[0] != "etl":
                continue
            try:
                found = importlib.util.find_spec(imported)
            except ModuleNotFoundError:  # `from etl.x import function`: a name, not a module
                found = None
            if found is not None:
                _project_closure(imported, seen)
    return set(seen.values())
