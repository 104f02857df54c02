"""What every source module shares: the result handed to the loader, file reading, validation helpers."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa


class SourceFileError(ValueError):
    """A whole input file is unusable (missing, empty, not UTF-8, wrong columns). Names the file."""


@dataclass
class SourceResult:
    """A source's tidy output, ready for one load transaction.

    metric_values: date, metric, value, record_eligible, note (source is added by the loader); every
        metric must be declared for the source in etl/metrics.py, which also describes it.
    tables: source-specific tables, name -> frame, replaced whole on each load.
    rejected: file, line, reason, raw.
    """

    metric_values: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    rows_read: int
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return self.rows_read - len(self.rejected)


def read_csv_text(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A CSV file as text columns (nothing coerced before validation), with each row's `line` number.

    Raises:
        SourceFileError: the file is missing, empty, not UTF-8, not CSV, or lacks a required column.
    """
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    check_not_truncated(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise SourceFileError(f"{path}: file is empty") from None
    except UnicodeDecodeError as err:
        raise SourceFileError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except pd.errors.ParserError as err:
        raise SourceFileError(f"{path}: not a readable CSV ({err})") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns[:12]))
        raise SourceFileError(f"{path}: missing column(s) {', '.join(missing)}; found {found}")
    frame.insert(0, "line", _line_numbers(path, len(frame)))
    return frame


def check_not_truncated(path: Path) -> None:
    """A text data file that stops mid-line was cut off (a partial download): refuse it whole."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        if size == 0:
            raise SourceFileError(f"{path}: file is empty")
        handle.seek(size - 1)
        last = handle.read(1)
    if last not in (b"\n", b"\r", b"]", b"}"):
        raise SourceFileError(f"{path}: the file stops mid-line ({size:,} bytes), so it was probably cut off; "
                              "the previous data of this source is kept")


def _line_numbers(path: Path, n_rows: int) -> np.ndarray:
    """Line number of each data row (header is line 1): plain unless a quoted field spans lines."""
    with path.open("rb") as handle:
        n_lines = sum(1 for _ in handle)
    if n_lines == n_rows + 1:
        return np.arange(2, n_rows + 2)
    starts = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        line = reader.line_num + 1
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    return np.asarray(starts[:n_rows])


def schema_failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Index and reason of every row failing a pandera schema, found in one lazy pass."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["index"].notna()]
        reasons = cases.apply(_reason, axis=1)
        return pd.DataFrame({"index": cases["index"].astype(int), "reason": reasons}).drop_duplicates()
    return pd.DataFrame({"index": pd.Series(dtype=int), "reason": pd.Series(dtype=str)})


def _reason(case: pd.Series) -> str:
    if case["schema_context"] == "DataFrameSchema":
        return str(case["check"])
    if case["check"] == "not_nullable":
        return f"{case['column']}: missing value"
    return f"{case['column']}: {case['check']} (got {case['failure_case']!r})"


def combine_reasons(*failures: pd.DataFrame) -> pd.Series:
    """index -> every reason for that row, joined with '; '."""
    failed = pd.concat([f for f in failures if len(f)], ignore_index=True) if any(len(f) for f in failures) else None
    if failed is None:
        return pd.Series(dtype=str)
    return failed.groupby("index")["reason"].agg("; ".join)


def rejected_frame(bad: pd.DataFrame, reasons: pd.Series, file_name: str) -> pd.DataFrame:
    """Rejected rows as stored: file, line, reason, and the raw fields as read."""
    raw = [str({k: v for k, v in row.items() if k != "line" and isinstance(v, str)})
           for row in bad.to_dict("records")]
    return pd.DataFrame({
        "file": file_name,
        "line": bad["line"].astype("int64").to_numpy() if len(bad) else np.array([], dtype="int64"),
        "reason": reasons.reindex(bad.index).to_numpy() if len(bad) else np.array([], dtype=object),
        "raw": raw,
    })
