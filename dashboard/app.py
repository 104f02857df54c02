"""Escalation dashboard: the war's measures on one time axis, with record highs and events.

Layout and widgets only: SQL lives in queries.py, figures in charts.py, view logic in view.py.
Run with `streamlit run dashboard/app.py`; the database path comes from $ESCALATION_DB.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import datetime as dt  # noqa: E402
import functools  # noqa: E402

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import charts, connection, exports, queries, url_state, view  # noqa: E402
from etl import paths, schema  # noqa: E402

KPI_METRICS = ["drones_launched", "drones_destroyed", "missiles_launched", "missiles_destroyed"]
ATTACK_CHARTS = [
    ("Drones", "drones", "drones_launched", "drones_destroyed"),
    ("Missiles (cruise, ballistic and other)", "missiles", "missiles_launched", "missiles_destroyed"),
    ("Cruise missiles", "missiles", "cruise_missiles_launched", "cruise_missiles_destroyed"),
    ("Ballistic missiles", "missiles", "ballistic_missiles_launched", "ballistic_missiles_destroyed"),
]
ATTACK_METRICS = [m for _, _, launched, destroyed in ATTACK_CHARTS for m in (launched, destroyed)]
TERRITORY_MONTHLY = ["territory_gained_km2", "territory_gained_km2_nzz"]
KPI_WIDTH = 170  # px: four to a row on a laptop, two on a phone
# A source this many days behind the newest one gets a visible warning.
STALE_AFTER_DAYS = 14


@st.cache_data(max_entries=512, show_spinner=False)
def cached(query: str, _con: duckdb.DuckDBPyConnection, version: tuple, *args):
    """Results of queries.<query>(con, *args), keyed on the file version so new data is never stale."""
    return getattr(queries, query)(_con, *args)


# Figures are cached per view. cache_resource hands back the same object without a pickle round
# trip; st.plotly_chart copies a figure before sending it, so a cached one is never modified.
@st.cache_resource(max_entries=128, show_spinner=False)
def comparison_figure(_con, version, metrics: tuple, start, end, agg, smooth, show_events, log, title, subtitle,
                      source_lines: tuple):
    series = load_series(_con, version, metrics, start, end, agg, smooth)
    records = (cached("record_highs", _con, version, metrics, start, end) if agg == "day" and not smooth
               else pd.DataFrame(columns=["metric"]))
    panels = cached("metric_catalogue", _con, version).set_index("metric", drop=False).loc[
        list(metrics), ["metric", "label", "unit", "kind"]]
    events = cached("events", _con, version, start, end) if show_events else None
    return charts.metric_panels(series, panels, records, agg=agg, smoothed=smooth, events=events, log=log,
                                title=title, subtitle=subtitle, source_lines=source_lines)


@st.cache_resource(max_entries=128, show_spinner=False)
def attack_figure(_con, version, launched, destroyed, title, unit, start, end, agg, show_events, log):
    series = load_series(_con, version, ATTACK_METRICS, start, end, agg, 0)
    records = (cached("record_highs", _con, version, tuple(ATTACK_METRICS), start, end) if agg == "day"
               else pd.DataFrame(columns=["metric"]))
    events = cached("events", _con, version, start, end) if show_events else None
    return charts.launched_destroyed_figure(series, records, launched_metric=launched, destroyed_metric=destroyed,
                                            title=title, unit=unit, agg=agg, events=events, log=log)


@st.cache_resource(max_entries=64, show_spinner=False)
def territory_figure(_con, version, start, end, show_events):
    monthly = cached("period_series", _con, version, tuple(TERRITORY_MONTHLY), start, end, "month")
    events = cached("events", _con, version, start, end) if show_events else None
    return charts.territory_monthly_figure(monthly, events=events)


def main() -> None:
    st.set_page_config(page_title="Escalation dashboard: Russia–Ukraine war", page_icon="📈", layout="wide")
    st.title("Russia–Ukraine war: escalation dashboard")
    st.caption("Drones and missiles launched at Ukraine, territory changing hands and claimed losses, day by "
               "day on one time axis. Stars mark record highs; ▼ marks an event (hover it).")

    db = paths.db_path()
    version = queries.file_version(db)
    if version is None:
        return show_no_data(db, f"There is no database at `{db}` yet.")
    try:
        con = connection.get(db, version)
        ready = queries.has_data(con)
    except duckdb.Error as err:
        return show_no_data(db, f"The database at `{db}` could not be read ({type(err).__name__}).")
    if not ready:
        return show_no_data(db, f"The database at `{db}` holds no data yet.")
    if queries.schema_version(con) != schema.SCHEMA_VERSION:
        return show_no_data(db, f"The database at `{db}` was built by another version of the ETL.")

    first, last = cached("date_bounds", con, version)
    catalogue = cached("metric_catalogue", con, version).set_index("metric", drop=False)
    init_state_from_url(first, last, list(catalogue.index))
    start, end = pick_range(first, last)
    chosen = pick_metrics(catalogue)
    agg, smooth, show_events, log = pick_view()
    state = url_state.ViewState(start=start, end=end, metrics=chosen, agg=agg, smooth=smooth, log=log,
                                events=show_events)
    write_state_to_url(state)
    for notice in st.session_state.get("url_notices", []):
        st.info(f"Link: {notice}.", icon="ℹ️")

    with st.spinner("Loading…"):
        freshness = cached("source_freshness", con, version)
    # Records for every metric on the page, in one query; sections filter it.
    records = cached("record_highs", con, version, tuple(sorted(set(chosen) | set(ATTACK_METRICS))), start, end)
    try:
        show_freshness_warnings(freshness)
        show_attack_kpis(con, version, start, end)
        show_comparison(con, version, catalogue, state)
        show_attack_charts(con, version, start, end, agg, show_events, log)
        show_territory_months(con, version, start, end, show_events)
        show_records_table(records, start, end)
        show_sources(freshness, catalogue)
    except duckdb.Error:
        # A refresh swapped the file while this page was reading the old one: no traceback, a reload.
        st.warning("The data was refreshed while this page was loading. Reload the page to see the new data.")


# ---------------------------------------------------------------- controls
def show_no_data(db: Path, problem: str) -> None:
    """The page when there is nothing to show: what is wrong and the exact command that fixes it."""
    st.warning(problem + " Build it with the refresh command below, then reload this page.")
    st.code(f"python -m etl refresh --db {db}", language="bash")
    st.caption("Offline, read a folder holding the raw files instead of downloading them:")
    st.code(f"python -m etl refresh --db {db} --source-dir ../shared/data", language="bash")


def init_state_from_url(first: dt.date, last: dt.date, known_metrics: list[str]) -> None:
    """Once per session: set every control from the query string (or its default)."""
    if st.session_state.get("view_initialised"):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state = url_state.parse(params, first=first, last=last, known_metrics=known_metrics)
    preset = view.matching_preset(state.start, state.end, first, last) if state.range_from_url else view.DEFAULT_PRESET
    st.session_state.update({
        "preset": preset, "custom_range": (state.start, state.end), "metrics": state.metrics, "agg": state.agg,
        "smooth": state.smooth, "log": state.log, "events": state.events, "url_notices": state.notices,
        "view_initialised": True,
    })


def write_state_to_url(state: url_state.ViewState) -> None:
    """Keep the address bar equal to the view, so copying it shares exactly this view."""
    wanted = url_state.encode(state)
    if {key: st.query_params.get(key) for key in wanted} != wanted:
        st.query_params.from_dict(wanted)


def _keep_custom_range(first: dt.date, last: dt.date) -> None:
    """When a preset is picked, the custom range starts from the range it showed."""
    preset = st.session_state["preset"]
    if preset != "Custom":
        st.session_state["custom_range"] = view.preset_range(preset, first, last)


def pick_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Date-range filter: presets counted back from the newest day in the data, or a custom range."""
    st.sidebar.header("Date range")
    preset = st.sidebar.radio("Show", list(view.PRESETS), key="preset", horizontal=True,
                              on_change=_keep_custom_range, args=(first, last))
    start, end = view.preset_range(preset, first, last)
    if preset == "Custom":
        picked = st.sidebar.date_input("From – to", min_value=first, max_value=last, key="custom_range",
                                       format="YYYY-MM-DD")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            start, end = view.clip_range(picked[0], picked[1], first, last)
        else:  # the second date is not picked yet: keep the range shown so far
            start, end = st.session_state.get("shown_range", view.preset_range(view.DEFAULT_PRESET, first, last))
    st.session_state["shown_range"] = (start, end)
    st.sidebar.caption(f"Showing {start:%d %b %Y} – {end:%d %b %Y}. Data from {first:%d %b %Y} "
                       f"to {last:%d %b %Y}.")
    return start, end


