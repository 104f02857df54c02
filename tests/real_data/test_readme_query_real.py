"""The README's command that opens the database read-only works from a checkout with the project's own
environment, and prints the largest drone days (948 on 24 Mar 2026 first)."""
from __future__ import annotations

import re
import subprocess
import sys

from tests.unit.test_docs import README


def test_the_readmes_query_command_runs_on_the_real_database(real_db, tmp_path):
    (command,) = re.findall(r"^\.venv/bin/python -c (\".*\")$", README, flags=re.MULTILINE)
    code = command[1:-1].replace('\\"', '"').replace("data/escalation.duckdb", str(real_db))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         cwd=tmp_path).stdout
    assert "2026-03-24" in out and "948" in out
    assert out.index("948") < out.index("2026-03-24") + 40  # the first row: the largest day
