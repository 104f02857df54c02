"""Where things live: the database file and the offline source folder, overridable by environment.

Imports nothing else of the project so that every module (ETL, dashboard, tests) can use it.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_CACHE_DIR = DATA_DIR / "raw"
DEFAULT_DB_PATH = DATA_DIR / "escalation.duckdb"

DB_ENV_VAR = "ESCALATION_DB"
SOURCE_DIR_ENV_VAR = "ESCALATION_SOURCE_DIR"


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The DuckDB file to use: an explicit path, else $ESCALATION_DB, else data/escalation.duckdb."""
    if override:
        return Path(override)
    from_env = os.environ.get(DB_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_DB_PATH


def source_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The offline folder of raw files, if one is configured (flag, then $ESCALATION_SOURCE_DIR)."""
    if override:
        return Path(override)
    from_env = os.environ.get(SOURCE_DIR_ENV_VAR)
    return Path(from_env) if from_env else None
