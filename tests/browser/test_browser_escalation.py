"""The /escalation page in a real browser: the event-window KPIs, its four charts, the URL and a phone width.

Runs the app with `streamlit run` in Debian's Chromium against the real database (fixtures from test_browser).
The numbers are the drones launched around 2 June 2025, the second Istanbul round, with 7 days either side.
"""
from __future__ import annotations

from tests.browser.test_browser import app_url, browser, kpis, open_app, page, wait_idle  # noqa: F401  (fixtures)
from tests.browser.test_browser_views import PAST_RIGHT_EDGE

VIEW = "/escalation?start=2025-01-01&end=2025-12-31&anchor=2025-06-02&days=7"
CHART_KEYS = ("chart_event_window", "chart_regimes", "chart_salvos", "chart_saturation")


def test_event_window_kpis_and_all_four_charts(page, app_url):  # noqa: F811
    open_app(page, app_url + VIEW, charts=4)
    shown = kpis(page)
    assert shown["Daily mean, 7 days before"] == "180.3"
    assert shown["Daily mean, 7 days after"] == "150.3"
    assert shown["Change"] == "−17%"  # a true minus sign, as the page writes it (Ukrainian: "−17 %")
    assert "p-value" in shown
    assert page.locator("[data-testid='stPlotlyChart']").count() == 4
    assert page.locator(".js-plotly-plot").count() == 4
    # Each chart sits in the element Streamlit names after its key, so none is missing or doubled.
    for key in CHART_KEYS:
        assert page.locator(f".st-key-{key} .js-plotly-plot").count() == 1, key
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.inner_text("body")


def test_the_url_keeps_the_window_and_follows_the_days_radio(page, app_url):  # noqa: F811
    open_app(page, app_url + VIEW, charts=4)
    # Streamlit may rewrite the query on the first run; the view must survive that.
    assert "anchor=2025-06-02" in page.url and "days=7" in page.url
    page.locator("[data-testid='stRadio']", has_text="Days either side").get_by_text("30", exact=True).click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('days=30')", timeout=30_000)
    page.wait_for_selector("[data-testid='stMetricLabel']:has-text('Daily mean, 30 days before')", timeout=30_000)
    wait_idle(page)
    assert "anchor=2025-06-02" in page.url  # changing the length keeps day 0
    shown = kpis(page)
    assert "Daily mean, 30 days before" in shown and "Daily mean, 7 days before" not in shown
    assert shown["Daily mean, 30 days before"] != "180.3"  # the mean really was recomputed over 30 days


def test_no_text_past_the_right_edge_on_a_phone(browser, app_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 1600})
    page = context.new_page()
    open_app(page, app_url + VIEW, charts=4)
    page.wait_for_timeout(1000)  # charts and tables settle their widths after the run ends
    assert page.evaluate(PAST_RIGHT_EDGE, 390) == []
    context.close()


def test_event_window_legend_names_the_mean_before(page, app_url):  # noqa: F811
    open_app(page, app_url + VIEW, charts=4)
    legend = page.locator(".st-key-chart_event_window .legend").first
    # The legend is drawn in the SVG, so this is the text a reader (and the PNG export) sees.
    texts = [t.strip() for t in legend.locator("text.legendtext").all_text_contents()]
    assert "Mean before: 180.3" in texts
    assert "Mean after: 150.3" in texts
