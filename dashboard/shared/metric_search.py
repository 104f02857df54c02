"""Finding a metric by what a person calls it: words in its name, label or description, or a common
synonym ("interception" finds the shot-down shares, "casualties" the personnel claims). Pure."""
from __future__ import annotations

import re

import pandas as pd

# A word people search for -> words the metric declarations use for it.
SYNONYMS = {
    "interception": ("shot down", "destroyed"), "intercepted": ("shot down", "destroyed"),
    "intercept": ("shot down", "destroyed"), "downed": ("shot down", "destroyed"), "kill": ("shot down", "killed"),
    "air defence": ("shot down", "destroyed", "air-defence"), "air defense": ("shot down", "destroyed", "air-defence"),
    "uav": ("drone",), "uavs": ("drone",), "geran": ("shahed",), "kamikaze": ("shahed", "drone"),
    "rocket": ("missile", "rocket"), "rockets": ("missile", "rocket"), "kalibr": ("cruise",), "kinzhal": ("ballistic",),
    "iskander": ("ballistic", "cruise"), "casualties": ("personnel",), "soldiers": ("personnel",),
    "troops": ("personnel",), "killed": ("personnel",), "wounded": ("personnel",),
    "land": ("territory", "occupied area"), "front": ("territory", "occupied area"), "area": ("occupied area", "km²"),
    "captured": ("territory gained", "occupied"), "advance": ("territory gained",), "km2": ("km²",),
    "armour": ("tanks", "armoured"), "armor": ("tanks", "armoured"), "navy": ("warships", "submarines"),
    "boats": ("warships",), "planes": ("aircraft",), "jets": ("aircraft",), "artillery": ("artillery",),
}


def search_text(row) -> str:
    """Everything a metric can be found by, lower-cased."""
    return " ".join(str(part) for part in (row.metric.replace("_", " "), row.label, row.description, row.unit,
                                           row.source_title)).lower()


def matching_metrics(catalogue: pd.DataFrame, query: str) -> list[str]:
    """Metrics whose text holds every word of the query (or a synonym of it), in catalogue order.

    An empty query matches everything. Phrases in SYNONYMS ("air defence") are matched before single words.
    """
    text = query.lower().strip()
    if not text:
        return list(catalogue.index)
    terms = []
    for phrase in sorted((p for p in SYNONYMS if " " in p), key=len, reverse=True):
        if phrase in text:
            terms.append((phrase, *SYNONYMS[phrase]))
            text = text.replace(phrase, " ")
    terms += [(word, *SYNONYMS.get(word, ())) for word in re.findall(r"[\w²-]+", text)]
    haystacks = {row.metric: search_text(row) for row in catalogue.itertuples()}
    return [metric for metric, hay in haystacks.items() if all(any(t in hay for t in group) for group in terms)]
