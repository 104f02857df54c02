"""Escalation dashboard: drones and missiles launched at Ukraine each day, shot down, and record highs.

Layout and widgets only: SQL lives in queries.py, figures in charts.py, range logic in view.py.
Run with `streamlit run dashboard/app.py`; the database path comes from $ESCALATION_DB.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import datetime as dt  # noqa: E402

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import charts, queries, view  # noqa: E402
from etl import paths  # noqa: E402

KPI_METRICS = ["drones_launched", "drones_destroyed", "missiles_launched", "missiles_destroyed"]
CHARTS = [
    ("Drones", "drones", "drones_launched", "drones_destroyed"),
    ("Missiles (cruise, ballistic and other)", "missiles", "missiles_launched", "missiles_destroyed"),
    ("Cruise missiles", "missiles", "cruise_missiles_launched", "cruise_missiles_destroyed"),
    ("Ballistic missiles", "missiles", "ballistic_missiles_launched", "ballistic_missiles_destroyed"),
]
ALL_CHART_METRICS = [m for _, _, launched, destroyed in CHARTS for m in (launched, destroyed)]


@st.cache_resource(max_entries=2)
def get_connection(path: str, version: tuple) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version; a refresh swaps the file, so a new one opens."""
    return queries.connect(Path(path))


@st.cache_data(max_entries=512, show_spinner=False)
def cached(query: str, _con: duckdb.DuckDBPyConnection, version: tuple, *args):
    """Results of queries.<query>(con, *args), keyed on the file version so new data is never stale."""
    return getattr(queries, query)(_con, *args)


def main() -> None:
    st.set_page_config(page_title="Escalation dashboard: Russia–Ukraine war", page_icon="📈", layout="wide")
    st.title("Russia–Ukraine war: escalation dashboard")
    st.caption("Drones and missiles launched at Ukraine each day and how many were shot down, "
               "from Ukrainian Air Force reports. Stars mark record highs of launched, diamonds of destroyed.")

    db = paths.db_path()
    version = queries.file_version(db)
    if version is None:
        return show_no_data(db, f"There is no database at `{db}` yet.")
    try:
        con = get_connection(str(db), version)
        ready = queries.has_data(con)
    except duckdb.Error as err:
        return show_no_data(db, f"The database at `{db}` could not be read ({type(err).__name__}).")
    if not ready:
        return show_no_data(db, f"The database at `{db}` holds no data yet.")

    first, last = cached("date_bounds", con, version)
    start, end = pick_range(first, last)

    with st.spinner("Loading…"):
        series = cached("daily_series", con, version, tuple(ALL_CHART_METRICS), start, end)
        records = cached("record_highs", con, version, tuple(ALL_CHART_METRICS), start, end)
        latest = cached("latest_day", con, version, tuple(KPI_METRICS), start, end)
        all_time = cached("all_time_records", con, version, tuple(KPI_METRICS))
        rates = cached("interception_rates", con, version, start, end)
        catalogue = cached("metric_catalogue", con, version)
        freshness = cached("source_freshness", con, version)

    show_kpis(latest, all_time, rates, start, end)
    show_charts(series, records)
    show_records_table(records, start, end)
    show_sources(freshness, catalogue)


def show_no_data(db: Path, problem: str) -> None:
    """The page when there is nothing to show: what is wrong and the exact command that fixes it."""
    st.warning(problem + " Build it with the refresh command below, then reload this page.")
    st.code(f"python -m etl refresh --db {db}", language="bash")
    st.caption("Offline, read a folder holding the raw files instead of downloading them:")
    st.code(f"python -m etl refresh --db {db} --source-dir ../shared/data", language="bash")


