"""Shared fixtures: tiny hand-written inputs, and the real data when ESCALATION_SOURCE_DIR is set."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pandas as pd
import pytest

from etl.pipeline.refresh import refresh

ATTACK_COLUMNS = ["time_start", "time_end", "model", "launch_place", "target", "target_main", "launched",
                  "destroyed", "not_reach_goal", "still_attacking", "is_shahed", "num_hit_location",
                  "num_fall_fragment_location", "source"]

WEAPONS_CSV = """model,category
Shahed-136/131,UAV
Orlan-10,UAV
Lancet,UAV
Unknown UAV,UAV
Iskander-M,ballistic missile
Iskander-M/KN-23,ballistic missile
X-47 Kinzhal,ballistic missile
Intercontinental Ballistic Missile,ballistic missile
Iskander-K,cruise missile
Kalibr,cruise missile
X-101/X-555,cruise missile
X-101/X-555 and Iskander-K,cruise missile
X-47 Kinzhal and Iskander-M/KN-23,cruise missile
C-300,surface-to-air missile
GBU,guided bomb
"""

PINNED_NOW = pd.Timestamp("2026-07-01 00:00")


def raw_rows(*rows: dict) -> pd.DataFrame:
    """Raw attack rows as text, the way read_raw returns them (line numbers from 2)."""
    frame = pd.DataFrame([{c: row.get(c) for c in ATTACK_COLUMNS} for row in rows], columns=ATTACK_COLUMNS)
    frame = frame.astype(object).where(frame.notna(), None)
    frame.insert(0, "line", range(2, len(frame) + 2))
    return frame


def weapons_table() -> pd.DataFrame:
    from io import StringIO

    return pd.read_csv(StringIO(WEAPONS_CSV), dtype=str)


TERRITORY_CSV = """date,occupied_km2,gained_km2,source,source_file,map_published_utc,carried_forward,flag
2025-01-30,112000.00,,test,,,False,
2025-01-31,112010.50,10.50,test,,,False,
2025-02-01,112010.50,0.00,test,,,True,
2025-02-02,112030.00,19.50,test,,,False,
"""
NZZ_CSV = """date,area
2025-01-30 00:00:00,95000.0
2025-01-31 00:00:00,95012.0
2025-02-01 00:00:00,95012.0
"""
LOSSES_EQUIPMENT = [
    {"date": "2025-01-30", "day": 1072, "tank": 9800, "APC": 20400, "drone": 23000},
    {"date": "2025-01-31", "day": 1073, "tank": 9805, "APC": 20410, "drone": 23100},
    {"date": "2025-02-01", "day": 1074, "tank": 9809, "APC": 20425, "drone": 23180},
]
LOSSES_PERSONNEL = [
    {"date": "2025-01-30", "day": 1072, "personnel": 835000},
    {"date": "2025-01-31", "day": 1073, "personnel": 836200},
    {"date": "2025-02-01", "day": 1074, "personnel": 837300},
]
LOSSES_CORRECTION = [{"date": "2025-01-31", "day": 1073, "tank": 1}]


def write_source_dir(folder: Path, rows: list[dict]) -> Path:
    """A source folder with every source's files: attacks from hand-written rows, the others tiny and fixed."""
    import json

    attacks_dir = folder / "attacks"
    attacks_dir.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{c: row.get(c) for c in ATTACK_COLUMNS} for row in rows], columns=ATTACK_COLUMNS).to_csv(
        attacks_dir / "missile_attacks_daily.csv", index=False
    )
    (attacks_dir / "missiles_and_uavs.csv").write_text(WEAPONS_CSV, encoding="utf-8")
    territory_dir = folder / "territory"
    territory_dir.mkdir(exist_ok=True)
    (territory_dir / "deepstate_occupied_area_daily.csv").write_text(TERRITORY_CSV, encoding="utf-8")
    (territory_dir / "nzz_liveuamap_territory.csv").write_text(NZZ_CSV, encoding="utf-8")
    losses_dir = folder / "losses"
    losses_dir.mkdir(exist_ok=True)
    for name, data in (("russia_losses_equipment.json", LOSSES_EQUIPMENT),
                       ("russia_losses_personnel.json", LOSSES_PERSONNEL),
                       ("russia_losses_equipment_correction.json", LOSSES_CORRECTION)):
        (losses_dir / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    regions_dir = folder / "regions"
    regions_dir.mkdir(exist_ok=True)
    (regions_dir / "UA_FULL_Ukraine.geojson").write_text(json.dumps(tiny_oblasts()), encoding="utf-8")
    return folder


def tiny_oblasts() -> dict:
    """A small stand-in for the oblast outlines: one square per oblast, in a row across Ukraine."""
    from etl.sources.attack_regions import OBLASTS

    features = []
    for i, iso in enumerate(sorted(set(OBLASTS) - {"UA-30", "UA-40"})):
        lon, lat = 23.0 + (i % 9) * 1.5, 46.0 + (i // 9) * 1.5
        ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
        features.append({"type": "Feature", "properties": {"iso3166-2": iso, "name:uk": iso},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def national(time_start: str, time_end: str, model: str, launched, destroyed, **extra) -> dict:
    return {"time_start": time_start, "time_end": time_end, "model": model, "target": "Ukraine",
            "launched": launched, "destroyed": destroyed, "source": "kpszsu/posts/pfbid" + time_end[:10], **extra}


# Six weeks of small nightly waves, then bigger nights: enough history for the record burn-in.
def small_history() -> list[dict]:
    rows = []
    for day in pd.date_range("2025-01-01", "2025-02-28"):
        end = day.strftime("%Y-%m-%d 08:00")
        start = (day - pd.Timedelta(days=1)).strftime("%Y-%m-%d 20:00")
        rows.append(national(start, end, "Shahed-136/131", "%d.0" % (50 + day.day), "%d.0" % (40 + day.day)))
    rows.append(national("2025-02-28 20:00", "2025-03-01 08:00", "Shahed-136/131", "300.0", "250.0"))
    rows.append(national("2025-02-28 20:00", "2025-03-01 08:00", "Kalibr", "10.0", "8.0"))
    return rows


@pytest.fixture(scope="session")
def real_source_dir() -> Path:
    """The real shared datasets; tests that need them skip (with this reason) when unset."""
    value = os.environ.get("ESCALATION_SOURCE_DIR")
    if not value:
        pytest.skip("ESCALATION_SOURCE_DIR is not set: real-data tests need the shared datasets "
                    "(.ci/run sets it to ../shared/data)")
    path = Path(value)
    if not (path / "attacks" / "missile_attacks_daily.csv").is_file():
        pytest.fail(f"ESCALATION_SOURCE_DIR={value} does not hold attacks/missile_attacks_daily.csv")
    return path


@pytest.fixture(scope="session")
def real_db(real_source_dir, tmp_path_factory) -> Path:
    """A database built once per session from the real data."""
    db = tmp_path_factory.mktemp("real") / "escalation.duckdb"
    report = refresh(db, source_dir=real_source_dir, quiet=True)
    assert not report.failed, [o.message for o in report.failed]
    return db


@pytest.fixture
def serve():
    """Start a static HTTP server for a folder; returns its base URL. Stops at teardown."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder), seen=start.requests)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    start.requests = []  # every path asked for, in order
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, seen: list, **kwargs):
        self.seen = seen
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.seen.append(self.path)
        super().do_GET()

    def log_message(self, *args):  # keep test output readable
        pass
