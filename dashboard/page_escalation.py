"""/escalation: is it getting worse? Event windows, regimes, salvos, saturation and month-on-month change."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, data_escalation, escalation_charts, escalation_tables, sections, view
from dashboard.context import PageContext, current
from etl.escalation import regimes, salvos, windows

SERIES = list(view.ESCALATION_SERIES)
SATURATION_FAMILY = {"drones_launched": "drones", "missiles_launched": "missiles"}


def render(ctx: PageContext) -> None:
    st.title("Is it escalating?")
    st.caption("Before and after an event, regimes of steady intensity, salvos against routine nights, whether "
               "big waves get through, and each month against the one before and the year before. Everything "
               "follows the date range in the sidebar; a day without a report is unknown, never zero.")
    sections.show_freshness_warnings(ctx.freshness)
    label = ctx.catalogue["label"]
    series = st.selectbox("Series", SERIES, key="esc_series", format_func=label.get,
                          help="What every section below counts. Regimes, salvos and saturation are computed "
                               "for all drones or all missiles launched.")
    start, end = ctx.section_range(SERIES)
    sections.section_range_note(ctx, start, end, SERIES)
    with st.spinner("Loading…", show_time=False):
        show_event_windows(ctx, series, start, end)
        show_regimes(ctx, series, start, end)
        show_salvos(ctx, series, start, end)
        show_saturation(ctx, series, start, end)
        escalation_tables.show_month_comparison(ctx, series, start, end)


def _set_anchor(key: str) -> None:
    st.session_state["esc_anchor"] = st.session_state[key]


def pick_anchor(ctx: PageContext, start, end) -> tuple:
    """Day 0: a curated event in the range or any date; returns (date, events in range)."""
    events = data.events_between(ctx.con, ctx.version, start, end)
    dates = sorted(pd.to_datetime(events["date"]).dt.date.unique(), reverse=True)
    titles = events.assign(date=pd.to_datetime(events["date"]).dt.date).groupby("date")["title"].agg(" · ".join)
    anchor = st.session_state.get("esc_anchor")
    if anchor is None or not start <= anchor <= end:
        anchor = dates[0] if dates else end
    options = dates if anchor in dates else [anchor, *dates]
    st.session_state["esc_anchor_pick"] = anchor
    st.session_state["esc_anchor_any"] = anchor
    left, right, days_slot = st.columns([3, 1.2, 1.3])
    left.selectbox("Day 0: an event", options, key="esc_anchor_pick", on_change=_set_anchor,
                   args=("esc_anchor_pick",),
                   format_func=lambda d: f"{d:%d %b %Y} · {titles.get(d, 'a date you picked')}")
    right.date_input("…or any date", key="esc_anchor_any", min_value=start, max_value=end, format="YYYY-MM-DD",
                     on_change=_set_anchor, args=("esc_anchor_any",))
    days_slot.radio("Days either side", view.WINDOW_DAYS, key="esc_days", horizontal=True)
    return anchor, events


def show_event_windows(ctx: PageContext, series: str, start, end) -> None:
    st.subheader("Before and after")
    anchor, events = pick_anchor(ctx, start, end)
    days, unit = st.session_state["esc_days"], ctx.catalogue.loc[series, "unit"]
    window = data_escalation.picked_window(ctx.con, ctx.version, series, anchor, days)
    slots = sections.kpi_row()
    for slot, name, mean, reported in ((slots[0], "before", window["mean_before"], window["days_before_reported"]),
                                       (slots[1], "after", window["mean_after"], window["days_after_reported"])):
        slot.metric(f"Daily mean, {days} days {name}", "–" if mean is None else f"{mean:,.1f}",
                    delta=f"{reported} of {days} days reported", delta_color="off", delta_arrow="off",
                    width=sections.KPI_WIDTH)
    slots[2].metric("Change", windows.describe_change(window["change_pct"]), width=sections.KPI_WIDTH)
    p_value = window["p_value"]
    slots[3].metric("p-value", "–" if p_value is None else f"{p_value:.3f}", width=sections.KPI_WIDTH,
                    delta=None if p_value is None else ("unlikely by chance" if p_value < 0.05 else "could be chance"),
                    delta_color="off", delta_arrow="off",
                    help="How often a random split of the same reported days differs as much. Below 0.05 the "
                         "difference is unlikely to be chance; it still does not show the event caused it.")
    title = f"{ctx.catalogue.loc[series, 'label']} around {anchor:%d %b %Y}"
    figure = data_escalation.window_figure(ctx.con, ctx.version, series, anchor, days, title, unit,
                                           data.source_lines(ctx.catalogue, [series]))
    st.plotly_chart(figure, width="stretch", key="chart_event_window",
                    config=charts.export_config("event_window", ctx.image_format))
    st.caption("Method: " + windows.METHOD)
    escalation_tables.show_event_table(ctx, series, days, start, end, len(events))


def show_regimes(ctx: PageContext, series: str, start, end) -> None:
    st.subheader("Regimes")
    family = data_escalation.FAMILY[series]
    label, unit = ctx.catalogue.loc[family, "label"], ctx.catalogue.loc[family, "unit"]
    if family != series:
        st.caption(f"Regimes are found for {label.lower()}, which includes the series picked.")
    segments = data_escalation.regimes(ctx.con, ctx.version, family, start, end)
    if segments.empty:
        st.info("No reports in the selected range.")
        return
    figure = data_escalation.regimes_figure(ctx.con, ctx.version, family, start, end, f"{label} per day and its regimes",
                                            unit, data.source_lines(ctx.catalogue, [family]))
    st.plotly_chart(figure, width="stretch", key="chart_regimes", config=charts.export_config("regimes", ctx.image_format))
    levels = ", ".join(f"{r.regime_start:%b %Y}–{r.regime_end:%b %Y}: {r.level:,.0f} a day"
                       for r in segments.itertuples() if not pd.isna(r.level))
    st.caption(f"Each shaded band is one regime; the orange line is its daily level. "
               f"{len(segments)} regime{'s' * (len(segments) != 1)} in the range ({levels}). "
               f"Method: {regimes.METHOD} A regime cut by the range keeps the level of the whole regime.")


def show_salvos(ctx: PageContext, series: str, start, end) -> None:
    st.subheader("Salvos and routine nights")
    family = data_escalation.FAMILY[series]
    unit = ctx.catalogue.loc[family, "unit"]
    months = data_escalation.salvo_months(ctx.con, ctx.version, family, start, end)
    if months.empty:
        st.info("No reports in the selected range.")
        return
    total_salvos, carried = int(months["salvos"].sum()), months["in_salvos"].sum()
    everything = carried + months["in_routine"].sum()
    st.caption(f"A salvo is {salvos.describe_rule(family, unit)}. In the range: {total_salvos} salvo"
               f"{'s' * (total_salvos != 1)}, carrying {carried:,.0f} of {everything:,.0f} {unit} launched in "
               f"tagged reports ({carried / everything:.0%})." if everything else "")
    figure = escalation_charts.salvo_months_figure(
        months, title=f"Reports with {unit} per month: salvos and routine", unit=unit,
        subtitle=f"{start:%d %b %Y} – {end:%d %b %Y}", source_lines=data.source_lines(ctx.catalogue, [family]))
    st.plotly_chart(figure, width="stretch", key="chart_salvos", config=charts.export_config("salvos", ctx.image_format))
    st.caption("Each bar counts the reports ending in that month; the first and last months may be cut short "
               "by the range or by the newest report.")
    untagged = int(months["untagged"].sum())
    if untagged:
        st.caption(f"{untagged} report(s) are not tagged: the 28 days before them hold fewer than "
                   f"{salvos.MIN_REPORTED_DAYS} reported days, so there is no usual level to compare with.")
    escalation_tables.show_salvo_list(ctx, family, start, end)


def show_saturation(ctx: PageContext, series: str, start, end) -> None:
    st.subheader("Do bigger waves get through?")
    family = data_escalation.FAMILY[series]
    kind = SATURATION_FAMILY[family]
    bins = data_escalation.saturation(ctx.con, ctx.version, kind, start, end)
    if bins.empty:
        st.info("No reports with a shot-down count in the selected range.")
        return
    figure = escalation_charts.saturation_figure(
        bins, title=f"Share of {kind} shot down, by the size of the wave", unit=kind,
        subtitle=f"{start:%d %b %Y} – {end:%d %b %Y}",
        source_lines=data.source_lines(ctx.catalogue, [family]))
    st.plotly_chart(figure, width="stretch", key="chart_saturation",
                    config=charts.export_config("saturation", ctx.image_format))
    st.caption("Each report window is one wave, banded by how many were launched in it (n: reports in the band). "
               "The share is the sum "
               "destroyed over the sum launched in the band. 'Destroyed' is the report's shot-down figure: drones "
               "lost on radar (jammed, or decoys that fell on their own) are not in it. A lower share in a band "
               "therefore does not by itself mean more hits.")


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
