"""What every figure carries around its plot, so a PNG or SVG export stands alone: the title and date range
above, labelled events in a strip between the title and the plot, and the source lines below. Pure.

Plotly never wraps text and the same figure is drawn at every width, so text is wrapped and events are
staggered for the narrowest screen (a phone's ~330 px of plot): what does not collide there does not
collide on a wider screen. Wrapping counts characters, so it holds for Ukrainian too (longer words, about the
same width per character).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import partial
from html import escape as html_escape
from urllib.parse import urlparse

import pandas as pd

from dashboard.shared import i18n
from dashboard.shared.i18n import _

# Text Plotly draws: Plotly decodes &lt; &gt; &amp; and numeric entities but not &quot;, so quotes stay as
# typed (Plotly text is never inside an attribute; a link's href is escaped with quote=True).
escape = partial(html_escape, quote=False)

EVENT_COLOUR = "rgba(110, 110, 110, 0.75)"
EVENT_LINE = "rgba(120, 120, 120, 0.5)"
# Characters per line that fit a phone: 14 px bold title, 14 px subtitle, 10 px sources (54: a 320 px embed).
TITLE_CHARS, SUBTITLE_CHARS, SOURCE_CHARS = 40, 44, 54
PHONE_PLOT_PX = 330  # the plot's width on a 390 px phone
EVENT_CHAR_PX = 6.2  # mean width of a 10 px label character (a little generous, so labels never touch)
LANE_PX = 15  # height of one row of event labels
MAX_LANES = 5  # past this, an event is numbered on the chart and named in the key under it
TITLE_LINE_PX, SUBTITLE_PX, SOURCE_LINE_PX = 18, 18, 13
# A band above the title for Plotly's toolbar (top right, ~25 px tall): on a phone the title runs the figure's whole
# width, and without the band the toolbar covers its end.
MODEBAR_PX = 28
# A horizontal legend on a phone (measured in Chromium): each entry is its 12 px text (~5.9 px a character, Latin or
# Cyrillic) plus ~45 px of symbol and gap, inside the plot's ~295 px; once the entries overflow one row, Plotly
# gives every entry the widest one's width, so a single long label ("Залишок, не розділений") makes it one a row.
LEGEND_CHAR_PX, LEGEND_ENTRY_PX, PHONE_LEGEND_PX, LEGEND_ROW_PX = 5.9, 45, 295, 22


@dataclass
class Frame:
    """Annotations and shapes to add to a figure's layout, and the margins (px) they need."""

    annotations: list[dict] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)
    top: int = 10
    bottom: int = 10


