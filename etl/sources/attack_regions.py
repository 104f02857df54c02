"""Which oblasts the attack reports name, per report, as region_reports rows. Pure; part of the attacks source.

Two inputs (regions/PROVENANCE.md): the national reports' `affected region` lists (from 2025-01-27), and
the `target` column of the regional air commands' reports. A report (one time window) counts once per
oblast it names, however many of its rows name it. Names join to ISO 3166-2 codes, the key of the oblast
boundaries; a name that is not an oblast of Ukraine (a direction, "Ukraine", a Russian region) is left out. What a
national report's list leaves out is named in the refresh's warnings with its line (region_cell_warnings), except
directions and "Ukraine", which are expected.
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
# Names a list may give that are no oblast and expected: left out without a warning.
_NOT_A_REGION = re.compile(r"^(ukraine|(north|south|east|west|centre|center|central)(-?(east|west))?)$")
# What ast.literal_eval raises on a cell that is not a Python literal: a syntax error, a name or call, an
# unhashable key ({[1]: 2}), an integer over Python's digit limit, nesting too deep for the parser or for memory.
_NOT_A_LITERAL = (ValueError, TypeError, SyntaxError, MemoryError, RecursionError)


def iso_code(name: str) -> str | None:
    """The ISO code a region name stands for, or None (a direction, 'Ukraine', a region outside Ukraine)."""
    name = name.strip().lower()
    if name in _BY_NAME:
        return _BY_NAME[name]
    oblast = name.split(",")[0].strip()  # "Dnipropetrovsk oblast, Dnipro Raion"
    return _BY_NAME.get(oblast)


def _cell_items(text) -> list | None:
    """The items of an `affected region` cell: [] for a blank; None when it is not a readable list (not a Python
    literal, or a literal that is neither a list, a tuple nor one name: a mapping, a number, a set)."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return []
    try:
        value = ast.literal_eval(_NAN.sub("None", str(text)))
    except _NOT_A_LITERAL:
        return None
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, (list, tuple)) else None


def parse_region_list(text) -> list[str] | None:
    """The names in an `affected region` cell ("['Kharkiv oblast', nan]"); [] for a blank, None if unreadable."""
    items = _cell_items(text)
    return None if items is None else [item for item in items if isinstance(item, str)]


def region_cell_warnings(events: pd.DataFrame) -> list[str]:
    """What the national rows' `affected region` lists leave out, each with its lines: a cell that is not a readable
    list (the row loads without regions), items that are not names (numbers, mappings), and names that are no
    oblast of Ukraine (a misspelling, a town, a Russian region). Directions and "Ukraine" are expected and not
    named."""
    unreadable, not_names, not_oblasts = [], [], []
    for row in events.itertuples(index=False):
        if not row.is_national:
            continue
        items = _cell_items(getattr(row, "affected_region", None))
        if items is None:
            unreadable.append(str(int(row.line)))
            continue
        odd = [item for item in items if item is not None and not isinstance(item, str)]
        unknown = [item for item in items if isinstance(item, str) and item.strip() and iso_code(item) is None
                   and not _NOT_A_REGION.match(item.strip().lower())]
        if odd:
            not_names.append(f"line {int(row.line)} ({_shown(odd)})")
        if unknown:
            not_oblasts.append(f"line {int(row.line)} ({_shown(unknown)})")
    warnings = []
    if unreadable:
        warnings.append("'affected region' is not a readable list, left out of region_reports: lines "
                        + ", ".join(unreadable))
    if not_names:
        warnings.append("'affected region' items that are not names, left out: " + "; ".join(not_names))
    if not_oblasts:
        warnings.append("'affected region' names that are not an oblast of Ukraine, left out: " + "; ".join(not_oblasts))
    return warnings


def _shown(items: list) -> str:
    """Items as written, each cut to 60 characters (a cell may hold anything)."""
    return ", ".join(text if len(text) <= 60 else text[:57] + "..." for text in map(repr, items))


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
