"""The static edition (`python -m dashboard.publish`) in a real browser: Debian's Chromium driven by Playwright
against the built site served from a loopback HTTP server. Every page draws its chart offline (no request leaves
the site, no script error), the range buttons change what is shown, the pages fit a phone and an embed fits a
320 px box, and a hostile event title reaches the reader as text, never as markup.

Needs /usr/bin/chromium and the real data (ESCALATION_SOURCE_DIR) for all but the hostile title; skipped with a
reason where either is missing.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import threading
from pathlib import Path

import duckdb
import pytest

from dashboard.publish import catalogue, cli
from etl.pipeline.refresh import refresh
from tests.browser.test_browser import CHROMIUM, browser  # noqa: F401  (fixture)
from tests.conftest import PINNED_NOW, small_history, write_source_dir

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (apt-get install -y chromium)")

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
BASE_URL = "https://charts.example.org/war/"  # a realistic length for the links and snippets written on the pages
SLUGS = [chart.slug for chart in catalogue.CHARTS]
EMBEDS = [f"{lang}embed/{slug}.html" for lang in ("", "uk/") for slug in SLUGS]
PAGES = ["index.html", "uk/index.html", *(f"{lang}charts/{slug}.html" for lang in ("", "uk/") for slug in SLUGS),
         *EMBEDS, "archive/*/charts/drones.html"]  # one frozen copy: its assets are three folders up
DRAWN = "#chart[data-drawn=true]"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def _serving(folder: Path):
    """A static HTTP server for the folder on a free loopback port, for the whole module (`serve` is per test)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def real_site(real_db, tmp_path_factory):
    """The site from the real data, built once; yields (its folder, the URL it is served at)."""
    out = tmp_path_factory.mktemp("static_real") / "site"
    assert cli.main(["--db", str(real_db), "--out", str(out), "--base-url", BASE_URL, "--quiet"]) == 0
    with _serving(out) as url:
        yield out, url


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The site from the small hand-written history, with one event whose every text is hostile markup."""
    folder = tmp_path_factory.mktemp("static_small")
    db = folder / "small.duckdb"
    report = refresh(db, source_dir=write_source_dir(folder / "source", small_history()), quiet=True, now=PINNED_NOW)
    assert not report.failed, [o.message for o in report.failed]
    with duckdb.connect(str(db)) as con:  # an event a person typed, inside the attack reports' range
        con.execute("DELETE FROM events")
        con.execute("INSERT INTO events (date, title, description, source_url, title_uk, description_uk) "
                    "VALUES (DATE '2025-02-15', ?, ?, 'https://example.org/', ?, ?)", [HOSTILE] * 4)
    assert cli.main(["--db", str(db), "--out", str(folder / "site"), "--base-url", BASE_URL, "--quiet"]) == 0
    with _serving(folder / "site") as url:
        yield url


@pytest.fixture(scope="module")
def context(browser):  # noqa: F811
    """One context for the module: plotly.js is fetched and compiled once; each test opens its own page in it."""
    context = browser.new_context()
    yield context
    context.close()


@contextlib.contextmanager
def opened(context, url: str, width: int = 1440):
    """A new page at this width, opened at url with its chart drawn; records what it asked for and what went
    wrong: .requests (every URL), .errors (uncaught exceptions and console errors), .dialogs."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: message.type == "error" and page.errors.append(f"console: {message.text}"))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        page.wait_for_selector(DRAWN, state="attached", timeout=30_000)
        yield page
    finally:
        page.close()


def resolve(site: Path, path: str) -> str:
    """The path as served: the archive's one dated folder put in for the *."""
    if "*" not in path:
        return path
    found = sorted(site.glob(path))
    assert len(found) == 1, found
    return str(found[0].relative_to(site))


def x_range(page) -> tuple[dt.date, dt.date]:
    """The first x axis's shown range, as days."""
    first, last = page.evaluate("() => document.getElementById('chart')._fullLayout.xaxis.range")
    return dt.date.fromisoformat(str(first)[:10]), dt.date.fromisoformat(str(last)[:10])


def click_range(page, days: str) -> tuple[dt.date, dt.date]:
    page.locator(f".ranges button[data-days='{days}']").click()
    page.wait_for_selector(f"#chart[data-range='{days}']", state="attached", timeout=30_000)
    return x_range(page)


def scroll_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_draws_its_chart_offline_without_errors(context, real_site, path):
    site, url = real_site
    with opened(context, url + resolve(site, path)) as page:
        assert page.locator("#chart .main-svg").count() >= 1
        page.wait_for_load_state("load")
        assert any("/assets/plotly-" in r for r in page.requests), page.requests  # the recording works
        outside = [r for r in page.requests if not r.startswith(url) and not r.startswith("data:")]
        assert outside == [], outside
        assert page.errors == [], page.errors


def test_range_buttons_change_the_shown_range(context, real_site):
    _site, url = real_site
    with opened(context, url + "charts/drones.html") as page:
        end = dt.date.fromisoformat(page.get_attribute("#chart", "data-end"))
        first, last = click_range(page, "30")
        assert last == end and 29 <= (last - first).days <= 31, (first, last)
        first, last = click_range(page, "all")
        assert first.year <= 2022 and last >= end, (first, last)  # the drone reports start 2022-09-28
        first, last = click_range(page, "90")
        assert last == end and 89 <= (last - first).days <= 91, (first, last)
        assert page.get_attribute(".ranges button[data-days='90']", "aria-pressed") == "true"
        assert page.errors == [], page.errors


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_fits_a_320_px_box(context, real_site, path):
    _site, url = real_site
    with opened(context, url + path, width=320) as page:
        assert page.locator("#chart .main-svg").count() >= 1
        assert scroll_width(page) <= 320
        assert page.errors == [], page.errors


@pytest.mark.parametrize("path", ["charts/drones.html", "uk/charts/compare.html", "index.html"])
def test_a_chart_page_fits_a_phone(context, real_site, path):
    _site, url = real_site
    with opened(context, url + path, width=390) as page:
        assert scroll_width(page) <= 390


def event_texts(page) -> str:
    """The chart's annotations as the reader sees them (SVG text has no innerText: its textContent)."""
    return " ".join(page.locator("#chart .annotation-text").evaluate_all("els => els.map(e => e.textContent)"))


@pytest.mark.parametrize("lang", ["", "uk/"])
def test_a_hostile_event_title_shows_as_text(context, hostile_site, lang):
    with opened(context, hostile_site + lang + "charts/drones.html") as page:
        page.wait_for_timeout(500)  # an injected handler (onerror) would have fired by now
        assert page.dialogs == []
        assert page.evaluate("() => document.querySelectorAll('img[src=x], #chart script').length") == 0
        shown = event_texts(page)
        assert "<script>alert(" in shown and "</script><img src=x onerror=alert(1)> & " in shown, shown
        assert page.errors == [], page.errors


def test_quotes_in_an_event_title_show_as_quotes(context, hostile_site):
    with opened(context, hostile_site + "charts/drones.html") as page:
        shown = event_texts(page)
        assert 'alert("x")' in shown and '"quotes"' in shown and "&quot;" not in shown, shown
