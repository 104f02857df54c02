"""Marks drawn on top of the charts' series: record highs, marked days, revised values, partial periods. Pure."""
from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

RECORD_COLOUR = "#d62728"
FLAG_COLOUR = "#7f7f7f"


def values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as a NumPy array: Plotly validates and copies arrays far faster than Series or lists."""
    return frame[column].to_numpy()


def record_trace(marks: pd.DataFrame, name: str, what: str, symbol: str = "star", **axes) -> dict:
    return dict(
        type="scatter", x=values(marks, "date"), y=values(marks, "value"), mode="markers", name=name, showlegend=not axes,
        marker=dict(symbol=symbol, size=13 if symbol == "star" else 10, color=RECORD_COLOUR,
                    line=dict(width=1, color="white")),
        customdata=list(zip(
            marks["previous_record"],
            pd.to_datetime(marks["previous_record_date"]).dt.strftime("%d %b %Y"),
            marks["margin"],
        )),
        hovertemplate=(
            f"<b>New record: %{{y:,.0f}} {escape(what)}</b><br>%{{x|%a %d %b %Y}}<br>"
            "Previous record: %{customdata[0]:,.0f} on %{customdata[1]}<br>"
            "Margin: +%{customdata[2]:,.0f}<extra></extra>"
        ),
        **axes,
    )


def flag_trace(rows: pd.DataFrame, is_revision: pd.Series, **axes) -> dict | None:
    """Crosses on values kept out of records, with their note; revisions sit on zero, not below it."""
    if "flagged" not in rows or "note" not in rows:
        return None
    flagged = rows[rows["flagged"].fillna(False).astype(bool) & rows["note"].notna()]
    if flagged.empty:
        return None
    revision = is_revision.reindex(flagged.index).fillna(False)
    return dict(
        type="scatter", x=values(flagged, "date"), y=flagged["value"].where(~revision, 0.0).to_numpy(), mode="markers", name="Marked",
        showlegend=False, marker=dict(symbol="x-thin", size=9, line=dict(width=2, color=FLAG_COLOUR)),
        customdata=list(zip(flagged["value"], flagged["note"].map(escape))),
        hovertemplate="%{x|%a %d %b %Y}: %{customdata[0]:,.0f}<br><i>%{customdata[1]}</i><extra></extra>",
        **axes,
    )


PARTIAL_OPACITY = 0.4


def is_partial(rows: pd.DataFrame) -> pd.Series:
    """Which rows are periods the range or the source's own span cuts short (False where not known)."""
    if "partial" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["partial"].fillna(False).astype(bool)


def partial_opacity(rows: pd.DataFrame) -> list[float] | float:
    """Bar opacities: partial periods faded, so a 7-day June is not read as a collapse."""
    partial = is_partial(rows)
    return partial.map({True: PARTIAL_OPACITY, False: 1.0}).tolist() if partial.any() else 1.0


def partial_note(rows: pd.DataFrame) -> np.ndarray | None:
    """Per row, the hover line saying how much of a partial period the value covers."""
    partial = is_partial(rows)
    if not partial.any():
        return None
    covered = rows.get("days_covered", pd.Series(pd.NA, index=rows.index))
    whole = rows.get("period_days", pd.Series(pd.NA, index=rows.index))
    text = [f"<br><i>partial period: {c:.0f} of {w:.0f} days covered</i>" if p and pd.notna(c) and pd.notna(w)
            else ("<br><i>partial period</i>" if p else "") for p, c, w in zip(partial, covered, whole)]
    return np.array(text, dtype=object)


def partial_label_trace(rows: pd.DataFrame, **axes) -> dict | None:
    """A label over each partial period ('7 of 30 days'), drawn on the figure so an export keeps it."""
    partial = is_partial(rows)
    if not partial.any() or "days_covered" not in rows:
        return None
    cut = rows[partial]
    labels = [f"{c:.0f} of {w:.0f} days" for c, w in zip(cut["days_covered"], cut["period_days"])]
    # The first and last periods' labels run inwards, so they never pass the plot's edge.
    dates = pd.to_datetime(rows["date"])
    where = ["top right" if d == dates.min() else "top left" if d == dates.max() else "top center"
             for d in pd.to_datetime(cut["date"])]
    return dict(type="scatter", x=values(cut, "date"), y=cut["value"].clip(lower=0).to_numpy(), mode="text",
                text=labels, textposition=where, textfont=dict(size=10, color="#555"),
                showlegend=False, hoverinfo="skip", cliponaxis=False, **axes)


def revised_trace(rows: pd.DataFrame, **axes) -> dict | None:
    """Open circles on values that a later load of the source changed, with the value they replaced."""
    if "revised_from" not in rows:
        return None
    revised = rows[rows["revised_from"].notna()]
    if revised.empty:
        return None
    return dict(
        type="scatter", x=values(revised, "date"), y=values(revised, "value"), mode="markers", name="Revised upstream",
        showlegend=False,
        marker=dict(symbol="circle-open", size=11, line=dict(width=2, color="#b07aa1")),
        customdata=list(zip(revised["revised_from"], pd.to_datetime(revised["revised_at"]).dt.strftime("%d %b %Y"))),
        hovertemplate="%{x|%a %d %b %Y}: %{y:,.0f}<br><i>revised upstream: was %{customdata[0]:,.0f} "
                      "until the load of %{customdata[1]}</i><extra></extra>",
        **axes,
    )
