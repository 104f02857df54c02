"""Every metric, declared once: name, label, unit, kind, source, description, plausible bounds and, for
a rate, its numerator and denominator. The `metrics` table, the record rules, the aggregation rules,
the KPIs and the charts all read these declarations.

Imports nothing of the project outside the registry: sources, the load and the dashboard read it.
"""
from __future__ import annotations

from dataclasses import dataclass

from etl.registry.geography import UKRAINE_KM2
from etl.registry.sources import BY_KEY as SOURCES

FLOW, LEVEL, RATE = "flow", "level", "rate"
KINDS = {
    FLOW: "summed over a period",
    LEVEL: "the last value of a period",
    RATE: "Σ numerator / Σ denominator over a period, never a mean of daily shares",
}

# The one rule for a share over any set of days (a day, a week, a month, a rolling window, the range):
# the sum of the numerator over the sum of the denominator, over the days that report both. Written
# here once; the load (daily values), the period and rolling queries and the KPIs all use it.
RATIO_OF_SUMS_SQL = "sum(numerator) / nullif(sum(denominator), 0)"


@dataclass(frozen=True)
class Metric:
    """One daily measure."""

    name: str
    label: str
    unit: str
    kind: str  # flow, level or rate
    source: str  # source key (etl.registry.sources)
    description: str
    bounds: tuple[float, float]  # plausible daily values, inclusive; outside them a value is rejected
    numerator: str | None = None  # rates only: the metrics summed above and below the line
    denominator: str | None = None
    records: bool = True  # whether a day can set a record high (shares cannot)
    short_label: str | None = None  # a launched series' short title ("Cruise missiles"), where a chart needs one
    family: str | None = None  # a launched series' family total (drones or missiles launched), which regimes,
    # salvos and saturation are computed for

    @property
    def licence(self) -> str:
        """The licence of the metric's source, as the source registry declares it."""
        return SOURCES[self.source].licence


def _attack(name: str, label: str, unit: str, description: str, high: float, **series) -> Metric:
    return Metric(name, label, unit, FLOW, "attacks", description, (0, high), **series)


def _share(family: str) -> Metric:
    return Metric(
        f"{family}_interception_rate", f"Share of {family} shot down", "share", RATE, "attacks",
        f"{family.capitalize()} destroyed / {family} launched. Over a week, month or range it is Σ destroyed / "
        f"Σ launched over the days that report both, never a mean of daily shares. Not a record metric.",
        (0.0, 1.0), numerator=f"{family}_destroyed", denominator=f"{family}_launched", records=False)


_CLAIMS = "Claimed by Ukraine's General Staff; not independently verified."


def _loss(name: str, label: str, unit: str, high: float) -> Metric:
    # Negative values are downward revisions of a claimed total: kept and marked, never a record.
    return Metric(name, f"{label} (claimed)", unit, FLOW, "losses",
                  f"Russian losses per day claimed by Ukraine's General Staff: the day-to-day difference of the "
                  f"published cumulative total minus that date's published correction. {_CLAIMS}",
                  (-1_000, high))


