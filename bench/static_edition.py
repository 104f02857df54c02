"""The static edition (issue 23): `python -m bench.static_edition [--db PATH] [--update-results]`.

1. Publish time: `dashboard.publish.cli.main` into a fresh folder, median of 3.
2. First chart in Chromium, cold (a new context) and warm (the same context again), median of RUNS: the static page
   charts/drones.html, a bare page holding only its Plotly figure (the floor), both from `python -m http.server`;
   and `/records` of `streamlit run`. bench/browser.py's tracker and rule "chart", on the page's own clock.
3. On one core, loopback, SECONDS each: readers served per second by nginx (wrk fetching the page and its assets)
   against Streamlit sessions opened per second (bench/static_throughput.py: GET the page, the websocket, the first script run).
`python -m bench` includes it; `--update-results` writes the section into bench/results.md.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.report import machine
from bench.static_throughput import PIN, on_core, readers_per_second, sessions_per_second
from bench.browser import (APP, CHROMIUM, CHROMIUM_ARGS, TRACKER_JS, VIEWPORT, free_port, start_server,
                           stop_server)

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.md"
HEADING = "## Static edition (issue 23)"
SLUG, RUNS, SECONDS, CLIENTS = "drones", 5, 10, 8
CHART_JS = "() => window.__bench && window.__bench.chartAt !== null"
TRANSFERRED_JS = "performance.getEntries().reduce((sum, e) => sum + (e.transferSize || 0), 0)"
BARE = """<!doctype html><html><head><meta charset="utf-8"><script src="{plotly}"></script></head>
<body><div id="chart" style="max-width:70rem;min-height:420px;margin:0 auto"></div><script>
var p = {payload}; Plotly.newPlot("chart", p.data_layout.data, p.data_layout.layout,
Object.assign({{responsive: true}}, p.config));</script></body></html>"""


def _wait_http(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:  # it answers (nginx refuses to list a folder)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url}")


def static_server(folder: Path, log: Path, core: int | None = None) -> tuple[subprocess.Popen, str, str]:
    """nginx (one worker) when installed, else `python -m http.server`; returns (process, base URL, its name)."""
    port = free_port()
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if core is not None and nginx:
        conf = log.with_suffix(".conf")
        conf.write_text(f"user root; worker_processes 1; daemon off; pid {log.with_suffix('.pid')}; error_log {log};\n"
                        "events { worker_connections 1024; }\nhttp { access_log off; sendfile on; tcp_nopush on; "
                        "keepalive_requests 1000000; include /etc/nginx/mime.types;\n"
                        f"  server {{ listen 127.0.0.1:{port}; root {folder}; }} }}\n")
        command, name = [nginx, "-e", str(log), "-p", str(log.parent), "-c", str(conf)], "nginx (1 worker)"
    else:
        command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
        name = "python -m http.server (ThreadingHTTPServer)"
    with log.open("a") as out, on_core(core):
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/", process)
    except RuntimeError:
        stop_server(process)
        raise
    return process, url, name


# ---------------------------------------------------------------- 1. publish
def publish_times(db: Path, work: Path, repeat: int = 3) -> tuple[float, Path]:
    from dashboard.publish import cli

    times = []
    for i in range(repeat):
        out = work / f"www{i}" / "site"
        started = time.perf_counter()
        if cli.main(["--db", str(db), "--out", str(out), "--quiet"]) != 0:
            raise SystemExit(f"publish failed from {db}")
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def write_bare(site: Path, folder: Path) -> str:
    """The floor: only the static page's Plotly figure, plotly.js copied from the site; returns its path."""
    html = (site / "charts" / f"{SLUG}.html").read_text(encoding="utf-8")
    payload = re.search(r'<script type="application/json" id="figure">(.*?)</script>', html, re.S).group(1)
    plotly = next((site / "assets").glob("plotly-*.min.js"))
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(plotly, folder / plotly.name)
    (folder / "bare.html").write_text(BARE.format(plotly=plotly.name, payload=payload), encoding="utf-8")
    return f"/{folder.name}/bare.html"


