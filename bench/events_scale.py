"""2,000 curated events (issue 22): a whole refresh of the real files with that many events, each run in a fresh
process, the permutation tests in chunks of tests (etl.derive.escalation.windows.WORKING_BYTES) against the
baseline in the same run, one scipy call per window shape (as before issue 22, which took 2 GB and more).
Reports the refresh time, the process's peak memory, and whether the two event_windows views are identical.

The events are seeded and fall within the newest two years of attack reports, where a report comes every day,
so nearly every window is full and tests of one shape pile up (the case that grew memory). Runs alternate
between the two ways, so load on the machine falls on both alike.

`python -m bench.events_scale [--source-dir DIR] [--events 2000] [--repeat 3]` prints the Markdown section;
`python -m bench` includes it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.derive.escalation import windows

PROJECT = Path(__file__).resolve().parent.parent
EVENTS = 2_000
FIRST_DAY, LAST_DAY = dt.date(2024, 6, 1), dt.date(2026, 5, 1)  # within the daily reports of the shared data
SEED = 22
WAYS = {"baseline": math.inf, "ours": None}  # one call per shape / the default budget


def write_events(folder: Path, count: int = EVENTS) -> Path:
    """A valid data/events.csv of `count` seeded events between FIRST_DAY and LAST_DAY."""
    rng = np.random.default_rng(SEED)
    days = pd.date_range(FIRST_DAY, LAST_DAY).date
    dates = sorted(rng.choice(days, count))
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({
        "date": [d.isoformat() for d in dates],
        "title": [f"Benchmark event {n + 1}" for n in range(count)],
        "description": ["A generated event for the benchmark."] * count,
        "source_url": [f"https://example.org/events/{n + 1}" for n in range(count)],
    }).to_csv(folder / "events.csv", index=False)
    return folder


def _refresh(source_dir: Path, events_dir: Path, db: Path, budget: float | None) -> dict:
    command = [sys.executable, str(PROJECT / "bench" / "_refresh_once.py"), str(source_dir), str(db),
               "--events-dir", str(events_dir)]
    if budget is not None:
        command += ["--working-bytes", str(budget)]
    out = subprocess.run(command, cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)), capture_output=True,
                         text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["failed"]:
        raise SystemExit(f"refresh failed for {result['failed']}: {out.stderr[-2000:]}")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT * FROM event_windows ORDER BY ALL").fetchall()
    result["windows"], result["digest"] = len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()
    db.unlink()
    return result


def run_events_bench(source_dir: Path, work: Path, events: int = EVENTS, repeat: int = 3) -> str:
    """Markdown: refresh time and peak memory with `events` events, chunked against one call per shape."""
    events_dir = write_events(work / "events", events)
    runs: dict[str, list[dict]] = {way: [] for way in WAYS}
    for i in range(repeat):
        for way, budget in WAYS.items():
            print(f"{events:,} events: {way}, run {i + 1} of {repeat}", flush=True)
            runs[way].append(_refresh(source_dir, events_dir, work / f"events_{way}.duckdb", budget))
    median = {way: {key: statistics.median(r[key] for r in rs) for key in ("refresh_s", "peak_rss_mb")}
              for way, rs in runs.items()}
    digests = {r["digest"] for rs in runs.values() for r in rs}
    same = (f"identical in every run ({runs['ours'][0]['windows']:,} rows, sha256 {digests.pop()[:12]}…)"
            if len(digests) == 1 else f"DIFFERENT: {len(digests)} distinct digests")
    base, ours = median["baseline"], median["ours"]
    budget_mib = windows.WORKING_BYTES / 2**20
    return "\n".join([
        f"## {events:,} curated events (issue 22)", "",
        f"A whole refresh of the real files (all sources, `--force`) with {events:,} seeded events between "
        f"{FIRST_DAY} and {LAST_DAY} (bench/events_scale.py), so {events * 15:,} event windows, each with a "
        f"permutation test of {windows.PERMUTATIONS:,} relabellings; each run in a fresh process, the two ways "
        f"alternating, median of {repeat}. Peak memory is the process's maximum resident set (getrusage).", "",
        "| permutation tests | refresh (excl. imports) | peak memory |", "|---|---|---|",
        f"| baseline: one scipy call per window shape (before issue 22) | {base['refresh_s']:.1f} s | "
        f"{base['peak_rss_mb']:,.0f} MB |",
        f"| ours: in chunks of at most {budget_mib:.0f} MiB per call (`windows.WORKING_BYTES`) | "
        f"{ours['refresh_s']:.1f} s | {ours['peak_rss_mb']:,.0f} MB |",
        f"| baseline / ours | {base['refresh_s'] / ours['refresh_s']:.2f}× | "
        f"{base['peak_rss_mb'] / ours['peak_rss_mb']:.1f}× |", "",
        f"event_windows, baseline against ours: {same}.", ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", type=Path,
                        default=Path(os.environ.get("ESCALATION_SOURCE_DIR", PROJECT.parent / "shared" / "data")),
                        help="the real raw files (default: $ESCALATION_SOURCE_DIR or ../shared/data)")
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run_events_bench(args.source_dir.resolve(), Path(tmp), args.events, args.repeat))


if __name__ == "__main__":
    main()
