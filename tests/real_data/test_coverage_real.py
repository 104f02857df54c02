"""Fields that only some reports give, and the outcomes across the change of reporting of 24 July 2025, on the
real data: numbers a person can recount from missile_attacks_daily.csv (attacks/PROVENANCE.md, "Coverage that thins
out" and "A change of reporting on 2025-07-24")."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import data as regions_data
from dashboard.app_pages.regions.charts import coverage_marks
from etl.registry import breaks
from etl.sources import attacks
from etl.sources.attack_regions import iso_code, parse_region_list


@pytest.fixture(scope="module")
def con(real_db):
    with duckdb.connect(str(real_db), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def raw_reports(real_source_dir) -> pd.DataFrame:
    """The national reports (time windows) recounted from the file itself: its Kyiv day, and whether any of its
    rows lists an oblast in `affected region`."""
    raw, weapons = attacks.read_raw(real_source_dir / "attacks")
    events = attacks.transform(raw, weapons, now=pd.Timestamp("2026-07-01")).events
    national = events[events["is_national"]].copy()
    national["lists"] = national["affected_region"].map(
        lambda text: any(iso_code(name) for name in (parse_region_list(text) or [])))
    return national.groupby(["time_start", "time_end"]).agg(date=("date", "first"), lists=("lists", "any"))


def months(con, basis, start, end) -> dict[str, tuple[int, int]]:
    frame = regions_data.region_list_coverage(con, basis, "month", start, end)
    return {str(p)[:7]: (g, r) for p, g, r in zip(frame["period"], frame["giving"], frame["reports"])}


def test_national_reports_that_list_regions_thin_out(con, raw_reports):
    got = months(con, "affected_region", dt.date(2025, 2, 1), dt.date(2026, 3, 31))
    # (reports that list an oblast, national reports): spring 2025, then September 2025, then March 2026.
    assert got["2025-02"] == (27, 30) and got["2025-03"] == (31, 33)
    assert got["2025-09"] == (8, 37) and got["2026-03"] == (1, 38)
    # The same counts from the file: a report (time window) lists regions when a row of it names an oblast.
    for month, (giving, reports) in [("2025-02", (27, 30)), ("2025-03", (31, 33)), ("2025-09", (8, 37)),
                                     ("2026-03", (1, 38))]:
        in_month = raw_reports[raw_reports["date"].dt.strftime("%Y-%m") == month]
        assert (int(in_month["lists"].sum()), len(in_month)) == (giving, reports), month


def test_a_day_whose_two_reports_name_different_oblasts_counts_two(con, raw_reports):
    """On 22 April 2025 two reports list regions, each different ones: both count (attack_events.oblasts_named is
    kept per row), so April 2025 is 27 of 36, as in the file."""
    day = raw_reports[raw_reports["date"] == pd.Timestamp("2025-04-22")]
    assert (int(day["lists"].sum()), len(day)) == (2, 2)
    got = months(con, "affected_region", dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert got["2025-04"] == (27, 36)


def test_the_map_title_counts_come_from_the_reports_in_the_range(con):
    weekly = regions_data.region_list_coverage(con, "affected_region", "week", dt.date(2025, 2, 1),
                                               dt.date(2025, 3, 31))
    # February and March 2025: 27 + 31 of 30 + 33 national reports list regions.
    assert (weekly["giving"].sum(), weekly["reports"].sum()) == (58, 63)


def test_a_thin_week_is_faded_on_the_weekly_panels(con):
    start, end = dt.date(2025, 3, 1), dt.date(2025, 10, 5)
    coverage = regions_data.region_list_coverage(con, "affected_region", "week", start, end)
    by_week = coverage.set_index(pd.to_datetime(coverage["period"]))
    # Week of 10 March 2025: 7 of 7 reports list regions; week of 22 September 2025: 1 of 9.
    assert by_week.loc["2025-03-10", ["giving", "reports"]].tolist() == [7, 7]
    assert by_week.loc["2025-09-22", ["giving", "reports"]].tolist() == [1, 9]
    weeks = regions_data.region_weeks(con, "affected_region", ("UA-63",), start, end)
    figure = region_charts.region_multiples_figure(weeks, {"UA-63": "Kharkiv oblast"}, title="t", subtitle="s",
                                                   coverage=coverage, coverage_hover="{giving} of {reports}")
    kharkiv = figure.data[0]
    opacity = dict(zip(pd.to_datetime(kharkiv.x), kharkiv.marker.opacity))
    assert opacity[pd.Timestamp("2025-03-10")] == 1.0
    assert opacity[pd.Timestamp("2025-09-22")] == coverage_marks.FADED_OPACITY
    # From September 2025 no week reaches half (the threshold's reason, etl/registry/rules.py).
    later = by_week.loc["2025-09-01":]
    assert (later["giving"] < 0.5 * later["reports"]).all()


def test_the_real_shahed_count_thins_out_in_may_2026(con):
    shares = regions_data.ratio_periods(con, "decoy_share", "month", dt.date(2025, 6, 1), dt.date(2026, 6, 30))
    got = {str(p)[:7]: (g, r) for p, g, r in zip(shares["period"], shares["giving"], shares["reports"])}
    # Reports with Shahed-type drones launched that give the real count: none in August 2025, all in November
    # 2025, 5 of 36 in May 2026, none in June 2026.
    assert got["2025-08"] == (0, 31) and got["2025-11"] == (30, 30)
    assert got["2026-05"] == (5, 36) and got["2026-06"] == (0, 7)
    thin = coverage_marks.is_thin(shares)
    assert dict(zip(got, thin))["2026-05"] and not dict(zip(got, thin))["2025-11"]


def test_the_outcomes_continue_after_the_change_with_the_neutralised_share(con):
    (change,) = [c for c in breaks.BREAKS if c.metric == "drones_lost_on_radar"]
    first = dt.date.fromisoformat(change.first_day)
    after = regions_data.outcome_periods(con, "month", first, dt.date(2026, 6, 30))
    # Every month from the change is drawn, as one figure: shot down or suppressed, 0.86 of launched (PROVENANCE.md).
    assert after["drones_lost_on_radar"].isna().all() and after["days_apart"].sum() == 0
    assert after["drones_neutralised"].sum() / after["drones_launched"].sum() == pytest.approx(0.864, abs=0.001)
    assert after["days_combined"].sum() == after["days"].sum() == 316
    parts = after[["drones_neutralised", "drones_still_in_air", "drones_unaccounted", "rest_not_split"]].sum(axis=1)
    assert (parts == after["drones_launched"]).all()
    # Before it, shot down and lost on radar apart: 0.49 and 0.87 together (1 June to 23 July 2025).
    before = regions_data.outcome_periods(con, "month", dt.date(2025, 6, 1), first - dt.timedelta(days=1))
    launched = before["drones_launched"].sum()
    assert before["drones_destroyed"].sum() / launched == pytest.approx(0.49, abs=0.005)
    assert (before["drones_destroyed"].sum() + before["drones_lost_on_radar"].sum()) / launched == pytest.approx(
        0.87, abs=0.005)
    # A range across it: the line at the declared first day.
    both = regions_data.outcome_periods(con, "week", dt.date(2025, 6, 1), dt.date(2025, 9, 30))
    figure = region_charts.outcome_shares_figure(both, period="week", title="t", subtitle="s",
                                                 change=region_charts.ChangeMark(change.first_day, "Change", "h"))
    assert [s.x0 for s in figure.layout.shapes if s.xref == "x"] == [pd.Timestamp(change.first_day)]


def test_lost_on_radar_is_not_given_from_the_change(con):
    coverage = regions_data.field_coverage(con, "month", dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    lost = coverage[coverage["metric"] == "drones_lost_on_radar"].set_index(
        pd.to_datetime(coverage["period"]).dt.strftime("%Y-%m")[coverage["metric"] == "drones_lost_on_radar"])
    # July 2025: given on the 23 days up to the 23rd; then on no day but the two exceptions the reports still gave
    # (22 October: 17; 27 December: 15).
    assert lost["reported"].to_dict() == {"2025-07": 23, "2025-08": 0, "2025-09": 0, "2025-10": 1, "2025-11": 0,
                                          "2025-12": 1}
