"""Benchmark: `python -m bench [--scales 1,10,100] [--repeat N] [--no-browser] [--source-dir DIR]`.

Measures, each as a median of repeated runs, and writes the table to bench/results.md:
1. `etl refresh` from local files (all sources): import time, refresh time, peak memory.
2. Dashboard interactions (date range, metrics, aggregation) as server-side AppTest rerun time,
   cold (query caches cleared first) and warm, with query and figure-building time broken out.
3. The same at 10× and 100× larger raw inputs (bench/scale.py), with the points each chart sends.
4. The baseline in the same run: the plain pandas app (bench/baseline_app.py) that reads and
   aggregates the raw file on every rerun, with the same date-range change; ratio baseline / ours.
5. First paint in a real browser (the Chromium test), when Chromium is installed.
6. In-browser timing (bench/browser.py): first chart per page against a one-chart Streamlit page, and
   how long the page takes to settle after a date-preset click.
7. The Ukrainian edition (bench/languages.py): pages run in Ukrainian against English, and the table written by
   Babel through a pandas Styler against the plain frame.
8. 2,000 curated events (bench/events_scale.py): refresh time and peak memory, tests in chunks against one call each.
9. The static edition (bench/static_edition.py): publish time, first chart of a static page against a bare Plotly
   page and the app (cold and warm), readers served per second against Streamlit sessions opened, on one core.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.report import machine, report
from etl.registry import series

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.md"
APP = str(PROJECT / "dashboard" / "app.py")
BASELINE_APP = str(PROJECT / "bench" / "baseline_app.py")
RANGES = [(dt.date(2025, 5, 1), dt.date(2025, 6, 30)), (dt.date(2025, 3, 1), dt.date(2025, 8, 31))]
METRIC_SETS = [list(series.DEFAULT_COMPARISON),
               ["occupied_km2", "losses_tanks", "drones_interception_rate"]]


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


# ---------------------------------------------------------------- 1. refresh
def bench_refresh(source_dir: Path, repeat: int, workdir: Path) -> dict:
    runs = []
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    for i in range(repeat):
        db = workdir / f"refresh_{i}.duckdb"
        started = time.perf_counter()
        out = subprocess.run([sys.executable, str(PROJECT / "bench" / "_refresh_once.py"), str(source_dir), str(db)],
                             cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if result["failed"]:
            raise SystemExit(f"refresh failed for {result['failed']}: {out.stderr[-2000:]}")
        result["wall_s"] = wall
        runs.append(result)
        db.unlink(missing_ok=True)
    return {key: statistics.median(r[key] for r in runs) for key in ("import_s", "refresh_s", "total_s", "wall_s",
                                                                      "peak_rss_mb")}


# ---------------------------------------------------------------- 2. interactions
class Timer:
    """Accumulates time spent in the dashboard's query functions and chart builders during a run."""

    def __init__(self):
        self.spent = {"queries": 0.0, "figures": 0.0}

    def wrap(self, module, names, bucket):
        for name in names:
            original = getattr(module, name)

            def timed(*args, _original=original, **kwargs):
                started = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.spent[bucket] += time.perf_counter() - started

            setattr(module, name, timed)

    def reset(self):
        self.spent = {key: 0.0 for key in self.spent}