# ---------------------------------------------------------------- 2. first chart
def first_charts(groups: list[dict[str, str]], runs: int) -> dict[str, dict[str, float]]:
    """Median seconds from navigation start to the first drawn chart, cold and warm, and the bytes the warm load
    transferred, per URL. Within a group the URLs take turns, in an order that flips each round, so other load on
    the machine falls on them alike; the group's first round (unmeasured) warms the servers."""
    from playwright.sync_api import sync_playwright

    def load(page, url: str) -> tuple[float, int]:
        page.goto(url, wait_until="commit")
        page.wait_for_function(CHART_JS, timeout=60_000, polling="raf")
        return page.evaluate(f"[window.__bench.chartAt / 1000, {TRANSFERRED_JS}]")

    times = {name: {"cold": [], "warm": [], "warm_bytes": []} for group in groups for name in group}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for group, run in ((group, run) for group in groups for run in range(runs + 1)):
                for name in list(group)[::-1 if run % 2 else 1]:
                    context = browser.new_context(viewport=VIEWPORT)
                    context.add_init_script(TRACKER_JS)
                    try:
                        page = context.new_page()
                        cold, _ = load(page, group[name])
                        page.goto("about:blank")
                        warm, warm_bytes = load(page, group[name])
                    finally:
                        context.close()
                    if run:
                        for key, value in (("cold", cold), ("warm", warm), ("warm_bytes", warm_bytes)):
                            times[name][key].append(value)
        finally:
            browser.close()
    return {name: {**{key: statistics.median(v) for key, v in values.items()},
                   **{f"{mode}_range": (min(values[mode]), max(values[mode])) for mode in ("cold", "warm")}}
            for name, values in times.items()}


# ---------------------------------------------------------------- run and report
def run_static_bench(db: Path, runs: int = RUNS, seconds: int = SECONDS, clients: int = CLIENTS,
                     browser: bool = True) -> str:
    """Markdown: publish time, first chart (static, bare, app; cold and warm), readers and sessions per second."""
    r = {"runs": runs, "seconds": seconds, "clients": clients, "load": [os.getloadavg()[0]], "first": None}
    with tempfile.TemporaryDirectory() as tmp:
        work, processes = Path(tmp), []
        try:
            print("static edition: publish ×3", flush=True)
            r["publish_s"], site = publish_times(db, work)
            bare, page = write_bare(site, site.parent / "bare"), f"/site/charts/{SLUG}.html"
            html = (site / "charts" / f"{SLUG}.html").read_text(encoding="utf-8")
            assets = sorted({f"/site/{m[3:]}" for m in re.findall(r'(?:src|href)="(\.\./assets/[^"]+)"', html)})
            r["kb"] = {name: (site.parent / path.lstrip("/")).stat().st_size / 1024
                       for name, path in (("page", page), ("bare", bare), *((a, a) for a in assets))}
            env = dict(os.environ, ESCALATION_DB=str(Path(db).resolve()))
            if browser and Path(CHROMIUM).exists():
                print("static edition: first chart in Chromium", flush=True)
                app, app_url = start_server(APP, env, work / "app.log")
                processes.append(app)
                files, files_url, _ = static_server(site.parent, work / "files.log")
                processes.append(files)
                r["first"] = first_charts([{"static": files_url + page, "bare": files_url + bare},
                                           {"app": app_url + "/records"}], runs)
                stop_server(app)
            print("static edition: throughput on one core", flush=True)
            with on_core(0):
                app, app_url = start_server(APP, env, work / "app_pinned.log")
            processes.append(app)
            server, server_url, r["server"] = static_server(site.parent, work / "static.log", core=0)
            processes.append(server)
            r["readers"] = readers_per_second(server_url, [page, *assets], clients, seconds, work)
            r["returning"] = readers_per_second(server_url, [page], clients, seconds, work)
            r["sessions"] = {path: sessions_per_second(app_url, path, clients, seconds) for path in ("/", "/records")}
        finally:
            for process in processes:
                stop_server(process)
    r["load"].append(os.getloadavg()[0])
    r["machine"] = machine()
    return _markdown(r)


