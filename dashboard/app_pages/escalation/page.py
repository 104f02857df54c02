"""/escalation: is it getting worse? Event windows, regimes, salvos, saturation and month-on-month change."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app_pages.escalation import charts as escalation_charts
from dashboard.app_pages.escalation import data as escalation_data
from dashboard.app_pages.escalation import headline as escalation_headline
from dashboard.app_pages.escalation import tables as escalation_tables
from dashboard.shared import cache, charts, i18n, sections, static_pages, view_state
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext, current
from dashboard.shared.i18n import N_, _
from etl.registry import rules, series

data_escalation = cache.cached(escalation_data)

data = cache.cached(shared_data)

SERIES = list(view_state.ESCALATION_SERIES)
SATURATION_FAMILY = series.FAMILY_WORD
SATURATION_TITLES = {"drones": N_("Share of drones shot down, by the size of the wave"),
                     "missiles": N_("Share of missiles shot down, by the size of the wave")}


def _g(value: float) -> str:
    """A constant as {value:g} writes it, with the language's decimal sign: 2, 2.5 / 2,5."""
    return i18n.number(value, 0 if float(value).is_integer() else 1)


def window_method() -> str:
    return _(rules.WINDOW_METHOD).format(permutations=i18n.number(rules.PERMUTATIONS),
                                         min_days=rules.MIN_DAYS_FOR_TEST)


def regime_method() -> str:
    return _(rules.REGIME_METHOD).format(factor=_g(rules.REGIME_PENALTY_FACTOR), weeks=rules.REGIME_MIN_WEEKS)


def render(ctx: PageContext) -> None:
    sections.page_header(ctx, _("Is it escalating?"), _("The newest month against the month before and a year "
                                                         "earlier, and the level now; then the evidence below."),
                         sources=("attacks",), about=_(
        "Before and after an event, regimes of steady intensity, salvos against routine nights, whether big "
        "waves get through, and each month against the one before and the year before. Everything follows the "
        "date range in the sidebar; a day without a report is unknown, never zero."))
    label = ctx.catalogue["label"]
    series = st.selectbox(_("Series"), SERIES, key="esc_series", format_func=label.get,
                          help=_("What every section below counts. Regimes, salvos and saturation are computed "
                                 "for all drones or all missiles launched."))
    start, end = ctx.section_range(SERIES)
    with st.spinner(_("Loading…"), show_time=False):
        escalation_headline.show(ctx, series, start, end, regime_method())
        sections.section_range_note(ctx, start, end, SERIES)
        show_event_windows(ctx, series, start, end)
        show_regimes(ctx, series, start, end)
        show_salvos(ctx, series, start, end)
        show_saturation(ctx, series, start, end)
        escalation_tables.show_month_comparison(ctx, series, start, end)


def _set_anchor(key: str) -> None:
    st.session_state["esc_anchor"] = st.session_state[key]


def pick_anchor(ctx: PageContext, start, end) -> tuple:
    """Day 0: a curated event in the range or any date; returns (date, events in range)."""
    events = data.events_between(ctx.con, ctx.version, start, end, i18n.language())
    dates = sorted(pd.to_datetime(events["date"]).dt.date.unique(), reverse=True)
    titles = events.assign(date=pd.to_datetime(events["date"]).dt.date).groupby("date")["title"].agg(" · ".join)
    asked = anchor = st.session_state.get("esc_anchor")
    if anchor is None or not start <= anchor <= end:
        anchor = dates[0] if dates else end
    options = dates if anchor in dates else [anchor, *dates]
    st.session_state["esc_anchor_pick"] = anchor
    st.session_state["esc_anchor_any"] = anchor
    left, right, days_slot = st.columns([3, 1.2, 1.3])
    picked = _("a date you picked")
    names = {d: f"{i18n.date(d)} · {titles.get(d, picked)}" for d in options}  # the words of this run
    left.selectbox(_("Day 0: an event"), options, key="esc_anchor_pick", on_change=_set_anchor,
                   args=("esc_anchor_pick",), format_func=names.get)
    right.date_input(_("…or any date"), key="esc_anchor_any", min_value=start, max_value=end,
                     format=i18n.input_date_format(), on_change=_set_anchor, args=("esc_anchor_any",))
    days_slot.radio(_("Days either side"), view_state.WINDOW_DAYS, key="esc_days", horizontal=True)
    if asked is not None and asked != anchor:  # from the link, or picked before the range changed
        st.info(_("Day 0 {asked} is outside the range shown ({range}); showing {shown} instead. Widen the date range "
                  "to see it.").format(asked=i18n.date(asked), range=i18n.date_range(start, end),
                                       shown=i18n.date(anchor)), icon="ℹ️")
    return anchor, events


