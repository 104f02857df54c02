"""Weapon classes for the attack reports: every model string gets one, from the weapon table plus an
explicit mapping for the strings it lacks. Pure; part of the attacks source."""
from __future__ import annotations

import re

import pandas as pd

# Weapon classes. "other_missile" holds S-300/S-400 fired at ground targets and combined rows
# whose parts are of different missile classes (one count, so it cannot be split).
DRONE = "drone"
CRUISE = "cruise_missile"
BALLISTIC = "ballistic_missile"
OTHER_MISSILE = "other_missile"
GUIDED_BOMB = "guided_bomb"
UNCLASSIFIED = "unclassified"
MISSILE_CLASSES = (CRUISE, BALLISTIC, OTHER_MISSILE)

CATEGORY_TO_CLASS = {
    "uav": DRONE,
    "cruise missile": CRUISE,
    "ballistic missile": BALLISTIC,
    "surface-to-air missile": OTHER_MISSILE,
    "surface-to-air and ballistic": OTHER_MISSILE,
    "guided bomb": GUIDED_BOMB,
}

# Model strings the weapon table lacks (PROVENANCE.md, Quirks). Combinations of known models
# ("Iskander-M and Iskander-K") and case variants are resolved without being listed here.
EXPLICIT_MODEL_CLASSES = {
    "Картограф": DRONE,  # Kartograf reconnaissance UAV
    "Привет-82": DRONE,  # Privet-82 strike UAV
    "Фенікс": DRONE,  # Feniks UAV
    "Aerial Bomb": GUIDED_BOMB,
}


def classify_models(models: pd.Series, weapons: pd.DataFrame) -> pd.DataFrame:
    """Give every distinct model string a weapon class.

    Order of rules: the explicit mapping; a combined "A and B" string whose parts are all known
    takes their common class (or other_missile when missile classes differ, since one count
    cannot be split); a single model takes its weapon-table category (case-insensitive);
    anything else is `unclassified` and reported, never guessed.

    Args:
        models: model strings, repeats allowed.
        weapons: the weapon table (needs `model`, `category`).

    Returns:
        DataFrame of model, weapon_class, basis, rows (how many rows carry the string).
    """
    table = {
        str(model).strip().casefold(): CATEGORY_TO_CLASS.get(str(category).strip().casefold(), UNCLASSIFIED)
        for model, category in zip(weapons["model"], weapons["category"])
        if isinstance(model, str)
    }
    counts = models.value_counts(dropna=True)
    rows = []
    for model, n_rows in counts.items():
        weapon_class, basis = _classify_one(str(model), table)
        rows.append((model, weapon_class, basis, int(n_rows)))
    return pd.DataFrame(rows, columns=["model", "weapon_class", "basis", "rows"])


def _classify_one(model: str, table: dict[str, str]) -> tuple[str, str]:
    if model in EXPLICIT_MODEL_CLASSES:
        return EXPLICIT_MODEL_CLASSES[model], "explicit mapping"
    parts = [part.strip() for part in re.split(r"\s+and\s+", model) if part.strip()]
    if len(parts) > 1:
        part_classes = [EXPLICIT_MODEL_CLASSES.get(p) or table.get(p.casefold()) for p in parts]
        if all(part_classes) and UNCLASSIFIED not in part_classes:
            distinct = set(part_classes)
            if len(distinct) == 1:
                return distinct.pop(), "weapon table (parts)"
            if distinct <= set(MISSILE_CLASSES):
                return OTHER_MISSILE, "weapon table (parts of mixed class)"
    key = model.casefold()
    if key in table:
        return table[key], "weapon table"
    return UNCLASSIFIED, "unknown model"
