"""The page's sections, top to bottom. Widgets and layout only: data comes from dashboard.data."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, exports, url_state, view
from dashboard.data import (ATTACK_CHARTS, KPI_METRICS, TERRITORY_MONTHLY, attack_figure, cached,
                            attack_kpis, comparison_figure, load_series, territory_figure)

KPI_WIDTH = 170  # px: four to a row on a laptop, two on a phone
# A source this many days behind the newest one gets a visible warning.
STALE_AFTER_DAYS = 14


def show_no_data(db: Path, problem: str) -> None:
    """The page when there is nothing to show: what is wrong and the exact command that fixes it."""
    st.warning(problem + " Build it with the refresh command below, then reload this page.")
    st.code(f"python -m etl refresh --db {db}", language="bash")
    st.caption("Offline, read a folder holding the raw files instead of downloading them:")
    st.code(f"python -m etl refresh --db {db} --source-dir ../shared/data", language="bash")


def show_freshness_warnings(freshness: pd.DataFrame) -> None:
    stale = freshness[freshness["days_behind"].fillna(0) > STALE_AFTER_DAYS]
    for row in stale.itertuples():
        st.warning(f"{row.title} ends on {pd.Timestamp(row.newest_date):%d %b %Y}, {int(row.days_behind)} days "
                   "behind the newest source: its charts stop earlier than the others.")


def kpi_row() -> list:
    """Four slots in a row that wraps on narrow screens (two a row on a phone, not one)."""
    row = st.container(horizontal=True, gap="small")
    return [row] * 4


def show_attack_kpis(con, version, start: dt.date, end: dt.date, attacks_end=None) -> None:
    numbers = attack_kpis(con, version, start, end)
    latest, rates = numbers["latest"], numbers["rates"]
    all_time = cached("all_time_records", con, version, tuple(KPI_METRICS))
    days = sorted(latest["date"].unique(), reverse=True)
    st.subheader("Air attacks")
    if not days:
        ends = (f" The attack reports end on {pd.Timestamp(attacks_end):%d %b %Y}."
                if attacks_end is not None and not pd.isna(attacks_end) else "")
        st.info("No air-attack reports in the selected range." + ends)
        return
    newest = latest[latest["date"] == days[0]].set_index("metric")["value"]
    before = latest[latest["date"] == days[1]].set_index("metric")["value"] if len(days) > 1 else pd.Series()
    st.caption(f"Latest reported day in the range: {pd.Timestamp(days[0]):%A %d %B %Y}")
    columns = kpi_row()
    labels = {"drones_launched": "Drones launched", "drones_destroyed": "Drones destroyed",
              "missiles_launched": "Missiles launched", "missiles_destroyed": "Missiles destroyed"}
    for column, metric in zip(columns, KPI_METRICS):
        value = newest.get(metric)
        delta = None
        if value is not None and metric in before.index:
            delta = f"{value - before[metric]:+,.0f} vs {pd.Timestamp(days[1]):%d %b}"
        column.metric(labels[metric], "–" if value is None else f"{value:,.0f}", delta=delta, width=KPI_WIDTH,
                      delta_color="off", delta_arrow="auto" if delta and not delta.startswith("+0 ") else "off")

    records = all_time.set_index("metric")
    peaks = numbers["peaks"]
    columns = kpi_row()
    for column, family in zip(columns[:2], ("drones", "missiles")):
        row = rates.loc[family]
        shown = "–" if pd.isna(row["rate"]) else f"{row['rate']:.1%}"
        column.metric(f"{family.capitalize()} shot down", shown, width=KPI_WIDTH,
                      delta=f"{row['destroyed']:,.0f} of {row['launched']:,.0f}", delta_color="off",
                      delta_arrow="off",
                      help=f"Σ destroyed / Σ launched from {start:%d %b %Y} to {end:%d %b %Y}, over days "
                           "that report both; not a mean of daily rates.")
    for column, metric, unit in zip(columns[2:], ("drones_launched", "missiles_launched"), ("drones", "missiles")):
        if metric in peaks.index:
            row = peaks.loc[metric]
            badge = " · a record" if row["is_record"] else ""
            column.metric(f"Most {unit} in a day", f"{row['value']:,.0f}", width=KPI_WIDTH,
                          delta=f"{pd.Timestamp(row['date']):%d %b %Y}{badge}", delta_color="off", delta_arrow="off",
                          help="The highest day in the selected range; 'a record' when it beat every earlier day.")
    columns = kpi_row()
    for column, metric, unit in zip(columns[:2], ("drones_launched", "missiles_launched"), ("drones", "missiles")):
        if metric in records.index:
            row = records.loc[metric]
            column.metric(f"Record day, {unit}", f"{row['value']:,.0f}", width=KPI_WIDTH,
                          delta=f"on {pd.Timestamp(row['date']):%d %b %Y}", delta_color="off",
                          delta_arrow="off", help=f"The most {unit} launched in one day over the whole history, "
                                                  "whatever the range shown.")


def show_comparison(con, version, catalogue, state: url_state.ViewState, records: pd.DataFrame) -> None:
    st.subheader("Compare over time")
    chosen, start, end, smooth = state.metrics, state.start, state.end, state.smooth
    if not chosen:
        st.info("Pick one or more metrics in the sidebar to compare them here.")
        return
    shown_agg = view.effective_aggregation(state.agg, start, end, len(chosen))
    if shown_agg != state.agg:
        smooth = 0
        st.caption(f"Showing {view.ADJECTIVES[shown_agg]} values: the {view.ADJECTIVES[state.agg]} view of this "
                   f"range would send about {view.points_sent((end - start).days + 1, len(chosen), state.agg):,} "
                   "points to the browser. Narrow the range for finer detail.")
    sources = catalogue.loc[chosen].drop_duplicates("source")
    source_lines = tuple(f"Source: {r.source_title}, {r.attribution}. Licence: {r.licence}."
                         for r in sources.itertuples())
    title = ", ".join(catalogue.loc[chosen, "label"])
    if len(title) > 80:
        title = title[:77].rsplit(",", 1)[0] + ", …"
    # Tabs that rerun on switch, so the table is only built while it is shown.
    chart_tab, table_tab = st.tabs(["Chart", "Table"], key="compare_tab", on_change="rerun")
    if chart_tab.open is not False:
        with chart_tab:
            figure = comparison_figure(con, version, records, tuple(chosen), start, end, shown_agg, smooth, state.events,
                                       state.log, "Russia–Ukraine war: " + title, f"{start:%d %b %Y} – {end:%d %b %Y}",
                                       source_lines)
            st.plotly_chart(figure, width="stretch", key="chart_compare", config=charts.export_config("compare"))
    series = load_series(con, version, tuple(chosen), start, end, shown_agg, smooth)
    if table_tab.open:
        with table_tab:
            st.dataframe(exports.view_table(series, catalogue, shown_agg, smooth), hide_index=True, width="stretch",
                         key="view_table")
    share = url_state.share_url(st.context.url or "", state)
    # The CSV is made when the button is clicked, not on every rerun.
    make_csv = functools.partial(_view_csv, series, catalogue, shown_agg, smooth, sources, share)
    st.download_button("Download CSV of this view", make_csv,
                       file_name=f"escalation_{start}_{end}_{shown_agg}.csv", mime="text/csv",
                       key="download_csv", on_click="ignore", icon=":material/download:")
    for source, rows in catalogue.loc[chosen].groupby("source", sort=False):
        first = rows.iloc[0]
        claims = " **Claims of one side** (Ukraine's General Staff), not independently verified." \
            if source == "losses" else ""
        st.caption(f"{', '.join(rows['label'])}: {first['source_title']}, {first['attribution']}. "
                   f"Licence: {first['licence']}.{claims}")


def _view_csv(series, catalogue, agg, smooth, sources, share) -> str:
    return exports.view_csv(exports.view_table(series, catalogue, agg, smooth), sources, share)


def show_attack_charts(con, version, start, end, agg, show_events, log, records: pd.DataFrame) -> None:
    st.subheader("Air attacks: launched and destroyed")
    shown_agg = view.effective_aggregation(agg, start, end, 2)
    if shown_agg != agg:
        st.caption(f"Showing {view.ADJECTIVES[shown_agg]} totals: the {view.ADJECTIVES[agg]} view of this range "
                   "would send too many bars. Narrow the range for finer detail.")
    for title, unit, launched, destroyed in ATTACK_CHARTS[:2]:
        figure = attack_figure(con, version, records, launched, destroyed, title, unit, start, end, shown_agg,
                               show_events, log)
        st.plotly_chart(figure, width="stretch", key=f"chart_{launched}")
    # A toggle, not an expander: an expander's charts are built on every rerun even while closed.
    if st.toggle("Show cruise and ballistic missiles separately", key="split_missiles"):
        st.caption("Combined reports that mix missile classes under one count (e.g. 'Iskander-M and "
                   "Iskander-K') are in the missiles total only.")
        for title, unit, launched, destroyed in ATTACK_CHARTS[2:]:
            figure = attack_figure(con, version, records, launched, destroyed, title, unit, start, end, shown_agg,
                                   show_events, log)
            st.plotly_chart(figure, width="stretch", key=f"chart_{launched}")
    st.caption("Source: Massive Missile Attacks on Ukraine, Petro Ivaniuk (Kaggle piterfm), from Ukrainian "
               "Air Force reports. Licence: CC BY-NC-SA 4.0.")


def show_territory_months(con, version, start, end, show_events) -> None:
    st.subheader("Territory by month")
    monthly = cached("period_series", con, version, tuple(TERRITORY_MONTHLY), start, end, "month")
    if monthly.empty:
        st.info("No territory data in the selected range.")
        return
    st.plotly_chart(territory_figure(con, version, start, end, show_events), width="stretch",
                    key="chart_territory_monthly")
    st.caption("DeepState: the change between the first map of the month and the first map of the next "
               "(DeepState's map dated D is drawn on the evening of D−1). NZZ/Liveuamap: a separate map and "
               "method, shown for comparison. Faded bars are months the range cuts.")


def show_records_table(records: pd.DataFrame, start: dt.date, end: dt.date) -> None:
    st.subheader("Record highs")
    st.caption("A day is a record when its value is strictly above every earlier day of the metric's "
               "whole history (not only the range shown). The first 28 days of a series set the bar but "
               "are not flagged; marked days (map artefacts, carried-forward maps, revised claims) neither "
               "set nor break records. Rank: where the day stands among all days of the metric today.")
    if records.empty:
        st.info(f"No record highs between {start:%d %b %Y} and {end:%d %b %Y}.")
        return
    table = records.rename(columns={
        "label": "Metric", "date": "Date", "value": "Value", "previous_record": "Previous record",
        "previous_record_date": "Previous record date", "margin": "Margin", "rank_now": "Rank today",
        "trailing_28d_avg": "Average of the 28 days before", "above_trailing_28d_avg": "Above that average",
    })
    st.dataframe(
        table[["Date", "Metric", "Value", "Previous record", "Previous record date", "Margin", "Rank today",
               "Average of the 28 days before", "Above that average"]],
        hide_index=True,
        width="stretch",
        column_config={
            "Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Previous record date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Value": st.column_config.NumberColumn(format="%,.0f"),
            "Previous record": st.column_config.NumberColumn(format="%,.0f"),
            "Margin": st.column_config.NumberColumn(format="+%,.0f"),
            "Average of the 28 days before": st.column_config.NumberColumn(format="%,.0f"),
            "Above that average": st.column_config.NumberColumn(format="+%,.0f"),
        },
        key="records_table",
    )


def show_sources(freshness: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    st.subheader("Sources and freshness")
    table = freshness.rename(columns={"title": "Source", "licence": "Licence", "attribution": "Credit",
                                      "newest_date": "Newest day", "loaded_at": "Loaded (UTC)",
                                      "rows_rejected": "Rejected rows", "days_behind": "Days behind newest",
                                      "url": "Link"})
    st.dataframe(
        table[["Source", "Newest day", "Days behind newest", "Loaded (UTC)", "Rejected rows", "Licence", "Credit",
               "Link"]],
        hide_index=True, width="stretch",
        column_config={
            "Newest day": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Loaded (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "Link": st.column_config.LinkColumn(),
        },
        key="sources_table",
    )
    rejected = freshness[freshness["rows_rejected"] > 0]
    if len(rejected):
        st.warning("Data quality: " + "; ".join(
            f"{row.rows_rejected} row(s) of {row.title} failed validation and were left out"
            for row in rejected.itertuples()) + ". They are kept, with the reason, in the table rejected_rows.")
    expander = st.expander("What each metric counts", key="catalogue_expander", on_change="rerun")
    if expander.open:  # built only while open
        with expander:
            st.dataframe(catalogue[["metric", "label", "unit", "kind", "source", "licence", "description"]],
                         hide_index=True, width="stretch")