def pick_metrics(catalogue: pd.DataFrame) -> list[str]:
    st.sidebar.header("Compare")
    labels = {m: f"{row.label} · {row.source}" for m, row in catalogue.iterrows()}
    return st.sidebar.multiselect("Metrics", list(catalogue.index), format_func=labels.get, key="metrics",
                                  help="Each metric gets its own panel; all panels share the time axis.")


def pick_view() -> tuple[str, int, bool, bool]:
    agg = st.sidebar.radio("Aggregate", view.AGGREGATIONS, key="agg", horizontal=True,
                           format_func=str.capitalize,
                           help="Flows are summed, levels (occupied area) take the period's last value, "
                                "shares are Σ destroyed / Σ launched.")
    smooth = st.sidebar.radio("Rolling average", view.SMOOTHING, key="smooth", horizontal=True,
                              format_func=lambda n: "Off" if n == 0 else f"{n} days", disabled=agg != "day",
                              help="Trailing mean over the days reported in the window (daily view only).")
    show_events = st.sidebar.toggle("Show events", key="events")
    log = st.sidebar.toggle("Log scale", key="log")
    return agg, (smooth if agg == "day" else 0), show_events, log


# ---------------------------------------------------------------- sections
def show_freshness_warnings(freshness: pd.DataFrame) -> None:
    stale = freshness[freshness["days_behind"].fillna(0) > STALE_AFTER_DAYS]
    for row in stale.itertuples():
        st.warning(f"{row.title} ends on {pd.Timestamp(row.newest_date):%d %b %Y}, {int(row.days_behind)} days "
                   "behind the newest source: its charts stop earlier than the others.")


