"""/records: the record under each way of counting, whether any day was a record at the time, the record highs,
the days around them, and the table of every record in the range."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from dashboard.app_pages.records import at_the_time as records_at_the_time
from dashboard.app_pages.records import definitions as records_definitions
from dashboard.shared import cache, charts, i18n, sections, static_pages, tables, view_state
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext, current
from dashboard.shared.i18n import _
from etl.registry import breaks, rules, series

data = cache.cached(shared_data)



def render(ctx: PageContext) -> None:
    sections.page_header(ctx, _("Record highs"), _("The largest attack under each way of counting it, then every "
                                                   "series' record days."),
                         about=_(rules.RECORD_RULE).format(burn_in=rules.RECORD_BURN_IN_DAYS))
    metrics = tuple(sorted(set(data.ATTACK_METRICS) | set(ctx.catalogue.index[ctx.catalogue["kind"] != "rate"])))
    with st.spinner(_("Loading…"), show_time=False):
        series = records_definitions.show_by_definition(ctx)
        records_at_the_time.show_on_a_day(ctx, series)
        show_all_time(ctx)
        show_attack_charts(ctx)
        show_records_table(ctx, metrics)


def show_all_time(ctx: PageContext) -> None:
    """The highest calendar day ever, whatever the range, for the headline attack metrics."""
    st.subheader(_("All-time records by calendar day"))
    records = data.all_time_records(ctx.con, ctx.version, tuple(data.KPI_METRICS)).set_index("metric")
    restarted = []
    for slot, metric in zip(sections.kpi_row(), data.KPI_METRICS):
        if metric in records.index:
            row = records.loc[metric]
            delta = _("on {date}").format(date=i18n.date(pd.Timestamp(row["date"])))
            help_text = _("The most in one Kyiv calendar day over the whole history, whatever the range shown.")
            # A change of reporting before the record: the record is of the new count, compared with days since.
            since = [c for c in breaks.touching(metric) if c.first_day <= str(row["date"])]
            if since:
                first = i18n.date(pd.Timestamp(since[-1].first_day))
                restarted.append(_("{label}: compared only with days since the change of reporting on {date}.").format(
                    label=ctx.catalogue.loc[metric, "label"], date=first))
                help_text = _("The most in one Kyiv calendar day since the change of reporting on {date}: {what} "
                              "Days before it counted differently and are not compared.").format(
                    date=first, what=_(since[-1].what_changed))
            slot.metric(ctx.catalogue.loc[metric, "label"], i18n.number(row["value"]), width=sections.KPI_WIDTH,
                        delta=delta, delta_color="off", delta_arrow="off", help=help_text)
    if restarted:
        st.caption("⚠️ " + " ".join(restarted) + " " + _("Before it the reports counted these drones another way "
                                                          "(see Methods)."))


def show_attack_charts(ctx: PageContext) -> None:
    st.subheader(_("Air attacks: launched and destroyed"))
    state = ctx.state
    start, end = ctx.section_range(data.ATTACK_METRICS)
    sections.section_range_note(ctx, start, end, data.ATTACK_METRICS)
    records = data.record_highs(ctx.con, ctx.version, tuple(data.ATTACK_METRICS), start, end)
    sections.smoothing_not_applied(state.smooth, _("records are single days, so these charts are not smoothed"))
    shown_agg = view_state.effective_aggregation(state.agg, start, end, 2)
    if shown_agg != state.agg:
        st.caption(_("Showing {shown} totals: the {asked} view of this range would send too many bars. Narrow the "
                     "range for finer detail.").format(shown=_(view_state.ADJECTIVES[shown_agg]),
                                                       asked=_(view_state.ADJECTIVES[state.agg])))
    if shown_agg != "day":
        st.caption(_("Record stars are drawn on the daily view only."))

    def draw(launched: str, destroyed: str) -> None:
        figure = data.attack_figure(ctx.con, ctx.version, records, launched, destroyed, _(series.SHORT_LABEL[launched]),
                                    ctx.catalogue.loc[launched, "unit"], start, end, shown_agg, state.events,
                                    state.log, data.source_lines(ctx.catalogue, [launched]), i18n.language())
        st.plotly_chart(figure, width="stretch", key=f"chart_{launched}",
                        config=charts.export_config(launched.removesuffix("_launched"), ctx.image_format,
                                                    start=start, end=end, agg=shown_agg))
        sections.static_page_link(static_pages.BY_LAUNCHED.get(launched))

    for launched, destroyed in series.ATTACK_PAIRS[:2]:
        draw(launched, destroyed)
    # A toggle, not an expander: an expander's charts are built on every rerun even while closed.
    if st.toggle(_("Show cruise and ballistic missiles separately"), key="split_missiles"):
        st.caption(_("Combined reports that mix missile classes under one count (e.g. 'Iskander-M and "
                     "Iskander-K') are in the missiles total only."))
        for launched, destroyed in series.ATTACK_PAIRS[2:]:
            draw(launched, destroyed)
    sections.show_source_captions(ctx.catalogue.loc[list(data.KPI_METRICS)])


def show_records_table(ctx: PageContext, metrics: tuple) -> None:
    """Records of every metric, each source's in the range counted back from that source's newest day."""
    st.subheader(_("Every record in the range"))
    ranges = {source: ctx.section_range(rows.index) for source, rows in ctx.catalogue.loc[list(metrics)].groupby("source")}
    start, end = min(r[0] for r in ranges.values()), max(r[1] for r in ranges.values())
    records = data.record_highs(ctx.con, ctx.version, metrics, start, end)
    if len(records):
        bounds = records["metric"].map(ctx.catalogue["source"]).map(ranges)
        dates = pd.to_datetime(records["date"]).dt.date
        records = records[[b[0] <= d <= b[1] for b, d in zip(bounds, dates)]]
    if any(r != (ctx.state.start, ctx.state.end) for r in ranges.values()):
        st.caption(_("{preset} of each source, counted back from its own newest day: {ranges}.").format(
            preset=_(ctx.preset), ranges="; ".join(f"{_(sections.NEWEST_PLURALS.get(src, src))} {i18n.date_range(a, b)}"
                                                   for src, (a, b) in ranges.items())))
    st.caption(_("Beat: the previous record, first reached on 'Set on'. Rank now: where the day stands among all "
                 "days of the metric today. Above avg: how far it stood above the 28 days before it."))
    changes = data.reporting_breaks(ctx.con, ctx.version, metrics, start, end)
    for (day, what), touched in changes.groupby(["first_day", "what_changed"]):
        st.caption("⚠️ " + _("Records of {metrics} restart at the change of reporting on {day}: a later day is "
                             "compared only with days since, after the same first 28 days. {what}").format(
            day=i18n.date(pd.Timestamp(day)), what=what,
            metrics=", ".join(f"“{ctx.catalogue.loc[m, 'label']}”" for m in touched["metric"]
                              if m in ctx.catalogue.index)))
    if records.empty:
        st.info(_("No record highs between {start} and {end}.").format(start=i18n.date(start), end=i18n.date(end)))
        return
    # Short headers and narrow number columns: the whole table fits at 1440 px without scrolling sideways.
    names = {"date": _("Date"), "label": _("Metric"), "value": _("Value"), "previous_record": _("Beat"),
             "previous_record_date": _("Set on"), "margin": _("Margin"), "rank_now": _("Rank now"),
             "trailing_28d_avg": _("28-day avg"), "above_trailing_28d_avg": _("Above avg")}
    number = functools.partial(st.column_config.NumberColumn, width="small")
    shown = records.assign(label=records["metric"].map(ctx.catalogue["label"]))  # the label in the run's language
    written = tables.localized(
        shown.rename(columns=names)[list(names.values())],
        {names["date"]: tables.date, names["previous_record_date"]: tables.date,
         names["margin"]: tables.signed(), names["above_trailing_28d_avg"]: tables.signed()},
        integers=[names[c] for c in ("value", "previous_record", "rank_now", "trailing_28d_avg")])
    st.dataframe(
        written,
        hide_index=True,
        width="stretch",
        column_config={
            # Dates size to their text ("23 черв. 2026" is wider than "2026-06-23"), so a phone never cuts the year.
            names["previous_record_date"]: st.column_config.DateColumn(
                help=_("The day the record it beat was first reached")),
            names["value"]: number(),
            names["previous_record"]: number(help=_("The previous record")),
            names["margin"]: number(),
            names["rank_now"]: number(help=_("Where the day stands among all days of the metric today")),
            names["trailing_28d_avg"]: number(help=_("Mean of the reported days in the 28 days before")),
            names["above_trailing_28d_avg"]: number(help=_("Value minus the 28-day average before it")),
        },
        key="records_table",
    )


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
