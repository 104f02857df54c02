"""What every source module shares: the result handed to the loader, file reading, validation helpers, and the
one rule for plausible values (`outside_bounds`, from the bounds etl/registry/metrics.py declares)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl.registry import metrics, notes


class SourceFileError(ValueError):
    """A whole input file is unusable (missing, empty, not UTF-8, wrong columns). Names the file."""


@dataclass
class SourceResult:
    """A source's tidy output, ready for one load transaction.

    metric_values: date, metric, value, record_eligible, note and optionally is_lower_bound (default
        false; source is added by the loader); every metric must be declared for the source in
        etl/metrics.py, which also describes it.
    tables: source-specific tables, name -> frame, replaced whole on each load.
    rejected: file, line, reason, raw.
    """

    metric_values: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    rows_read: int
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        # Only the attack counts can be lower bounds (rows lacking a count); elsewhere every value is whole.
        if "is_lower_bound" not in self.metric_values.columns:
            self.metric_values = self.metric_values.assign(is_lower_bound=False)

    @property
    def rows_loaded(self) -> int:
        return self.rows_read - len(self.rejected)


def read_csv_text(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A CSV file as text columns (nothing coerced before validation), with each row's `line` number.

    Raises:
        SourceFileError: the file is missing, unreadable, empty, not UTF-8, not CSV, cut off, has a
            header but no rows, or lacks a required column.
    """
    check_readable(path)
    check_utf8(path)
    check_not_truncated(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise SourceFileError(f"{path}: file is empty") from None
    except pd.errors.ParserError as err:
        raise SourceFileError(f"{path}: not a readable CSV ({err})") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns[:12]))
        raise SourceFileError(f"{path}: missing column(s) {', '.join(missing)}; found {found}")
    if frame.empty:
        raise SourceFileError(f"{path}: the file has a header but no rows; the previous data of this source is kept")
    frame.insert(0, "line", _line_numbers(path, len(frame)))
    return frame


def check_readable(path: Path) -> None:
    """The file exists and this process may read it; else a SourceFileError that names it."""
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as err:
        raise SourceFileError(f"{path}: cannot be read ({err.strerror or type(err).__name__})") from None


def check_utf8(path: Path) -> str:
    """The file's text; a SourceFileError naming the line and byte offset (from the file's start, 0-based) of the
    first byte that is not UTF-8. (A CSV reader decodes block by block and reports the offset inside its block.)"""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceFileError(f"{path}: not UTF-8 text ({err.reason} at line {line}, byte offset {err.start:,}); "
                              "the previous data of this source is kept") from None


def check_not_truncated(path: Path) -> None:
    """A data file cut off mid-row (a partial download) is refused whole.

    A file may end without a final newline; then its last line must still parse: a CSV line with as
    many fields as the header, or the closing bracket of a JSON array.
    """
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        if size == 0:
            raise SourceFileError(f"{path}: file is empty")
        handle.seek(max(0, size - 65536))
        tail = handle.read()
    if tail.endswith((b"\n", b"\r")):
        return
    if path.suffix in (".json", ".geojson"):
        complete = tail.rstrip().endswith((b"]", b"}"))
    else:
        complete = _last_csv_line_is_whole(path)
    if not complete:
        raise SourceFileError(f"{path}: the file stops mid-line ({size:,} bytes), so it was probably cut off; "
                              "the previous data of this source is kept")


