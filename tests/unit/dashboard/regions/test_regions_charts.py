"""The /regions chart builders on small frames: thin weeks faded, the strip of reports that give a field, and the
change of reporting drawn as a line that an exported image keeps."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import data as regions_data
from dashboard.app_pages.regions.charts import coverage_marks
from etl.registry import breaks, rules

WEEKS = ["2025-03-03", "2025-03-10", "2025-03-17"]
CHANGE = region_charts.ChangeMark("2025-07-24", "Change of reporting", "One figure from then on.")


def valid(figure: go.Figure) -> go.Figure:
    """The builders skip Plotly's validation for speed; this raises on any invalid property."""
    return go.Figure(figure.to_dict())


def test_the_threshold_is_declared_once_and_a_week_under_it_is_thin():
    assert rules.COVERAGE_MIN_SHARE == coverage_marks.THRESHOLD == 0.5
    # 7 of 7, 3 of 7 (under half), 4 of 8 (exactly half: not thin), no report at all (nothing to fade).
    coverage = pd.DataFrame({"reports": [7, 7, 8, 0], "giving": [7, 3, 4, 0]})
    assert coverage_marks.is_thin(coverage).tolist() == [False, True, False, False]
    assert coverage_marks.is_thin(coverage, None).tolist() == [False] * 4


def multiples(threshold=rules.COVERAGE_MIN_SHARE) -> go.Figure:
    weeks = pd.DataFrame({"week": WEEKS * 2, "region_iso": ["UA-63"] * 3 + ["UA-59"] * 3,
                          "reports": [5, 1, 4, 3, 0, 2]})
    coverage = pd.DataFrame({"period": WEEKS, "reports": [7, 9, 8], "giving": [7, 2, 6]})
    return valid(region_charts.region_multiples_figure(
        weeks, {"UA-63": "Kharkiv oblast", "UA-59": "Sumy oblast"}, title="t", subtitle="s", coverage=coverage,
        coverage_hover="{giving} of {reports} national reports list regions", strip_title="Share that list regions",
        threshold=threshold))


def test_a_week_where_few_reports_list_regions_is_faded_in_every_panel():
    figure = multiples()
    kharkiv, sumy, cells, shares = figure.data
    # The week of 10 March: 2 of 9 reports list regions, under half: faded; the others drawn in full.
    assert list(kharkiv.marker.opacity) == list(sumy.marker.opacity) == [1.0, coverage_marks.FADED_OPACITY, 1.0]
    assert "2 of 9 national reports list regions" in kharkiv.hovertemplate.replace(
        "%{customdata[0]}", "2").replace("%{customdata[1]}", "9")
    assert [list(c) for c in kharkiv.customdata] == [[7, 7], [2, 9], [6, 8]]
    # The strip: a cell per week with reports and the share that list regions on it, the thin week faded there too.
    assert list(cells.y) == [1, 1, 1] and list(shares.y) == pytest.approx([1.0, 2 / 9, 0.75])
    assert list(shares.marker.opacity) == [1.0, coverage_marks.FADED_OPACITY, 1.0]
    assert figure.layout.barmode == "overlay" and shares.yaxis == "y3"
    # The threshold as a dashed line across the strip, and the strip's title on the figure (so an export has them).
    (line,) = [s for s in figure.layout.shapes if s.yref == "y3"]
    assert (line.y0, line.y1, line.line.dash) == (0.5, 0.5, "dash")
    assert "Share that list regions" in [a.text for a in figure.layout.annotations]
    assert figure.layout.yaxis3.domain[1] == 1 and figure.layout.yaxis.domain[1] < figure.layout.yaxis3.domain[0]


def test_the_regional_commands_are_not_faded_and_their_strip_counts_reports():
    figure = multiples(threshold=None)
    kharkiv, _sumy, counts = figure.data
    assert list(kharkiv.marker.opacity) == [1.0, 1.0, 1.0]
    assert list(counts.y) == [7, 9, 8]  # no cell under a count, no threshold line
    assert not [s for s in figure.layout.shapes if s.yref == "y3"]


def test_without_coverage_the_panels_are_drawn_as_before():
    weeks = pd.DataFrame({"week": WEEKS, "region_iso": ["UA-63"] * 3, "reports": [5, 1, 4]})
    figure = valid(region_charts.region_multiples_figure(weeks, {"UA-63": "Kharkiv oblast"}, title="t", subtitle="s"))
    assert len(figure.data) == 1 and figure.data[0].marker.opacity is None


def outcome_weeks(*, before: bool = True, after: bool = True) -> pd.DataFrame:
    """Two weeks worked by hand: one before the change (shot down and lost on radar apart, one day giving still in
    the air), one after (the one figure)."""
    rows = []
    if before:
        rows.append(dict(period="2025-07-14", drones_launched=400.0, drones_destroyed=200.0,
                         drones_lost_on_radar=150.0, drones_neutralised=None, drones_still_in_air=2.0,
                         drones_unaccounted=8.0, rest_not_split=40.0, days=7, days_apart=7, days_combined=0,
                         days_split=1))
    if after:
        rows.append(dict(period="2025-07-28", drones_launched=500.0, drones_destroyed=None,
                         drones_lost_on_radar=None, drones_neutralised=430.0, drones_still_in_air=0.0,
                         drones_unaccounted=0.0, rest_not_split=70.0, days=7, days_apart=0, days_combined=7,
                         days_split=0))
    return pd.DataFrame(rows)


