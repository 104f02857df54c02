"""Sidebar controls and their two-way link with the query string (the shareable view), shared by every page."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.shared import i18n, metric_search, view_params, view_state
from dashboard.shared.i18n import N_, _
from etl.registry import rules
from etl.registry.metrics import FLOW, KINDS, LEVEL, RATE

# Widget keys that make up the view. A page that does not draw a widget would let Streamlit drop its
# value at the end of the run; re-assigning each key to itself keeps it for the next page.
VIEW_KEYS = ("preset", "custom_start", "custom_end", "metrics", "agg", "smooth", "log", "events", "image_format",
             "esc_series", "esc_days", "esc_anchor", "esc_month", "records_on", "lang", "compare_tab", "split_missiles",
             "regions_basis")
# The overview's tabs hold their label (in the run's language); the URL holds chart or table.
TAB_LABELS = {"chart": N_("Chart"), "table": N_("Table")}
AGGREGATION_NAMES = rules.AGGREGATION_NAME  # translated where shown
MANY_PANELS = 12  # past this many metrics the sidebar says how to read the long chart


def init_state_from_url(first: dt.date, last: dt.date, known_metrics: list[str]) -> None:
    """Once per session: set every control from the query string (or its default).

    The notices about the link (url_notices) stay until the person changes any control: from then on
    the view is theirs, not the link's.
    """
    if st.session_state.get("view_initialised"):
        if st.session_state.get("url_notices") and _view_values() != st.session_state.get("url_view"):
            st.session_state["url_notices"] = []
        for key in VIEW_KEYS:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state = view_state.parse(params, first=first, last=last, known_metrics=known_metrics)
    st.session_state.update({
        "preset": state.preset, "custom_start": state.start, "custom_end": state.end, "metrics": state.metrics, "agg": state.agg,
        "smooth": state.smooth, "log": state.log, "events": state.events, "image_format": "PNG",
        "esc_series": state.series, "esc_days": state.days, "esc_anchor": state.anchor, "esc_month": state.month,
        "records_on": state.on, "lang": state.lang, "url_notices": state.notices,
        "compare_tab": i18n.translations(state.lang).gettext(TAB_LABELS[state.tab]),
        "split_missiles": state.split, "regions_basis": view_params.BASES[state.basis],
        "view_initialised": True,
    })
    st.session_state["url_view"] = _view_values()


def _view_values() -> dict:
    """The controls' values, comparable across runs (a widget may hand back a list set as a tuple)."""
    return {key: tuple(value) if isinstance(value := st.session_state.get(key), list) else value
            for key in VIEW_KEYS}


def write_state_to_url(state: view_state.ViewState) -> None:
    """Keep the address bar equal to the view, so copying it shares exactly this view."""
    wanted = view_state.encode(state)
    if {key: st.query_params.get(key) for key in view_state.PARAMS} != {key: wanted.get(key) for key in view_state.PARAMS}:
        st.query_params.from_dict(wanted)


def sidebar(first: dt.date, last: dt.date, catalogue: pd.DataFrame, *, compare: bool, chart_options: str
            ) -> view_state.ViewState:
    """The sidebar of a page: the date range always, the comparison and chart options where the page has them.

    Controls a page does not show keep their values, so the URL (and the next page) keeps the whole view.
    """
    init_state_from_url(first, last, list(catalogue.index))
    pick_language()
    start, end = pick_range(first, last)
    if compare:
        pick_metrics(catalogue)
    if chart_options:  # "all", or "aggregate" for a page whose charts only follow the aggregation
        pick_view(smoothing=compare, aggregate_only=chart_options == "aggregate")
    agg = st.session_state["agg"]
    state = view_state.ViewState(start=start, end=end, metrics=list(st.session_state["metrics"]), agg=agg,
                                smooth=st.session_state["smooth"] if agg == "day" else 0,
                                log=st.session_state["log"], events=st.session_state["events"],
                                series=st.session_state["esc_series"], days=st.session_state["esc_days"],
                                anchor=st.session_state["esc_anchor"], month=st.session_state["esc_month"],
                                on=st.session_state.get("records_on"), lang=st.session_state["lang"],
                                tab=next((tab for tab, label in TAB_LABELS.items()
                                          if st.session_state.get("compare_tab") in (label, _(label))),
                                         view_params.DEFAULT_TAB),
                                split=bool(st.session_state.get("split_missiles")),
                                basis=next((url for url, key in view_params.BASES.items()
                                            if st.session_state.get("regions_basis") == key), view_params.DEFAULT_BASIS))
    write_state_to_url(state)
    return state


def pick_language() -> None:
    """English or Ukrainian, written into the URL (lang) like the rest of the view. The label is in both
    languages, so a reader who does not read the current one still finds it."""
    st.sidebar.segmented_control("Мова · Language", list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
                                 key="lang", required=True)


def current_language() -> str:
    """The language of this run: the switch's value once the session has one, else the link's (lang=uk)."""
    if "lang" in st.session_state:
        return st.session_state["lang"]
    asked = st.query_params.get("lang", i18n.DEFAULT_LANGUAGE)
    return asked if asked in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


# What the custom date inputs accept (any plausible date: one outside the data is cut to it, with a word).
ANY_DATE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def keep_custom_range(first: dt.date, last: dt.date) -> None:
    """When a preset is picked, the custom range starts from the range it showed."""
    preset = st.session_state["preset"]
    if preset != "Custom":
        st.session_state["custom_start"], st.session_state["custom_end"] = view_state.preset_range(preset, first, last)