def show_event_windows(ctx: PageContext, series: str, start, end) -> None:
    st.subheader(_("Before and after"))
    anchor, events = pick_anchor(ctx, start, end)
    days, unit = st.session_state["esc_days"], ctx.catalogue.loc[series, "unit"]
    window = data_escalation.picked_window(ctx.con, ctx.version, series, anchor, days)
    slots = sections.kpi_row()
    for slot, name, mean, reported in (
            (slots[0], _("Daily mean, {days} days before"), window["mean_before"], window["days_before_reported"]),
            (slots[1], _("Daily mean, {days} days after"), window["mean_after"], window["days_after_reported"])):
        slot.metric(name.format(days=days), "–" if mean is None else i18n.number(mean, 1),
                    delta=_("{reported} of {days} days reported").format(reported=reported, days=days),
                    delta_color="off", delta_arrow="off", width=sections.KPI_WIDTH)
    change = window["change_pct"]
    slots[2].metric(_("Change"), _("n/a") if change is None or pd.isna(change) else i18n.signed_percent(change),
                    width=sections.KPI_WIDTH)
    p_value = window["p_value"]
    slots[3].metric(_("p-value"), "–" if p_value is None else i18n.number(p_value, 3), width=sections.KPI_WIDTH,
                    delta=None if p_value is None else (_("unlikely by chance") if p_value < 0.05
                                                        else _("could be chance")),
                    delta_color="off", delta_arrow="off",
                    help=_("How often a random split of the same reported days differs as much. Below 0.05 the "
                           "difference is unlikely to be chance; it still does not show the event caused it."))
    title = _("{label} around {date}").format(label=ctx.catalogue.loc[series, "label"], date=i18n.date(anchor))
    figure = data_escalation.window_figure(ctx.con, ctx.version, series, anchor, days, title, unit,
                                           data.source_lines(ctx.catalogue, [series]), i18n.language())
    st.plotly_chart(figure, width="stretch", key="chart_event_window",
                    config=charts.export_config("event_window", ctx.image_format))
    # The static edition has the default series' window, at the default width, around every event.
    if series == view_state.DEFAULT_SERIES and days == view_state.DEFAULT_WINDOW_DAYS and \
            anchor in set(pd.to_datetime(events["date"]).dt.date):
        sections.static_page_link(static_pages.event_window(anchor))
    st.caption(_("Method: {method}").format(method=window_method()))
    escalation_tables.show_event_table(ctx, series, days, start, end, len(events))


def show_regimes(ctx: PageContext, series: str, start, end) -> None:
    st.subheader(_("Regimes"))
    family = data_escalation.FAMILY[series]
    label, unit = ctx.catalogue.loc[family, "label"], ctx.catalogue.loc[family, "unit"]
    if family != series:
        st.caption(_("Regimes are found for {label}, which includes the series picked.").format(label=label.lower()))
    segments = data_escalation.regimes(ctx.con, ctx.version, family, start, end)
    if segments.empty:
        st.info(_("No reports in the selected range."))
        return
    figure = data_escalation.regimes_figure(ctx.con, ctx.version, family, start, end,
                                            _("{label} per day and its regimes").format(label=label), unit,
                                            data.source_lines(ctx.catalogue, [family]), i18n.language())
    st.plotly_chart(figure, width="stretch", key="chart_regimes", config=charts.export_config("regimes", ctx.image_format))
    levels = ", ".join(_("{period}: {level} a day").format(
        period=f"{i18n.month(r.regime_start)}–{i18n.month(r.regime_end)}", level=i18n.number(r.level))
        for r in segments.itertuples() if not pd.isna(r.level))
    st.caption(_("Each shaded band is one regime; the orange line is its daily level. Regimes in the range: {n} "
                 "({levels}). Method: {method} A regime cut by the range keeps the level of the whole regime.").format(
        n=len(segments), levels=levels, method=regime_method()))


