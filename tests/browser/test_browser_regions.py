"""/regions in a real browser: the oblast map draws offline from the outlines, with every oblast filled."""
from __future__ import annotations

from tests.browser.test_browser import app_url, browser, open_app, page  # noqa: F401  (fixtures)
from tests.browser.test_browser_views import PAST_RIGHT_EDGE


def test_the_oblast_map_draws(page, app_url):  # noqa: F811
    open_app(page, app_url + "/regions", charts=7)
    chart = page.locator(".st-key-chart_region_map .js-plotly-plot")
    assert chart.count() == 1
    # 25 outlines (24 oblasts and Crimea), each a filled path; Kyiv city is a marker with its label.
    fills = chart.locator("path.js-fill")
    assert fills.count() == 25
    assert "Kyiv city:" in chart.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0


def test_regions_page_fits_a_phone(page, app_url):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 900})
    open_app(page, app_url + "/regions", charts=7)
    assert page.evaluate(PAST_RIGHT_EDGE, 390) == []


def test_outcomes_follow_the_aggregate_and_show_each_fields_coverage(page, app_url):  # noqa: F811
    open_app(page, app_url + "/regions?agg=week", charts=7)
    outcomes = page.locator(".st-key-chart_outcomes .js-plotly-plot")
    assert "per week" in outcomes.inner_text() and "Rest, not split" in outcomes.inner_text()
    coverage = page.locator(".st-key-chart_coverage .js-plotly-plot")
    text = coverage.inner_text()
    for field in ("Shot down", "Lost on radar", "Still in the air", "Places hit", "Places with debris", "Real Shaheds"):
        assert field in text
    assert coverage.locator("g.trace.bars").count() == 6  # one row of bars per field
    assert "agg=week" in page.url
