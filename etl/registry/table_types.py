"""How a table is declared: its columns (type, comment, checks) and what is derived from a declaration (the DDL,
the column comments and the pandera schema that validates a frame before it is loaded). Declarations
themselves are in etl/registry/tables.py (the project's own tables), source_tables.py (the sources' tables) and
derived_tables.py (the escalation analyses' tables, each with its public view).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type, with NOT NULL when required
    description: str

    @property
    def nullable(self) -> bool:
        return "NOT NULL" not in self.type

    @property
    def base_type(self) -> str:
        return self.type.replace("NOT NULL", "").strip()

    def check(self) -> pa.Check:
        """A pandera check that the column's non-null values fit the DuckDB type."""
        kind = self.base_type
        test, what = _TYPE_CHECKS[kind]
        return pa.Check(lambda s: test(s.dropna()), error=f"{self.name}: not {what}")


def _all(test):
    return lambda s: bool(len(s) == 0 or s.map(test).all())


def _finite_numbers(s: pd.Series) -> bool:
    if len(s) == 0:
        return True
    numbers = pd.to_numeric(s, errors="coerce")
    return bool(numbers.notna().all() and np.isfinite(numbers.astype(float)).all())


def _whole_numbers(s: pd.Series) -> bool:
    return _finite_numbers(s) and bool((pd.to_numeric(s) % 1 == 0).all())


_TYPE_CHECKS = {
    "DATE": (_all(lambda v: isinstance(v, dt.date)), "a date"),
    "TIMESTAMP": (_all(lambda v: isinstance(v, (dt.datetime, np.datetime64))), "a timestamp"),
    "DOUBLE": (_finite_numbers, "a finite number"),
    "BIGINT": (_whole_numbers, "a whole number"),
    "INTEGER": (_whole_numbers, "a whole number"),
    "BOOLEAN": (_all(lambda v: isinstance(v, (bool, np.bool_))), "true or false"),
    "VARCHAR": (_all(lambda v: isinstance(v, str)), "text"),
}


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    owner: str | None = None  # the source whose load replaces this table whole (None: rows carry `source`)
    view: str | None = None  # the public view analysts query over this table, if any (its description is the table's)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        parts = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(parts) + "\n)"

    def view_declaration(self) -> tuple[str, str, list[tuple[str, str]]]:
        """The public view over this table as etl.derive.views.VIEWS holds it: (select, description, columns)."""
        return f"SELECT * FROM {self.name}", self.description, [(c.name, c.description) for c in self.columns]

    def comments(self) -> list[str]:
        """COMMENT ON statements: the table's and each column's description, kept in the file itself."""
        return comment_statements("TABLE", self.name, self.description,
                                  [(c.name, c.description) for c in self.columns])

    def frame_schema(self) -> pa.DataFrameSchema:
        """The pandera schema a frame must pass before it is loaded into this table."""
        return pa.DataFrameSchema(
            {c.name: pa.Column(None, checks=c.check(), nullable=c.nullable) for c in self.columns},
            unique=list(self.primary_key) or None,
            strict=False,
            name=self.name,
        )


def comment_statements(kind: str, name: str, description: str, columns: list[tuple[str, str]]) -> list[str]:
    """COMMENT ON statements for a table or view. The texts are this project's own constants, never input."""
    quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
    return [f"COMMENT ON {kind} {name} IS {quote(description)}"] + [
        f'COMMENT ON COLUMN {name}."{column}" IS {quote(text)}' for column, text in columns]
