"""Every data source, declared once: its key, title, public home, licence, who to credit, and the files a
source module reads. Each module in etl/sources/ names its declaration (DECLARED) and takes these values
from it; a test checks that every declared source has a module that fulfils it and the other way round.

Imports nothing of the project.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """What a source is and what its module must read."""

    key: str  # the source key at every layer: metric_values.source, data/raw/<key>/, the sources table
    title: str
    url: str  # the dataset's public home
    licence: str
    credit: str  # who to credit, as the sources table's `attribution`
    folder: str  # its folder in --source-dir, a mirror and the shared data
    files: tuple[str, ...]  # the files its module reads (besides any it lists itself, e.g. kept maps)
    first_day: str | None = None  # no value may be dated before this day
    spdx: str | None = None  # the licence's SPDX identifier, where it has one (data packages name it)


ATTACKS = Source(
    "attacks", "Massive Missile Attacks on Ukraine",
    "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine", "CC BY-NC-SA 4.0",
    "Petro Ivaniuk (Kaggle: piterfm), digitised from Ukrainian Air Force Command reports", "attacks",
    ("missile_attacks_daily.csv", "missiles_and_uavs.csv"),
    # The full-scale invasion: no report can be older (the file itself starts on 2022-09-28).
    first_day="2022-02-24", spdx="CC-BY-NC-SA-4.0")
TERRITORY = Source(
    "territory", "DeepStateMap occupied area, daily", "https://deepstatemap.live",
    "DeepStateMap data (credit DeepState); daily series from cyterat/deepstate-map-data (GPL-3.0)",
    "DeepState (deepstatemap.live); map archives by cyterat and DanielRose2310", "territory",
    ("deepstate_occupied_area_daily.csv",), first_day="2022-05-13")
TERRITORY_NZZ = Source(
    "territory_nzz", "NZZ / Liveuamap territory series", "https://github.com/conflict-investigations/nzz-maps",
    "No licence file; credit Liveuamap and NZZ",
    "Neue Zürcher Zeitung, from Liveuamap data (conflict-investigations/nzz-maps)", "territory",
    ("nzz_liveuamap_territory.csv",), first_day="2022-02-24")  # the series starts with the invasion
LOSSES = Source(
    "losses", "2022 Ukraine–Russia War Dataset: Russian losses",
    "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset", "MIT",
    "Petro Ivaniuk, from the daily reports of the General Staff of the Armed Forces of Ukraine", "losses",
    ("russia_losses_equipment.json", "russia_losses_personnel.json", "russia_losses_equipment_correction.json"),
    first_day="2022-02-24", spdx="MIT")  # day 1 of the full-scale invasion
EVENTS = Source(
    "events", "Event annotations (curated)", "data/events.csv in this repository",
    "CC BY 4.0 (this project); each event links its public source", "Escalation dashboard contributors", ".",
    ("events.csv",), spdx="CC-BY-4.0")
REGIONS = Source(
    "regions", "Oblast boundaries of Ukraine (ukraine_geojson)", "https://github.com/EugeneBorshch/ukraine_geojson",
    "ODbL 1.0 (© OpenStreetMap contributors)", "© OpenStreetMap contributors, via EugeneBorshch/ukraine_geojson",
    "regions", ("UA_FULL_Ukraine.geojson",), spdx="ODbL-1.0")

SOURCES: tuple[Source, ...] = (ATTACKS, TERRITORY, TERRITORY_NZZ, LOSSES, EVENTS, REGIONS)
BY_KEY: dict[str, Source] = {source.key: source for source in SOURCES}
