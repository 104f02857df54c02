"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

Needs /usr/bin/chromium (`.ci/run` installs it); skipped with a reason where it is missing.
Set ESCALATION_FIRST_PAINT_FILE to record the time until the charts show (the benchmark does), and
ESCALATION_SCREENSHOT_DIR to keep the screenshots (the README's are made by scripts/screenshots.py).
"""
from __future__ import annotations

import json
import os
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.servers import streamlit_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def app_url(real_db, tmp_path_factory):
    """`streamlit run` on a free loopback port against the real database."""
    with streamlit_server(real_db, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def open_app(page, url: str, charts: int = 2) -> float:
    """Open a page and wait until `charts` charts are drawn; returns the seconds that took."""
    started = time.monotonic()
    page.goto(url)
    if charts:
        # Plotly draws two svg.main-svg layers per chart.
        page.wait_for_function("(n) => document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\")"
                               ".length >= 2 * n", arg=charts, timeout=60_000)
    else:
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    elapsed = time.monotonic() - started
    wait_idle(page)
    return elapsed


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current run (its status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000)
    page.wait_for_timeout(300)


def kpis(page) -> dict[str, str]:
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    return dict(zip([label.strip() for label in labels], [value.strip() for value in values]))


def test_page_loads_with_charts_and_no_error(page, app_url):
    elapsed = open_app(page, app_url)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert kpis(page)["Most drones in a calendar day"] == "948"  # 24 Mar 2026, inside the default year
    print(f"first paint (charts shown): {elapsed:.2f} s")
    if os.environ.get("ESCALATION_FIRST_PAINT_FILE"):
        Path(os.environ["ESCALATION_FIRST_PAINT_FILE"]).write_text(json.dumps({"first_paint_s": elapsed}))


def test_changing_the_date_range_changes_the_kpis(page, app_url):
    open_app(page, app_url)
    before = kpis(page)
    page.locator("[data-testid='stSidebar']").get_by_text("Last 90 days", exact=True).click()
    wait_idle(page)
    page.wait_for_function(
        "(old) => document.querySelectorAll(\"[data-testid='stMetricValue']\")[4]?.innerText.trim() !== old",
        arg=before["Drones neutralised, %"], timeout=30_000)
    after = kpis(page)
    assert after["Drones neutralised, %"] != before["Drones neutralised, %"]


def test_url_with_a_range_shows_the_472_record(page, app_url):
    open_app(page, f"{app_url}/?start=2025-05-25&end=2025-06-05")
    shown = kpis(page)
    assert shown["Most drones in a calendar day"] == "472"
    assert "a record" in page.inner_text("[data-testid='stMain']")


def test_a_copied_url_restores_the_same_view(page, browser, app_url):
    open_app(page, f"{app_url}/?start=2025-04-01&end=2025-06-30&metrics=territory_gained_km2,drones_launched")
    page.locator("[data-testid='stSidebar']").get_by_text("Month", exact=True).click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('agg=month')", timeout=30_000)
    copied = page.url
    params = parse_qs(urlparse(copied).query)
    assert params["agg"] == ["month"] and params["metrics"] == ["territory_gained_km2,drones_launched"]
    original = (kpis(page), page.locator("[data-testid='stPlotlyChart']").first.inner_text())
    other = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    open_app(other, copied)
    restored = (kpis(other), other.locator("[data-testid='stPlotlyChart']").first.inner_text())
    assert restored == original
    sidebar = other.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_role("radio", name="Month").is_checked()
    assert sidebar.get_by_role("radio", name="Custom").is_checked()
    other.context.close()


def test_each_page_loads_at_its_path_and_keeps_the_view(page, app_url):
    query = "?start=2025-05-25&end=2025-06-05&events=0"
    open_app(page, f"{app_url}/records{query}")
    assert page.locator("[data-testid='stMain'] h1").inner_text() == "Record highs"
    assert kpis(page)["Drones launched"] == "948"  # all-time, whatever the range
    assert "Showing 25 May 2025 – 5 Jun 2025" in page.locator("[data-testid='stSidebar']").inner_text()
    # The navigation keeps the view: on to Methods, which has no chart, then back to the overview.
    page.locator("[data-testid='stTopNavLinkContainer'], header").get_by_text("Methods", exact=True).first.click()
    page.wait_for_function("() => location.pathname.endsWith('/methods')", timeout=30_000)
    page.wait_for_selector("text=Every metric", timeout=60_000)
    wait_idle(page)
    assert "start=2025-05-25" in page.url and "events=0" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    open_app(page, page.url.replace("/methods", "/"))
    assert kpis(page)["Most drones in a calendar day"] == "472"


def test_png_export_of_a_chart(page, app_url, tmp_path):
    open_app(page, f"{app_url}/?start=2025-05-01&end=2025-06-30&metrics=drones_launched")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.hover()
    with page.expect_download(timeout=30_000) as info:
        chart.locator(".modebar-btn[data-title='Download plot as a PNG']").click()
    path = tmp_path / "chart.png"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.parametrize("width", [390, 1440])
def test_screenshots_have_non_blank_charts(browser, app_url, width, tmp_path):
    from PIL import Image, ImageStat

    context = browser.new_context(viewport={"width": width, "height": 1200})
    page = context.new_page()
    open_app(page, f"{app_url}/?start=2025-05-01&end=2025-09-30")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box["width"] <= width and box["width"] > width * 0.6  # fits the screen, uses most of it
    shot = chart.screenshot()
    image = Image.open(BytesIO(shot)).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 10  # bars and text, not a blank box
    keep = os.environ.get("ESCALATION_SCREENSHOT_DIR")
    if keep:
        page.screenshot(path=str(Path(keep) / f"dashboard-{width}.png"))
    context.close()
