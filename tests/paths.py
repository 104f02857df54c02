"""Where the project is, computed once from this file, so a test module finds it at any depth under tests/."""
from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent  # the checkout: etl/, dashboard/, README.md, tests/
