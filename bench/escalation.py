"""The escalation analyses' share of a refresh, and the batched permutation tests against one test per call.

The refresh recomputes records by definition, event windows, regimes and salvos in its load transaction.
The event windows are the costly part: 41 events × 5 metrics × 3 window lengths = 615 permutation tests.
They run batched by window shape (one scipy call per shape); the baseline calls scipy once per test.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb
import pandas as pd

from etl.derive.escalation import tables, windows


def _median_s(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run_escalation_bench(db: Path, repeat: int = 3) -> str:
    """Markdown: the time of each escalation table's computation, and batched against one-at-a-time tests."""
    with duckdb.connect(str(db)) as con:
        values = con.execute("SELECT date, metric, value FROM metric_values WHERE source = 'attacks'").df()
        events = con.execute("SELECT date, title FROM events ORDER BY date").df()
        derive_s = _median_s(lambda: tables.derive(con), repeat)
    values["date"], events["date"] = pd.to_datetime(values["date"]).dt.date, pd.to_datetime(events["date"]).dt.date

    def one_at_a_time():
        for metric in windows.WINDOW_METRICS:
            daily = values[values["metric"] == metric].set_index("date")["value"].sort_index()
            for day in events["date"]:
                for days in windows.WINDOW_DAYS:
                    windows.event_window(daily, day, days)

    batched_s = _median_s(lambda: windows.event_windows(values, events), repeat)
    single_s = _median_s(one_at_a_time, repeat)
    tests = len(events) * len(windows.WINDOW_METRICS) * len(windows.WINDOW_DAYS)
    return "\n".join([
        "## Escalation analyses (real data, inside the refresh)", "",
        f"Records by definition, {tests} event windows with permutation tests ({windows.PERMUTATIONS:,} "
        "relabellings each), regimes and salvos, recomputed in the load transaction.", "",
        "| step | time | baseline | baseline / ours |", "|---|---|---|---|",
        f"| all escalation tables (tables.derive) | {derive_s:.2f} s | | |",
        f"| event windows, tests batched by shape | {batched_s:.2f} s | {single_s:.2f} s (one scipy call per "
        f"test) | {single_s / batched_s:.1f}× |", ""])
