"""What a declared change of reporting does downstream, on the real data: records restart at it, the overview's
headline numbers and exports say so, and charts draw it. Also the overview's "Held by Russia now" headline and
the comparison panels that each run to their own newest day."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from dashboard.shared import data, exports
from etl.registry import breaks

BREAK_DAY = dt.date(2025, 7, 24)


@pytest.fixture(scope="module")
def con(real_db):
    with duckdb.connect(str(real_db), read_only=True) as connection:
        yield connection


def test_the_change_is_in_the_file_for_every_metric_it_touches(con):
    rows = con.execute("SELECT metric, first_day, break_metric FROM reporting_breaks ORDER BY metric").fetchall()
    assert {metric for metric, _, _ in rows} == {"drones_lost_on_radar", "drones_destroyed", "shahed_drones_destroyed",
                                                 "drones_interception_rate", "drones_unaccounted"}
    assert {(day, what) for _, day, what in rows} == {(BREAK_DAY, "drones_lost_on_radar")}


def test_records_restart_at_the_change(con):
    """Drones destroyed: 319 on 12 Jul 2025 was the record before the change. From 24 Jul 2025 'destroyed' counts
    the suppressed drones too, so the days after are compared only with each other, after the same 28-day
    burn-in: the first record is 546 on 21 Aug 2025, beating 309 of 28 Jul 2025 (not 319)."""
    highs = con.execute("SELECT date, value, previous_record, previous_record_date FROM record_highs "
                        "WHERE metric = 'drones_destroyed' AND date >= '2025-07-01' ORDER BY date").fetchall()
    assert highs[:2] == [(dt.date(2025, 7, 9), 296.0, 277.0, dt.date(2025, 6, 9)),
                         (dt.date(2025, 7, 12), 319.0, 296.0, dt.date(2025, 7, 9))]
    assert highs[2] == (dt.date(2025, 8, 21), 546.0, 309.0, dt.date(2025, 7, 28))
    # No record in the 28 days from the change: the burn-in starts again.
    assert not [h for h in highs if BREAK_DAY <= h[0] < BREAK_DAY + dt.timedelta(days=28)]
    # A metric the change does not touch keeps one history: 810 drones launched on 7 Sep 2025 beat 728 of 9 Jul.
    launched = con.execute("SELECT previous_record, previous_record_date FROM record_highs "
                           "WHERE metric = 'drones_launched' AND date = '2025-09-07'").fetchall()
    assert launched == [(728.0, dt.date(2025, 7, 9))]
    flagged = con.execute("SELECT count(*) FROM daily_metrics WHERE metric = 'drones_destroyed' AND is_record "
                          "AND date BETWEEN '2025-07-24' AND '2025-08-20'").fetchone()[0]
    assert flagged == 0


def test_headline_share_keeps_one_meaning_across_the_change(con):
    """Over a range spanning 24 Jul 2025 the overview shows the neutralised share, not the shot-down one."""
    assert breaks.same_meaning("drones_interception_rate", "2025-06-08", "2026-06-07") == "drones_neutralised_rate"
    assert breaks.same_meaning("drones_interception_rate", "2025-01-01", "2025-07-23") == "drones_interception_rate"
    numbers = data.attack_kpis(con, dt.date(2025, 6, 8), dt.date(2026, 6, 7),
                               ("drones_neutralised_rate", "missiles_interception_rate"))
    row = numbers["rates"].loc["drones_neutralised_rate"]
    # 59,519 of 68,695 drones shot down or lost on radar: 86.6 %.
    assert (row["numerator_total"], row["denominator_total"]) == (59_519, 68_695)
    assert round(row["value"], 3) == 0.866


def test_held_by_russia_now(con):
    """DeepState's newest map, 22 Aug 2026: 116,995 km²; 13 km² less than on 23 Jul 2026; +40 km² over July
    2026 (31 Jul level minus 30 Jun level). NZZ/Liveuamap on the same day: 117,630 km²."""
    now = data.occupied_now(con).set_index("metric")
    deepstate = now.loc["occupied_km2"]
    assert (deepstate["date"], round(deepstate["value"])) == (dt.date(2026, 8, 22), 116_995)
    assert deepstate["since"] == dt.date(2026, 7, 23) and round(deepstate["change_days"], 1) == -13.3
    assert deepstate["month"] == dt.date(2026, 7, 1) and round(deepstate["change_month"], 1) == 40.2
    nzz = now.loc["occupied_km2_nzz"]
    assert (nzz["date"], round(nzz["value"])) == (dt.date(2026, 8, 22), 117_630)


def test_comparison_panels_run_to_their_own_end_and_draw_the_change(con):
    """Drones launched end on 7 Jun 2026, the occupied area runs on to 22 Aug 2026: the launched panel is marked
    where it ends; the shot-down share's panel has the change drawn at 24 Jul 2025."""
    metrics = ("drones_launched", "drones_interception_rate", "occupied_km2")
    start, end = dt.date(2025, 1, 1), dt.date(2026, 8, 22)
    records = data.record_highs(con, metrics, start, end)
    figure = data.comparison_figure(con, records, metrics, start, end, "week", 0, False, False, "t", "s", (), "en",
                                    (("drones_launched", dt.date(2026, 6, 7)),))
    texts = [a.text for a in figure.layout.annotations]
    assert "data end 7 Jun 2026" in texts and "Reporting changed" in texts
    lines = [s for s in figure.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    assert [pd.Timestamp(s.x0).date() for s in lines] == [BREAK_DAY]
    # The occupied area's panel reaches 22 Aug 2026.
    occupied = [t for t in figure.data if t.yaxis == "y3" and t.type == "scatter" and t.mode == "lines"][0]
    assert pd.Timestamp(max(occupied.x)).date() >= dt.date(2026, 8, 17)


def test_exports_say_the_range_spans_the_change(con):
    spanning = data.reporting_breaks(con, ("drones_destroyed", "drones_launched"), dt.date(2025, 1, 1),
                                     dt.date(2025, 12, 31))
    catalogue = data.metric_catalogue(con)
    table = exports.sources_table(catalogue, ["drones_launched", "drones_destroyed"], "day", 0, "u",
                                  dt.date(2026, 12, 4), spanning).set_index("column")
    assert table.loc["drones_destroyed", "reporting_change"].startswith("From 2025-07-24 the source reports differently")
    assert table.loc["drones_launched", "reporting_change"] == ""
    after = data.reporting_breaks(con, ("drones_destroyed",), dt.date(2025, 8, 1), dt.date(2025, 12, 31))
    assert after.empty  # a range wholly after the change does not span it


def test_the_all_time_record_of_a_touched_metric_counts_since_the_change(con):
    """Drones destroyed's record is 906 on 24 Mar 2026, the highest day since 24 Jul 2025; missiles destroyed,
    untouched, keeps its whole history (102 on 26 Aug 2024)."""
    records = data.all_time_records(con, ("drones_destroyed", "missiles_destroyed")).set_index("metric")
    assert (records.loc["drones_destroyed", "value"], records.loc["drones_destroyed", "date"].date()) == (
        906.0, dt.date(2026, 3, 24))
    assert (records.loc["missiles_destroyed", "value"], records.loc["missiles_destroyed", "date"].date()) == (
        102.0, dt.date(2024, 8, 26))
