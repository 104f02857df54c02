"""The ordered groups of metrics that the pages and the analyses use, declared once: which series the
escalation analyses cover and in what order, each series' family total, the launched/destroyed pairs, the
headline (KPI) metrics, the outcome metrics and the territory series compared by month. A page asks for a
group by name; the labels and units come from the metric registry (etl/registry/metrics.py).

Imports nothing of the project outside the registry.
"""
from __future__ import annotations

from etl.registry.metrics import METRICS

# The five attack series, in the order every page shows them: records by definition, event windows, the
# escalation page's series picker (URL parameter `series`).
ESCALATION_SERIES = ("drones_launched", "shahed_drones_launched", "missiles_launched", "cruise_missiles_launched",
                     "ballistic_missiles_launched")
DEFAULT_SERIES = ESCALATION_SERIES[0]
# Each series' family total (regimes, salvos and saturation are computed for the family and stand for its parts)
# and its short title: declared with the metric (etl/registry/metrics.py).
FAMILY = {m.name: m.family for m in METRICS if m.family}
FAMILIES = tuple(dict.fromkeys(FAMILY.values()))
FAMILY_WORD = {"drones_launched": "drones", "missiles_launched": "missiles"}  # the saturation bins' names
SHORT_LABEL = {m.name: m.short_label for m in METRICS if m.short_label}

# The launched / destroyed pairs drawn on /records, in order.
ATTACK_PAIRS = (("drones_launched", "drones_destroyed"), ("missiles_launched", "missiles_destroyed"),
                ("cruise_missiles_launched", "cruise_missiles_destroyed"),
                ("ballistic_missiles_launched", "ballistic_missiles_destroyed"))
ATTACK_METRICS = tuple(metric for pair in ATTACK_PAIRS for metric in pair)
# The overview's headline numbers: the newest day's counts, the shot-down shares over the range, the peaks.
KPI_METRICS = ATTACK_METRICS[:4]
SHARE_METRICS = ("drones_interception_rate", "missiles_interception_rate")
PEAK_METRICS = FAMILIES
# The overview comparison chart's metrics when a link names none (URL parameter `metrics`).
DEFAULT_COMPARISON = ("drones_launched", "missiles_launched", "territory_gained_km2", "losses_personnel")

# What became of the drones launched (/regions), and the field whose days the coverage chart counts against.
OUTCOME_METRICS = ("drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air",
                   "drones_unaccounted", "hit_locations", "decoy_drones_launched")
COVERAGE_BASE = "drones_launched"

# The territory series compared month by month (DeepState and NZZ gains side by side).
TERRITORY_MONTHLY = ("territory_gained_km2", "territory_gained_km2_nzz")
