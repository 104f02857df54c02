"""Every control a person can set survives a shared link, in a real browser (issue 24): a link carrying every
parameter of a page opens with each control set as the link says, and the address keeps them."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.browser.test_browser import app_url, browser, open_app, page, wait_idle  # noqa: F401  (fixtures)

CHECKED = """(label) => {
  const found = [...document.querySelectorAll("label")].filter(l => l.innerText.trim() === label);
  return found.map(l => { const input = l.querySelector("input") || document.getElementById(l.htmlFor);
                          return input ? input.checked : null; });
}"""


def _query(page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def _checked(page, label: str) -> list:
    return page.evaluate(CHECKED, label)


def test_the_overviews_link_sets_range_metrics_aggregate_scale_events_language_and_tab(page, app_url):  # noqa: F811
    asked = {"start": "2025-05-01", "end": "2025-06-30", "metrics": "drones_launched,missiles_launched",
             "agg": "week", "log": "1", "events": "0", "lang": "uk", "tab": "table"}
    open_app(page, app_url + "/?" + "&".join(f"{k}={v}" for k, v in asked.items()), charts=0)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert _checked(page, "Тиждень") == [True]  # agg=week
    assert _checked(page, "Власний") == [True]  # a range that is no preset
    assert sidebar.get_by_role("switch", name="Логарифмічна шкала").is_checked()
    assert not sidebar.get_by_role("switch", name="Показати події").is_checked()
    chips = sidebar.locator("[data-testid='stMultiSelect'] [data-tag] span[title]").all_inner_texts()
    assert chips == ["Запущено дронів", "Запущено ракет"], chips
    selected = page.evaluate("() => [...document.querySelectorAll('[role=tab]')].filter("
                             "t => t.getAttribute('aria-selected') === 'true').map(t => t.innerText)")
    assert selected == ["Таблиця"]
    kept = _query(page)
    assert {k: kept.get(k) for k in asked} == asked, kept


def test_records_link_sets_the_series_and_the_missile_split(page, app_url):  # noqa: F811
    open_app(page, app_url + "/records?series=missiles_launched&split=1", charts=2)
    assert page.get_by_role("switch", name="Show cruise and ballistic missiles separately").is_checked()
    assert page.get_by_role("combobox", name="Series").first.input_value() == "Missiles launched"
    kept = _query(page)
    assert (kept.get("series"), kept.get("split")) == ("missiles_launched", "1"), kept


def test_escalation_link_sets_series_window_anchor_and_month(page, app_url):  # noqa: F811
    open_app(page, app_url + "/escalation?series=missiles_launched&days=30&anchor=2025-06-01&month=2025-05"
             "&start=2025-01-01&end=2025-12-31", charts=2)
    assert _checked(page, "30") == [True]  # days either side
    anchor = page.locator("[data-testid='stDateInput'] input").last.input_value()
    assert anchor in ("2025/06/01", "2025-06-01", "01/06/2025", "06/01/2025"), anchor
    assert page.get_by_role("combobox", name="Month").input_value() == "May 2025"
    kept = _query(page)
    assert {k: kept.get(k) for k in ("series", "days", "anchor", "month")} == {
        "series": "missiles_launched", "days": "30", "anchor": "2025-06-01", "month": "2025-05"}, kept


def test_regions_link_sets_the_basis(page, app_url):  # noqa: F811
    open_app(page, app_url + "/regions?basis=regional", charts=1)
    assert _checked(page, "Regional air commands: the target of their reports") == [True]
    assert _query(page).get("basis") == "regional"
