"""Issue "Nothing wrong loaded, nothing lost", page part: what the page promises whatever is picked or linked.

- Any number of metrics, up to all of them, draws every panel legibly and never crashes the page.
- A value from the URL is repeated back as plain text, never as a link, bold text or an icon.
- A notice about the link goes away once the person changes the view.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.shared import charts
from etl.pipeline.refresh import refresh
from tests.app.test_app import APP, figure
from tests.conftest import PINNED_NOW, small_history, write_source_dir
from tests.servers import streamlit_server

CHROMIUM = "/usr/bin/chromium"
MARKUP_URLS = {  # query string -> the value a notice repeats back
    "metrics=https://evil.example/login": "https://evil.example/login",
    "agg=__bold__": "__bold__",
    "agg=:material/warning:": ":material/warning:",
    "agg=:smile:": ":smile:",  # an emoji shortcode
    "metrics=www.evil.example": "www.evil.example",  # an automatic link without a scheme
}


def app_with(monkeypatch, db, query: str = "") -> AppTest:
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    for part in filter(None, query.split("&")):
        key, value = part.split("=", 1)
        at.query_params[key] = value
    return at.run()


def link_notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info if "Link:" in i.value]


def all_metrics(db) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [m for (m,) in con.execute("SELECT metric FROM metrics ORDER BY metric").fetchall()]


def panel_heights(fig: go.Figure) -> list[float]:
    """Each panel's plot height in pixels, top panel first."""
    layout = fig.to_dict()["layout"]
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    axes = sorted((k for k in layout if re.fullmatch(r"yaxis\d*", k)), key=lambda k: int(k[5:] or 1))
    return [(layout[k]["domain"][1] - layout[k]["domain"][0]) * plot for k in axes]


# --- 1. Many metrics -------------------------------------------------------------------------------------

def catalogue_of(n: int) -> pd.DataFrame:
    kinds = ["flow", "level", "rate"]
    return pd.DataFrame({"metric": [f"m{i}" for i in range(n)], "label": [f"Metric {i}" for i in range(n)],
                         "unit": "things", "kind": [kinds[i % 3] for i in range(n)]})


@pytest.mark.parametrize("n", [1, 2, 4, 12, 16, 17, 18, 43])
def test_every_panel_keeps_a_legible_height_up_to_all_43_metrics(n):
    dates = pd.date_range("2025-06-01", periods=30)
    series = pd.DataFrame([{"date": d, "metric": f"m{i}", "value": float(i + 1)} for i in range(n) for d in dates])
    fig = charts.metric_panels(series, catalogue_of(n), pd.DataFrame(columns=["metric"]), title="t",
                               subtitle="s", source_lines=("a", "b"))
    go.Figure(fig.to_dict())  # a valid figure: Plotly's validators accept every property
    heights = panel_heights(fig)
    assert len(heights) == n
    assert charts.PANEL_MIN_PX >= 120  # room for a title, three ticks and the bars between them
    assert min(heights) >= charts.PANEL_MIN_PX - 0.5, heights
    domains = [fig.layout[f"yaxis{i if i > 1 else ''}"].domain for i in range(1, n + 1)]
    assert all(0 <= low < high <= 1 for low, high in domains)
    assert all(below[1] < above[0] for above, below in zip(domains, domains[1:]))  # stacked, not overlapping


def test_all_43_metrics_selected_draw_every_panel_without_an_exception(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db)
    everything = all_metrics(real_db)
    assert len(everything) == 43
    at.sidebar.multiselect(key="metrics").set_value(everything).run()
    assert not at.exception, at.exception
    shown = figure(at, "chart_compare")
    titles = [a for a in shown["layout"]["annotations"] if a.get("text", "").startswith("<b>")
              and a.get("yanchor") == "bottom" and a.get("yshift") is None]  # panel titles, not the title block
    assert len(titles) == 43
    assert any("43 panels" in c.value for c in at.sidebar.caption)  # how to read a chart this long
    # The same view from a link.
    at = app_with(monkeypatch, real_db, "metrics=" + ",".join(everything))
    assert not at.exception and len(at.sidebar.multiselect(key="metrics").value) == 43


