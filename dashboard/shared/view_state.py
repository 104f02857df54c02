"""The view in one place: what a person picks (the date range and its presets, the aggregation and the point
budget, the escalation page's series, window and month) and its form in the query string (parse it, with
fallbacks and notices, and write it back). Pure functions.

Public contract (shared links depend on it): start, end (ISO dates), metrics (comma-separated
names), agg (day|week|month), smooth (0|7|28), log (0|1), events (0|1); for /escalation series (a
launched metric), days (7|14|30), anchor (ISO date: day 0 of the event window) and month (YYYY-MM: the
month compared), written only when they differ from their defaults; for /records on (ISO date: the day asked
"was it a record at the time?"), written only when picked; lang (en|uk: the interface language), written only
when it is not English. A range from a link that matches a preset opens with that preset: the
parser decides it (ViewState.preset), so "Last 30 days" and a link's own dates never disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard.shared import i18n, view_params
from dashboard.shared.view_params import _date, echo  # noqa: F401  (echo: used by the pages through here)
from dashboard.shared.i18n import N_, _
from etl.registry import rules, series

# Presets count back from the newest day in the data, not from today: the sources lag by days
# or weeks, and "last 30 days" should never open on an empty chart.
# The keys are also the radio's values in session state; the radio shows them translated.
PRESETS = {
    N_("Last 30 days"): 30,
    N_("Last 90 days"): 90,
    N_("Last year"): 365,
    N_("All"): None,
    N_("Custom"): None,
}
DEFAULT_PRESET = "Last year"

# The escalation page (/escalation): the series it analyses (etl.registry.series.ESCALATION_SERIES), the
# event-window lengths, and their defaults. Shared links carry them as series, days, anchor and month.
ESCALATION_SERIES, DEFAULT_SERIES = series.ESCALATION_SERIES, series.DEFAULT_SERIES
WINDOW_DAYS = rules.WINDOW_DAYS
DEFAULT_WINDOW_DAYS = 14


def preset_range(preset: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive (start, end) for a preset, clipped to the data's bounds."""
    days = PRESETS.get(preset)
    if days is None:
        return first, last
    return max(first, last - dt.timedelta(days=days - 1)), last


def section_range(preset: str, shown: tuple[dt.date, dt.date], first: dt.date,
                  section_last: dt.date | None) -> tuple[dt.date, dt.date]:
    """The range one section of a page draws: a "Last N days" preset counts back from that section's own
    newest day (attack reports may end months before the maps); "All" and a custom range are the same
    for every section.

    Args:
        preset: the preset picked; shown: the range of the whole view (the URL's start and end);
        first: the data's first day; section_last: the newest day of the section's sources (None: unknown).
    """
    if PRESETS.get(preset) is None or section_last is None:
        return shown
    return preset_range(preset, first, section_last)


