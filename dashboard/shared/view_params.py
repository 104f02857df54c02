"""The view's page parameters in the query string: /escalation's series, days, anchor and month, /records' on, and
the choices a page offers (the overview's chart or table, /records' missiles apart, /regions' basis); and how a
value from a link is checked and repeated back. Each invalid value falls back to its default with a notice.
Pure functions, called by view_state.parse and view_state.encode."""
from __future__ import annotations

import datetime as dt
import re

from dashboard.shared.i18n import _
from etl.registry import rules, series

ESCALATION_SERIES = series.ESCALATION_SERIES
WINDOW_DAYS = rules.WINDOW_DAYS
MAX_ECHO = 40  # characters of a bad value repeated back in a notice
WORD_JOINER = "\u2060"  # invisible; see echo
_ESCAPED = {"_": "\\_", ":": "\\:" + WORD_JOINER, ".": WORD_JOINER + "\\."}

# Choices a page offers, written only when not the default: URL value -> the value the page's widget holds.
TABS = ("chart", "table")
BASES = {"national": "affected_region", "regional": "regional_command"}
DEFAULT_TAB, DEFAULT_BASIS = TABS[0], "national"


def parse_choices(value: dict[str, str], state) -> None:
    """tab (chart|table), split (0|1), basis (national|regional)."""
    if "tab" in value:
        if value["tab"] in TABS:
            state.tab = value["tab"]
        else:
            state.notices.append(_("tab {value} is not chart or table; showing the chart").format(
                value=echo(value["tab"])))
    if "split" in value:
        if value["split"] in ("0", "1"):
            state.split = value["split"] == "1"
        else:
            state.notices.append(_("{name} {value} is not 0 or 1; using the default").format(
                name="split", value=echo(value["split"])))
    if "basis" in value:
        if value["basis"] in BASES:
            state.basis = value["basis"]
        else:
            state.notices.append(_("basis {value} is not national or regional; showing the national reports").format(
                value=echo(value["basis"])))


def encode_choices(state) -> dict[str, str]:
    return {**({"tab": state.tab} if state.tab != DEFAULT_TAB else {}),
            **({"split": "1"} if state.split else {}),
            **({"basis": state.basis} if state.basis != DEFAULT_BASIS else {})}


def parse_escalation(value: dict[str, str], state, first: dt.date, last: dt.date) -> None:
    """The /escalation parameters: series, days, anchor and month; an anchor or month outside the data falls back
    to its default with a notice, as start and end do."""
    if "series" in value:
        if value["series"] in ESCALATION_SERIES:
            state.series = value["series"]
        else:
            state.notices.append(_("series {value} is not a drone or missile count; showing drones").format(
                value=echo(value["series"])))
    if "days" in value:
        if value["days"] in {str(n) for n in WINDOW_DAYS}:
            state.days = int(value["days"])
        else:
            state.notices.append(_("days {value} is not 7, 14 or 30; showing 14").format(value=echo(value["days"])))
    if "anchor" in value:
        anchor = _date(value["anchor"], "anchor", state, fallback=_("the latest event"))
        if anchor is not None and not first <= anchor <= last:
            state.notices.append(_("anchor {value} is outside the data ({first} to {last}); showing the latest "
                                   "event").format(value=echo(value["anchor"]), first=first, last=last))
            anchor = None
        state.anchor = anchor
    if "month" in value:
        _parse_month(value["month"], state, first, last)


def _parse_month(text: str, state, first: dt.date, last: dt.date) -> None:
    """The /escalation month (YYYY-MM): a month the data reaches, else the default with a notice."""
    try:
        month = dt.date.fromisoformat(text + "-01") if re.fullmatch(r"\d{4}-\d{2}", text) else None
    except ValueError:
        month = None
    if month is None:
        state.notices.append(_("month {value} is not a month (YYYY-MM); showing the latest").format(value=echo(text)))
    elif not first.replace(day=1) <= month <= last:
        state.notices.append(_("month {value} is outside the data ({first} to {last}); showing the latest whole "
                               "month").format(value=echo(text), first=f"{first:%Y-%m}", last=f"{last:%Y-%m}"))
        month = None
    state.month = month


def parse_on(text: str, state, first: dt.date, last: dt.date) -> None:
    """The /records day: a date within the data, else the default (the newest day) with a notice."""
    day = _date(text, "on", state, fallback=_("the newest day"))
    if day is not None and not first <= day <= last:
        state.notices.append(_("on {value} is outside the data ({first} to {last}); showing the newest day").format(
            value=echo(text), first=first, last=last))
        day = None
    state.on = day


def _date(text: str | None, name: str, state, fallback: str | None = None) -> dt.date | None:
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
