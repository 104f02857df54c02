"""Curated event annotations (data/events.csv, written by this project from public facts)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.registry import notes
from etl.registry import sources as declared_sources
from etl.sources.common import SourceResult, combine_reasons, read_csv_text, rejected_frame, schema_failures

DECLARED = declared_sources.EVENTS  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(EVENTS_FILE,) = FILES
# The file is this project's own: the refresh always reads it from the project's data/ folder, never
# from --source-dir or a download.
PROJECT_FILE = True


def _schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "date": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", error="not a date 'YYYY-MM-DD'")),
        "title": pa.Column(str, pa.Check.str_length(1, 60, error="title must be 1 to 60 characters")),
        "description": pa.Column(str, pa.Check.str_length(1, 300, error="description must be 1 to 300 characters")),
        "source_url": pa.Column(str, pa.Check.str_startswith("https://", error="source_url must be an https:// link")),
        # Ukrainian translations: optional columns, and a row may leave them empty (the dashboard then shows the
        # English text); when given, the same length limits as the English text.
        "title_uk": pa.Column(str, pa.Check.str_length(1, 60, error="title_uk must be 1 to 60 characters"),
                              nullable=True, required=False),
        "description_uk": pa.Column(str, pa.Check.str_length(1, 300, error="description_uk must be 1 to 300 characters"),
                                    nullable=True, required=False),
    }, strict=False)


def _optional_text(text: pd.DataFrame, column: str) -> pd.Series:
    """An optional text column, stripped, with '' where the file lacks the column or leaves the cell empty."""
    if column not in text.columns:
        return pd.Series("", index=text.index, dtype=object)
    return text[column].fillna("").astype(str).str.strip()


def transform(raw: pd.DataFrame, *, file_name: str = EVENTS_FILE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated events (date, title, description, source_url, title_uk, description_uk) and the rejected rows.

    title_uk and description_uk (the Ukrainian text) are optional: '' when the file lacks them or a row
    leaves them empty.
    """
    text = raw.reset_index(drop=True)
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    reasons = combine_reasons(
        schema_failures(_schema(), text),
        pd.DataFrame({"index": text.index[text["date"].notna() & dates.isna()],
                      "reason": notes.NOT_A_DATE}),
    )
    bad = text.index.isin(reasons.index)
    events = pd.DataFrame({
        "date": dates[~bad].dt.date, "title": text.loc[~bad, "title"].str.strip(),
        "description": text.loc[~bad, "description"].str.strip(), "source_url": text.loc[~bad, "source_url"],
        "title_uk": _optional_text(text, "title_uk")[~bad],
        "description_uk": _optional_text(text, "description_uk")[~bad],
    }).sort_values(["date", "title"]).reset_index(drop=True)
    return events, rejected_frame(text[bad], reasons, file_name)


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read and validate data/events.csv from a folder (title_uk and description_uk optional)."""
    raw = read_csv_text(folder / EVENTS_FILE, ("date", "title", "description", "source_url"))
    events, rejected = transform(raw)
    empty = pd.DataFrame({"date": [], "metric": [], "value": [], "record_eligible": [], "note": []})
    return SourceResult(metric_values=empty, tables={"events": events},
                        rejected=rejected, rows_read=len(raw))
