"""Chart builders, view logic and queries, tested directly (no Streamlit)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.shared import charts, kpis, queries, view_state
from etl.pipeline.refresh import refresh
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """Built once for the module: no test here writes to it."""
    folder = tmp_path_factory.mktemp("small")
    db = folder / "small.duckdb"
    refresh(db, source_dir=write_source_dir(folder / "src", small_history()), now=PINNED_NOW)
    return db


def test_preset_counts_back_from_the_newest_day():
    first, last = dt.date(2022, 9, 28), dt.date(2026, 6, 7)
    assert view_state.preset_range("Last 30 days", first, last) == (dt.date(2026, 5, 9), last)
    assert view_state.preset_range("All", first, last) == (first, last)
    assert view_state.preset_range("Last year", dt.date(2026, 1, 1), last) == (dt.date(2026, 1, 1), last)


def test_custom_range_is_ordered_and_clipped():
    first, last = dt.date(2022, 9, 28), dt.date(2026, 6, 7)
    assert view_state.clip_range(dt.date(2026, 7, 1), dt.date(2020, 1, 1), first, last) == (first, last)
    assert view_state.clip_range(dt.date(2025, 6, 9), dt.date(2025, 6, 1), first, last) == (
        dt.date(2025, 6, 1), dt.date(2025, 6, 9))


def test_chart_marks_records_with_previous_record_in_hover():
    series = pd.DataFrame({
        "date": pd.to_datetime(["2025-06-01", "2025-06-01", "2025-06-09", "2025-06-09"]),
        "metric": ["drones_launched", "drones_destroyed"] * 2,
        "value": [472.0, 210.0, 479.0, 277.0],
    })
    records = pd.DataFrame({
        "date": pd.to_datetime(["2025-06-09"]), "metric": ["drones_launched"], "value": [479.0],
        "previous_record": [472.0], "previous_record_date": pd.to_datetime(["2025-06-01"]), "margin": [7.0],
    })
    figure = charts.launched_destroyed_figure(series, records, launched_metric="drones_launched",
                                              destroyed_metric="drones_destroyed", title="Drones", unit="drones")
    names = [trace.name for trace in figure.data]
    assert names == ["Launched", "Destroyed", "Record (launched)"]
    assert list(figure.data[0].y) == [472.0, 479.0]
    star = figure.data[2]
    assert tuple(star.customdata[0]) == (472.0, "1 Jun 2025", 7.0)
    assert "Previous record" in star.hovertemplate


def test_chart_without_records_has_no_marker_trace():
    series = pd.DataFrame({"date": pd.to_datetime(["2025-06-01"]), "metric": ["drones_launched"], "value": [1.0]})
    records = pd.DataFrame(columns=["date", "metric", "value", "previous_record", "previous_record_date", "margin"])
    figure = charts.launched_destroyed_figure(series, records, launched_metric="drones_launched",
                                              destroyed_metric="drones_destroyed", title="t", unit="drones")
    assert [t.type for t in figure.data] == ["bar", "bar"]


def test_interception_rate_is_sum_over_sum_not_mean_of_ratios(tmp_path):
    rows = [
        national("2025-01-01 20:00", "2025-01-02 08:00", "Shahed-136/131", "100.0", "50.0"),  # 50 %
        national("2025-01-02 20:00", "2025-01-03 08:00", "Shahed-136/131", "10.0", "10.0"),  # 100 %
    ]
    db = tmp_path / "rate.duckdb"
    refresh(db, source_dir=write_source_dir(tmp_path / "src", rows), now=PINNED_NOW)
    with queries.connect(db) as con:
        rates = queries.range_rates(con, ["drones_interception_rate", "missiles_interception_rate"],
                                    dt.date(2025, 1, 1), dt.date(2025, 1, 31)).set_index("metric")
    assert rates.loc["drones_interception_rate", "value"] == pytest.approx(60 / 110)  # mean of ratios: 75 %
    assert rates.loc["drones_interception_rate", ["numerator_total", "denominator_total"]].tolist() == [60, 110]
    assert pd.isna(rates.loc["missiles_interception_rate", "value"])  # 0 of 0 is no rate, not 0 %


def test_queries_filter_by_range_and_metric(small_db):
    with queries.connect(small_db) as con:
        assert queries.has_data(con)
        assert queries.date_bounds(con) == (dt.date(2025, 1, 1), dt.date(2025, 3, 1))
        series = queries.daily_series(con, ["drones_launched"], dt.date(2025, 2, 27), dt.date(2025, 3, 1))
        assert series["value"].tolist() == [77.0, 78.0, 300.0]
        assert series["is_record"].tolist() == [False, False, True]
        daily = queries.daily_series(con, ["drones_launched"], dt.date(2025, 1, 1), dt.date(2025, 2, 28))
        assert kpis.latest_days(daily, ["drones_launched"])["value"].tolist() == [78.0, 77.0]
        peak = kpis.peaks(daily, ["drones_launched"]).loc["drones_launched"]
        assert (peak["value"], str(peak["date"])[:10], bool(peak["is_record"])) == (81.0, "2025-01-31", True)
        best = queries.all_time_records(con, ["drones_launched", "missiles_launched"]).set_index("metric")
        assert best.loc["drones_launched", "value"] == 300.0
        assert best.loc["missiles_launched", "date"] == pd.Timestamp("2025-03-01")


def test_metric_names_reach_sql_only_as_parameters(small_db):
    hostile = "drones_launched'; DROP TABLE metric_values; --"
    with queries.connect(small_db) as con:
        assert queries.daily_series(con, [hostile], dt.date(2025, 1, 1), dt.date(2025, 3, 1)).empty
        assert queries.has_data(con)


def test_weekly_sum_equals_the_sum_of_its_days(small_db):
    with queries.connect(small_db) as con:
        days = queries.daily_series(con, ["drones_launched"], dt.date(2025, 1, 6), dt.date(2025, 1, 12))
        weeks = queries.period_series(con, ["drones_launched"], dt.date(2025, 1, 6), dt.date(2025, 1, 12), "week")
    assert weeks["value"].tolist() == [days["value"].sum()] == [sum(50 + d for d in range(6, 13))]
    assert weeks["date"].tolist() == [pd.Timestamp("2025-01-06")] and not weeks["partial"].any()


def test_month_level_is_its_last_day_and_partial_months_are_marked(small_db):
    with queries.connect(small_db) as con:
        months = queries.period_series(con, ["occupied_km2"], dt.date(2025, 1, 15), dt.date(2025, 3, 1), "month")
    assert months["value"].tolist() == [112010.50, 112030.00]  # 2025-01-31 and 2025-02-02, the last maps
    # The maps run from 30 Jan to 2 Feb: each month covers two of its days, whatever the range.
    assert months["days_covered"].tolist() == [2, 2]
    assert months["period_days"].tolist() == [31, 28]
    assert months["partial"].tolist() == [True, True]


def test_monthly_rate_is_sum_over_sum(small_db):
    with queries.connect(small_db) as con:
        months = queries.period_series(con, ["drones_interception_rate"], dt.date(2025, 1, 1),
                                       dt.date(2025, 1, 31), "month")
    launched = sum(50 + d for d in range(1, 32))
    destroyed = sum(40 + d for d in range(1, 32))
    assert months["value"].tolist() == [pytest.approx(destroyed / launched)]


def test_rolling_average_uses_the_days_before_the_range(small_db):
    with queries.connect(small_db) as con:
        smooth = queries.smoothed_series(con, ["drones_launched"], dt.date(2025, 1, 10), dt.date(2025, 1, 10), 7)
    assert smooth["value"].tolist() == [pytest.approx(sum(50 + d for d in range(4, 11)) / 7)]


def test_revised_claim_is_marked_on_zero_not_drawn_below_it():
    series = pd.DataFrame({
        "date": pd.to_datetime(["2023-05-26", "2023-05-27"]), "metric": "losses_aircraft", "value": [1.0, -3.0],
        "is_record": False, "flagged": [False, True],
        "note": [None, "revision: the claimed total was revised down; not losses given back"],
    })
    catalogue = pd.DataFrame({"metric": ["losses_aircraft"], "label": ["Aircraft (claimed)"], "unit": ["aircraft"],
                              "kind": ["flow"]})
    figure = charts.metric_panels(series, catalogue, pd.DataFrame(columns=["metric"]))
    bars, marks = figure.data
    assert list(bars.y) == [1.0]
    assert list(marks.y) == [0.0] and marks.customdata[0][0] == -3.0


def test_event_text_is_escaped():
    events = pd.DataFrame({"date": [dt.date(2025, 6, 1)], "title": ["<script>x</script>"], "description": ["a & b"]})
    figure = charts.launched_destroyed_figure(
        pd.DataFrame(columns=["date", "metric", "value"]), pd.DataFrame(columns=["metric"]),
        launched_metric="a", destroyed_metric="b", title="t", unit="u", events=events)
    hover = figure.layout.annotations[0].hovertext
    assert "<script>" not in hover and "&lt;script&gt;" in hover and "a &amp; b" in hover


def test_events_file_validation():
    from etl.sources import events

    raw = pd.DataFrame({
        "line": [2, 3, 4],
        "date": ["2025-06-01", "2025-02-30", "2025-06-02"],
        "title": ["Operation Spiderweb", "Bad date", "No link"],
        "description": ["Drones strike bombers.", "x", "y"],
        "source_url": ["https://example.org/a", "https://example.org/b", "javascript:alert(1)"],
    })
    good, rejected = events.transform(raw)
    assert good["title"].tolist() == ["Operation Spiderweb"]
    assert dict(zip(rejected["line"], rejected["reason"])) == {
        3: "date: not a calendar date",
        4: "source_url: source_url must be an https:// link (got 'javascript:alert(1)')",
    }


def test_committed_events_file_is_valid():
    from etl import paths
    from etl.sources import events
    from etl.sources.common import read_csv_text

    good, rejected = events.transform(read_csv_text(paths.DATA_DIR / "events.csv", ("date",)))
    assert rejected.empty and len(good) >= 15
    assert {(str(d), t) for d, t in zip(good["date"], good["title"])} >= {
        ("2025-06-01", "Operation Spiderweb"), ("2025-06-02", "Istanbul talks (2nd round)"),
        ("2025-09-07", "Record air attack"), ("2025-11-20", "US 28-point peace plan"),
        ("2026-01-23", "Abu Dhabi talks (1st round)")}
    # Through 2026, every event with a public source to click, titles short enough to label a chart.
    assert max(good["date"]) >= dt.date(2026, 1, 1)
    assert good["source_url"].str.match(r"https://").all()
    assert good["title"].str.len().max() <= 30 and good["description"].str.len().max() <= 160


def test_effective_aggregation_keeps_points_within_budget():
    first, last = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
    assert view_state.effective_aggregation("day", dt.date(2025, 8, 23), last, 4) == "day"  # 365 × 4
    assert view_state.effective_aggregation("day", first, last, 4) == "week"
    assert view_state.effective_aggregation("week", first, last, 20) == "month"
    assert view_state.effective_aggregation("month", first, last, 1) == "month"


def test_every_chart_builder_produces_a_valid_plotly_figure(small_db):
    import plotly.graph_objects as go

    events = pd.DataFrame({"date": [dt.date(2025, 2, 1)], "title": ["An event"], "description": ["What happened."]})
    with queries.connect(small_db) as con:
        catalogue = queries.metric_catalogue(con).set_index("metric", drop=False)
        metrics = ["drones_launched", "occupied_km2", "drones_interception_rate", "losses_tanks"]
        start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 1)
        daily = queries.daily_series(con, metrics, start, end)
        records = queries.record_highs(con, metrics, start, end)
        weekly = queries.period_series(con, metrics, start, end, "week")
        smooth = queries.smoothed_series(con, metrics, start, end, 7)
        monthly = queries.period_series(con, ["territory_gained_km2"], start, end, "month")
    panels = catalogue.loc[metrics, ["metric", "label", "unit", "kind"]]
    figures = [
        charts.metric_panels(daily, panels, records, events=events, title="t", subtitle="s", source_lines=("a",)),
        charts.metric_panels(weekly, panels, records.iloc[0:0], agg="week", log=True),
        charts.metric_panels(smooth, panels, records.iloc[0:0], smoothed=7),
        charts.launched_destroyed_figure(daily, records, launched_metric="drones_launched",
                                         destroyed_metric="drones_destroyed", title="t", unit="drones", events=events),
        charts.territory_monthly_figure(monthly, events=events),
    ]
    for figure in figures:
        go.Figure(figure.to_dict())  # raises on any invalid property
    # One trace per panel, each followed by its records (drones rise daily after the 28-day burn-in) and marked days (the
    # fixture's carried-forward map of 2025-02-01).
    assert [(t.type, t.name, t.yaxis) for t in figures[0].data] == [
        ("bar", "Drones launched", "y"), ("scatter", "Record", "y"), ("scatter", "Occupied area (DeepState)", "y2"),
        ("scatter", "Marked", "y2"), ("scatter", "Share of drones shot down", "y3"), ("bar", "Tanks (claimed)", "y4")]
    assert [str(d)[:10] for d in figures[0].data[3].x] == ["2025-02-01"]
    assert sorted(str(d)[:10] for d in figures[0].data[1].x) == ["2025-01-29", "2025-01-30", "2025-01-31", "2025-03-01"]
    # One time axis for all panels, its dates under the last: hovering a date shows every panel's value.
    assert {t.xaxis for t in figures[0].data} == {"x"} and figures[0].layout.xaxis.anchor == "y4"
    assert (figures[0].layout.hovermode, figures[0].layout.hoversubplots) == ("x unified", "axis")


def test_every_page_says_how_old_each_sources_data_is():
    from dashboard.shared import sections

    freshness = pd.DataFrame({"source": ["attacks", "events", "territory"],
                              "newest_date": [pd.Timestamp("2026-06-07"), pd.NaT, pd.Timestamp("2026-08-22")]})
    assert sections.data_age_line(freshness, dt.date(2026, 11, 25)) == (
        "Newest attack report: 7 Jun 2026, 171 days ago · DeepState map: 22 Aug 2026, 95 days ago.")
    assert sections.data_age_line(freshness.iloc[2:], dt.date(2026, 8, 23)) == \
        "Newest DeepState map: 22 Aug 2026, yesterday."


def test_a_log_scale_ticks_powers_of_ten_and_says_what_it_hides():
    series = pd.DataFrame({"date": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-06-03"]),
                           "metric": "missiles_launched", "value": [0.0, 7.0, 120.0]})
    panel = pd.DataFrame({"metric": ["missiles_launched"], "label": ["Missiles launched"], "unit": ["missiles"],
                          "kind": ["flow"]})
    records = pd.DataFrame(columns=["date", "metric", "value", "previous_record", "previous_record_date", "margin"])
    figure = charts.metric_panels(series, panel, records, log=True)
    axis = figure.layout.yaxis
    assert (axis.type, axis.dtick, axis.exponentformat, axis.tickformat) == ("log", 1, "none", ",.0f")
    assert "log scale hides 1 at 0 or below" in figure.layout.annotations[0].text
    linear = charts.metric_panels(series, panel, records)
    assert linear.layout.yaxis.type == "linear" and "log scale" not in linear.layout.annotations[0].text
    pair = charts.launched_destroyed_figure(series, records, launched_metric="missiles_launched",
                                            destroyed_metric="missiles_destroyed", title="Missiles",
                                            unit="missiles", log=True)
    assert pair.layout.yaxis.dtick == 1
    assert any("log scale hides 1 at 0 or below" in a.text for a in pair.layout.annotations)


def test_legends_sit_below_the_chart():
    series = pd.DataFrame({"date": pd.to_datetime(["2025-06-01"]), "metric": ["drones_launched"], "value": [1.0]})
    records = pd.DataFrame(columns=["date", "metric", "value", "previous_record", "previous_record_date", "margin"])
    pair = charts.launched_destroyed_figure(series, records, launched_metric="drones_launched",
                                            destroyed_metric="drones_destroyed", title="t", unit="drones")
    monthly = charts.territory_monthly_figure(pd.DataFrame({
        "date": pd.to_datetime(["2025-05-01"]), "metric": ["territory_gained_km2"], "value": [440.0],
        "partial": [False]}))
    for figure in (pair, monthly):
        assert (figure.layout.legend.yanchor, figure.layout.legend.xanchor) == ("top", "left")
        assert figure.layout.legend.y < 0 and figure.layout.margin.b >= 40