def pick_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Date-range filter: presets counted back from the newest day of each section's data, or a custom range.

    A custom range is two inputs, not one range picker: typing a new start in a range picker starts a new
    selection and drops the end date.
    """
    st.sidebar.header(_("Date range"))
    preset = st.sidebar.radio(_("Show"), list(view_state.PRESETS), key="preset", horizontal=True,
                              format_func=i18n.translator(),
                              on_change=keep_custom_range, args=(first, last),
                              help=_("Last 30 days, 90 days and year count back from the newest day of each "
                                     "section's own source: attack reports and maps end on different days."))
    start, end = view_state.preset_range(preset, first, last)
    if preset == "Custom":
        for key, value in (("custom_start", start), ("custom_end", end)):
            if not isinstance(st.session_state.get(key), dt.date):  # cleared by the person: keep the last
                st.session_state[key] = st.session_state.get("shown_range", (start, end))[key == "custom_end"]
        # One above the other: side by side, the sidebar cut the year off ("2025-05-0"). The inputs take any
        # date: with the data's bounds as their limits, a date typed outside turned the box red and said why
        # only on hover. Here a date outside is moved to the bound and the caption says so in words.
        picked_start = st.sidebar.date_input(_("From"), min_value=ANY_DATE[0], max_value=ANY_DATE[1],
                                             key="custom_start", format=i18n.input_date_format())
        picked_end = st.sidebar.date_input(_("To"), min_value=ANY_DATE[0], max_value=ANY_DATE[1], key="custom_end",
                                           format=i18n.input_date_format())
        start, end = view_state.clip_range(picked_start, picked_end, first, last)
        if picked_end < picked_start:
            st.sidebar.caption(_("The dates were swapped: From is after To."))
        for picked in sorted({picked_start, picked_end}):
            if picked < first or picked > last:
                st.sidebar.warning(_("{date} is outside the data ({first} to {last}): the range is cut to the "
                                     "data.").format(date=i18n.date(picked), first=i18n.date(first),
                                                     last=i18n.date(last)))
    st.session_state["shown_range"] = (start, end)
    if preset == "Custom" or view_state.PRESETS.get(preset) is None:
        st.sidebar.caption(_("Showing {range}. Data from {first} to {last}.").format(
            range=i18n.date_range(start, end), first=i18n.date(first), last=i18n.date(last)))
    else:
        st.sidebar.caption(_("{preset} up to each section's newest day (sources end on different days). Data from "
                             "{first} to {last}.").format(preset=_(preset), first=i18n.date(first), last=i18n.date(last)))
    return start, end


def pick_metrics(catalogue: pd.DataFrame) -> list[str]:
    st.sidebar.header(_("Compare"))
    query = st.sidebar.text_input(_("Find a metric"), key="metric_search",
                                  placeholder=_("e.g. interception, Shahed, tanks"),
                                  help=_("Searches names, descriptions and common synonyms; the list below then "
                                         "offers only the metrics found."))
    found = metric_search.matching_metrics(catalogue, query)
    chosen_before = list(st.session_state.get("metrics", []))
    options = [m for m in catalogue.index if m in found or m in chosen_before]
    if query.strip():
        names = ", ".join(catalogue.loc[found, "label"][:4])
        if len(found) > 4:
            names = _("{names} and {n} more").format(names=names, n=len(found) - 4)
        st.sidebar.caption(
            _("{n} metric(s) match {query}: {names}. Add them from the list below.").format(
                n=len(found), query=view_state.echo(query), names=names) if found
            else _("No metric matches {query}. Try another word.").format(query=view_state.echo(query)))
    chosen = st.sidebar.multiselect(_("Metrics"), options, format_func=catalogue["label"].get, key="metrics", wrap=True,
                                    help=_("Each metric gets its own panel; all panels share the time axis."))
    if len(chosen) > MANY_PANELS:  # not capped: every panel keeps its height (charts.PANEL_MIN_PX)
        st.sidebar.caption(_("{n} panels, one under another: the chart is long. The dates are under the last panel; "
                             "hover a bar or line for its date.").format(n=len(chosen)))
    return chosen


def pick_view(*, smoothing: bool, aggregate_only: bool = False) -> None:
    """The chart options; a page whose charts have no events or log scale (/regions) shows Aggregate and the image
    format only."""
    st.sidebar.header(_("Charts"))
    agg = st.sidebar.radio(_("Aggregate"), view_state.AGGREGATIONS, key="agg", horizontal=True,
                           format_func=lambda a, tr=i18n.translator(): tr(AGGREGATION_NAMES[a]),
                           help=_("Flows: {flow}. Levels (occupied area): {level}. Shares: {rate}.").format(
                               flow=_(KINDS[FLOW]), level=_(KINDS[LEVEL]), rate=_(KINDS[RATE])))
    if smoothing:
        st.sidebar.radio(_("Rolling average"), view_state.SMOOTHING, key="smooth", horizontal=True,
                         format_func=lambda n, off=_("Off"), days=_("{n} days"): off if n == 0 else days.format(n=n),
                         disabled=agg != "day",
                         help=_("Trailing mean over the days reported in the window: the comparison chart, daily "
                                "view only."))
    if not aggregate_only:
        _events_and_scale()
    st.sidebar.radio(_("Chart image"), ("PNG", "SVG"), key="image_format", horizontal=True,
                     help=_("What the camera icon over each chart downloads: a PNG at twice the screen's "
                            "resolution, or an SVG. Either carries the chart's title, range, events and sources."))


def _events_and_scale() -> None:
    st.sidebar.toggle(_("Show events"), key="events",
                      help=_("Each event is labelled on the charts; hover a label for what happened, click it "
                             "for the source."))
    st.sidebar.toggle(_("Log scale"), key="log")
