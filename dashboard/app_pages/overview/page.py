"""/ Overview: the headline numbers for the range and the comparison chart of any metrics."""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard.shared import (cache, charts, controls, export_box, exports, i18n, records_text, sections,
                              static_pages, tables, view_state)
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext, current
from dashboard.shared.i18n import N_, _
from etl.registry import breaks, geography, series

data = cache.cached(shared_data)

# The KPI label of each shot-down share (the registry's label names the share; the KPI is shorter).
SHARE_KPI_LABELS = {"drones_interception_rate": N_("Drones shot down"),
                    "drones_neutralised_rate": N_("Drones neutralised, %"),
                    "missiles_interception_rate": N_("Missiles shot down")}
MOST_IN_A_DAY = {"drones_launched": N_("Most drones in a calendar day"),
                 "missiles_launched": N_("Most missiles in a calendar day")}


LARGEST_ATTACK = {"drones_launched": N_("Largest drone attack"), "missiles_launched": N_("Largest missile attack")}


def render(ctx: PageContext) -> None:
    # The answer first: one line on what this is, the headline figures, then the chart; the rest below it.
    sections.page_header(ctx, _("Russia–Ukraine war, day by day"), _(
        "Drones and missiles launched at Ukraine, territory and claimed losses, day by day. Stars mark records; "
        "hover an event label for what happened."))
    with st.spinner(_("Loading…"), show_time=False):
        show_headline_figures(ctx)
        show_comparison(ctx)
        show_attack_kpis(ctx)
        show_territory_months(ctx)


def show_headline_figures(ctx: PageContext) -> None:
    """One row of figures, whatever the range: how much of Ukraine Russia holds on each source's newest map, and the
    largest drone and missile attacks ever (one report; the other ways of counting in the tooltip)."""
    slots = sections.kpi_row()
    now = data.occupied_now(ctx.con, ctx.version)
    for slot, row in zip(slots, now.itertuples()):
        delta = _("{source} {change} (30 days)").format(source=_(OCCUPIED_SOURCE[row.metric]),
                                                         change=_signed_or_blank(row.change_days))
        arrow = "up" if row.change_days > 0 else "down" if row.change_days < 0 else "off"
        slot.metric(_("Held by Russia now, km²"), i18n.number(row.value), delta=delta, delta_color="off",
                    delta_arrow=arrow, width=sections.KPI_WIDTH,
                    help=_("{share} of Ukraine on the map of {date}, Crimea and the areas held before 2022 included; "
                           "the 30 days run from {since}; {month}: {change} km². Positive: more ground held by "
                           "Russia. The two sources draw the line differently; their gap is method, not news (see "
                           "Methods).").format(
                        share=i18n.percent(row.value / geography.UKRAINE_KM2, 1),
                        date=i18n.date(pd.Timestamp(row.date)), since=i18n.date(pd.Timestamp(row.since)),
                        month=i18n.month(pd.Timestamp(row.month)), change=_signed_or_blank(row.change_month)))
    ranked = data.records_by_definition(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES))
    for slot, metric in zip(slots, series.PEAK_METRICS):
        top = ranked[(ranked["metric"] == metric) & (ranked["rank"] == 1)]
        single = top[top["definition"] == "report"]
        if single.empty:
            continue
        row = single.iloc[0]
        slot.metric(_(LARGEST_ATTACK[metric]), i18n.number(row["value"]),
                    delta=records_text.period_words(row, "report"), delta_color="off", delta_arrow="off",
                    width=sections.KPI_WIDTH,
                    help=_("One Air Force report, all time. Counted other ways: {records}. A single attack is one "
                           "report; 24 hours adds the reports within 24 hours of the first one's start; a calendar "
                           "day adds every report ending that Kyiv day (the rule of the daily charts and record "
                           "stars). Records under each rule: see Records.").format(
                        records=records_text.headline(top, ctx.catalogue.loc[metric, "unit"])))


# The source each occupied-area figure comes from, as its headline names it.
OCCUPIED_SOURCE = {"occupied_km2": N_("DeepState"), "occupied_km2_nzz": N_("NZZ")}


def _signed_or_blank(change: float) -> str:
    return "–" if pd.isna(change) else i18n.signed(change) if round(change) else "±0"


