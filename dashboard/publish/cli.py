"""`python -m dashboard.publish [--db PATH] [--out DIR] [--base-url URL] [--app-url URL]`: build the static site
beside the previous one and swap it in only when complete, so a reader (or a sync from cron) never sees half a
site. A missing, damaged or older-layout database is refused in one line, and the previous site stays.

Exit codes: 0 built; 1 the database cannot be published from (nothing changed); 2 usage; 4 an unexpected error
(nothing changed; the detail is in the log).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

import duckdb

from dashboard.publish import site
from dashboard.shared import queries

EXIT_OK, EXIT_REFUSED, EXIT_UNEXPECTED = 0, 1, 4
DEFAULT_OUT = Path("site")
DEFAULT_BASE_URL = "http://localhost:8000/"  # `python -m http.server -d site 8000`
DEFAULT_APP_URL = "http://localhost:8501/"  # `./run.sh`


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.publish", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=None, help="the DuckDB file (default: $ESCALATION_DB or "
                                                              "data/escalation.duckdb)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the site's folder (default: site/)")
    parser.add_argument("--base-url", default=os.environ.get("ESCALATION_SITE_URL", DEFAULT_BASE_URL),
                        help="where the site will be served, for embed snippets, the feed and links "
                             "(default: $ESCALATION_SITE_URL or %(default)s)")
    parser.add_argument("--app-url", default=os.environ.get("ESCALATION_APP_URL", DEFAULT_APP_URL),
                        help="where the dashboard runs, for 'explore in the dashboard' "
                             "(default: $ESCALATION_APP_URL or %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="print only the last line")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = args.db or queries.database_path()
    out = args.out.resolve()
    options = site.Options(base_url=_slash(args.base_url), app_url=_slash(args.app_url))
    refusal = _refusal(db)
    if refusal:
        print(f"publish: {refusal}; the site in {out} is unchanged. Run: python -m etl refresh", file=sys.stderr)
        return EXIT_REFUSED
    building = out.with_name(f".{out.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    started = time.perf_counter()
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            written = site.build(con, building, options, previous=out if out.is_dir() else None)
        _swap(building, out)
    except duckdb.Error as err:
        shutil.rmtree(building, ignore_errors=True)
        print(f"publish: {db} could not be read ({type(err).__name__}); the site in {out} is unchanged. "
              "Run: python -m etl refresh --force", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as err:  # noqa: BLE001  (one line for the reader, the traceback in a file)
        shutil.rmtree(building, ignore_errors=True)
        log = out.with_name(f".{out.name}.error.log")
        log.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
        print(f"publish: stopped by an unexpected error ({type(err).__name__}); the site in {out} is unchanged. "
              f"The detail is in {log}", file=sys.stderr)
        return EXIT_UNEXPECTED
    for slug, missing in sorted(written.skipped.items()):
        print(f"publish: chart {slug} left out: {missing}")
    print(f"publish: {len(written.files)} files in {out}, data to {written.newest_day}, "
          f"in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def _refusal(db: Path) -> str | None:
    """Why this database cannot be published from, or None."""
    if queries.file_version(db) is None:
        return f"there is no database at {db}"
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            if not queries.has_data(con):
                return f"the database at {db} holds no data"
            if not queries.layout_is_current(con):
                return f"the database at {db} was built by another version of the ETL"
    except duckdb.Error as err:
        return f"the database at {db} is damaged or unreadable ({type(err).__name__})"
    return None


def _swap(building: Path, out: Path) -> None:
    """The new site in place of the old: two renames on one file system (the old one moved aside, the new one in),
    then the old removed. A reader between the two renames gets a 404 for a moment, never a mix of two builds."""
    old = out.with_name(f".{out.name}.previous-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(building, out)
    shutil.rmtree(old, ignore_errors=True)


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
