"""One refresh in a fresh interpreter, reporting import time, refresh time and peak memory as JSON.

`python bench/_refresh_once.py SOURCE_DIR DB [--events-dir DIR] [--working-bytes N|inf]`: `--events-dir` reads
the curated events from DIR/events.csv instead of data/ (bench/events_scale.py); `--working-bytes` sets the
permutation tests' memory budget (etl.derive.escalation.windows.WORKING_BYTES; inf: one call per window shape).
"""
import argparse
import json
import resource
import time

started = time.perf_counter()
from etl.pipeline.refresh import refresh  # noqa: E402  (timed: the libraries' import cost)

imported = time.perf_counter()
from pathlib import Path  # noqa: E402

from etl import paths  # noqa: E402
from etl.derive.escalation import windows  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("source_dir", type=Path)
parser.add_argument("db", type=Path)
parser.add_argument("--events-dir", type=Path)
parser.add_argument("--working-bytes", type=float)
args = parser.parse_args()
if args.events_dir:
    paths.DATA_DIR = args.events_dir
if args.working_bytes:
    windows.WORKING_BYTES = args.working_bytes
before_refresh = time.perf_counter()
report = refresh(args.db, source_dir=args.source_dir, force=True, quiet=True)
finished = time.perf_counter()
print(json.dumps({
    "import_s": imported - started,
    "refresh_s": finished - before_refresh,
    "total_s": finished - started,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "failed": [o.source for o in report.failed],
}))
