"""The notes the refresh writes beside a value (metric_values.note) and the reasons it gives for a rejected row
(rejected_rows.reason), declared once as templates with {placeholders}.

The ETL formats them (English, as analysts read them in the DuckDB file); the dashboard matches a stored note
against the same templates to write it in the reader's language (dashboard/shared/notes.py), and Babel extracts
them from here (dashboard/shared/i18n_extract.py), so a note is never written twice. The DeepState table's own
`flag` text is the source's words and is stored as published.

Imports nothing of the project.
"""
from __future__ import annotations

# ---------------------------------------------------------------- notes beside a value
CARRIED_FORWARD = "no new map: previous map carried forward"
MAP_UNCHANGED = "map unchanged from the day before (probably no new map)"
MAP_MISSING = "change over {days} days: the map of one day is missing"
NZZ_GAP = "change over {days} days: no value for the days between"
NZZ_BLOCK = "change over {days} days: NZZ updates in multi-day blocks"
NZZ_UNCHANGED = "unchanged from the day before: NZZ updates in multi-day blocks"
NZZ_ORDLO_ADDED = "includes {km2} km² of pre-2022 ORDLO added back (NZZ stopped drawing it)"
NZZ_DEFINITION_CHANGE = "definition change: NZZ stopped drawing pre-2022 ORDLO (bridged)"
LOWER_BOUND = "{rows} row(s) without a '{column}' count: the value is a lower bound"
NEGATIVE_UNACCOUNTED = ("the report's destroyed, lost and in-the-air counts add up to more than launched: kept as "
                        "computed, not a record")
INCOMPLETE_SHARE = ("computed from counts that are lower bounds (some rows lack a count): left out of weekly, "
                    "monthly, rolling and range shares")
SERIES_RESTARTED = "series renamed and restarted: '{field}' totals from the start of the war, not one day"
REVISED_DOWN = "revision: the claimed total was revised down; not losses given back"
LOSSES_GAP = "covers {days} days: no new figure on the days before"
CORRECTION_MOVED = ("difference {difference} minus published correction {correction} (dated {dated}; applied to "
                    "this day, whose jump it fits: as dated it made {dated} negative)")
CORRECTION = "difference {difference} minus published correction {correction}"
GIVEN_AFTER_BREAK = ("given separately after the change of reporting of {first_day}, as most reports no longer do: "
                     "kept as reported")

# ---------------------------------------------------------------- why a row was rejected
LARGER_THAN_UKRAINE = "area is larger than Ukraine ({km2} km²)"
OCCUPIED_LARGER_THAN_UKRAINE = "occupied_km2 is larger than Ukraine ({km2} km²)"
SECOND_ROW_SAME_DATE = "second row for the same date"
DUPLICATE_OF_LINE = "duplicate of line {line}"
DATE_IN_FUTURE = "date {date} is in the future (after {latest})"
NOT_A_DATE = "date: not a calendar date"

# Every template, in matching order: of two with the same start, the longer comes first.
TEMPLATES = (CARRIED_FORWARD, MAP_UNCHANGED, MAP_MISSING, NZZ_GAP, NZZ_BLOCK, NZZ_UNCHANGED, NZZ_ORDLO_ADDED,
             NZZ_DEFINITION_CHANGE, LOWER_BOUND, NEGATIVE_UNACCOUNTED, INCOMPLETE_SHARE, SERIES_RESTARTED,
             REVISED_DOWN, LOSSES_GAP, CORRECTION_MOVED, CORRECTION, GIVEN_AFTER_BREAK, LARGER_THAN_UKRAINE,
             OCCUPIED_LARGER_THAN_UKRAINE, SECOND_ROW_SAME_DATE, DUPLICATE_OF_LINE, DATE_IN_FUTURE, NOT_A_DATE)