def show_attack_kpis(ctx: PageContext) -> None:
    start, end = ctx.section_range(data.KPI_METRICS)
    attacks_end = ctx.newest_day(data.KPI_METRICS)
    # Across a change of reporting, each headline number shows the metric with one meaning on both sides of it.
    shares = tuple(breaks.same_meaning(metric, start, end) for metric in data.SHARE_METRICS)
    counts = tuple(breaks.same_meaning(metric, start, end) for metric in data.KPI_METRICS)
    numbers = data.attack_kpis(ctx.con, ctx.version, start, end, shares, counts)
    latest, rates, label = numbers["latest"], numbers["rates"], ctx.catalogue["label"]
    days = sorted(latest["date"].unique(), reverse=True)
    st.subheader(_("Air attacks"))
    sections.section_range_note(ctx, start, end, data.KPI_METRICS)
    if not days:
        ends = (" " + _("The attack reports end on {date}.").format(date=i18n.date(pd.Timestamp(attacks_end)))
                if attacks_end is not None and not pd.isna(attacks_end) else "")
        st.info(_("No air-attack reports in the selected range.") + ends)
        return
    newest = latest[latest["date"] == days[0]].set_index("metric")["value"]
    before = latest[latest["date"] == days[1]].set_index("metric")["value"] if len(days) > 1 else pd.Series()
    st.caption(_("Latest reported day in the range: {date}").format(
        date=i18n.long_date(pd.Timestamp(days[0]))))
    sections.smoothing_not_applied(ctx.state.smooth, _("these headline numbers are single days and range totals"))
    for slot, asked in zip(sections.kpi_row(), data.KPI_METRICS):
        # The newest day reported after a change of reporting gives the count with its new meaning, named so.
        metric = breaks.same_meaning(asked, days[0], days[0])
        value = newest.get(metric)
        delta, arrow = None, "off"
        if value is not None and metric in before.index:
            change = value - before[metric]
            delta = _("{change} vs {date}").format(change=i18n.signed(change) if change else "+0",
                                                   date=i18n.day_month(pd.Timestamp(days[1])))
            # Explicit: Streamlit's "auto" reads only an ASCII '-', and the change is written with a true minus.
            arrow = "up" if change > 0 else "down" if change < 0 else "off"
        slot.metric(label[metric], "–" if value is None else i18n.number(value), delta=delta, width=sections.KPI_WIDTH,
                    delta_color="off", delta_arrow=arrow)
    slots = sections.kpi_row()
    for slot, metric in zip(slots[:2], shares):
        row = rates.loc[metric]
        shown = "–" if pd.isna(row["value"]) else i18n.percent(row["value"], 1)
        left_out = int(row["days_left_out"])
        delta = _("{part} of {whole}").format(part=i18n.number(row["numerator_total"]),
                                              whole=i18n.number(row["denominator_total"]))
        help_text = _(ctx.catalogue.loc[metric, "formula"]) + ", " + _("from {start} to {end}; not a mean of daily "
                                                                        "rates.").format(start=i18n.date(start),
                                                                                         end=i18n.date(end))
        if left_out:
            delta += " · " + _("days left out: {n}").format(n=left_out)
            help_text += " " + _("{n} day(s) are left out because some of their rows lack a count, so their figures "
                                 "are lower bounds.").format(n=left_out)
        slot.metric(_(SHARE_KPI_LABELS[metric]), shown, width=sections.KPI_WIDTH, delta=delta,
                    delta_color="off", delta_arrow="off", help=help_text)
    peaks = numbers["peaks"]
    for slot, metric in zip(slots[2:], series.PEAK_METRICS):
        if metric in peaks.index:
            row = peaks.loc[metric]
            badge = " · " + _("a record") if row["is_record"] else ""
            slot.metric(_(MOST_IN_A_DAY[metric]), i18n.number(row["value"]), width=sections.KPI_WIDTH,
                        delta=i18n.date(pd.Timestamp(row["date"])) + badge, delta_color="off", delta_arrow="off",
                        help=_("The highest Kyiv calendar day in the selected range (every report ending that day "
                               "added up); 'a record' when it beat every earlier day. Records by other ways of "
                               "counting an attack: see Records."))
    show_break_notes(ctx, start, end, data.SHARE_METRICS + data.KPI_METRICS)


def show_break_notes(ctx: PageContext, start, end, metrics) -> None:
    """Say where a range spans a change of reporting, and which number keeps one meaning across it."""
    said = set()
    for asked in metrics:
        for change in breaks.spanned(asked, start, end):
            if change in said:
                continue
            said.add(change)
            shown = dict(change.same_meaning)
            st.caption("⚠️ " + _("This range spans a change of reporting on {day}: {what} So the headline numbers "
                                 "above give {labels}, which mean the same on both sides; “{old}” alone changes its "
                                 "meaning there (pick it in Compare below to see the line drawn).").format(
                day=i18n.date(pd.Timestamp(change.first_day)), what=_(change.what_changed),
                labels=", ".join(f"“{ctx.catalogue.loc[m, 'label']}”" for m in shown.values()),
                old=ctx.catalogue.loc[next(iter(shown)), "label"]))

