"""Curated event annotations (data/events.csv, written by this project from public facts)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.sources.common import SourceResult, combine_reasons, read_csv_text, rejected_frame, schema_failures

SOURCE = "events"
FOLDER = "."
TITLE = "Event annotations (curated)"
URL = "data/events.csv in this repository"
LICENCE = "CC BY 4.0 (this project); each event links its public source"
ATTRIBUTION = "Escalation dashboard contributors"
EVENTS_FILE = "events.csv"
FILES = (EVENTS_FILE,)
# The file is this project's own: the refresh always reads it from the project's data/ folder, never
# from --source-dir or a download.
PROJECT_FILE = True


def _schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "date": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", error="not a date 'YYYY-MM-DD'")),
        "title": pa.Column(str, pa.Check.str_length(1, 60, error="title must be 1 to 60 characters")),
        "description": pa.Column(str, pa.Check.str_length(1, 300, error="description must be 1 to 300 characters")),
        "source_url": pa.Column(str, pa.Check.str_startswith("https://", error="source_url must be an https:// link")),
    }, strict=False)


def transform(raw: pd.DataFrame, *, file_name: str = EVENTS_FILE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated events (date, title, description, source_url) and the rejected rows."""
    text = raw.reset_index(drop=True)
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    reasons = combine_reasons(
        schema_failures(_schema(), text),
        pd.DataFrame({"index": text.index[text["date"].notna() & dates.isna()],
                      "reason": "date: not a calendar date"}),
    )
    bad = text.index.isin(reasons.index)
    events = pd.DataFrame({
        "date": dates[~bad].dt.date, "title": text.loc[~bad, "title"].str.strip(),
        "description": text.loc[~bad, "description"].str.strip(), "source_url": text.loc[~bad, "source_url"],
    }).sort_values(["date", "title"]).reset_index(drop=True)
    return events, rejected_frame(text[bad], reasons, file_name)


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read and validate data/events.csv from a folder."""
    raw = read_csv_text(folder / EVENTS_FILE, ("date", "title", "description", "source_url"))
    events, rejected = transform(raw)
    empty = pd.DataFrame({"date": [], "metric": [], "value": [], "record_eligible": [], "note": []})
    return SourceResult(metric_values=empty, tables={"events": events},
                        rejected=rejected, rows_read=len(raw))
