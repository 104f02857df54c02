"""The benchmark's report: the machine it ran on and the Markdown written to bench/results.md."""
from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path


def machine() -> dict[str, str]:
    import duckdb
    import pandas
    import pandera
    import plotly
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB, {platform.platform()}",
        "versions": f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pandas.__version__}, "
                    f"pandera {pandera.__version__}, Streamlit {streamlit.__version__}, Plotly {plotly.__version__}",
    }


def report(info: dict, rows: list, paint: float | None, browser_table: str | None = None,
           escalation_table: str | None = None, languages_table: str | None = None,
           events_table: str | None = None, static_table: str | None = None) -> str:
    lines = ["# Benchmark results", "",
             f"Run `python -m bench` ({info['date']}).", "",
             f"- Machine: {info['machine']}",
             f"- Versions: {info['versions']}",
             "- Every number is the median of repeated runs. Interaction times are server-side AppTest reruns "
             "of the whole page. *Cold*: the control is set to a value never shown before (a new range, a new "
             "set of metrics, an aggregation on a new range), so everything that depends on it is queried and "
             "drawn afresh while the rest of the page stays cached, as when a person changes one control. "
             "*Warm*: flipping between two views already shown. Queries and figures are the time spent inside "
             "dashboard/queries.py and the chart builders during the rerun.",
             "- The baseline is bench/baseline_app.py: the way public notebooks and dashboards on this data "
             "work, reading the raw CSV with pandas and aggregating it on every rerun (two charts, two KPIs).",
             "- Scales: the attack reports made 10× and 100× larger by bench/scale.py (each report split "
             "across target areas, seeded); the per-day sources keep their size, since days stay.", ""]
    lines += ["## Refresh from local files (all sources)", "",
              "| scale | attack rows | import libraries | refresh (excl. imports) | whole process | peak memory |",
              "|---|---|---|---|---|---|"]
    for factor, attack_rows, r, _, _ in rows:
        lines.append(f"| {factor}× | {attack_rows:,} | {r['import_s']:.2f} s | {r['refresh_s']:.2f} s | "
                     f"{r['wall_s']:.2f} s | {r['peak_rss_mb']:.0f} MB |")
    if escalation_table:
        lines += ["", escalation_table.rstrip("\n")]
    if events_table:
        lines += ["", events_table.rstrip("\n")]
    if languages_table:
        lines += ["", languages_table.rstrip("\n")]
    lines += ["", "## Dashboard interactions (server-side rerun, ms)", "",
              "| scale | interaction | cold total | cold queries | cold figures | warm total |",
              "|---|---|---|---|---|---|"]
    for factor, _, _, inter, _ in rows:
        for name in ("date range", "metrics", "aggregation"):
            cold, warm = inter[(name, "cold")], inter[(name, "warm")]
            lines.append(f"| {factor}× | {name} | {cold['total_ms']} | {cold['queries_ms']} | {cold['figures_ms']} | "
                         f"{warm['total_ms']} |")
    lines += ["", "## Against the plain pandas baseline (same date-range change, ms)", "",
              "| scale | baseline (reads and aggregates the CSV every rerun) | ours, cold | ours, warm | "
              "baseline / ours cold | baseline / ours warm |", "|---|---|---|---|---|---|"]
    for factor, _, _, inter, base in rows:
        cold, warm = inter[("date range", "cold")]["total_ms"], inter[("date range", "warm")]["total_ms"]
        lines.append(f"| {factor}× | {base['total_ms']} | {cold} | {warm} | {base['total_ms'] / cold:.1f}× | "
                     f"{base['total_ms'] / warm:.1f}× |")
    lines += ["", "## Points sent to the browser per chart", "",
              "| scale | view | " + " | ".join(sorted(rows[0][3]["points"])) + " |",
              "|---|---|" + "---|" * len(rows[0][3]["points"])]
    for factor, _, _, inter, _ in rows:
        for view_name, key in (("2025-03-01 – 2025-08-31, day", "points"), ("all data (served weekly)", "points_all")):
            counts = inter[key]
            lines.append(f"| {factor}× | {view_name} | " + " | ".join(str(counts.get(k, "")) for k in sorted(rows[0][3]["points"])) + " |")
    lines += ["", "## First paint in Chromium", ""]
    lines.append(f"Time from navigation until the charts are drawn (tests/browser/test_browser.py, headless Debian "
                 f"Chromium, 1440×1000): {paint:.2f} s." if paint is not None else "Not measured (no Chromium).")
    if browser_table:
        lines += ["", browser_table.rstrip("\n")]
    if static_table:
        lines += ["", static_table.rstrip("\n")]
    return "\n".join(lines) + "\n"