def kpi_row() -> list:
    """Four slots in a row that wraps on narrow screens (two a row on a phone, not one)."""
    row = st.container(horizontal=True, gap="small")
    return [row] * 4


def show_attack_kpis(con, version, start: dt.date, end: dt.date) -> None:
    latest = cached("latest_day", con, version, tuple(KPI_METRICS), start, end)
    all_time = cached("all_time_records", con, version, tuple(KPI_METRICS))
    rates = cached("interception_rates", con, version, start, end).set_index("family")
    days = sorted(latest["date"].unique(), reverse=True)
    st.subheader("Air attacks")
    if not days:
        newest = cached("latest_day", con, version, tuple(KPI_METRICS), dt.date.min, dt.date.max)
        ends = f" The attack reports end on {pd.Timestamp(newest['date'].max()):%d %b %Y}." if len(newest) else ""
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
    peaks = cached("range_peaks", con, version, ("drones_launched", "missiles_launched"), start, end).set_index("metric")
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


def show_comparison(con, version, catalogue, state: url_state.ViewState) -> None:
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
            figure = comparison_figure(con, version, tuple(chosen), start, end, shown_agg, smooth, state.events,
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


def load_series(con, version, metrics, start, end, agg, smooth) -> pd.DataFrame:
    """The values to draw: daily, a rolling average, or per week or month."""
    key = tuple(metrics)
    if agg != "day":
        return cached("period_series", con, version, key, start, end, agg)
    if smooth:
        return cached("smoothed_series", con, version, key, start, end, smooth)
    return cached("daily_series", con, version, key, start, end)


def show_attack_charts(con, version, start, end, agg, show_events, log) -> None:
    st.subheader("Air attacks: launched and destroyed")
    shown_agg = view.effective_aggregation(agg, start, end, 2)
    if shown_agg != agg:
        st.caption(f"Showing {view.ADJECTIVES[shown_agg]} totals: the {view.ADJECTIVES[agg]} view of this range "
                   "would send too many bars. Narrow the range for finer detail.")
    for title, unit, launched, destroyed in ATTACK_CHARTS[:2]:
        figure = attack_figure(con, version, launched, destroyed, title, unit, start, end, shown_agg, show_events, log)
        st.plotly_chart(figure, width="stretch", key=f"chart_{launched}")
    # A toggle, not an expander: an expander's charts are built on every rerun even while closed.
    if st.toggle("Show cruise and ballistic missiles separately", key="split_missiles"):
        st.caption("Combined reports that mix missile classes under one count (e.g. 'Iskander-M and "
                   "Iskander-K') are in the missiles total only.")
        for title, unit, launched, destroyed in ATTACK_CHARTS[2:]:
            figure = attack_figure(con, version, launched, destroyed, title, unit, start, end, shown_agg,
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


main()