def _last_csv_line_is_whole(path: Path) -> bool:
    """True when the file's last record has as many fields as its header (quoted newlines allowed)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            last = header
            for last in reader:
                pass
    except (UnicodeDecodeError, csv.Error):
        return False
    if not header or last is header:
        return True  # a header alone: read_csv_text says so
    return len(last) == len(header)


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


def date_window_failures(dates: pd.Series, first_day: str, now: pd.Timestamp | None,
                         first_what: str = "this source's first day") -> pd.DataFrame:
    """index and reason of rows dated before the source's first day or after the refresh day (plus one
    day for time zones): a 2099 or 1900 date would empty the default view or fake a record. Without `now`
    (a transform called on its own) only the first day is checked."""
    first = pd.Timestamp(first_day)
    latest = now.normalize() + pd.Timedelta(days=1) if now is not None else pd.Timestamp.max
    early, late = dates < first, dates > latest
    return pd.DataFrame({
        "index": list(dates.index[early]) + list(dates.index[late]),
        "reason": [f"date {d:%Y-%m-%d} is before {first_what} ({first:%Y-%m-%d})" for d in dates[early]]
        + [notes.DATE_IN_FUTURE.format(date=f"{d:%Y-%m-%d}", latest=f"{latest:%Y-%m-%d}") for d in dates[late]],
    })


def parse_numbers(text: pd.Series) -> pd.Series:
    """Numbers from text cells, as floats. A string of digits too long for pandas (5,000 digits) becomes inf, which
    the bounds reject by name, rather than a blank that would pass for "not reported"; any other text that is not a
    number becomes NaN (the text checks name it)."""
    values = pd.to_numeric(text, errors="coerce").astype(float)
    cells = text.where(text.notna(), "").astype(str)
    missed = values.isna() & cells.str.fullmatch(r"[0-9]+(\.[0-9]*)?")
    values[missed] = [float(cell) for cell in cells[missed]]  # float() has no digit limit: a huge count is inf
    return values


def outside_bounds(values: pd.DataFrame) -> pd.DataFrame:
    """The one rule for plausible values: the rows of a tidy frame (columns metric, value) whose value is not finite
    or lies outside the bounds its metric declares in etl/registry/metrics.py (inclusive).

    Every value a source hands over meets it in validation (etl/pipeline/validate.py); a source that can trace a
    value to raw rows applies it to them first (a row's count alone above the bound of a metric it is summed into,
    attacks.py; a loss record whose total gives an implausible day, losses.py). A metric the registry lacks is left
    to validation, which names it; a missing value to the table's declaration.

    Returns:
        index (of `values`), metric, value, low, high.
    """
    found = []
    for name, rows in values.groupby("metric", sort=False):
        declared = metrics.BY_NAME.get(name)
        if declared is None:
            continue
        low, high = declared.bounds
        value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
        bad = value.notna() & (~np.isfinite(value) | (value < low) | (value > high))
        if bad.any():
            found.append(pd.DataFrame({"index": rows.index[bad], "metric": name, "value": value[bad].to_numpy(),
                                       "low": float(low), "high": float(high)}))
    if not found:
        return pd.DataFrame({"index": pd.Series(dtype=int), "metric": pd.Series(dtype=str),
                             "value": pd.Series(dtype=float), "low": pd.Series(dtype=float),
                             "high": pd.Series(dtype=float)})
    return pd.concat(found, ignore_index=True)


def bounds_reason(what: str, value: float, low: float, high: float) -> str:
    """Why a value breaks its metric's bounds, in words: '<what> 100,000 is outside the plausible range 0 to 10,000'."""
    plausible = f"the plausible range {low:,.0f} to {high:,.0f}"
    if not np.isfinite(value):
        return f"{what} is not a finite number (too large to hold), outside {plausible}"
    return f"{what} {value:,.6g} is outside {plausible}"


def implausible_jumps(dates: pd.Series, values: pd.Series, max_per_day: float, what: str) -> pd.DataFrame:
    """index and reason of rows whose value moves more than `max_per_day` per day from the last accepted
    row (an empty or broken map measured as 0 km², a mistyped area).

    Rows are taken in date order and each is compared with the last row accepted before it, so a single
    bad row is rejected and the next good one is compared with the value before the bad one. The first
    row is accepted only when the row after it is within reach of it.
    """
    order = pd.DataFrame({"date": dates, "value": values}).dropna().sort_values("date")
    found, last_date, last_value = [], None, None
    rows = list(order.itertuples())
    for i, row in enumerate(rows):
        if last_date is None:
            after = rows[i + 1] if i + 1 < len(rows) else None
            if after is not None and abs(after.value - row.value) > max_per_day * max((after.date - row.date).days, 1):
                found.append((row.Index, f"{what} {row.value:,.2f} is {abs(after.value - row.value):,.0f} away from "
                                         f"the next row ({after.date:%Y-%m-%d}): not a plausible start"))
                continue
        else:
            days = max((row.date - last_date).days, 1)
            move = row.value - last_value
            if abs(move) > max_per_day * days:
                found.append((row.Index, f"{what} moves {move:+,.0f} in {days} day(s) from {last_date:%Y-%m-%d}, "
                                         f"more than the plausible {max_per_day:,.0f} a day"))
                continue
        last_date, last_value = row.date, row.value
    return pd.DataFrame(found, columns=["index", "reason"])