def test_the_outcomes_continue_after_the_change_as_one_neutralised_band_with_a_labelled_line():
    figure = valid(region_charts.outcome_shares_figure(outcome_weeks(), period="week", title="t", subtitle="s",
                                                       change=CHANGE))
    bands = {t.name: list(t.y) for t in figure.data}
    assert bands["Shot down"] == pytest.approx([0.5, float("nan")], nan_ok=True)
    assert bands["Shot down or suppressed (neutralised)"] == pytest.approx([float("nan"), 0.86], nan_ok=True)
    # Each week's parts add up to what was launched.
    totals = pd.DataFrame(bands).fillna(0).sum(axis=1)
    assert totals.tolist() == pytest.approx([1.0, 1.0])
    # The change: a dashed line through the plot and its label, as layout shape and annotation (kept by an export).
    (line,) = [s for s in figure.layout.shapes if s.x0 == pd.Timestamp("2025-07-24")]
    assert (line.type, line.yref, line.y0, line.y1, line.line.dash) == ("line", "paper", 0, 1, "dash")
    (label,) = [a for a in figure.layout.annotations if a.text == "Change of reporting"]
    assert label.x == pd.Timestamp("2025-07-24") and label.hovertext == "One figure from then on."


def test_a_range_on_one_side_of_the_change_has_no_line_and_no_empty_band():
    after = valid(region_charts.outcome_shares_figure(outcome_weeks(before=False), period="week", title="t",
                                                      subtitle="s", change=CHANGE))
    assert "Lost on radar" not in {t.name for t in after.data} and not after.layout.shapes
    before = valid(region_charts.outcome_shares_figure(outcome_weeks(after=False), period="week", title="t",
                                                       subtitle="s", change=CHANGE))
    assert "Shot down or suppressed (neutralised)" not in {t.name for t in before.data}
    assert not before.layout.shapes


def test_the_field_coverage_chart_draws_the_change_too():
    coverage = pd.DataFrame({"period": ["2025-07-01", "2025-08-01"] * 2, "metric": ["drones_destroyed"] * 2
                             + ["drones_lost_on_radar"] * 2, "days": [31, 31, 31, 31], "reported": [31, 31, 23, 0]})
    figure = valid(region_charts.coverage_figure(coverage, period="month", title="t", subtitle="s", change=CHANGE))
    assert [s.x0 for s in figure.layout.shapes if s.type == "line" and s.xref == "x"] == [pd.Timestamp("2025-07-24")]
    lost = [t for t in figure.data if t.name == "Lost on radar"][0]
    assert list(lost.marker.color) == pytest.approx([23 / 31, 0.0])


def test_the_page_draws_the_change_the_registry_declares():
    (change,) = [c for c in breaks.BREAKS if c.metric == "drones_lost_on_radar"]
    assert regions_data.NEUTRALISED_ONLY is change


def test_a_share_fades_its_thin_periods_and_shows_how_many_reports_give_its_field():
    periods = pd.DataFrame({"period": ["2026-03-01", "2026-04-01", "2026-05-01"],
                            "numerator": [2276.0, 2483.0, 492.0], "denominator": [5906.0, 6583.0, 1277.0],
                            "ratio": [2276 / 5906, 2483 / 6583, 492 / 1277], "days": [31, 29, 3],
                            "reports": [32, 30, 36], "giving": [31, 30, 5]})
    figure = valid(region_charts.ratio_figure(periods, period="month", title="t", subtitle="s", name="Decoys",
                                              coverage_hover="{giving} of {reports} reports give the real count",
                                              strip_title="Reports giving the real count"))
    faded, full, cells, shares = figure.data
    # May 2026: 5 of 36 reports give the real Shahed count: drawn faded, and left out of the full line.
    assert list(faded.marker.opacity) == [1.0, 1.0, coverage_marks.FADED_OPACITY]
    assert list(full.y) == pytest.approx([*periods["ratio"][:2], float("nan")], nan_ok=True)
    assert full.hoverinfo == "skip" and "reports give the real count" in faded.hovertemplate
    assert list(shares.y) == pytest.approx([31 / 32, 1.0, 5 / 36]) and shares.yaxis == "y2"
    assert figure.layout.xaxis.anchor == "y2"


def test_a_share_without_coverage_columns_is_one_line():
    periods = pd.DataFrame({"period": ["2026-03-01", "2026-04-01"], "numerator": [1.0, 2.0],
                            "denominator": [10.0, 10.0], "ratio": [0.1, 0.2], "days": [3, 4]})
    figure = valid(region_charts.ratio_figure(periods, period="month", title="t", subtitle="s", name="x"))
    assert len(figure.data) == 1 and "yaxis2" not in figure.to_dict()["layout"]


def test_a_change_near_the_right_edge_is_labelled_to_its_left():
    _line, label = coverage_marks.break_line(dt.date(2025, 7, 24), "Change", "h",
                                             x_range=(dt.date(2025, 1, 1), dt.date(2025, 8, 1)))
    assert (label["xanchor"], label["xshift"]) == ("right", -3)
    _line, label = coverage_marks.break_line("2025-07-24", "Change", "h",
                                             x_range=(dt.date(2025, 1, 1), dt.date(2026, 8, 1)))
    assert label["xanchor"] == "left"
