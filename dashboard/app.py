"""Escalation dashboard: the war's measures on one time axis, with record highs and events.

The page in order; controls.py holds the sidebar, sections.py the page's parts, data.py the cached
queries and figures, queries.py all SQL, charts.py the figures. Run with
`streamlit run dashboard/app.py`; the database path comes from $ESCALATION_DB.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import connection, controls, queries, sections, url_state  # noqa: E402
from dashboard.data import ATTACK_METRICS, cached  # noqa: E402
from etl import paths, schema  # noqa: E402


def main() -> None:
    st.set_page_config(page_title="Escalation dashboard: Russia–Ukraine war", page_icon="📈", layout="wide")
    st.title("Russia–Ukraine war: escalation dashboard")
    st.caption("Drones and missiles launched at Ukraine, territory changing hands and claimed losses, day by "
               "day on one time axis. Stars mark record highs; ▼ marks an event (hover it).")

    db = paths.db_path()
    version = queries.file_version(db)
    if version is None:
        return sections.show_no_data(db, f"There is no database at `{db}` yet.")
    try:
        con = connection.get(db, version)
        ready = queries.has_data(con)
    except duckdb.Error as err:
        return sections.show_no_data(db, f"The database at `{db}` could not be read ({type(err).__name__}).")
    if not ready:
        return sections.show_no_data(db, f"The database at `{db}` holds no data yet.")
    if queries.schema_version(con) != schema.SCHEMA_VERSION:
        return sections.show_no_data(db, f"The database at `{db}` was built by another version of the ETL.")

    first, last = cached("date_bounds", con, version)
    catalogue = cached("metric_catalogue", con, version).set_index("metric", drop=False)
    controls.init_state_from_url(first, last, list(catalogue.index))
    start, end = controls.pick_range(first, last)
    chosen = controls.pick_metrics(catalogue)
    agg, smooth, show_events, log = controls.pick_view()
    state = url_state.ViewState(start=start, end=end, metrics=chosen, agg=agg, smooth=smooth, log=log,
                                events=show_events)
    controls.write_state_to_url(state)
    for notice in st.session_state.get("url_notices", []):
        st.info(f"Link: {notice}.", icon="ℹ️")

    freshness = cached("source_freshness", con, version)
    # Records for every metric on the page, in one query; sections filter it.
    records = cached("record_highs", con, version, tuple(sorted(set(chosen) | set(ATTACK_METRICS))), start, end)
    try:
        sections.show_freshness_warnings(freshness)
        # A spinner while a section's queries and figures are computed (cached ones are instant).
        with st.spinner("Loading…", show_time=False):
            attacks_end = freshness.set_index("source")["newest_date"].get("attacks")
            sections.show_attack_kpis(con, version, start, end, attacks_end)
            sections.show_comparison(con, version, catalogue, state, records)
            sections.show_attack_charts(con, version, start, end, agg, show_events, log, records)
            sections.show_territory_months(con, version, start, end, show_events)
            sections.show_records_table(records, start, end)
            sections.show_sources(freshness, catalogue)
    except duckdb.Error:
        # A refresh swapped the file while this page was reading the old one: no traceback, a reload.
        st.warning("The data was refreshed while this page was loading. Reload the page to see the new data.")


main()
