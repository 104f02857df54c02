"""Curated event annotations (data/events.csv, written by this project from public facts), validated like any source:
a bad row is rejected with file, line and reason, the good ones load."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.registry import notes
from etl.registry import sources as declared_sources
from etl.sources.common import (
    SourceResult,
    combine_reasons,
    date_window_failures,
    read_csv_text,
    rejected_frame,
    schema_failures,
)

DECLARED = declared_sources.EVENTS  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(EVENTS_FILE,) = FILES
# The file is this project's own: the refresh always reads it from the project's data/ folder, never
# from --source-dir or a download.
PROJECT_FILE = True
# An event annotates the data: none may be dated before the first day of any source (the invasion) or after the
# refresh day (plus one), where it would stretch every chart's axis.
FIRST_DAY = min(source.first_day for source in declared_sources.SOURCES if source.first_day)
TEXT_COLUMNS = ("title", "description", "title_uk", "description_uk")
# A line break, a tab or any other control character (C0, DEL, C1, and the Unicode line and paragraph separators)
# would break a chart's label or hover text.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"


def _schema() -> pa.DataFrameSchema:
    def text(column: str, longest: int, **options) -> pa.Column:
        return pa.Column(str, [
            pa.Check.str_length(1, longest, error=f"{column} must be 1 to {longest} characters"),
            pa.Check(lambda cells: ~cells.str.contains(CONTROL_CHARACTERS, regex=True),
                     error="contains a line break or control character"),
        ], **options)

    return pa.DataFrameSchema({
        "date": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", error="not a date 'YYYY-MM-DD'")),
        "title": text("title", 60),
        "description": text("description", 300),
        "source_url": pa.Column(str, pa.Check.str_startswith("https://", error="source_url must be an https:// link")),
        # Ukrainian translations: optional columns, and a row may leave them empty (the dashboard then shows the
        # English text); when given, the same checks as the English text.
        "title_uk": text("title_uk", 60, nullable=True, required=False),
        "description_uk": text("description_uk", 300, nullable=True, required=False),
    }, strict=False)


def _optional_text(text: pd.DataFrame, column: str) -> pd.Series:
    """An optional text column, stripped, with '' where the file lacks the column or leaves the cell empty."""
    if column not in text.columns:
        return pd.Series("", index=text.index, dtype=object)
    return text[column].fillna("").astype(str).str.strip()


def transform(raw: pd.DataFrame, *, now: pd.Timestamp | None = None, file_name: str = EVENTS_FILE
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated events (date, title, description, source_url, title_uk, description_uk) and the rejected rows.

    Text is trimmed before it is checked, so a title of spaces is a missing title. A row is rejected for a date
    that is no calendar date, before FIRST_DAY or after `now` (plus one day; without `now` only FIRST_DAY is
    checked), a text with a line break or control character, a text too long, or the date and title of an
    earlier row. title_uk and description_uk (the Ukrainian text) are optional: '' when the file lacks them or a
    row leaves them empty.
    """
    text = raw.reset_index(drop=True).copy()
    for column in (*TEXT_COLUMNS, "source_url"):
        if column in text.columns:
            text[column] = text[column].str.strip().where(lambda cells: cells != "")
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    reasons = combine_reasons(
        schema_failures(_schema(), text),
        pd.DataFrame({"index": text.index[text["date"].notna() & dates.isna()],
                      "reason": notes.NOT_A_DATE}),
        date_window_failures(dates.dropna(), FIRST_DAY, now, first_what="the first day of the data"),
        _repeats(text),
    )
    bad = text.index.isin(reasons.index)
    events = pd.DataFrame({
        "date": dates[~bad].dt.date, "title": text.loc[~bad, "title"],
        "description": text.loc[~bad, "description"], "source_url": text.loc[~bad, "source_url"],
        "title_uk": _optional_text(text, "title_uk")[~bad],
        "description_uk": _optional_text(text, "description_uk")[~bad],
    }).sort_values(["date", "title"]).reset_index(drop=True)
    return events, rejected_frame(raw.reset_index(drop=True)[bad], reasons, file_name)


def _repeats(text: pd.DataFrame) -> pd.DataFrame:
    """Rows giving the date and title of an earlier row (two labels on one spot of a chart): the repeat is rejected."""
    keys = text[["date", "title"]].dropna()
    repeated = keys.duplicated(keep="first")
    first_line = text.loc[keys.index, "line"].groupby([keys["date"], keys["title"]]).transform("first")
    return pd.DataFrame({"index": keys.index[repeated],
                         "reason": [notes.DUPLICATE_OF_LINE.format(line=n) for n in first_line[repeated]]})


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read and validate data/events.csv from a folder (title_uk and description_uk optional)."""
    raw = read_csv_text(folder / EVENTS_FILE, ("date", "title", "description", "source_url"))
    events, rejected = transform(raw, now=now)
    empty = pd.DataFrame({"date": [], "metric": [], "value": [], "record_eligible": [], "note": []})
    return SourceResult(metric_values=empty, tables={"events": events},
                        rejected=rejected, rows_read=len(raw))
