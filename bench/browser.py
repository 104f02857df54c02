"""In-browser timing: `python -m bench.browser --db PATH [--repeats N] [--pages /,/records,/methods]`.

Starts `streamlit run` for the dashboard and for bench/one_chart_app.py on free loopback ports, drives
Debian's Chromium with Playwright and measures, each over `repeats` runs (median, min, max):
1. first chart per page: from the start of `page.goto(url)` until the first Plotly chart is visible
   (rule "chart"); a page without a chart uses rule "content" instead (see RULES). Every run uses a
   fresh browser context, so nothing is cached in the page; one unmeasured load per page warms the server.
2. the same on the one-chart page: the framework's floor on this machine.
3. preset settle on `/`: clicks on two date presets in turn; from the click until the main area's
   visible text last changed, once it has been quiet for 300 ms and Streamlit is not running.
A path the app does not serve (Streamlit's "Page not found", or the address falls back to another
page) is reported as "n/a". Times are taken in the page (performance.timeOrigin + performance.now()),
so polling does not add to them.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
APP = PROJECT / "dashboard" / "app.py"
ONE_CHART_APP = PROJECT / "bench" / "one_chart_app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 1000}
PAGES = ["/", "/records", "/methods"]
PRESETS = ("Last 90 days", "Last 30 days")
QUIET_MS = 300
TIMEOUT_MS = 60_000
CHART_GRACE_MS = 5_000
RULES = {
    "chart": "a `.js-plotly-plot .main-svg` with a non-empty box holding drawn parts (a trace or axis tick)",
    "content": "the main area holds text and Streamlit is not running (stApp's script state is `notRunning` "
               "and no status widget is shown)",
}

TRACKER_JS = (Path(__file__).with_name("browser_tracker.js")).read_text(encoding="utf-8")
IDLE_JS = f"() => {{ const b = window.__bench; return b && b.contentAt !== null && !b.running " \
          f"&& performance.now() - b.lastChange >= {QUIET_MS}; }}"


class PageMissing(Exception):
    """The app does not serve this path (yet)."""


# ---------------------------------------------------------------- servers
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(script: Path, env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free loopback port; returns the process and its URL once healthy."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"streamlit did not start for {script.name}: {log.read_text()[-2000:]}")


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def check_database(db_path) -> None:
    """Stop early when the dashboard would show its no-data page instead of charts."""
    import duckdb

    sys.path.insert(0, str(PROJECT))
    try:
        from dashboard.shared import queries
    except ImportError:  # the dashboard is being rebuilt: let the pages show what they show
        return
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        ready = queries.has_data(con) and getattr(queries, "layout_is_current", lambda _: True)(con)
    finally:
        con.close()
    if not ready:
        raise SystemExit(f"{db_path} holds no data or was built by another ETL version: rebuild it with "
                         f"`python -m etl refresh --source-dir ../shared/data --db {db_path}`")


# ---------------------------------------------------------------- measurements
def _new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(TRACKER_JS)
    return context, context.new_page()


def _check_served(page, path: str) -> None:
    """Raise PageMissing when Streamlit fell back to another page instead of serving `path`."""
    shown = page.evaluate("location.pathname").rstrip("/") or "/"
    dialogs = " ".join(page.locator("[data-testid='stDialog'], [role='dialog']").all_inner_texts())
    if shown != (path.rstrip("/") or "/") or "page not found" in dialogs.lower():
        raise PageMissing(path)


def probe(browser, base: str, path: str) -> str:
    """One unmeasured load (warms the server): "chart" or "content" (the rule to time it by); raises PageMissing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, page = _new_page(browser)
    try:
        page.goto(base + path)
        page.evaluate("window.__bench.trackText = true")
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS, polling=50)
        _check_served(page, path)
        if page.locator("[data-testid='stException']").count():
            raise RuntimeError(page.locator("[data-testid='stException']").first.inner_text()[:200])
        try:  # Plotly's code loads after the first content: give a chart time to come
            page.wait_for_selector(".js-plotly-plot, [data-testid='stPlotlyChart']", timeout=CHART_GRACE_MS)
        except PlaywrightTimeout:
            return "content"
        page.wait_for_function("() => window.__bench.chartAt !== null", timeout=TIMEOUT_MS, polling=50)
        return "chart"
    finally:
        context.close()


