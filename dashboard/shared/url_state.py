"""The view in the query string: parse it (with fallbacks and notices) and write it back. Pure functions.

Public contract (shared links depend on it): start, end (ISO dates), metrics (comma-separated
names), agg (day|week|month), smooth (0|7|28), log (0|1), events (0|1); for /escalation series (a
launched metric), days (7|14|30), anchor (ISO date: day 0 of the event window) and month (YYYY-MM: the
month compared), written only when they differ from their defaults; lang (en|uk: the interface language),
written only when it is not English.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard.shared import i18n, view
from dashboard.shared.i18n import _

PARAMS = ("start", "end", "metrics", "agg", "smooth", "log", "events", "series", "days", "anchor", "month", "lang")
MAX_ECHO = 40  # characters of a bad value repeated back in a notice
WORD_JOINER = "\u2060"  # invisible; see echo
_ESCAPED = {"_": "\\_", ":": "\\:" + WORD_JOINER, ".": WORD_JOINER + "\\."}


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
    series: str = view.DEFAULT_SERIES
    days: int = view.DEFAULT_WINDOW_DAYS
    anchor: dt.date | None = None
    month: dt.date | None = None  # the first day of the month compared
    lang: str = i18n.DEFAULT_LANGUAGE
    range_from_url: bool = False
    notices: list[str] = field(default_factory=list)


def defaults(first: dt.date, last: dt.date, known_metrics: list[str]) -> ViewState:
    start, end = view.preset_range(view.DEFAULT_PRESET, first, last)
    return ViewState(start=start, end=end, metrics=[m for m in view.DEFAULT_METRICS if m in known_metrics])


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
                clipped = view.clip_range(start, end, first, last)
                if clipped != (start, end):
                    state.notices.append(_("the range was clipped to the data ({first} to {last})").format(
                        first=first, last=last))
                state.start, state.end = clipped
                state.range_from_url = True

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
        if value["agg"] in view.AGGREGATIONS:
            state.agg = value["agg"]
        else:
            state.notices.append(_("agg {value} is not day, week or month; showing days").format(value=echo(value["agg"])))
    if "smooth" in value:
        if value["smooth"] in {str(n) for n in view.SMOOTHING}:
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
    _parse_escalation(value, state)
    if "lang" in value:
        if value["lang"] in i18n.LANGUAGES:
            state.lang = value["lang"]
        else:
            state.notices.append(_("lang {value} is not en or uk; showing English").format(value=echo(value["lang"])))
    return state


def _parse_escalation(value: dict[str, str], state: ViewState) -> None:
    """The /escalation parameters: series, days, anchor and month."""
    if "series" in value:
        if value["series"] in view.ESCALATION_SERIES:
            state.series = value["series"]
        else:
            state.notices.append(_("series {value} is not a drone or missile count; showing drones").format(
                value=echo(value["series"])))
    if "days" in value:
        if value["days"] in {str(n) for n in view.WINDOW_DAYS}:
            state.days = int(value["days"])
        else:
            state.notices.append(_("days {value} is not 7, 14 or 30; showing 14").format(value=echo(value["days"])))
    if "anchor" in value:
        state.anchor = _date(value["anchor"], "anchor", state, fallback=_("the latest event"))
    if "month" in value:
        try:
            state.month = dt.date.fromisoformat(value["month"] + "-01") if re.fullmatch(
                r"\d{4}-\d{2}", value["month"]) else None
        except ValueError:
            state.month = None
        if state.month is None:
            state.notices.append(_("month {value} is not a month (YYYY-MM); showing the latest").format(
                value=echo(value["month"])))


def _date(text: str | None, name: str, state: ViewState, fallback: str | None = None) -> dt.date | None:
    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    state.notices.append(_("{name} {value} is not a date (YYYY-MM-DD); showing {fallback}").format(
        name=name, value=echo(text or ""), fallback=fallback or _("the default range")))
    return None


def echo(text: str) -> str:
    """A user-supplied value made safe to repeat in a notice (shown as Markdown): plain text, one line, short.

    Characters outside a small set become "?". Of those kept, the ones Markdown or Streamlit's Markdown
    acts on within a line are backslash-escaped, so they show as typed: "_" (emphasis), ":" (icons,
    emoji, and the "https:" of an automatic link) and "." (the "www." of an automatic link). Icons and
    automatic links are also found in the text after escapes are resolved, so an invisible word joiner
    follows each ":" and precedes each "." to break those patterns. The other characters kept (letters,
    digits, space , ; / + = -) mean something only at the start of a line, which a value never is.
    """
    cleaned = re.sub(r"[^\w .,:;/+=-]", "?", str(text))[:MAX_ECHO]
    return "'" + "".join(_ESCAPED.get(char, char) for char in cleaned) + "'"


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
        **({"series": state.series} if state.series != view.DEFAULT_SERIES else {}),
        **({"days": str(state.days)} if state.days != view.DEFAULT_WINDOW_DAYS else {}),
        **({"anchor": state.anchor.isoformat()} if state.anchor else {}),
        **({"month": f"{state.month:%Y-%m}"} if state.month else {}),
        **({"lang": state.lang} if state.lang != i18n.DEFAULT_LANGUAGE else {}),
    }


def share_url(base_url: str, state: ViewState) -> str:
    """The address that reopens this view."""
    return f"{base_url.split('?')[0]}?{urlencode(encode(state), safe=',')}"