def matching_preset(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> str:
    """The preset that shows exactly this range, else "Custom"."""
    for preset in PRESETS:
        if preset != "Custom" and preset_range(preset, first, last) == (start, end):
            return preset
    return "Custom"


def clip_range(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """A custom range clipped to the data, with start and end swapped if given backwards."""
    if end < start:
        start, end = end, start
    return max(first, min(start, last)), min(last, max(end, first))

AGGREGATIONS = rules.AGGREGATIONS
ADJECTIVES = rules.AGGREGATION_ADJECTIVE  # translated where shown
SMOOTHING = (0, 7, 28)
DEFAULT_METRICS = series.DEFAULT_COMPARISON
# Past this many points a figure is aggregated on the server: a browser drawing tens of thousands
# of bars is slow and shows nothing more at this width.
POINT_BUDGET = 3000
_DAYS_PER_PERIOD = {"day": 1, "week": 7, "month": 30.4}


def effective_aggregation(agg: str, start: dt.date, end: dt.date, n_series: int,
                          budget: int = POINT_BUDGET) -> str:
    """The finest aggregation at or above `agg` whose figure stays within the point budget."""
    days = (end - start).days + 1
    for candidate in AGGREGATIONS[AGGREGATIONS.index(agg):]:
        if days / _DAYS_PER_PERIOD[candidate] * max(n_series, 1) <= budget:
            return candidate
    return "month"


def points_sent(days: int, n_series: int, agg: str) -> int:
    """Roughly how many points a figure of this many series sends at this aggregation."""
    return int(round(days / _DAYS_PER_PERIOD[agg])) * n_series


PARAMS = ("start", "end", "metrics", "agg", "smooth", "log", "events", "series", "days", "anchor", "month", "on",
          "lang", "tab", "split", "basis")


@dataclass
class ViewState:
    """Everything that defines what the page shows."""

    start: dt.date
    end: dt.date
    metrics: list[str]
    agg: str = "day"
    smooth: int = 0
    log: bool = False
    events: bool = True
    series: str = DEFAULT_SERIES
    days: int = DEFAULT_WINDOW_DAYS
    anchor: dt.date | None = None
    month: dt.date | None = None  # the first day of the month compared
    on: dt.date | None = None  # /records: the day asked about (None: the newest day of the attack reports)
    lang: str = i18n.DEFAULT_LANGUAGE
    tab: str = view_params.DEFAULT_TAB  # the overview's comparison: chart or table
    split: bool = False  # /records: cruise and ballistic missiles shown apart
    basis: str = view_params.DEFAULT_BASIS  # /regions: national reports or the regional air commands
    preset: str = DEFAULT_PRESET  # the range preset the view opens with ("Custom": the link's own dates)
    range_from_url: bool = False
    notices: list[str] = field(default_factory=list)


def defaults(first: dt.date, last: dt.date, known_metrics: list[str]) -> ViewState:
    start, end = preset_range(DEFAULT_PRESET, first, last)
    return ViewState(start=start, end=end, metrics=[m for m in DEFAULT_METRICS if m in known_metrics])


def parse(params: dict[str, str | list[str]], *, first: dt.date, last: dt.date,
          known_metrics: list[str]) -> ViewState:
    """The view a query string asks for; every invalid part falls back to its default with a notice.

    Args:
        params: query parameters (a repeated parameter's last value counts).
        first, last: the data's date bounds; a range outside them is clipped.
        known_metrics: metric names that exist.
    """
    state = defaults(first, last, known_metrics)
    value = {key: (raw[-1] if isinstance(raw, list) else raw) for key, raw in params.items() if raw is not None}

    if "start" in value or "end" in value:
        start = _date(value.get("start"), "start", state) if "start" in value else first
        end = _date(value.get("end"), "end", state) if "end" in value else last
        if start is not None and end is not None:
            if end < start:
                state.notices.append(_("end is before start; showing the default range"))
            else:
                clipped = clip_range(start, end, first, last)
                if clipped != (start, end):
                    state.notices.append(_("the range was clipped to the data ({first} to {last})").format(
                        first=first, last=last))
                state.start, state.end = clipped
                state.range_from_url = True
                state.preset = matching_preset(state.start, state.end, first, last)

    if "metrics" in value:
        asked = [m.strip() for m in value["metrics"].split(",") if m.strip()]
        good = [m for m in dict.fromkeys(asked) if m in known_metrics]
        for bad in [m for m in asked if m not in known_metrics][:3]:
            state.notices.append(_("unknown metric {value} ignored").format(value=echo(bad)))
        if good:
            state.metrics = good
        elif asked:
            state.notices.append(_("no known metric asked for; showing the default metrics"))

    if "agg" in value:
        if value["agg"] in AGGREGATIONS:
            state.agg = value["agg"]
        else:
            state.notices.append(_("agg {value} is not day, week or month; showing days").format(value=echo(value["agg"])))
    if "smooth" in value:
        if value["smooth"] in {str(n) for n in SMOOTHING}:
            state.smooth = int(value["smooth"])
        else:
            state.notices.append(_("smooth {value} is not 0, 7 or 28; no smoothing").format(value=echo(value["smooth"])))
    for flag in ("log", "events"):
        if flag in value:
            if value[flag] in ("0", "1"):
                setattr(state, flag, value[flag] == "1")
            else:
                state.notices.append(_("{name} {value} is not 0 or 1; using the default").format(
                    name=flag, value=echo(value[flag])))
    view_params.parse_escalation(value, state, first, last)
    if "on" in value:
        view_params.parse_on(value["on"], state, first, last)
    view_params.parse_choices(value, state)
    if "lang" in value:
        if value["lang"] in i18n.LANGUAGES:
            state.lang = value["lang"]
        else:
            state.notices.append(_("lang {value} is not en or uk; showing English").format(value=echo(value["lang"])))
    return state


def encode(state: ViewState) -> dict[str, str]:
    """The query parameters for a view, in a fixed order."""
    return {
        "start": state.start.isoformat(),
        "end": state.end.isoformat(),
        "metrics": ",".join(state.metrics),
        "agg": state.agg,
        "smooth": str(state.smooth),
        "log": "1" if state.log else "0",
        "events": "1" if state.events else "0",
        **({"series": state.series} if state.series != DEFAULT_SERIES else {}),
        **({"days": str(state.days)} if state.days != DEFAULT_WINDOW_DAYS else {}),
        **({"anchor": state.anchor.isoformat()} if state.anchor else {}),
        **({"month": f"{state.month:%Y-%m}"} if state.month else {}),
        **({"on": state.on.isoformat()} if state.on else {}),
        **({"lang": state.lang} if state.lang != i18n.DEFAULT_LANGUAGE else {}),
        **view_params.encode_choices(state),
    }


def share_url(base_url: str, state: ViewState) -> str:
    """The address that reopens this """
    return f"{base_url.split('?')[0]}?{urlencode(encode(state), safe=',')}"