# --- 2. Markup from the URL ------------------------------------------------------------------------------

def without_escapes(text: str) -> str:
    return re.sub(r"\\.", "", text)  # a backslash-escaped character is shown as text


def as_read(text: str) -> str:
    """Notice text as a person reads it: escapes resolved, invisible word joiners dropped."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


@pytest.mark.parametrize("query", list(MARKUP_URLS))
def test_a_value_from_the_url_is_shown_as_plain_text(monkeypatch, real_db, query):
    at = app_with(monkeypatch, real_db, query)
    assert not at.exception
    notices = link_notices(at)
    for notice in notices:
        active = without_escapes(notice)
        assert not re.search(r"https?://|www\.|\]\(|<a\b", active), notice  # no link, written or automatic
        assert not re.search(r"__|\*\*|(?<![\w\\])_\w|\w_(?!\w)", active), notice  # no bold or emphasis
        assert not re.search(r":[\w/-]+:", active), notice  # no :icon: or :emoji:
    # What the person typed is still what they read, once Markdown resolves the escapes.
    assert any(MARKUP_URLS[query] in as_read(notice) for notice in notices), notices


# --- 3. A notice goes away once the view changes ---------------------------------------------------------

def test_a_url_notice_stays_until_its_control_is_changed(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, "start=2025-05-25&end=2025-06-05&agg=decade")
    assert link_notices(at) == ["Link: agg 'decade' is not day, week or month; showing days."]
    at.run()  # a rerun with nothing changed keeps it
    assert len(link_notices(at)) == 1
    at.sidebar.radio(key="agg").set_value("week").run()
    assert link_notices(at) == [] and not at.exception
    at.switch_page("app_pages/records/page.py").run()
    at.switch_page("app_pages/overview/page.py").run()
    assert link_notices(at) == []


@pytest.mark.parametrize("change", ["preset", "metrics", "events"])
def test_url_notices_go_once_any_control_is_changed(monkeypatch, real_db, change):
    at = app_with(monkeypatch, real_db, "start=2025-99-99&smooth=14")
    assert len(link_notices(at)) == 2
    if change == "preset":
        at.sidebar.radio(key="preset").set_value("All").run()
    elif change == "metrics":
        at.sidebar.multiselect(key="metrics").set_value(["occupied_km2"]).run()
    else:
        at.sidebar.toggle(key="events").set_value(False).run()
    assert link_notices(at) == [] and not at.exception


# --- 2, in a real browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_app_url(tmp_path_factory):
    """`streamlit run` on a free loopback port against a small database built from hand-written rows."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    folder = tmp_path_factory.mktemp("small")
    db = folder / "small.duckdb"
    report = refresh(db, source_dir=write_source_dir(folder / "source", small_history()), quiet=True, now=PINNED_NOW)
    assert not report.failed, [o.message for o in report.failed]
    with streamlit_server(db, folder / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("query", list(MARKUP_URLS))
def test_the_browser_shows_a_url_value_as_text_not_markup(small_app_url, query):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(f"{small_app_url}/?{query}")
            main = page.locator("[data-testid='stMain']")
            notices = main.locator("[data-testid='stAlert']", has_text="Link:")
            notices.first.wait_for(timeout=60_000)
            page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)  # the page has run
            assert main.locator("a[href*='evil.example']").count() == 0
            assert notices.locator("[data-testid='stMarkdownContainer']").locator(
                "a, strong, em, span[role='img']").count() == 0  # no link, bold or icon
            shown = "\n".join(notices.all_inner_texts()).replace("\u2060", "")  # word joiners are invisible
            assert MARKUP_URLS[query] in shown, shown  # shown literally, as typed
        finally:
            browser.close()
