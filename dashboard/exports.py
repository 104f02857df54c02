"""What the page lets a person take away: the view's data as a table and as CSV. Pure functions."""
from __future__ import annotations

import pandas as pd


def view_table(series: pd.DataFrame, catalogue: pd.DataFrame, agg: str, smooth: int) -> pd.DataFrame:
    """The rows behind the comparison chart, labelled: period, metric, label, unit, value (+ flags)."""
    table = series.merge(catalogue[["metric", "label", "unit"]].reset_index(drop=True), on="metric", how="left")
    table = table.rename(columns={"date": "period_start" if agg != "day" else "date"})
    table.insert(0, "aggregation", agg if not smooth else f"{smooth}-day average")
    keep = [c for c in ("aggregation", "date", "period_start", "metric", "label", "unit", "value", "partial",
                        "days", "is_record", "note", "revised_from") if c in table.columns]
    out = table[keep].copy()
    first = "date" if "date" in out else "period_start"
    out[first] = pd.to_datetime(out[first]).dt.date
    return out.sort_values([first, "metric"]).reset_index(drop=True)


def view_csv(table: pd.DataFrame, sources: pd.DataFrame, share_url: str) -> str:
    """CSV of the view, its first line a comment naming sources, licences and the view's URL."""
    credits = "; ".join(f"{row.source_title} ({row.attribution}), licence: {row.licence}"
                        for row in sources.itertuples())
    header = f"# Source: {credits}. View: {share_url}".replace("\n", " ")
    return header + "\n" + table.to_csv(index=False)