def show_salvos(ctx: PageContext, series: str, start, end) -> None:
    st.subheader(_("Salvos and routine nights"))
    family = data_escalation.FAMILY[series]
    unit = ctx.catalogue.loc[family, "unit"]
    months = data_escalation.salvo_months(ctx.con, ctx.version, family, start, end)
    if months.empty:
        st.info(_("No reports in the selected range."))
        return
    total_salvos, carried = int(months["salvos"].sum()), months["in_salvos"].sum()
    everything = carried + months["in_routine"].sum()
    multiple, floor = rules.SALVO_RULES[family]
    rule = _(rules.SALVO_RULE).format(multiple=_g(multiple), unit=unit, days=rules.SALVO_TRAILING_DAYS,
                                      floor=i18n.number(floor))
    st.caption(rule + " " + _("Salvos in the range: {salvos}; they carry {carried} of {total} {unit} launched in "
                              "tagged reports ({share}).").format(
        unit=unit, salvos=i18n.number(total_salvos), carried=i18n.number(carried), total=i18n.number(everything),
        share=i18n.percent(carried / everything)) if everything else "")
    figure = escalation_charts.salvo_months_figure(
        months, title=_("Reports with {unit} per month: salvos and routine").format(unit=unit), unit=unit,
        subtitle=i18n.date_range(start, end), source_lines=data.source_lines(ctx.catalogue, [family]))
    st.plotly_chart(figure, width="stretch", key="chart_salvos", config=charts.export_config("salvos", ctx.image_format))
    st.caption(_("Each bar counts the reports ending in that month; the first and last months may be cut short "
                 "by the range or by the newest report."))
    untagged = int(months["untagged"].sum())
    if untagged:
        st.caption(_("Reports not tagged: {n}. The {days} days before each of them hold fewer than {min_days} "
                     "reported days, so there is no usual level to compare with.").format(
            n=i18n.number(untagged), days=rules.SALVO_TRAILING_DAYS, min_days=rules.SALVO_MIN_REPORTED_DAYS))
    escalation_tables.show_salvo_list(ctx, family, start, end)


def show_saturation(ctx: PageContext, series: str, start, end) -> None:
    st.subheader(_("Do bigger waves get through?"))
    family = data_escalation.FAMILY[series]
    kind = SATURATION_FAMILY[family]
    bins = data_escalation.saturation(ctx.con, ctx.version, kind, start, end)
    if bins.empty:
        st.info(_("No reports with a shot-down count in the selected range."))
        return
    figure = escalation_charts.saturation_figure(
        bins, title=_(SATURATION_TITLES[kind]), unit=ctx.catalogue.loc[family, "unit"],
        subtitle=i18n.date_range(start, end), source_lines=data.source_lines(ctx.catalogue, [family]))
    st.plotly_chart(figure, width="stretch", key="chart_saturation",
                    config=charts.export_config("saturation", ctx.image_format))
    st.caption(_("Each report window is one wave, banded by how many were launched in it (n: reports in the band). "
                 "The share is the sum destroyed over the sum launched in the band. 'Destroyed' is the report's "
                 "shot-down figure: drones lost on radar (jammed, or decoys that fell on their own) are not in it. "
                 "A lower share in a band therefore does not by itself mean more hits."))


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
