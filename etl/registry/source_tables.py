"""The tables a source owns (replaced whole on each of its loads), declared once; see etl/registry/table_types.py."""
from __future__ import annotations

from etl.registry.table_types import Column as C
from etl.registry.table_types import Table

ATTACK_EVENTS = Table(
    "attack_events",
    "Every accepted row of the attacks file, with its weapon class (regional reports included).",
    (
        C("line", "BIGINT NOT NULL", "line number in missile_attacks_daily.csv"),
        C("time_start", "TIMESTAMP NOT NULL", "attack window start, Kyiv time"),
        C("time_end", "TIMESTAMP NOT NULL", "attack window end, Kyiv time"),
        C("date", "DATE NOT NULL", "Kyiv day the row counts for (date of time_end)"),
        C("model", "VARCHAR NOT NULL", "weapon model as written"),
        C("weapon_class", "VARCHAR NOT NULL", "drone, cruise_missile, ballistic_missile, other_missile, "
                                              "guided_bomb or unclassified"),
        C("launched", "DOUBLE", "number launched (NULL: not reported)"),
        C("destroyed", "DOUBLE", "number shot down (NULL: not reported)"),
        C("not_reach_goal", "DOUBLE", "did not reach a target (lost on radar)"),
        C("still_attacking", "DOUBLE", "still in the air when reported"),
        C("is_shahed", "DOUBLE", "how many of the launched drones were real Shaheds (a count; from 2025-07)"),
        C("num_hit_location", "DOUBLE", "places hit (one row per report; from 2025-05)"),
        C("num_fall_fragment_location", "DOUBLE", "places where debris fell (one row per report; from 2025-05)"),
        C("target", "VARCHAR", "target area"),
        C("launch_place", "VARCHAR", "launch area"),
        C("source_post", "VARCHAR NOT NULL", "post the row was digitised from"),
        C("is_national", "BOOLEAN NOT NULL", "false for regional air command posts (not in daily totals)"),
        C("is_daytime_report", "BOOLEAN NOT NULL", "window starts 07:00 or later and ends the same day"),
        C("is_shahed_type", "BOOLEAN NOT NULL", "model names a Shahed (the figure the press quotes)"),
        C("oblasts_named", "DOUBLE", "oblasts the row names: a national row's affected-region list (from 2025-01-27), "
                                     "a regional command's target; NULL where the list is unreadable"),
    ),
    owner="attacks",
)
ATTACK_WAVES = Table(
    "attack_waves",
    "One row per national report window (attack wave), with totals per weapon class.",
    (
        C("time_start", "TIMESTAMP NOT NULL", "window start, Kyiv time"),
        C("time_end", "TIMESTAMP NOT NULL", "window end, Kyiv time"),
        C("date", "DATE NOT NULL", "Kyiv day the wave counts for"),
        C("is_daytime_report", "BOOLEAN NOT NULL", "a separate daytime report, not an overnight wave"),
        C("rows", "BIGINT NOT NULL", "raw rows in the wave"),
        C("source_posts", "VARCHAR NOT NULL", "posts the wave was digitised from"),
        *(C(m, "DOUBLE", "total for the wave") for m in (
            "drones_launched", "drones_destroyed", "missiles_launched", "missiles_destroyed",
            "cruise_missiles_launched", "cruise_missiles_destroyed",
            "ballistic_missiles_launched", "ballistic_missiles_destroyed",
            "shahed_drones_launched", "shahed_drones_destroyed",
        )),
    ),
    ("time_start", "time_end"),
    owner="attacks",
)
REGION_REPORTS = Table(
    "region_report_rows",
    "Reports naming each oblast per day (the view region_reports).",
    (
        C("date", "DATE NOT NULL", "Kyiv day the reports count for"),
        C("region_iso", "VARCHAR NOT NULL", "ISO 3166-2 code of the oblast (UA-30: Kyiv city, inside Kyiv oblast)"),
        C("region", "VARCHAR NOT NULL", "the oblast's name"),
        C("reports", "BIGINT NOT NULL", "reports (time windows) naming it that day; a report counts once per oblast"),
        C("basis", "VARCHAR NOT NULL", "affected_region: the national reports' lists (from 2025-01-27); "
                                       "regional_command: the target of the regional air commands' reports"),
    ),
    ("date", "region_iso", "basis"),
    owner="attacks",
)
OBLAST_SHAPES = Table(
    "oblast_shapes",
    "Outlines of Ukraine's oblasts (OpenStreetMap, ODbL; © OpenStreetMap contributors), for the /regions map.",
    (
        C("region_iso", "VARCHAR NOT NULL", "ISO 3166-2 code (Kyiv city lies inside Kyiv oblast's outline)"),
        C("name", "VARCHAR NOT NULL", "name as the attack reports spell it"),
        C("name_uk", "VARCHAR NOT NULL", "Ukrainian name"),
        C("geometry", "VARCHAR NOT NULL", "Polygon or MultiPolygon as GeoJSON text, WGS84 lon/lat"),
    ),
    ("region_iso",),
    owner="regions",
)
TERRITORY_MAPS = Table(
    "territory_maps",
    "DeepState maps kept as shapes (the occupied area), for the map of territory that changed hands.",
    (
        C("date", "DATE NOT NULL", "the map's date (drawn on the evening before)"),
        C("occupied_km2", "DOUBLE NOT NULL", "occupied area of the map as read, km²"),
        C("geometry", "VARCHAR NOT NULL", "occupied area as GeoJSON, lon/lat, simplified to about 50 m"),
    ),
    ("date",),
    owner="territory",
)
WEAPON_MODELS = Table(
    "weapon_models",
    "How each model string in the attacks file was classified.",
    (
        C("model", "VARCHAR NOT NULL", "model string"),
        C("weapon_class", "VARCHAR NOT NULL", "class given"),
        C("basis", "VARCHAR NOT NULL", "which rule gave it"),
        C("rows", "BIGINT NOT NULL", "rows carrying the string"),
    ),
    ("model",),
    owner="attacks",
)

EVENTS = Table(
    "events",
    "Curated events shown on the charts (data/events.csv).",
    (
        C("date", "DATE NOT NULL", "day of the event"),
        C("title", "VARCHAR NOT NULL", "short title"),
        C("description", "VARCHAR NOT NULL", "one line"),
        C("source_url", "VARCHAR NOT NULL", "public source"),
        C("title_uk", "VARCHAR NOT NULL", "short title in Ukrainian ('' when not translated)"),
        C("description_uk", "VARCHAR NOT NULL", "one line in Ukrainian ('' when not translated)"),
    ),
    owner="events",
)