@contextmanager
def environment(**values):
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def bench_interactions(db: Path, repeat: int) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.shared import charts, queries

    timer = Timer()
    timer.wrap(queries, ["daily_series", "record_highs", "all_time_records", "period_series", "smoothed_series",
                         "events", "source_freshness",
                         "metric_catalogue", "date_bounds", "has_data"], "queries")
    timer.wrap(charts, ["metric_panels", "launched_destroyed_figure", "territory_monthly_figure"], "figures")
    results = {}
    with environment(ESCALATION_DB=str(db)):
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.sidebar.radio(key="preset").set_value("Custom").run()

        class date_input:  # noqa: N801  the custom range is two inputs: set both, as a person types both
            @staticmethod
            def set_value(dates):
                at.sidebar.date_input(key="custom_start").set_value(dates[0])
                return at.sidebar.date_input(key="custom_end").set_value(dates[1])

        # Cold: a value never shown before (a new range, a new metric set), so the range-dependent
        # queries and figures miss their caches while the rest of the page stays cached, as when a
        # person changes one control. Warm: flipping between two views already shown.
        interactions = {
            "date range": (lambda i: date_input.set_value(_shifted(RANGES[1], i)),
                           lambda i: date_input.set_value(RANGES[i % 2])),
            "metrics": (lambda i: at.sidebar.multiselect(key="metrics").set_value(_metric_set(i)),
                        lambda i: at.sidebar.multiselect(key="metrics").set_value(METRIC_SETS[i % 2])),
            "aggregation": (lambda i: (date_input.set_value(_shifted(RANGES[0], 500 + i)),
                                       at.sidebar.radio(key="agg").set_value(("week", "month")[i % 2])),
                            lambda i: at.sidebar.radio(key="agg").set_value(("week", "day")[i % 2])),
        }
        for name, (cold_change, warm_change) in interactions.items():
            for mode, change in (("cold", cold_change), ("warm", warm_change)):
                totals, query_times, figure_times = [], [], []
                for i in range(repeat + 2):
                    change(i + (1000 if mode == "cold" and name == "date range" else 0))
                    timer.reset()
                    started = time.perf_counter()
                    at.run()
                    elapsed = time.perf_counter() - started
                    if at.exception:
                        raise SystemExit(f"app raised during {name}: {at.exception[0].message}")
                    if i >= 2:  # the first two runs fill caches and the connection
                        totals.append(elapsed)
                        query_times.append(timer.spent["queries"])
                        figure_times.append(timer.spent["figures"])
                results[(name, mode)] = {"total_ms": median_ms(totals), "queries_ms": median_ms(query_times),
                                         "figures_ms": median_ms(figure_times)}
            # Leave the app in its starting state for the next interaction.
            date_input.set_value(RANGES[1])
            at.sidebar.multiselect(key="metrics").set_value(METRIC_SETS[0])
            at.sidebar.radio(key="agg").set_value("day")
            at.run()
            st.cache_data.clear()
            st.cache_resource.clear()
        results["points"] = chart_points(at)
        at.sidebar.radio(key="preset").set_value("All").run()
        results["points_all"] = chart_points(at)
    return results


def _shifted(day_range, days: int):
    """A range moved by `days` days: a view no cache has seen."""
    return (day_range[0] - dt.timedelta(days=days % 700), day_range[1] - dt.timedelta(days=days % 700))


def _metric_set(i: int) -> list[str]:
    """The i-th of many distinct metric sets (2 to 4 metrics), so each is new to the caches."""
    import itertools

    pool = ["drones_launched", "missiles_launched", "territory_gained_km2", "losses_personnel", "occupied_km2",
            "losses_tanks", "drones_interception_rate", "ballistic_missiles_launched", "losses_artillery"]
    combos = [list(c) for k in (2, 3, 4) for c in itertools.combinations(pool, k)]
    return combos[(i * 37) % len(combos)]


def chart_points(at) -> dict[str, int]:
    """Points each chart sends to the browser (x values over all traces)."""
    points = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        points[chart.key] = sum(_length(trace.get("x")) for trace in spec.get("data", []))
    return points


def _length(values) -> int:
    if values is None:
        return 0
    if isinstance(values, dict) and "bdata" in values:
        import numpy as np

        return len(np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]))
    return len(values)


