"""Which oblasts the attack reports name, per report, as region_reports rows. Pure; part of the attacks source.

Two inputs (regions/PROVENANCE.md): the national reports' `affected region` lists (from 2025-01-27), and
the `target` column of the regional air commands' reports. A report (one time window) counts once per
oblast it names, however many of its rows name it. Names join to ISO 3166-2 codes, the key of the oblast
boundaries; a name that is not an oblast of Ukraine (a direction, "Ukraine", a Russian region) is left out.
"""
from __future__ import annotations

import ast
import re

import pandas as pd

from etl.registry import geography

AFFECTED_REGION, REGIONAL_COMMAND = "affected_region", "regional_command"

# ISO 3166-2 code -> the oblast's name as the reports spell it.
OBLASTS = geography.OBLASTS
# Variants in the reports (PROVENANCE.md): regional capitals and old names stand for their oblast; Kyiv
# is Kyiv city, a separate ISO code inside Kyiv oblast's outline.
ALIASES = {
    "dnipro oblast": "UA-12", "dnipro": "UA-12", "kryvyi rih": "UA-12", "lutsk oblast": "UA-07",
    "kyiv": "UA-30", "odesa": "UA-51", "kherson": "UA-65", "kharkiv": "UA-63", "zaporizhzhia": "UA-23",
    "mykolaiv": "UA-48", "sumy": "UA-59", "snake island": "UA-51",
}
_BY_NAME = {name.lower(): iso for iso, name in OBLASTS.items()} | ALIASES
_NAN = re.compile(r"\bnan\b", flags=re.IGNORECASE)


def iso_code(name: str) -> str | None:
    """The ISO code a region name stands for, or None (a direction, 'Ukraine', a region outside Ukraine)."""
    name = name.strip().lower()
    if name in _BY_NAME:
        return _BY_NAME[name]
    oblast = name.split(",")[0].strip()  # "Dnipropetrovsk oblast, Dnipro Raion"
    return _BY_NAME.get(oblast)


def parse_region_list(text) -> list[str] | None:
    """The names in an `affected region` cell ("['Kharkiv oblast', nan]"); [] for a blank, None if unreadable."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return []
    try:
        value = ast.literal_eval(_NAN.sub("None", str(text)))
    except (ValueError, SyntaxError):
        return None
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(item) for item in items if isinstance(item, str)]


def _target_names(text) -> list[str]:
    """The places a regional command's `target` names: "Mykolaiv oblast and Kherson oblast" is two."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return []
    return [part for part in re.split(r"\s+and\s+", str(text)) if part.strip()]


def oblasts_named(events: pd.DataFrame) -> pd.Series:
    """Per row, how many oblasts it names on its basis (national: the affected-region list; regional command: the
    target); NaN where the list is unreadable. A report gives the field when any of its rows names one, so a
    chart can say how many of a period's reports it counts from."""
    counts = []
    for row in events.itertuples(index=False):
        names = (parse_region_list(getattr(row, "affected_region", None)) if row.is_national
                 else _target_names(row.target))
        counts.append(float("nan") if names is None else float(len({iso_code(n) for n in names} - {None})))
    return pd.Series(counts, index=events.index, dtype="float64")


def region_reports(events: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Reports naming each oblast per day and basis.

    Args:
        events: accepted attack rows with time_start, time_end, date, is_national, affected_region, target, line.

    Returns:
        (rows of date, region_iso, region, reports, basis; the lines whose affected-region list is unreadable).
    """
    named, unreadable = [], []
    for row in events.itertuples(index=False):
        if row.is_national:
            names = parse_region_list(getattr(row, "affected_region", None))
            if names is None:
                unreadable.append(int(row.line))
                continue
            basis = AFFECTED_REGION
        else:
            names, basis = _target_names(row.target), REGIONAL_COMMAND
        for name in names:
            iso = iso_code(name)
            if iso is not None:
                named.append((row.time_start, row.time_end, pd.Timestamp(row.date).date(), iso, basis))
    columns = ["date", "region_iso", "region", "reports", "basis"]
    if not named:
        return pd.DataFrame(columns=columns), unreadable
    frame = pd.DataFrame(named, columns=["time_start", "time_end", "date", "region_iso", "basis"]).drop_duplicates()
    counts = frame.groupby(["date", "region_iso", "basis"]).size().rename("reports").reset_index()
    counts["region"] = counts["region_iso"].map(OBLASTS)
    return counts[columns].sort_values(["basis", "date", "region_iso"]).reset_index(drop=True), unreadable
