"""One refresh in a fresh interpreter, reporting import time, refresh time and peak memory as JSON."""
import json
import resource
import sys
import time

started = time.perf_counter()
from etl.pipeline.refresh import refresh  # noqa: E402  (timed: the libraries' import cost)

imported = time.perf_counter()
from pathlib import Path  # noqa: E402

report = refresh(Path(sys.argv[2]), source_dir=Path(sys.argv[1]), force=True, quiet=True)
finished = time.perf_counter()
print(json.dumps({
    "import_s": imported - started,
    "refresh_s": finished - imported,
    "total_s": finished - started,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "failed": [o.source for o in report.failed],
}))