def _markdown(r: dict) -> str:
    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    per_s = lambda value: f"{value:,.0f} /s" if value else "not measured (no wrk: apt-get install -y wrk)"  # noqa: E731
    rows = [f"| publish the whole site (`dashboard.publish.cli.main`, a fresh folder, median of 3) | "
            f"{r['publish_s']:.2f} s | | | |"]
    if r["first"]:
        s, b, a = (r["first"][name] for name in ("static", "bare", "app"))
        for mode in ("cold", "warm"):
            ratio, goal = s[mode] / b[mode], "≤ 1.1 × bare" + (", ≤ 0.5 s" if mode == "warm" else "")
            got = lambda x: f"{mode}" + (f", {x['warm_bytes'] / 1024:,.1f} KB transferred" if mode == "warm" else "")  # noqa: E731
            span = lambda x: f"{x[mode]:.3f} s ({x[mode + '_range'][0]:.2f}–{x[mode + '_range'][1]:.2f})"  # noqa: E731
            rows += [f"| first chart, bare Plotly page (the floor), {got(b)} | {span(b)} | 1 | | |",
                     f"| first chart, static page charts/{SLUG}.html, {got(s)} | {span(s)} | {ratio:.2f} × "
                     f"bare | {goal} | {yes(ratio <= 1.1 and (mode == 'cold' or s[mode] <= 0.5))} |",
                     f"| first chart, app `/records`, {got(a)} | {span(a)} | static / app "
                     f"{s[mode] / a[mode]:.2f} | | |"]
    else:
        rows.append("| first chart | not measured (no Chromium, or `--no-browser`) | | | |")
    kb = r["kb"]
    reader_kb = sum(kb.values()) - kb["bare"]
    rows += [f"| static readers served per second (the page and its {len(kb) - 2} assets, {reader_kb:,.0f} KB), over {r['seconds']} s | {per_s(r['readers'])} | | | |",
             f"| static returning readers per second (the page alone, its assets cached), over {r['seconds']} s | "
             f"{per_s(r['returning'])} | | | |"]
    for path, result in r["sessions"].items():
        latency = f", median {result['latency_s']:.2f} s each" if result["latency_s"] else ""
        latency += f", {len(result['errors'])} failed: {result['errors'][0]}" if result["errors"] else ""
        ratio = f"static readers / sessions {r['readers'] / result['per_s']:,.0f}" if r["readers"] and \
            result["per_s"] else ""
        rows.append(f"| Streamlit sessions opened per second, `{path}` ({result['sessions']} in {r['seconds']} s"
                    f"{latency}) | {result['per_s']:.2f} /s | {ratio} | | |")
    pin = "pinned to core 0 by CPU affinity as `taskset -c 0` does, the load on core 1" if PIN else "not pinned"
    return "\n".join([
        HEADING, "",
        "`python -m bench.static_edition --db PATH --update-results` (bench/static_edition.py; `python -m bench` "
        f"includes it), {r['machine']['date']}: {r['machine']['machine']}. Real data; load average (1 min) "
        f"{r['load'][0]:.1f} before, {r['load'][1]:.1f} after (this run's own servers, browser and load included).",
        "",
        f"- First chart: headless Debian Chromium ({VIEWPORT['width']}×{VIEWPORT['height']}) via Playwright, median "
        f"of {r['runs']} (static and bare take turns, the order flipping each round, then the app; one unmeasured "
        "round first), from navigation start "
        "(`performance.timeOrigin`) until a `.main-svg` with a non-empty box holding a trace or tick, polled each "
        "animation frame (bench/browser_tracker.js). *Cold*: a new browser context (empty cache). *Warm*: the same "
        "context, about:blank, then the page again. Static and bare pages from `python -m http.server` on loopback "
        "(no Cache-Control: a warm load takes from the cache what the browser's heuristic freshness allows; the "
        "bytes it transferred are shown). The bare page is plotly.js (the site's copy) and "
        "`Plotly.newPlot` with the static page's opening figure and config, in a box as wide, "
        f"{kb['bare']:,.0f} KB of HTML; the static page is {kb['page']:,.0f} KB of HTML (the opening figure and the "
        "whole-history one), its stylesheet and site.js.",
        f"- Throughput: {r['server']} and `streamlit run` each on one core ({pin}), loopback, {r['clients']} "
        "clients at a time. Static: wrk (1 thread) requesting the page and its assets in turn, no compression; "
        "readers/s = requests/s ÷ files per reader. Streamlit: a session is GET of the page, the websocket "
        "`/_stcore/stream`, a rerun request and every message until `script_finished`, as a browser has the "
        "server do (Streamlit's own JavaScript, which a first visit also fetches, not counted).", "",
        "| what | median (min–max) | ratio | goal | met? |", "|---|---|---|---|---|", *rows, ""])


def update_results(section: str, path: Path = RESULTS) -> None:
    """Put the section in place of the previous one (or at the end)."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text) if pattern.search(text) \
        else text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.static_edition", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the DuckDB file (default: built from --source-dir)")
    parser.add_argument("--source-dir", type=Path,
                        default=Path(os.environ.get("ESCALATION_SOURCE_DIR", PROJECT.parent / "shared" / "data")))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--seconds", type=int, default=SECONDS, help="each throughput measurement (at most 10)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--update-results", action="store_true", help="write the section into bench/results.md")
    args = parser.parse_args(argv)
    seconds = min(10, args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from etl.pipeline.refresh import refresh

            db = Path(tmp) / "static.duckdb"
            refresh(db, source_dir=args.source_dir.resolve(), quiet=True)
        section = run_static_bench(db, args.runs, seconds, args.clients)
    print(section)
    if args.update_results:
        update_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
