"""Command line: `python -m etl refresh|status|backfill`. Thin: parses options, calls etl.pipeline.refresh, prints."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import duckdb

from etl import fetch, paths
from etl.derive import views
from etl.fetch import territory_history
from etl.pipeline.refresh import DiskFull, RefreshBusy, RefreshReport, refresh

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_BUSY, EXIT_ERROR = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT

EPILOG = f"""exit codes:
  {EXIT_OK}  success (every source loaded or unchanged)
  {EXIT_SOURCE_FAILED}  at least one source failed; the others loaded and the failed one kept its previous data
  {EXIT_USAGE}  bad command-line usage
  {EXIT_BUSY}  another refresh of the same database is running
  {EXIT_ERROR}  unexpected error or a full disk; the previous database is untouched
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); the previous database is untouched
  (status: 0 when the database is readable, 1 when it is missing or unreadable)

environment:
  {paths.DB_ENV_VAR}          database file (default data/escalation.duckdb)
  {paths.SOURCE_DIR_ENV_VAR}  offline folder of raw files (same as --source-dir)
  ESCALATION_MIRROR_URL  download every source from a mirror laid out like that folder
"""

BACKFILL_EPILOG = f"""exit codes:
  {EXIT_OK}  the archive's maps are merged into the cached table, or there was nothing to do
  {EXIT_SOURCE_FAILED}  a download failed (the line names the URL and how to resume), or a file of the download
     cache under data/raw/territory/ cannot be used (the line names it, what is wrong and the command that
     rebuilds it); maps measured so far stay cached
  {EXIT_USAGE}  bad command-line usage
  {EXIT_ERROR}  unexpected error; the database and the cached table are untouched
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); maps measured so far stay cached
"""
# Libraries whose own log lines would repeat, before our one line, what that line says (urllib3 warns at every
# retry of a download; the error after the last retry names the URL, so its warnings are noise).
QUIET_LOGGERS = ("urllib3",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Build and inspect the escalation dashboard's DuckDB database.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=f"DuckDB file (default: ${paths.DB_ENV_VAR} or data/escalation.duckdb)")
    run = commands.add_parser(
        "refresh", parents=[common], epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="fetch, validate and load every source",
    )
    run.add_argument("--source-dir", help=f"read raw files from this folder instead of downloading "
                                          f"(default: ${paths.SOURCE_DIR_ENV_VAR})")
    run.add_argument("--force", action="store_true", help="reprocess sources whose files are unchanged")
    run.add_argument("--allow-shrink", action="store_true",
                     help="accept a download under half the size of the cached copy (refused as truncated otherwise)")
    run.add_argument("--allow-revisions", action="store_true",
                     help="accept a load that changes or withdraws more than 5%% of a source's values "
                          "(refused as a likely broken input otherwise)")
    run.add_argument("--quiet", action="store_true", help="no progress output; only the summary and errors")
    run.add_argument("--brief", action="store_true",
                     help="a summary of a few lines (one per source) and where the detail is; ./run.sh uses it")
    run.add_argument("--if-missing", action="store_true",
                     help="do nothing when the database exists and has this version's layout")
    backfill = commands.add_parser(
        "backfill", parents=[common], epilog=BACKFILL_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="opt-in: add DeepState's archived maps (2022-05 to 2024-07) before the cached territory table; the "
             "next refresh loads them")
    backfill.add_argument("source", choices=["territory"], help="the source to backfill")
    backfill.add_argument("--quiet", action="store_true", help="no progress output; only the summary and errors")
    commands.add_parser("status", parents=[common], epilog=EPILOG,
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        help="per source: newest date, last load, rows, rejected rows, rejected files (kept maps)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    logging.basicConfig(level=logging.WARNING if getattr(args, "quiet", False) else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    db = paths.db_path(args.db)
    try:
        if args.command == "refresh":
            return _refresh(args, db)
        if args.command == "backfill":
            return _backfill(args, db)
        return _status(db)
    except RefreshBusy as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BUSY
    except KeyboardInterrupt:
        if args.command == "backfill":
            print("interrupted: the backfill was stopped; maps measured so far stay cached and the next "
                  "python -m etl backfill territory resumes", file=sys.stderr)
        else:
            print(f"interrupted: the {args.command} of {db} was stopped; the previous database is untouched",
                  file=sys.stderr)
        return EXIT_INTERRUPTED
    except DiskFull as err:
        print(f"error: {err.strerror}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # last resort: a message, never a traceback
        what = "backfill of territory" if args.command == "backfill" else f"{args.command} of {db}"
        print(f"error: {what} stopped: {type(err).__name__}: {err}. The previous database is untouched.",
              file=sys.stderr)
        return EXIT_ERROR


def _refresh(args, db: Path) -> int:
    if args.if_missing and _current(db):
        print(f"{db} exists; nothing to do (--if-missing)")
        return EXIT_OK
    source_dir = paths.source_dir(args.source_dir)
    report = refresh(db, source_dir=source_dir, force=args.force, quiet=args.quiet, allow_shrink=args.allow_shrink,
                     allow_revisions=args.allow_revisions)
    print(format_brief(report) if args.brief else format_summary(report))
    return EXIT_SOURCE_FAILED if report.failed else EXIT_OK


def _backfill(args, db: Path) -> int:
    """`backfill territory`: measure the archive's maps for the days before the cached table and merge them in."""
    try:
        summary = territory_history.backfill(paths.RAW_CACHE_DIR / "territory", fetch.session(),
                                             mirror=fetch.mirror_url(), quiet=args.quiet)
    except (fetch.SourceUnavailable, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_SOURCE_FAILED
    print(f"{summary}. Load it with: python -m etl refresh --db {db}")
    return EXIT_OK


def _current(db: Path) -> bool:
    """The file exists, opens, has this version's layout and holds data (else --if-missing refreshes)."""
    if not db.exists():
        return False
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return (views.version_of(con) == views.layout_version()
                    and con.execute("SELECT count(*) FROM metric_values").fetchone()[0] > 0)
    except duckdb.Error:
        return False


def format_brief(report: RefreshReport) -> str:
    """A few lines: one per source (loaded, unchanged or failed, with its counts), the date range, the number of
    new record highs, and where the detail is."""
    lines = [f"database: {report.db_path}"]
    for outcome in report.outcomes:
        if outcome.status == "loaded":
            r = outcome.result
            extra = f", {len(r.warnings)} warning(s)" if r.warnings else ""
            lines.append(f"  {outcome.source}: loaded {r.rows_loaded} of {r.rows_read} rows, rejected "
                         f"{len(r.rejected)}{extra}")
        elif outcome.status == "unchanged":
            lines.append(f"  {outcome.source}: unchanged")
        else:
            lines.append(f"  {outcome.source}: FAILED: {outcome.message}")
    if report.date_range and report.date_range[0] is not None:
        lines.append(f"date range: {report.date_range[0]} to {report.date_range[1]}; new record highs: "
                     f"{len(report.new_records)}")
    lines.append("detail: python -m etl status; rejected rows and warnings: python -m etl refresh --force "
                 "(or table rejected_rows); records: view record_highs")
    return "\n".join(lines)


def format_summary(report: RefreshReport) -> str:
    """The end-of-refresh summary: per source rows read/loaded/rejected, date range, new records."""
    lines = [f"database: {report.db_path}"]
    lines.extend(f"note: {note}" for note in report.notes)
    for outcome in report.outcomes:
        if outcome.status == "loaded":
            r = outcome.result
            lines.append(f"{outcome.source}: loaded; rows read {r.rows_read}, loaded {r.rows_loaded}, "
                         f"rejected {len(r.rejected)}")
            for _, row in r.rejected.head(20).iterrows():
                lines.append(f"  rejected {row['file']} line {row['line']}: {row['reason']}")
            if len(r.rejected) > 20:
                lines.append(f"  ... {len(r.rejected) - 20} more in table rejected_rows")
            lines.extend(f"  warning: {w}" for w in r.warnings)
        elif outcome.status == "unchanged":
            lines.append(f"{outcome.source}: unchanged ({outcome.message})")
        else:
            lines.append(f"{outcome.source}: FAILED: {outcome.message}")
    if report.date_range and report.date_range[0] is not None:
        lines.append(f"date range: {report.date_range[0]} to {report.date_range[1]}")
    records = report.new_records
    if len(records):
        lines.append(f"new record highs: {len(records)}")
        for _, rec in records.groupby("metric").tail(3).iterrows():
            lines.append(f"  {rec['metric']} {rec['date']:%Y-%m-%d}: {rec['value']:g} "
                         f"(previous {rec['previous_record']:g} on {rec['previous_record_date']:%Y-%m-%d})")
        if len(records) > records["metric"].nunique() * 3:
            lines.append("  (latest three per metric; all in view record_highs)")
    else:
        lines.append("new record highs: none")
    return "\n".join(lines)


# A downloaded copy older than this is due for a refresh.
CACHE_STALE_AFTER_HOURS = 24


def _status(db: Path) -> int:
    """Per source: newest date, last successful refresh, rows, rejected rows, and whether the cache is stale."""
    if not db.exists():
        print(f"{db}: no database yet. Run: python -m etl refresh")
        return EXIT_SOURCE_FAILED
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute(
                """
                SELECT l.source, l.last_date, l.loaded_at, l.rows_loaded, l.rows_rejected,
                       -- rejected files a source counts apart from its table's rows (territory's kept maps)
                       greatest(coalesce(r.rejected, 0) - l.rows_rejected, 0) AS files_rejected,
                       l.fetched_at, l.origin,
                       date_diff('hour', l.fetched_at, CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)) AS cache_age_hours
                FROM source_loads AS l
                LEFT JOIN (SELECT source, count(*) AS rejected FROM rejected_rows GROUP BY source) AS r
                       ON r.source = l.source
                QUALIFY row_number() OVER (PARTITION BY l.source ORDER BY l.loaded_at DESC) = 1
                ORDER BY l.source
                """
            ).fetchall()
    except duckdb.Error as err:
        print(f"{db}: not a readable escalation database ({type(err).__name__}). Run: python -m etl refresh")
        return EXIT_SOURCE_FAILED
    print(f"database: {db}")
    print(f"{'source':<14} {'newest date':<12} {'last refresh (UTC)':<20} {'rows':>7} {'rejected':>8} "
          f"{'files rej.':>10}  {'cache':<22} origin")
    for source, last_date, loaded_at, loaded, rejected, files_rejected, fetched_at, origin, age in rows:
        if fetched_at is None:
            cache = "offline (local folder)"
        elif age is not None and age > CACHE_STALE_AFTER_HOURS:
            cache = f"stale ({age} h old)"
        else:
            cache = f"fresh ({age} h old)"
        print(f"{source:<14} {str(last_date or '–'):<12} {loaded_at:%Y-%m-%d %H:%M:%S}  {loaded:>7} {rejected:>8} "
              f"{files_rejected:>10}  "
              f"{cache:<22} {origin}")
    return EXIT_OK
