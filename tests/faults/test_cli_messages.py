"""What the command line says when a download or a cached file fails (issue 22): one line that names the URL or
the file, what is wrong, and the command that helps; never an HTTP library's retry chatter, never a traceback."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest

from etl.cli import main
from etl.fetch import territory_history
from etl.sources import territory
from tests.paths import PROJECT

# The CLI in a fresh interpreter (so logging is set up by the CLI alone, as on a terminal), with the download
# cache moved to the test's folder, the retry waits shortened (the retries themselves stay) and, when given,
# the archive's listing and map URLs pointed at the test's server.
CLI = """
import pathlib, sys
import etl.fetch.http, etl.paths
from etl.fetch import territory_history
etl.paths.RAW_CACHE_DIR = pathlib.Path(sys.argv[1])
etl.fetch.http.BACKOFF_FACTOR = 0
if sys.argv[2]:
    territory_history.ARCHIVE_INDEX_URLS = tuple(sys.argv[2].split())
if sys.argv[3]:
    territory_history.ARCHIVE_MAP_URL = sys.argv[3]
from etl.cli import main
sys.exit(main(sys.argv[4:]))
"""
TABLE_HEADER = ",".join(territory.TABLE_COLUMNS)


@pytest.fixture
def refused():
    """Base URL of a 127.0.0.1 port that refuses connections (bound, never listening) for the whole test."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def cache_with_table(tmp_path, first_day: str = "2025-01-01"):
    cache = tmp_path / "raw"
    (cache / "territory").mkdir(parents=True)
    (cache / "territory" / territory.DAILY_FILE).write_text(f"{TABLE_HEADER}\n{first_day},110000.00,,x,x,,False,\n")
    return cache


def run_cli(cache, *args, mirror=None, listing=(), map_url="") -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("ESCALATION_MIRROR_URL", "ESCALATION_SOURCE_DIR")}
    env["PYTHONPATH"] = str(PROJECT)
    if mirror:
        env["ESCALATION_MIRROR_URL"] = mirror
    return subprocess.run([sys.executable, "-c", CLI, str(cache), " ".join(listing), map_url, *args],
                          cwd=PROJECT, env=env, timeout=120).returncode


def one_error_line(capfd) -> str:
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Retrying" not in out + err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# ---------------------------------------------------------------- 1. offline backfill: one line, no retry chatter
@pytest.mark.parametrize("quiet", [("--quiet",), ()], ids=["quiet", "progress"])
def test_offline_backfill_says_one_line_naming_the_url_and_the_command(tmp_path, refused, capfd, quiet):
    cache = cache_with_table(tmp_path)
    code = run_cli(cache, "backfill", "territory", *quiet, mirror=refused)
    line = one_error_line(capfd)
    assert code == 1
    assert f"{refused}/territory/history/index.txt" in line and "ConnectionError" in line
    assert "python -m etl backfill territory" in line and "--source-dir" in line


def test_offline_backfill_names_the_first_listing_url_and_how_many_failed(tmp_path, refused, capfd):
    cache = cache_with_table(tmp_path)
    listing = (f"{refused}/git/trees/abc?recursive=1", f"{refused}/scripts/geojson_urls.txt")
    code = run_cli(cache, "backfill", "territory", "--quiet", listing=listing)
    line = one_error_line(capfd)
    assert code == 1
    assert listing[0] in line and listing[1] not in line and "2 of 2" in line
    assert "python -m etl backfill territory" in line and "--source-dir" in line


def test_backfill_that_loses_the_network_midway_names_the_map_and_how_to_resume(tmp_path, refused, serve, capfd):
    cache = cache_with_table(tmp_path)
    (tmp_path / "listing").mkdir()
    maps = [int(dt.datetime(2022, 6, day, 12, tzinfo=dt.timezone.utc).timestamp()) for day in (1, 2, 3)]
    (tmp_path / "listing" / "index.txt").write_text("".join(f"{unix}.geojson\n" for unix in maps))
    listing = (f"{serve(tmp_path / 'listing')}/index.txt",)
    code = run_cli(cache, "backfill", "territory", "--quiet", listing=listing,
                   map_url=f"{refused}/geojsons/{{unix}}.geojson")
    line = one_error_line(capfd)
    assert code == 1
    assert f"{refused}/geojsons/{maps[0]}.geojson" in line and "ConnectionError" in line
    assert "3 map(s) to measure" in line and "python -m etl backfill territory" in line


# ---------------------------------------------------------------- 2. a malformed cached file: named, with its fix
def _unix(day: str) -> int:
    return int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp())


MEASURED, INDEX = territory_history.MEASURED_FILE, territory_history.INDEX_CACHE_FILE
REFRESH_FIX, BACKFILL_FIX = "run python -m etl refresh", "run python -m etl backfill territory"


@pytest.mark.parametrize("name,content,problem,fix", [
    (territory.DAILY_FILE, "day,km2\n2025-01-01,110000\n", "missing column(s) date, occupied_km2", REFRESH_FIX),
    (territory.DAILY_FILE, "", "file is empty", REFRESH_FIX),
    (territory.DAILY_FILE, b"date,occupied_km2\n2025-01-01,11\xff\n", "not UTF-8", REFRESH_FIX),
    (territory.DAILY_FILE, f"{TABLE_HEADER}\nyesterday,110000.00,,x,x,,False,\n", "no row with a date", REFRESH_FIX),
    (MEASURED, "time,area\n1654084800,80000.0\n", "missing column(s) unix, occupied_km2", BACKFILL_FIX),
    (MEASURED, "unix,occupied_km2\n1654084800,80000.0\nsoon,80000.0\n", "line 3", BACKFILL_FIX),
    (INDEX, "{index_header}\n1654084800\n<html>rate limited</html>\n", "line 3", BACKFILL_FIX),
], ids=["table-renamed-columns", "table-empty", "table-not-utf8", "table-undated", "measured-renamed-columns",
        "measured-not-a-number", "index-not-a-listing"])
def test_a_malformed_cached_file_is_named_with_the_command_that_rebuilds_it(tmp_path, refused, monkeypatch, capsys,
                                                                            name, content, problem, fix):
    cache = cache_with_table(tmp_path)
    index_header = f"# {refused}/territory/history/index.txt"  # the cached listing of this mirror: used, not fetched
    if name != INDEX:
        (cache / "territory" / INDEX).write_text(f"{index_header}\n{_unix('2022-06-01')}\n")
    path = cache / "territory" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content.format(index_header=index_header))
    monkeypatch.setenv("ESCALATION_MIRROR_URL", refused)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", cache)
    code = main(["backfill", "territory", "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert str(path) in line and problem in line and fix in line and "delete" in line.lower()


def test_refresh_names_a_malformed_cached_territory_table_with_its_fix(tmp_path, serve, monkeypatch, capsys):
    cache = tmp_path / "raw"
    (cache / "territory").mkdir(parents=True)
    path = cache / "territory" / territory.DAILY_FILE
    path.write_text("day,km2\n2025-01-01,110000\n")
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("ESCALATION_MIRROR_URL", serve(tmp_path / "mirror"))  # answers 404: the cache is read
    monkeypatch.delenv("ESCALATION_SOURCE_DIR", raising=False)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", cache)
    code = main(["refresh", "--db", str(tmp_path / "x.duckdb"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.out + captured.err
    (line,) = [line for line in captured.out.splitlines() if line.startswith("territory: FAILED")]
    assert str(path) in line and "missing column(s) date, occupied_km2" in line and REFRESH_FIX in line
