"""The figure frame: events staggered for a phone's width, never more rows than allowed, none lost."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import chart_frame
from etl import paths


def test_a_year_of_dense_events_stays_within_the_rows_and_every_event_is_named():
    events = pd.read_csv(paths.DATA_DIR / "events.csv")
    year = events[(events["date"] >= "2025-06-08") & (events["date"] <= "2026-06-07")]
    fr = chart_frame.frame(title="t", subtitle="s", events=year, x_range=(dt.date(2025, 6, 8), dt.date(2026, 6, 7)))
    labels = [a for a in fr.annotations if a.get("xref") == "x"]
    lifts = sorted({a["yshift"] for a in labels})
    assert len(lifts) <= chart_frame.MAX_LANES + 1  # no tower of labels
    titled = {a["text"].split(">")[1].split("<")[0] for a in labels if "<a " in a["text"] and "–" not in a["text"]}
    key = next(a["text"] for a in fr.annotations if a.get("yref") == "paper" and a.get("y") == 0)
    # Every event is either labelled with its title or named in the key under the chart.
    for title in year["title"]:
        assert title in titled or title.replace("–", "–") in key.replace("&#x27;", "'"), title
    # One dotted line per event through the plot.
    assert sum(1 for s in fr.shapes if s.get("ysizemode") != "pixel") == len(year)
