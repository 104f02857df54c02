"""What only a browser shows about a view: labelled events, exports, phone widths and the crosshair.

Runs the app with `streamlit run` in Debian's Chromium (fixtures from test_browser)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.browser.test_browser import app_url, browser, open_app, page, wait_idle  # noqa: F401  (fixtures)

# Leaf elements (HTML and SVG text) whose right edge passes the window's.
PAST_RIGHT_EDGE = """(width) => [...document.querySelectorAll('[data-testid=stMain] *, [data-testid=stMain] svg text')]
    .filter(e => (e.children.length === 0 || e.tagName === 'text') && (e.textContent || '').trim()
                 && e.getClientRects().length && e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 50))"""
CHART_CONFIGS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(el => ({
    scale: el._context.toImageButtonOptions.scale, format: el._context.toImageButtonOptions.format,
    text: (el.layout.annotations || []).map(a => a.text).join(' | ')}))"""


def test_events_are_labelled_in_the_svg_with_a_link_and_do_not_collide(browser, app_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 1200})
    page = context.new_page()
    open_app(page, f"{app_url}/?start=2025-05-01&end=2025-08-31&metrics=drones_launched,missiles_launched")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    labels = chart.locator("g.annotation", has=page.locator("a"))
    texts = labels.evaluate_all("els => els.map(e => e.textContent)")
    assert {"Istanbul talks (2nd round)", "Operation Spiderweb", "Alaska summit"} <= {t.strip() for t in texts}
    hrefs = chart.locator("g.annotation a").evaluate_all("els => els.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))")
    assert all(h.startswith("https://") for h in hrefs) and len(hrefs) >= len(texts)
    # Spiderweb (1 June) and the second Istanbul round (2 June) are a day apart: both readable, no overlap.
    boxes = [b for b in (labels.nth(i).locator("text").bounding_box() for i in range(labels.count())) if b]
    for i, one in enumerate(boxes):
        for other in boxes[i + 1:]:
            overlap_x = min(one["x"] + one["width"], other["x"] + other["width"]) - max(one["x"], other["x"])
            overlap_y = min(one["y"] + one["height"], other["y"] + other["height"]) - max(one["y"], other["y"])
            assert overlap_x <= 1 or overlap_y <= 1, (one, other)
    # Labels sit between the title block and the plot: never over the title or a panel title.
    title = chart.locator("g.annotation", has_text="Russia–Ukraine war").locator("text").first.bounding_box()
    panel = chart.locator("g.annotation", has_text="Drones launched · drones").locator("text").first.bounding_box()
    assert all(title["y"] + title["height"] <= b["y"] + 1 and b["y"] + b["height"] <= panel["y"] + 1 for b in boxes)
    context.close()


def test_every_chart_exports_at_2x_with_title_range_and_sources(page, app_url):  # noqa: F811
    for path, charts in (("/?start=2025-05-01&end=2025-06-30", 2), ("/records?start=2025-05-01&end=2025-06-30", 2)):
        open_app(page, app_url + path, charts=charts)
        configs = page.evaluate(CHART_CONFIGS)
        assert len(configs) >= charts
        for config in configs:
            assert (config["scale"], config["format"]) == (2, "png")
            # The record sequence is drawn over the whole history, whatever the range: it carries its own span.
            span = ("28 Sep 2022 – 7 Jun 2026" if "the record under each" in config["text"]
                    else "1 May 2025 – 30 Jun 2025")
            assert span in config["text"] and "Source:" in config["text"]
    # SVG on request, for every chart.
    page.locator("[data-testid='stSidebar']").get_by_text("SVG", exact=True).click()
    wait_idle(page)
    assert {c["format"] for c in page.evaluate(CHART_CONFIGS)} == {"svg"}


@pytest.mark.parametrize("path", ["/?start=2025-05-01&end=2025-09-30", "/records?start=2025-05-01&end=2025-09-30",
                                  "/methods"])
def test_no_text_past_the_right_edge_on_a_phone(browser, app_url, path):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 1600})
    page = context.new_page()
    open_app(page, app_url + path, charts=0 if path == "/methods" else 2)
    page.wait_for_timeout(1000)
    assert page.evaluate(PAST_RIGHT_EDGE, 390) == []
    context.close()


def test_csv_opens_in_pandas_one_column_per_metric(page, app_url):  # noqa: F811
    open_app(page, f"{app_url}/?start=2025-01-01&end=2025-12-31&metrics=drones_launched,missiles_launched&agg=month")
    with page.expect_download() as info:
        page.get_by_role("button", name="Data (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "2025-05-01,2025-05-31,31,4003,124," in text  # counts as integers, as a person reads them
    table = pd.read_csv(info.value.path())
    assert list(table.columns) == ["period_start", "period_end", "days_in_period", "drones_launched",
                                   "missiles_launched", "drones_launched_days_covered",
                                   "missiles_launched_days_covered"]
    may = table.set_index("period_start").loc["2025-05-01"]
    assert may["drones_launched"] == 4003 and may["missiles_launched"] == 124 and may["days_in_period"] == 31
    with page.expect_download() as info:
        page.get_by_role("button", name="Data package (zip)").click()
    with zipfile.ZipFile(info.value.path()) as archive:
        assert sorted(archive.namelist()) == ["data.csv", "datapackage.json", "sources.csv"]
        sources = pd.read_csv(io.BytesIO(archive.read("sources.csv")))
    assert set(sources["licence"]) == {"CC BY-NC-SA 4.0"} and sources["view_url"].str.contains("agg=month").all()


def test_hovering_a_date_shows_every_panels_value(page, app_url):  # noqa: F811
    open_app(page, f"{app_url}/?start=2025-05-25&end=2025-06-05&metrics=drones_launched,missiles_launched")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    plot = chart.locator(".nsewdrag").last  # the bottom panel's plot area
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    # 1 June 2025 is the 8th of 12 days: hover it in the bottom (missiles) panel.
    page.mouse.move(box["x"] + box["width"] * (7.5 / 12), box["y"] + box["height"] / 2)
    page.wait_for_selector(".hoverlayer .legend", timeout=10_000)
    hover = chart.locator(".hoverlayer").text_content()
    assert "Drones launched: 472 drones" in hover and "Missiles launched: 7 missiles" in hover


def test_a_link_with_tab_table_opens_the_table_and_switching_writes_it(page, app_url):  # noqa: F811
    open_app(page, f"{app_url}/?tab=table", charts=0)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    selected = page.evaluate("() => [...document.querySelectorAll('[role=tab]')].filter("
                             "t => t.getAttribute('aria-selected') === 'true').map(t => t.innerText)")
    assert selected == ["Table"]
    page.get_by_role("tab", name="Chart").click()
    wait_idle(page)
    assert "tab=" not in page.url
