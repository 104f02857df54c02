"""The Ukrainian edition in a real browser: / and /records, with Ukrainian words, dates and numbers in the charts."""
from __future__ import annotations

from tests.browser.test_browser import app_url, browser, open_app, page  # noqa: F401  (fixtures)
from tests.browser.test_browser_views import PAST_RIGHT_EDGE

UKRAINIAN_MONTHS = ("січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд.")


def test_overview_in_ukrainian(page, app_url):  # noqa: F811
    open_app(page, app_url + "/?lang=uk")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Російсько-українська війна день за днем"
    chart = page.locator(".st-key-chart_compare .js-plotly-plot")
    text = chart.inner_text()
    assert any(month in text for month in UKRAINIAN_MONTHS)  # Plotly's date axis, from Babel's month names
    assert "Запущено дронів" in text  # a metric label in the panel title
    # Plotly's modebar speaks Ukrainian too, from the catalogue passed in the chart's locale dictionary.
    titles = chart.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert {"Завантажити графік як PNG", "Скинути осі"} <= set(titles), titles
    assert page.locator("[data-testid='stException']").count() == 0
    assert "lang=uk" in page.url


def test_records_in_ukrainian_keeps_lang_and_fits_a_phone(page, app_url):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 900})
    open_app(page, app_url + "/records?lang=uk")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Рекорди"
    kpis = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any("948" in k and "Запущено дронів" in k for k in kpis)
    # Numbers over a thousand in a chart's ticks use a no-break space as Ukrainian writes them.
    ticks = page.locator(".st-key-chart_drones_launched .ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and all("," not in t for t in ticks), ticks
    assert "lang=uk" in page.url
    assert page.evaluate(PAST_RIGHT_EDGE, 390) == []
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_table_under_the_comparison_chart_in_ukrainian(page, app_url):  # noqa: F811
    """The rows behind the chart, with the refresh's notes in Ukrainian: late May 2023 holds loss corrections
    and days without a note side by side."""
    open_app(page, app_url + "/?lang=uk&metrics=territory_gained_km2,losses_personnel&start=2023-05-20&end=2023-06-05")
    page.get_by_role("tab", name="Таблиця").click()
    table = page.locator("[data-testid='stTabs'] [data-testid='stDataFrame']")
    table.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    table.locator("[role='columnheader']").first.wait_for(state="attached", timeout=30_000)
    headers = table.locator("[role='columnheader']").all_inner_texts()
    # Wide, as the CSV: a column per metric headed by its label and unit, the day's notes last.
    assert {"Дата", "Територія, захоплена Росією (DeepState) (км²)", "Примітка"} <= {h.strip() for h in headers}, headers
    cells = table.locator("[role='gridcell']").all_inner_texts()
    # 20 May 2023: DeepState published no new map.
    assert any("нової мапи немає: перенесено попередню" in cell for cell in cells), cells
    assert "None" not in cells
