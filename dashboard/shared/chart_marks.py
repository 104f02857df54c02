"""Marks drawn on top of the charts' series: record highs, marked days, revised values, partial periods. Pure."""
from __future__ import annotations

from functools import partial
from html import escape as html_escape

import numpy as np
import pandas as pd

from dashboard.shared import i18n, notes
from dashboard.shared.i18n import _, ngettext

# Text Plotly draws: Plotly decodes &lt; &gt; &amp; and numeric entities but not &quot;, so quotes stay as
# typed (Plotly text is never inside an attribute; a link's href is escaped with quote=True).
escape = partial(html_escape, quote=False)

RECORD_COLOUR = "#d62728"
FLAG_COLOUR = "#7f7f7f"


def values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as a NumPy array: Plotly validates and copies arrays far faster than Series or lists."""
    return frame[column].to_numpy()


def dates_text(column: pd.Series) -> list[str]:
    """Dates written out in the run's language (1 Jun 2025 / 1 черв. 2025), for hover text."""
    return [i18n.date(day) if pd.notna(day) else "" for day in pd.to_datetime(column)]


def record_trace(marks: pd.DataFrame, name: str, what: str, symbol: str = "star", **axes) -> dict:
    """Record highs: `name` in the legend, `what` after the value in the hover ("drones launched")."""
    return dict(
        type="scatter", x=values(marks, "date"), y=values(marks, "value"), mode="markers", name=name, showlegend=not axes,
        marker=dict(symbol=symbol, size=13 if symbol == "star" else 10, color=RECORD_COLOUR,
                    line=dict(width=1, color="white")),
        customdata=list(zip(
            marks["previous_record"],
            dates_text(marks["previous_record_date"]),
            marks["margin"],
        )),
        hovertemplate=(
            "<b>" + _("New record: {value} {what}").format(value="%{y:,.0f}", what=escape(what))
            + "</b><br>%{x|%a %d %b %Y}<br>"
            + _("Previous record: {value} on {date}").format(value="%{customdata[0]:,.0f}", date="%{customdata[1]}")
            + "<br>" + _("Margin: {value}").format(value="+%{customdata[2]:,.0f}") + "<extra></extra>"
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
        type="scatter", x=values(flagged, "date"), y=flagged["value"].where(~revision, 0.0).to_numpy(), mode="markers",
        name=_("Marked"),
        showlegend=False, marker=dict(symbol="x-thin", size=9, line=dict(width=2, color=FLAG_COLOUR)),
        customdata=list(zip(flagged["value"], flagged["note"].map(lambda note: escape(notes.translate(note))))),
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
    unknown = _("partial period")
    text = [f"<br><i>{_covered(c, w, long=True) if pd.notna(c) and pd.notna(w) else unknown}</i>" if p else ""
            for p, c, w in zip(partial, covered, whole)]
    return np.array(text, dtype=object)


def _covered(days: float, whole: float, long: bool = False) -> str:
    """'7 of 30 days' (a label), or 'partial period: 7 of 30 days covered' (a hover line)."""
    n = int(round(whole)) if pd.notna(whole) else 2
    if long:
        text = ngettext("partial period: {covered} of {whole} day covered",
                        "partial period: {covered} of {whole} days covered", n)
    else:
        text = ngettext("{covered} of {whole} day", "{covered} of {whole} days", n)
    return text.format(covered=i18n.number(days), whole=i18n.number(whole))


def partial_label_trace(rows: pd.DataFrame, **axes) -> dict | None:
    """A label over each partial period ('7 of 30 days'), drawn on the figure so an export keeps it."""
    partial = is_partial(rows)
    if not partial.any() or "days_covered" not in rows:
        return None
    cut = rows[partial]
    labels = [_covered(c, w) for c, w in zip(cut["days_covered"], cut["period_days"])]
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
        type="scatter", x=values(revised, "date"), y=values(revised, "value"), mode="markers",
        name=_("Revised upstream"), showlegend=False,
        marker=dict(symbol="circle-open", size=11, line=dict(width=2, color="#b07aa1")),
        customdata=list(zip(revised["revised_from"], dates_text(revised["revised_at"]))),
        hovertemplate="%{x|%a %d %b %Y}: %{y:,.0f}<br><i>"
                      + _("revised upstream: was {value} until the load of {date}").format(
                          value="%{customdata[0]:,.0f}", date="%{customdata[1]}") + "</i><extra></extra>",
        **axes,
    )


BREAK_COLOUR = "#6b4c9a"


def break_marks(breaks: pd.DataFrame | None, domains: dict[str, tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """A labelled dashed line at each change of reporting, across the panel of each metric it touches.

    Drawn as layout shapes and annotations, not hover, so an exported image keeps them.

    Args:
        breaks: metric, first_day, what_changed (in the run's language); None or empty draws nothing.
        domains: per metric drawn, the (bottom, top) of its panel in paper coordinates.
    """
    shapes, annotations = [], []
    if breaks is None or breaks.empty:
        return shapes, annotations
    for (day, what), touched in breaks.groupby(["first_day", "what_changed"], sort=True):
        x = pd.Timestamp(day)
        hover = escape(what) + "<br>" + escape(_("Records restart here: a later day is compared only with days since."))
        for metric in touched["metric"]:
            if metric not in domains:
                continue
            bottom, top = domains[metric]
            shapes.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=bottom, y1=top,
                               line=dict(color=BREAK_COLOUR, width=1.5, dash="dash")))
            annotations.append(dict(text=escape(_("Reporting changed")), x=x, y=top, xref="x", yref="paper",
                                    xanchor="left", yanchor="top", xshift=3, showarrow=False, hovertext=hover,
                                    font=dict(size=10, color=BREAK_COLOUR), bgcolor="rgba(255,255,255,0.7)"))
    return shapes, annotations


END_COLOUR = "#555"


def end_marks(ends: dict, domains: dict[str, tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """A dotted line and 'data end 22 Aug 2026' where a panel's data stops before the shared axis does."""
    shapes, annotations = [], []
    for metric, day in ends.items():
        if metric not in domains or day is None or pd.isna(day):
            continue
        bottom, top = domains[metric]
        x = pd.Timestamp(day)
        shapes.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=bottom, y1=top,
                           line=dict(color=END_COLOUR, width=1, dash="dot")))
        annotations.append(dict(text=escape(_("data end {date}").format(date=i18n.date(x))), x=x, y=top, xref="x",
                                yref="paper", xanchor="right", yanchor="top", xshift=-3, showarrow=False,
                                font=dict(size=10, color=END_COLOUR), bgcolor="rgba(255,255,255,0.7)"))
    return shapes, annotations