def show_comparison(ctx: PageContext) -> None:
    st.subheader(_("Compare over time"))
    state, catalogue = ctx.state, ctx.catalogue
    chosen, smooth = state.metrics, state.smooth
    if not chosen:
        st.info(_("Pick one or more metrics in the sidebar to compare them here."))
        return
    # Each panel runs to its own newest day on the shared axis; a panel whose data stops earlier is marked there.
    start, end = ctx.section_range(chosen, reach="any")
    newest = ctx.newest_any(chosen)
    sections.section_range_note(ctx, start, end, [m for m in chosen if ctx.newest_any([m]) == newest])
    ends = ctx.source_ends(chosen, end)
    records = data.record_highs(ctx.con, ctx.version, tuple(sorted(set(chosen))), start, end)
    shown_agg = view_state.effective_aggregation(state.agg, start, end, len(chosen))
    if shown_agg != state.agg:
        smooth = 0
        st.caption(_("Showing {shown} values: the {asked} view of this range would send about {points} points to the "
                     "browser. Narrow the range for finer detail.").format(
            shown=_(view_state.ADJECTIVES[shown_agg]), asked=_(view_state.ADJECTIVES[state.agg]),
            points=i18n.number(view_state.points_sent((end - start).days + 1, len(chosen), state.agg))))
    source_lines = data.source_lines(catalogue, chosen)
    title = ", ".join(catalogue.loc[chosen, "label"])
    if len(title) > 80:
        title = title[:77].rsplit(",", 1)[0] + ", …"
    # Tabs that rerun on switch, so the table is only built while it is shown.
    chart_tab, table_tab = st.tabs([_(label) for label in controls.TAB_LABELS.values()], key="compare_tab",
                                   on_change="rerun")
    if chart_tab.open is not False:
        with chart_tab:
            figure = data.comparison_figure(ctx.con, ctx.version, records, tuple(chosen), start, end, shown_agg,
                                            smooth, state.events, state.log,
                                            _("Russia–Ukraine war: {metrics}").format(metrics=title),
                                            i18n.date_range(start, end), source_lines, i18n.language(),
                                            tuple(sorted(ends.items())))
            st.plotly_chart(figure, width="stretch", key="chart_compare",
                            config=charts.export_config("-".join(chosen)[:80], ctx.image_format, start=start, end=end,
                                                        agg=shown_agg))
            if set(chosen) == set(view_state.DEFAULT_METRICS):  # the static edition's comparison is of these
                sections.static_page_link(static_pages.COMPARE)
    changes = data.reporting_breaks(ctx.con, ctx.version, tuple(chosen), start, end)
    if len(ends):
        st.caption(_("Each panel runs to its own source's newest day; a dotted line marks where a panel's data ends "
                     "({ends}).").format(ends=", ".join(f"{ctx.catalogue.loc[m, 'label']}: {i18n.date(day)}"
                                                       for m, day in ends.items())))
    for (day, what), touched in changes.groupby(["first_day", "what_changed"]):
        st.caption("⚠️ " + _("Change of reporting on {day} (dashed line) for {metrics}: {what} Values before and "
                             "after it are not comparable, and records restart there; the data files say so too.")
                   .format(day=i18n.date(pd.Timestamp(day)), what=what,
                           metrics=", ".join(f"“{ctx.catalogue.loc[m, 'label']}”" for m in touched["metric"])))
    series = data.load_series(ctx.con, ctx.version, tuple(chosen), start, end, shown_agg, smooth)
    if table_tab.open:
        with table_tab:
            # Wide, as the CSV: one row per date or period, one column per metric; daily, the refresh's notes last.
            st.dataframe(tables.view_wide(exports.wide_table(series, list(chosen), shown_agg), catalogue,
                                          series if shown_agg == "day" and not smooth else None),
                         hide_index=True, width="stretch", key="view_table")
    # The link in the exports pins this section's dates, so it reopens exactly what was downloaded.
    pinned = dataclasses.replace(state, start=start, end=end, agg=shown_agg, smooth=smooth)
    export_box.show_view_exports(
        series, catalogue, list(chosen), agg=shown_agg, smooth=smooth, start=start, end=end,
        title=f"{title}, {i18n.date_range(start, end)}, {_(view_state.ADJECTIVES[shown_agg])}"
              + (" (" + _("{n}-day average").format(n=smooth) + ")" if smooth else ""),
        share_url=view_state.share_url(st.context.url or "", pinned), breaks=changes)
    sections.show_source_captions(catalogue.loc[chosen])


def show_territory_months(ctx: PageContext) -> None:
    st.subheader(_("Territory by month"))
    start, end = ctx.section_range(data.TERRITORY_MONTHLY)
    sections.section_range_note(ctx, start, end, data.TERRITORY_MONTHLY)
    sections.smoothing_not_applied(ctx.state.smooth, _("this chart shows monthly totals"))
    monthly = data.period_series(ctx.con, ctx.version, tuple(data.TERRITORY_MONTHLY), start, end, "month")
    if monthly.empty:
        st.info(_("No territory data in the selected range."))
        return
    figure = data.territory_figure(ctx.con, ctx.version, start, end, ctx.state.events,
                                   data.source_lines(ctx.catalogue, data.TERRITORY_MONTHLY), i18n.language())
    st.plotly_chart(figure, width="stretch", key="chart_territory_monthly",
                    config=charts.export_config("territory_monthly", ctx.image_format, start=start, end=end,
                                                agg="month"))
    sections.static_page_link(static_pages.TERRITORY)
    st.caption(_("DeepState: the change between the first map of the month and the first map of the next "
                 "(DeepState's map dated D is drawn on the evening of D−1). NZZ/Liveuamap: a separate map and "
                 "method, shown for comparison. Faded, labelled bars are months the range or the maps cut short."))


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