# Bounds: several times the largest real day, so a typo or a unit error (1e18, a cumulative total in a
# daily field) is caught while any real escalation still fits.
METRICS: tuple[Metric, ...] = (
    _attack("drones_launched", "Drones launched", "drones",
            "Drones of every type launched at Ukraine (Shahed/Geran with decoys, reconnaissance and loitering "
            "drones), national Air Force reports ending that day.", 10_000, short_label="Drones",
            family="drones_launched"),
    _attack("drones_destroyed", "Drones destroyed", "drones",
            "Drones reported shot down (the report's 'destroyed' figure; excludes drones lost on radar).", 10_000),
    _attack("missiles_launched", "Missiles launched", "missiles",
            "Cruise, ballistic and other missiles (S-300/S-400 against ground targets, mixed-class combined "
            "rows); guided bombs excluded.", 2_000, short_label="Missiles",
            family="missiles_launched"),
    _attack("missiles_destroyed", "Missiles destroyed", "missiles", "Missiles reported shot down.", 2_000),
    _attack("cruise_missiles_launched", "Cruise missiles launched", "missiles",
            "Kh-101/Kh-555, Kalibr, Iskander-K, Kh-59/69 and other cruise missiles.", 2_000, short_label="Cruise missiles",
            family="missiles_launched"),
    _attack("cruise_missiles_destroyed", "Cruise missiles destroyed", "missiles", "Cruise missiles shot down.",
            2_000),
    _attack("ballistic_missiles_launched", "Ballistic missiles launched", "missiles",
            "Iskander-M/KN-23, Kinzhal and other ballistic missiles.", 2_000, short_label="Ballistic missiles",
            family="missiles_launched"),
    _attack("ballistic_missiles_destroyed", "Ballistic missiles destroyed", "missiles",
            "Ballistic missiles shot down.", 2_000),
    _attack("shahed_drones_launched", "Shahed-type drones launched", "drones",
            "Rows whose model names a Shahed (Shahed/Geran, with decoys since 2024): the figure the press usually "
            "quotes; excludes reconnaissance and loitering drones.", 10_000, short_label="Shahed-type drones",
            family="drones_launched"),
    _attack("shahed_drones_destroyed", "Shahed-type drones destroyed", "drones", "Shahed-type drones shot down.",
            10_000),
    _share("drones"),
    _share("missiles"),
    # What became of the drones: each only where the report gives it (a blank is "not reported", never 0).
    _attack("drones_lost_on_radar", "Drones lost on radar", "drones",
            "Drones that did not reach a target: jammed by electronic warfare, or decoys that fell on their own "
            "('not_reach_goal' on drone rows; reported from July 2024).", 10_000),
    _attack("drones_still_in_air", "Drones still in the air", "drones",
            "Drones still in the air when the report was written ('still_attacking'; from October 2024).", 10_000),
    Metric("drones_unaccounted", "Drones unaccounted for", "drones", FLOW, "attacks",
           "Launched − destroyed − lost on radar − still in the air, on days that report all four: drones that "
           "reached a target or whose fate the report does not give. A negative value (the parts add up to more "
           "than launched) is kept with a note and is not a record.", (-10_000, 10_000)),
    _attack("drones_neutralised", "Drones neutralised", "drones",
            "Drones shot down or lost on radar (suppressed by electronic warfare): destroyed + lost on radar on the "
            "days that give both, up to 23 July 2025; from 24 July 2025 the reports give this one figure as "
            "'destroyed'. The count with one meaning across that change of reporting. No value on a day whose parts add up "
            "to more than launched.", 10_000),
    Metric("drones_neutralised_rate", "Share of drones neutralised", "share", RATE, "attacks",
           "Drones neutralised (shot down or lost on radar) / drones launched: the share with one meaning across the "
           "change of reporting of 24 July 2025. Over a period, Σ neutralised / Σ launched over the days that report "
           "both. Not a record metric.", (0.0, 1.0), numerator="drones_neutralised", denominator="drones_launched",
           records=False),
    _attack("hit_locations", "Places hit", "places",
            "Places the report says were hit, by drones or missiles ('num_hit_location'; from May 2025).", 5_000),
    _attack("debris_locations", "Places with falling debris", "places",
            "Places where debris of downed drones or missiles fell ('num_fall_fragment_location'; from May 2025).",
            5_000),
    _attack("real_shaheds_launched", "Real Shaheds launched", "drones",
            "How many of the Shahed-type drones launched were real Shahed/Geran attack drones ('is_shahed'; "
            "July 2025 to May 2026).", 10_000),
    _attack("decoy_drones_launched", "Decoy drones launched", "drones",
            "Shahed-type drones launched minus real Shaheds, on the Shahed rows that give the real count: "
            "Gerbera and other decoys.", 10_000),
    Metric("shahed_drones_launched_with_real_count", "Shahed-type drones launched, on reports giving the real count",
           "drones", FLOW, "attacks",
           "Shahed-type drones launched on the rows that also give how many were real Shaheds: decoy_share's "
           "denominator, so that its numerator and denominator cover the same rows (a separate daytime report "
           "without the real count is left out of both). Not a record metric.", (0, 10_000), records=False),
    Metric("decoy_share", "Share of decoys among Shahed-type drones", "share", RATE, "attacks",
           "Decoy drones / Shahed-type drones launched, both counted on the rows that give the real Shahed count "
           "(Σ decoys / Σ Shahed-type launched on those rows over a period). Not a record metric.",
           (0.0, 1.0), numerator="decoy_drones_launched", denominator="shahed_drones_launched_with_real_count",
           records=False),
    Metric("hit_locations_per_drone", "Places hit per drone launched", "places per drone", RATE, "attacks",
           "Places hit / drones launched, over the days that report places hit (Σ places hit / Σ drones launched over "
           "a period). Places hit counts missile hits too, so it is a rough measure of how much gets through, not a "
           "share. Not a record metric.", (0.0, 50.0), numerator="hit_locations", denominator="drones_launched",
           records=False),
    Metric("occupied_km2", "Occupied area (DeepState)", "km²", LEVEL, "territory",
           "Area of Ukraine held by Russia, Crimea and pre-2022 ORDLO included, from the DeepStateMap occupied "
           "layers measured in an equal-area projection. Value for day D: the newest map at D 03:00 UTC.",
           (0, UKRAINE_KM2)),
    Metric("territory_gained_km2", "Territory gained by Russia (DeepState)", "km²", FLOW, "territory",
           "Change of the occupied area on the day it happened: the map published on the evening of D (dated "
           "D+1) minus the one before. Negative means Ukraine retook ground. Where a map is missing the change "
           "covers both days (noted). Plausible: the largest real day, 2022-09-10 in the Kharkiv counteroffensive, "
           "moved 3,539 km².", (-5_000, 5_000)),
    Metric("occupied_km2_nzz", "Occupied area (NZZ/Liveuamap)", "km²", LEVEL, "territory_nzz",
           "Area held by Russia by the NZZ map (Liveuamap data), with a fixed 26,689 km² for Crimea. From "
           "2024-03-14 NZZ left out pre-2022 ORDLO; its size (measured from the drop that day) is added back so "
           "the series keeps one definition.", (0, UKRAINE_KM2)),
    Metric("territory_gained_km2_nzz", "Territory gained by Russia (NZZ/Liveuamap)", "km²", FLOW, "territory_nzz",
           "Day-to-day change of the NZZ area. NZZ updates in multi-day blocks, so changes arrive in steps; "
           "2024-03-14 (definition change) is not a record. The first days of the invasion moved tens of "
           "thousands of km².", (-60_000, 60_000)),
    _loss("losses_personnel", "Personnel (killed and wounded)", "people", 20_000),
    _loss("losses_tanks", "Tanks", "tanks", 1_000),
    _loss("losses_apcs", "Armoured combat vehicles", "vehicles", 2_000),
    _loss("losses_artillery", "Artillery systems", "systems", 1_000),
    _loss("losses_mlrs", "Multiple rocket launchers", "systems", 500),
    _loss("losses_air_defence", "Air-defence systems", "systems", 500),
    _loss("losses_aircraft", "Aircraft", "aircraft", 500),
    _loss("losses_helicopters", "Helicopters", "helicopters", 500),
    _loss("losses_drones", "Operational-tactical drones", "drones", 20_000),
    _loss("losses_ships", "Warships and boats", "ships", 100),
    _loss("losses_submarines", "Submarines", "submarines", 20),
    # The first day of this series folds in every missile shot down since February (kept, marked).
    _loss("losses_cruise_missiles", "Cruise missiles shot down", "missiles", 2_000),
    _loss("losses_vehicles", "Vehicles and fuel tanks", "vehicles", 5_000),
    _loss("losses_special_equipment", "Special equipment", "units", 1_000),
    _loss("losses_ground_robots", "Ground robotic systems", "units", 1_000),
)

BY_NAME: dict[str, Metric] = {metric.name: metric for metric in METRICS}
RATES: tuple[Metric, ...] = tuple(m for m in METRICS if m.kind == RATE)


def formula(metric: Metric) -> str | None:
    """A share's formula in words, from its parts' labels: the one text the exports, the `metrics` table and the
    pages show for it (None for a flow or a level)."""
    if metric.kind != RATE:
        return None
    numerator, denominator = BY_NAME[metric.numerator].label, BY_NAME[metric.denominator].label
    return f"Σ {numerator} / Σ {denominator}, over the days that report both"


def of_source(source: str) -> list[Metric]:
    """The metrics a source produces, in declaration order."""
    return [m for m in METRICS if m.source == source]


def get(name: str) -> Metric:
    """The declaration of a metric; KeyError names it when it does not exist."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown metric {name!r}: declare it in etl/registry/metrics.py") from None