def legend_px(traces: list[dict], least_rows: int = 2) -> int:
    """The height a figure's legend needs on a phone, for the entries these traces show (at least `least_rows`)."""
    names = [t["name"] for t in traces if t.get("name") and t.get("showlegend", True) is not False]
    if not names:
        return 0
    widths = [LEGEND_ENTRY_PX + LEGEND_CHAR_PX * len(name) for name in names]
    if sum(widths) <= PHONE_LEGEND_PX:
        rows = 1
    else:
        per_row = max(1, int(PHONE_LEGEND_PX // max(widths)))
        rows = -(-len(names) // per_row)
    return max(rows, least_rows) * LEGEND_ROW_PX


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def frame(*, title: str, subtitle: str, source_lines: tuple[str, ...] = (), events: pd.DataFrame | None = None,
          x_range: tuple | None = None, above_plot_px: int = 0, below_plot_px: int = 44,
          period: str = "day") -> Frame:
    """The figure's surroundings.

    Args:
        title: what the figure shows (wrapped, bold); subtitle: the date range (and basis).
        source_lines: one line per source (wrapped, grey, under the plot).
        events: date, title, description, source_url: a dotted line through the plot and a label each.
        x_range: (first, last) date of the time axis: where labels would run off the right edge.
        above_plot_px: room the figure already needs right above the plot (the first panel's title).
        below_plot_px: room under the plot before the source lines (two lines of date ticks, a legend).
        period: "week" or "month" when the bars stand on their period's first day: each event is drawn on the
            period it belongs to (a late-month event on its month's bar, not next to the next month's); its
            label's hover still gives its own day.
    """
    out = Frame()
    lanes, key = _event_marks(events, x_range, above_plot_px, out, period)
    strip = lanes * LANE_PX + (6 if lanes else 0)
    title_lines, subtitle_lines = wrap(title, TITLE_CHARS), wrap(subtitle, SUBTITLE_CHARS)
    out.annotations.append(dict(
        text="<b>" + "<br>".join(map(escape, title_lines)) + "</b><br>" + "<br>".join(map(escape, subtitle_lines)),
        xref="paper", yref="paper", x=0, y=1, yshift=above_plot_px + strip + 6, xanchor="left", yanchor="bottom",
        align="left", showarrow=False, font=dict(size=14)))
    out.top = (above_plot_px + strip + 16 + TITLE_LINE_PX * len(title_lines) + SUBTITLE_PX * len(subtitle_lines)
               + MODEBAR_PX)
    # The key of numbered events runs on as one paragraph: one line each made a year of months carry 13 lines of
    # footnotes into an exported image.
    lines = [part for line in (*source_lines, *(["; ".join(key)] if key else [])) for part in wrap(line, SOURCE_CHARS)]
    if lines:
        out.annotations.append(dict(
            text="<br>".join(map(escape, lines)), xref="paper", yref="paper", x=0, y=0, yshift=-below_plot_px,
            xanchor="left", yanchor="top", align="left", showarrow=False, font=dict(size=10, color="#777")))
    out.bottom = below_plot_px + 10 + SOURCE_LINE_PX * len(lines)
    return out


def period_start(when: pd.Timestamp, period: str) -> pd.Timestamp:
    """The first day of the week (Monday, as the queries' date_trunc) or month a day belongs to; the day itself
    for "day"."""
    if period == "month":
        return when.to_period("M").start_time
    if period == "week":
        return (when - pd.Timedelta(days=when.weekday())).normalize()
    return when


def _event_marks(events: pd.DataFrame | None, x_range: tuple | None, base_px: int, out: Frame, period: str = "day"
                 ) -> tuple[int, list[str]]:
    """Add each event's line and label to `out` (on its period's bar in a week or month view); return the number
    of label rows and the key lines of events numbered for want of room."""
    if events is None or events.empty:
        return 0, []
    dates = pd.to_datetime(events["date"])
    first, last = (pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])) if x_range else (dates.min(), dates.max())
    px_per_day = PHONE_PLOT_PX / max((last - first).days + 1, 1)
    lane_ends: list[float] = []  # per lane, the right edge (px) of its last label
    used, overflow = 0, []
    for event, when in zip(events.itertuples(), dates):
        drawn_at = max(period_start(when, period), first)
        x_px = (drawn_at - first).days * px_per_day
        out.shapes.append(dict(type="line", xref="x", yref="paper", x0=drawn_at, x1=drawn_at, y0=0, y1=1,
                               layer="below", line=dict(color=EVENT_LINE, width=1, dash="dot")))
        text, lane, left = _place(event.title, x_px, lane_ends)
        if lane is None:  # no room for the title: numbered below
            overflow.append((event, when, x_px, drawn_at))
            continue
        used = max(used, lane + 1)
        _label(out, drawn_at, x_px, left, base_px + 4 + lane * LANE_PX,
               _link(text, getattr(event, "source_url", None)), _hover(event, when))
    # Events without room get numbers; neighbours closer than a number's width share one label ("3–6").
    key, groups = [], []
    for number, (event, when, x_px, drawn_at) in enumerate(overflow, start=1):
        key.append(f"{number}: {event.title} ({i18n.date(when)})")
        if groups and x_px - groups[-1][0][2] < len(f"{groups[-1][0][3]}–{number}") * EVENT_CHAR_PX + 6:
            groups[-1].append((event, when, x_px, number, drawn_at))
        else:
            groups.append([(event, when, x_px, number, drawn_at)])
    for group in groups:
        event, when, x_px, number, drawn_at = group[0]
        text = str(number) if len(group) == 1 else f"{number}–{group[-1][3]}"
        _text, lane, left = _place(text, x_px, lane_ends, numbered=True)
        if lane is None:  # every row is full here: the row whose last label ends soonest
            lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
            left = x_px
        used = max(used, lane + 1)
        hover = "<br>".join(f"{n}: <b>{escape(e.title)}</b> ({i18n.date(w)})" for e, w, _x, n, _at in group)
        _label(out, drawn_at, x_px, left, base_px + 4 + lane * LANE_PX,
               _link(text, getattr(event, "source_url", None)) if len(group) == 1 else escape(text),
               _hover(event, when) if len(group) == 1 else hover + "<br>" + escape(_("(named under the chart)")))
    return used, key


def _label(out: Frame, when, x_px: float, left: float, lift: int, text: str, hover: str) -> None:
    """A label `lift` px above the plot, joined to its event's line by a dotted stub."""
    out.shapes.append(dict(type="line", xref="x", yref="paper", ysizemode="pixel", yanchor=1, x0=when, x1=when,
                           y0=0, y1=lift + LANE_PX - 3, line=dict(color=EVENT_LINE, width=1, dash="dot")))
    out.annotations.append(dict(
        x=when, xref="x", y=1, yref="paper", yshift=lift, yanchor="bottom",
        xanchor="right" if left < x_px else "left", xshift=-2 if left < x_px else 2, showarrow=False,
        text=text, font=dict(size=10, color=EVENT_COLOUR), hovertext=hover, align="left", captureevents=True))


def _place(text: str, x_px: float, lane_ends: list[float], numbered: bool = False
           ) -> tuple[str, int | None, float]:
    """The first lane where a label at x_px fits, right of the line or, near the right edge, left of it."""
    width = len(text) * EVENT_CHAR_PX + 6
    left = x_px if x_px + width <= PHONE_PLOT_PX else x_px - width
    for lane, end in enumerate(lane_ends):
        if left >= end + 4:
            lane_ends[lane] = left + width
            return text, lane, left
    if len(lane_ends) < MAX_LANES + numbered:
        lane_ends.append(left + width)
        return text, len(lane_ends) - 1, left
    return text, None, left


def _link(text: str, url) -> str:
    """The label, a link to the event's source when it has a web address (clicking the label opens it)."""
    if isinstance(url, str) and urlparse(url).scheme in ("http", "https"):
        return f'<a href="{escape(url, quote=True)}" target="_blank">{escape(text)}</a>'
    return escape(text)


def _hover(event, when: pd.Timestamp) -> str:
    url = getattr(event, "source_url", None)
    # The site's name stays as it is; only the words around it are translated.
    where = ("<br>" + escape(_("Source: {site} (click the label)").format(site=urlparse(url).netloc))
             if isinstance(url, str) and urlparse(url).scheme in ("http", "https") else "")
    description = "<br>".join(map(escape, wrap(str(event.description), 48)))
    return f"<b>{escape(event.title)}</b> ({i18n.date(when)})<br>{description}{where}"