# ---------------------------------------------------------------- 4. baseline
def bench_baseline(source_dir: Path, repeat: int) -> dict:
    from streamlit.testing.v1 import AppTest

    with environment(BASELINE_SOURCE_DIR=str(source_dir)):
        at = AppTest.from_file(BASELINE_APP, default_timeout=300).run()
        times = []
        for i in range(repeat + 1):
            at.sidebar.date_input(key="range").set_value(RANGES[i % 2])
            started = time.perf_counter()
            at.run()
            if at.exception:
                raise SystemExit(f"baseline raised: {at.exception[0].message}")
            if i >= 1:
                times.append(time.perf_counter() - started)
    return {"total_ms": median_ms(times)}


# ---------------------------------------------------------------- 5. browser
def first_paint(db_source: Path) -> float | None:
    if not Path("/usr/bin/chromium").exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paint.json"
        env = dict(os.environ, ESCALATION_SOURCE_DIR=str(db_source), ESCALATION_FIRST_PAINT_FILE=str(out))
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "tests/browser/test_browser.py::test_page_loads_with_charts_and_no_error"],
                       cwd=PROJECT, env=env, capture_output=True, text=True)
        return json.loads(out.read_text())["first_paint_s"] if out.exists() else None


# ---------------------------------------------------------------- report
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", default=os.environ.get("ESCALATION_SOURCE_DIR", str(PROJECT.parent / "shared" / "data")),
                        help="the real raw files (default: $ESCALATION_SOURCE_DIR or ../shared/data)")
    parser.add_argument("--scales", default="1,10,100", help="raw-input size factors (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-paint measurement")
    parser.add_argument("--output", default=str(RESULTS), help="where to write the markdown table")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT))
    real = Path(args.source_dir).resolve()
    scales = [int(s) for s in args.scales.split(",")]

    from bench.scale import scaled_source_dir
    from etl.pipeline.refresh import refresh

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for factor in scales:
            print(f"scale {factor}×: building inputs", flush=True)
            source = scaled_source_dir(real, work / f"src{factor}", factor)
            attack_rows = sum(1 for _ in (source / "attacks" / "missile_attacks_daily.csv").open()) - 1
            refresh_repeat = args.repeat if factor == 1 else max(3, args.repeat // 2)
            print(f"scale {factor}×: refresh ×{refresh_repeat}", flush=True)
            refresh_result = bench_refresh(source, refresh_repeat, work)
            db = work / f"db{factor}.duckdb"
            refresh(db, source_dir=source, quiet=True)
            print(f"scale {factor}×: interactions", flush=True)
            interactions = bench_interactions(db, args.repeat)
            print(f"scale {factor}×: baseline", flush=True)
            baseline = bench_baseline(source, max(3, args.repeat // 2) if factor == 100 else args.repeat)
            rows.append((factor, attack_rows, refresh_result, interactions, baseline))
            db.unlink(missing_ok=True)
        from bench.escalation import run_escalation_bench

        print("escalation analyses", flush=True)
        db = work / "escalation.duckdb"
        refresh(db, source_dir=real, quiet=True)
        escalation_table = run_escalation_bench(db)
        from bench.events_scale import run_events_bench

        events_table = run_events_bench(real, work, repeat=max(1, min(3, args.repeat // 2)))
        from bench.languages import run_languages_bench

        print("languages: pages in English and Ukrainian, the localized table", flush=True)
        languages_table = run_languages_bench(db, repeat=max(3, args.repeat))
        browser_table = None
        if not args.no_browser and Path("/usr/bin/chromium").exists():
            from bench.browser import format_markdown, run_browser_bench

            print("browser: first chart per page, preset settle", flush=True)
            db = work / "browser.duckdb"
            refresh(db, source_dir=real, quiet=True)
            browser_table = format_markdown(run_browser_bench(db, repeats=max(5, args.repeat)))
        from bench.static_edition import run_static_bench

        print("static edition: publish, first chart, readers and sessions per second", flush=True)
        static_table = run_static_bench(work / "escalation.duckdb", browser=not args.no_browser)
    paint = None if args.no_browser else first_paint(real)
    text = report(machine(), rows, paint, browser_table, escalation_table, languages_table, events_table,
                  static_table)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