def pick_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Sidebar date-range filter: presets counted back from the newest day, or a custom range."""
    st.sidebar.header("Date range")
    presets = list(view.PRESETS)
    preset = st.sidebar.radio("Show", presets, index=presets.index(view.DEFAULT_PRESET), key="preset")
    start, end = view.preset_range(preset, first, last)
    if preset == "Custom":
        default = view.preset_range(view.DEFAULT_PRESET, first, last)
        picked = st.sidebar.date_input("From – to", value=default, min_value=first, max_value=last,
                                       key="custom_range", format="YYYY-MM-DD")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            start, end = view.clip_range(picked[0], picked[1], first, last)
        else:  # the second date is not picked yet
            start, end = default
    st.sidebar.caption(f"Showing {start:%d %b %Y} – {end:%d %b %Y}. Data from {first:%d %b %Y} "
                       f"to {last:%d %b %Y}.")
    return start, end


def show_kpis(latest: pd.DataFrame, all_time: pd.DataFrame, rates: pd.DataFrame,
              start: dt.date, end: dt.date) -> None:
    days = sorted(latest["date"].unique(), reverse=True)
    if not days:
        st.info("No reports in the selected range.")
        return
    newest = latest[latest["date"] == days[0]].set_index("metric")["value"]
    before = latest[latest["date"] == days[1]].set_index("metric")["value"] if len(days) > 1 else pd.Series()
    st.subheader(f"Latest day in range: {pd.Timestamp(days[0]):%A %d %B %Y}")
    columns = st.columns(4)
    labels = {"drones_launched": "Drones launched", "drones_destroyed": "Drones destroyed",
              "missiles_launched": "Missiles launched", "missiles_destroyed": "Missiles destroyed"}
    for column, metric in zip(columns, KPI_METRICS):
        value = newest.get(metric)
        delta = None
        if value is not None and metric in before.index:
            delta = f"{value - before[metric]:+,.0f} vs {pd.Timestamp(days[1]):%d %b}"
        column.metric(labels[metric], "–" if value is None else f"{value:,.0f}", delta=delta,
                      delta_color="off", delta_arrow="auto" if delta and not delta.startswith("+0 ") else "off")

    rate = rates.set_index("family")
    records = all_time.set_index("metric")
    columns = st.columns(4)
    for column, family in zip(columns[:2], ("drones", "missiles")):
        row = rate.loc[family]
        shown = "–" if pd.isna(row["rate"]) else f"{row['rate']:.1%}"
        column.metric(f"{family.capitalize()} shot down in range", shown,
                      delta=f"{row['destroyed']:,.0f} of {row['launched']:,.0f}", delta_color="off",
                      delta_arrow="off",
                      help=f"Σ destroyed / Σ launched from {start:%d %b %Y} to {end:%d %b %Y}, over days "
                           "that report both; not a mean of daily rates.")
    for column, metric, unit in zip(columns[2:], ("drones_launched", "missiles_launched"), ("drones", "missiles")):
        if metric in records.index:
            row = records.loc[metric]
            column.metric(f"Record: {unit} launched in a day", f"{row['value']:,.0f}",
                          delta=f"on {pd.Timestamp(row['date']):%d %b %Y}", delta_color="off",
                          delta_arrow="off", help="Over the whole history, whatever the range shown.")


def show_charts(series: pd.DataFrame, records: pd.DataFrame) -> None:
    for title, unit, launched, destroyed in CHARTS[:2]:
        figure = charts.launched_destroyed_figure(series, records, launched_metric=launched,
                                                  destroyed_metric=destroyed, title=title, unit=unit)
        st.plotly_chart(figure, width="stretch", key=f"chart_{launched}")
    with st.expander("Cruise and ballistic missiles separately"):
        st.caption("Combined reports that mix missile classes under one count (e.g. 'Iskander-M and "
                   "Iskander-K') are in the missiles total only.")
        for title, unit, launched, destroyed in CHARTS[2:]:
            figure = charts.launched_destroyed_figure(series, records, launched_metric=launched,
                                                      destroyed_metric=destroyed, title=title, unit=unit)
            st.plotly_chart(figure, width="stretch", key=f"chart_{launched}")


def show_records_table(records: pd.DataFrame, start: dt.date, end: dt.date) -> None:
    st.subheader("Record highs")
    st.caption("A day is a record when its value is strictly above every earlier day of the metric's "
               "whole history (not only the range shown). The first 28 days of a series set the bar "
               "but are not flagged.")
    if records.empty:
        st.info(f"No record highs between {start:%d %b %Y} and {end:%d %b %Y}.")
        return
    table = records.rename(columns={"label": "Metric", "date": "Date", "value": "Value",
                                    "previous_record": "Previous record",
                                    "previous_record_date": "Previous record date", "margin": "Margin"})
    st.dataframe(
        table[["Date", "Metric", "Value", "Previous record", "Previous record date", "Margin"]],
        hide_index=True,
        width="stretch",
        column_config={
            "Value": st.column_config.NumberColumn(format="%,.0f"),
            "Previous record": st.column_config.NumberColumn(format="%,.0f"),
            "Margin": st.column_config.NumberColumn(format="+%,.0f"),
            "Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Previous record date": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
        key="records_table",
    )


def show_sources(freshness: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    st.divider()
    for row in freshness.itertuples():
        st.markdown(f"**Source:** [{row.title}]({row.url}), {row.attribution}. Licence: **{row.licence}**.")
        st.caption(f"Newest day in the data: {pd.Timestamp(row.newest_date):%d %b %Y}. "
                   f"Loaded {pd.Timestamp(row.loaded_at):%d %b %Y %H:%M} UTC.")
        if row.rows_rejected:
            st.warning(f"Data quality: {row.rows_rejected} row(s) of {row.source} failed validation and were "
                       "left out; they are listed in the table rejected_rows.")
    with st.expander("What each metric counts"):
        st.dataframe(catalogue[["metric", "label", "unit", "description"]], hide_index=True, width="stretch")


main()