def time_load(browser, url: str, path: str, rule: str) -> float:
    """Seconds from the start of goto until the rule holds, in a fresh context."""
    field = "chartAt" if rule == "chart" else "contentAt"
    context, page = _new_page(browser)
    try:
        started = time.time()
        wall = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => window.__bench && window.__bench.{field} !== null", timeout=TIMEOUT_MS,
                               polling="raf")
        wall = time.perf_counter() - wall
        origin, at = page.evaluate(f"[performance.timeOrigin, window.__bench.{field}]")
        _check_served(page, path)
        elapsed = (origin + at) / 1000 - started
        return elapsed if 0 < elapsed <= wall else wall  # the page's clock, unless it disagrees
    finally:
        context.close()


def time_presets(browser, url: str, labels, clicks: int) -> list[float]:
    """Settle times (s) of `clicks` preset clicks on one loaded page, alternating between the labels."""
    context, page = _new_page(browser)
    try:
        page.goto(url)
        page.evaluate("window.__bench.trackText = true")
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS, polling=50)
        sidebar = page.locator("[data-testid='stSidebar']")
        times = []
        for i in range(clicks):
            label = labels[i % len(labels)]
            option = sidebar.locator("label:has(input[type='radio'])",
                                     has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
            page.evaluate("window.__bench.clickAt = null; window.__bench.changes = 0")
            option.click()
            page.wait_for_function(f"() => {{ const b = window.__bench; return b.clickAt !== null && b.changes > 0 "
                                   f"&& !b.running && performance.now() - b.lastChange >= {QUIET_MS}; }}",
                                   timeout=TIMEOUT_MS, polling=50)
            click_at, last_change = page.evaluate("[window.__bench.clickAt, window.__bench.lastChange]")
            times.append((last_change - click_at) / 1000)
        return times
    finally:
        context.close()


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def _time_page(browser, base: str, path: str, repeats: int) -> dict:
    try:
        rule = probe(browser, base, path)
        return {"rule": rule, **summary([time_load(browser, base + path, path, rule) for _ in range(repeats)])}
    except PageMissing:
        return {"status": "n/a"}
    except Exception as err:  # one page failing should not lose the others' numbers
        return {"status": f"error: {type(err).__name__}: {str(err).splitlines()[0][:120]}"}


def run_browser_bench(db_path, repeats: int = 5, pages=None, presets=PRESETS, app: Path = APP) -> dict:
    """Time first chart per page, the one-chart floor and preset settle; see the module docstring.

    app: the dashboard script to serve; another checkout's app.py measures an older version (its
    database built by that version's ETL) in the same run conditions.
    """
    from playwright.sync_api import sync_playwright

    pages = list(PAGES if pages is None else pages)
    if Path(app).resolve() == APP.resolve():
        check_database(db_path)
    env = dict(os.environ, ESCALATION_DB=str(Path(db_path).resolve()))
    result: dict = {"repeats": repeats, "presets": list(presets), "pages": {}, "load_before": os.getloadavg()[0]}
    servers = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            server, app_url = start_server(Path(app), env, Path(tmp) / "app.log")
            servers.append(server)
            floor, floor_url = start_server(ONE_CHART_APP, env, Path(tmp) / "one_chart.log")
            servers.append(floor)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for path in pages:
                        result["pages"][path] = _time_page(browser, app_url, path, repeats)
                    result["one_chart"] = _time_page(browser, floor_url, "/", repeats)
                    try:
                        settle = time_presets(browser, app_url + "/", presets, len(presets) + repeats)
                        result["preset_cold"] = summary(settle[:len(presets)])
                        result["preset"] = summary(settle[len(presets):])
                    except Exception as err:  # keep the load times
                        failed = {"status": f"error: {type(err).__name__}: {str(err).splitlines()[0][:120]}"}
                        result["preset_cold"] = result["preset"] = failed
                finally:
                    browser.close()
        finally:
            for server in servers:
                stop_server(server)
    result["load_after"] = os.getloadavg()[0]
    overview, floor_row = result["pages"].get("/", {}), result["one_chart"]
    if "median" in overview and "median" in floor_row:
        result["ratio_first_chart"] = overview["median"] / floor_row["median"]
    return result


# ---------------------------------------------------------------- report
def format_markdown(result: dict) -> str:
    """The result as a Markdown section (heading, rules, timing table, ratios)."""
    def row(name: str, rule: str, stats: dict) -> str:
        if "median" not in stats:
            return f"| {name} | {rule} | {stats.get('status', 'n/a')} | | | |"
        return (f"| {name} | {rule} | {stats['median']:.2f} s | {stats['min']:.2f} s | {stats['max']:.2f} s | "
                f"{stats['n']} |")

    presets = " ↔ ".join(f"“{p}”" for p in result["presets"])
    lines = ["## In the browser (Chromium)", "",
             f"`python -m bench.browser --db PATH`: headless Debian Chromium ({VIEWPORT['width']}×"
             f"{VIEWPORT['height']}) via Playwright against `streamlit run` on loopback, "
             f"{result['repeats']} runs per row, each load in a fresh browser context (one unmeasured load per "
             "page first warms the server). Times are read from the page's own clock. Load average (1 min) "
             f"{result['load_before']:.1f} before, {result['load_after']:.1f} after: other work on the machine "
             "shows up in these numbers.", "",
             f"- First chart: from the start of `page.goto(url)` until {RULES['chart']}.",
             f"- Pages without a chart (rule *content*): until {RULES['content']}.",
             f"- Preset settle: on a loaded `/`, clicks alternate between {presets} in the sidebar; time from "
             f"the click until the main area's visible text (`innerText`) last changed, once it has stayed the "
             f"same for {QUIET_MS} ms and Streamlit is not running (the quiet window is not counted). The first "
             "click on each preset (server caches cold) is reported on its own row and not in the median.",
             "- n/a: the app does not serve this path yet.", "",
             "| measurement | rule | median | min | max | runs |", "|---|---|---|---|---|---|"]
    for path, stats in result["pages"].items():
        what = "first content" if stats.get("rule") == "content" else "first chart"
        lines.append(row(f"{what} `{path}`", stats.get("rule", ""), stats))
    lines.append(row("first chart, one-chart page (bench/one_chart_app.py, the floor)",
                     result["one_chart"].get("rule", ""), result["one_chart"]))
    lines.append(row(f"preset settle on `/` ({presets})", "settle", result["preset"]))
    lines.append(row("preset settle, first click on each preset (cold caches)", "settle", result["preset_cold"]))
    ratio = result.get("ratio_first_chart")
    settle = result["preset"].get("median")
    lines += ["", "| ratio | value | target | met |", "|---|---|---|---|",
              "| overview first chart / one-chart page | "
              + (f"{ratio:.2f} | ≤ 1.15 | {'yes' if ratio <= 1.15 else 'no'} |" if ratio else "n/a | ≤ 1.15 | |"),
              "| preset settle (median) | "
              + (f"{settle:.2f} s | ≤ 0.5 s | {'yes' if settle <= 0.5 else 'no'} |" if settle else "n/a | ≤ 0.5 s | |")]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the DuckDB file the dashboard reads (etl refresh builds it)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per measurement (default 5, at least 5)")
    parser.add_argument("--app", default=str(APP), help="dashboard script to serve (default: this checkout's); "
                                                     "another checkout's app.py measures an older version")
    parser.add_argument("--pages", default=",".join(PAGES), help="page paths, comma-separated (default %(default)s)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if not Path(args.db).exists():
        raise SystemExit(f"no database at {args.db}: build it with `python -m etl refresh --db {args.db}`")
    pages = [p.strip() if p.strip().startswith("/") else "/" + p.strip() for p in args.pages.split(",") if p.strip()]
    print(format_markdown(run_browser_bench(args.db, repeats=max(5, args.repeats), pages=pages, app=Path(args.app))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
