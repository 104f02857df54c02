"""/records: the record highs, the days around them, and the table of every record in the range."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from dashboard import charts, data, records_definitions, sections, view
from dashboard.context import PageContext, current

RECORD_RULE = ("A day is a record when its value is strictly above every earlier day of the metric's whole "
               "history (not only the range shown). The first 28 days of a series set the bar but are not "
               "flagged; ties are not records; marked days (map artefacts, carried-forward maps, revised claims) "
               "neither set nor break records. A day is the Kyiv calendar day, so an overnight wave and a "
               "separate daytime report on the same day add up.")


def render(ctx: PageContext) -> None:
    st.title("Record highs")
    st.caption(RECORD_RULE)
    sections.show_freshness_warnings(ctx.freshness)
    metrics = tuple(sorted(set(data.ATTACK_METRICS) | set(ctx.catalogue.index[ctx.catalogue["kind"] != "rate"])))
    with st.spinner("Loading…", show_time=False):
        records_definitions.show_by_definition(ctx)
        show_all_time(ctx)
        show_attack_charts(ctx)
        show_records_table(ctx, metrics)


def show_all_time(ctx: PageContext) -> None:
    """The highest calendar day ever, whatever the range, for the headline attack metrics."""
    st.subheader("All-time records by calendar day")
    records = data.all_time_records(ctx.con, ctx.version, tuple(data.KPI_METRICS)).set_index("metric")
    for slot, metric in zip(sections.kpi_row(), data.KPI_METRICS):
        if metric in records.index:
            row = records.loc[metric]
            slot.metric(ctx.catalogue.loc[metric, "label"], f"{row['value']:,.0f}", width=sections.KPI_WIDTH,
                        delta=f"on {pd.Timestamp(row['date']):%d %b %Y}", delta_color="off", delta_arrow="off",
                        help="The most in one Kyiv calendar day over the whole history, whatever the range shown.")


def show_attack_charts(ctx: PageContext) -> None:
    st.subheader("Air attacks: launched and destroyed")
    state = ctx.state
    start, end = ctx.section_range(data.ATTACK_METRICS)
    sections.section_range_note(ctx, start, end, data.ATTACK_METRICS)
    records = data.record_highs(ctx.con, ctx.version, tuple(data.ATTACK_METRICS), start, end)
    sections.smoothing_not_applied(state.smooth, "records are single days, so these charts are not smoothed")
    shown_agg = view.effective_aggregation(state.agg, start, end, 2)
    if shown_agg != state.agg:
        st.caption(f"Showing {view.ADJECTIVES[shown_agg]} totals: the {view.ADJECTIVES[state.agg]} view of this "
                   "range would send too many bars. Narrow the range for finer detail.")
    if shown_agg != "day":
        st.caption("Record stars are drawn on the daily view only.")

    def draw(launched: str, destroyed: str) -> None:
        title = ctx.catalogue.loc[launched, "label"].removesuffix(" launched")
        figure = data.attack_figure(ctx.con, ctx.version, records, launched, destroyed, title,
                                    ctx.catalogue.loc[launched, "unit"], start, end, shown_agg,
                                    state.events, state.log, data.source_lines(ctx.catalogue, [launched]))
        st.plotly_chart(figure, width="stretch", key=f"chart_{launched}",
                        config=charts.export_config(launched.removesuffix("_launched"), ctx.image_format))

    for launched, destroyed in data.ATTACK_PAIRS[:2]:
        draw(launched, destroyed)
    # A toggle, not an expander: an expander's charts are built on every rerun even while closed.
    if st.toggle("Show cruise and ballistic missiles separately", key="split_missiles"):
        st.caption("Combined reports that mix missile classes under one count (e.g. 'Iskander-M and "
                   "Iskander-K') are in the missiles total only.")
        for launched, destroyed in data.ATTACK_PAIRS[2:]:
            draw(launched, destroyed)
    sections.show_source_captions(ctx.catalogue.loc[data.KPI_METRICS])


def show_records_table(ctx: PageContext, metrics: tuple) -> None:
    """Records of every metric, each source's in the range counted back from that source's newest day."""
    st.subheader("Every record in the range")
    ranges = {source: ctx.section_range(rows.index) for source, rows in ctx.catalogue.loc[list(metrics)].groupby("source")}
    start, end = min(r[0] for r in ranges.values()), max(r[1] for r in ranges.values())
    records = data.record_highs(ctx.con, ctx.version, metrics, start, end)
    if len(records):
        bounds = records["metric"].map(ctx.catalogue["source"]).map(ranges)
        dates = pd.to_datetime(records["date"]).dt.date
        records = records[[b[0] <= d <= b[1] for b, d in zip(bounds, dates)]]
    if any(r != (ctx.state.start, ctx.state.end) for r in ranges.values()):
        st.caption(f"{ctx.preset} of each source, counted back from its own newest day: "
                   + "; ".join(f"{sections.NEWEST_PLURALS.get(src, src)} {a:%d %b %Y} – {b:%d %b %Y}"
                               for src, (a, b) in ranges.items()) + ".")
    st.caption("Beat: the previous record, first reached on 'Set on'. Rank now: where the day stands among all "
               "days of the metric today. Above avg: how far it stood above the 28 days before it.")
    if records.empty:
        st.info(f"No record highs between {start:%d %b %Y} and {end:%d %b %Y}.")
        return
    # Short headers and narrow number columns: the whole table fits at 1440 px without scrolling sideways.
    table = records.rename(columns={
        "label": "Metric", "date": "Date", "value": "Value", "previous_record": "Beat",
        "previous_record_date": "Set on", "margin": "Margin", "rank_now": "Rank now",
        "trailing_28d_avg": "28-day avg", "above_trailing_28d_avg": "Above avg",
    })
    number = functools.partial(st.column_config.NumberColumn, width="small")
    st.dataframe(
        table[["Date", "Metric", "Value", "Beat", "Set on", "Margin", "Rank now", "28-day avg", "Above avg"]],
        hide_index=True,
        width="stretch",
        column_config={
            "Date": st.column_config.DateColumn(format="YYYY-MM-DD", width="small"),
            "Set on": st.column_config.DateColumn(format="YYYY-MM-DD", width="small",
                                                  help="The day the record it beat was first reached"),
            "Value": number(format="%,.0f"),
            "Beat": number(format="%,.0f", help="The previous record"),
            "Margin": number(format="+%,.0f"),
            "Rank now": number(help="Where the day stands among all days of the metric today"),
            "28-day avg": number(format="%,.0f", help="Mean of the reported days in the 28 days before"),
            "Above avg": number(format="+%,.0f", help="Value minus the 28-day average before it"),
        },
        key="records_table",
    )


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
