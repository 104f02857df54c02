"""The rules behind the numbers, declared once: their constants and their wording, as templates with
{placeholders}. The ETL applies the constants and writes the texts into the database's comments; the pages show
the same texts in the reader's language (Babel extracts them from here, dashboard/shared/i18n_extract.py) with
the constants written in the language's number format.

Imports nothing of the project.
"""
from __future__ import annotations

# ---------------------------------------------------------------- aggregation
AGGREGATIONS = ("day", "week", "month")
# The words for a period, in the forms the pages use them.
AGGREGATION_NAME = {"day": "Day", "week": "Week", "month": "Month"}
AGGREGATION_ADJECTIVE = {"day": "daily", "week": "weekly", "month": "monthly"}
AGGREGATION_PER = {"day": "per day", "week": "per week", "month": "per month"}

# ---------------------------------------------------------------- record highs
# A value is a record only once its metric has this many days of history: the first weeks of a series would
# otherwise flag almost every day, since there is little to beat.
RECORD_BURN_IN_DAYS = 28
RECORD_RULE = ("A day is a record when its value is strictly above every earlier day of the metric's whole history "
               "(not only the range shown). The first {burn_in} days of a series set the bar but are not flagged; "
               "ties are not records; marked days (map artefacts, carried-forward maps, revised claims) neither set "
               "nor break records. A day is the Kyiv calendar day, so an overnight wave and a separate daytime "
               "report on the same day add up.")

# ---------------------------------------------------------------- ways of counting an attack
DEFINITIONS = ("report", "night", "24h", "calendar_day")
DEFINITION_LABELS = {"report": "One report", "night": "One overnight report", "24h": "Within 24 hours",
                     "calendar_day": "Calendar day (Kyiv)"}
OVERNIGHT_RULE = ("starts between 14:00 the day before its end date and 07:00 on it (a date-only start counts as "
                  "00:00), ends at a clock time after midnight, lasts at most 24 hours, and is not a separate daytime "
                  "report")

# ---------------------------------------------------------------- before and after an event
WINDOW_DAYS = (7, 14, 30)
PERMUTATIONS = 9_999
MIN_DAYS_FOR_TEST = 3  # with fewer reported days on either side a permutation test says nothing
WINDOW_METHOD = ("Daily mean over the reported days of the N days before (D−N … D−1) and the N days after "
                 "(D … D+N−1), N = 7, 14 or 30; days without a report are left out, not counted as zero. Change = "
                 "after / before − 1. p-value: two-sided permutation test of the difference in means ({permutations} "
                 "random relabellings of the reported days, or every relabelling when there are fewer), only when "
                 "each side has at least {min_days} reported days. It tests whether the two windows differ more than "
                 "a random split of the same days would; it cannot say the event caused the change.")

# ---------------------------------------------------------------- regimes
REGIME_MIN_WEEKS = 4  # a month: shorter stretches are single heavy weeks, not regimes
REGIME_PENALTY_FACTOR = 2.0
REGIME_METHOD = ("Change points in the mean of the square root of the weekly totals (Monday to Sunday, reported days "
                 "only), found with ruptures' PELT search and a least-squares cost. Penalty: {factor} × σ² × "
                 "ln(number of weeks), σ = standard deviation of the week-to-week differences / √2, so the same rule "
                 "fits drones and missiles. A regime lasts at least {weeks} weeks. Its level is the daily mean over "
                 "the days in it that have a report.")

# ---------------------------------------------------------------- salvos
# family metric -> (multiple of the trailing median, floor)
SALVO_RULES = {"drones_launched": (3.0, 100.0), "missiles_launched": (3.0, 20.0)}
SALVO_TRAILING_DAYS = 28
SALVO_MIN_REPORTED_DAYS = 7
SALVO_RULE = ("A salvo is a report with at least {multiple} × the median daily {unit} of the {days} days before it "
              "and at least {floor} {unit}.")

# ---------------------------------------------------------------- fields the reports give only in part
# A period of a chart drawn from a field that only some reports give (the oblast lists, the real Shahed count) is
# faded when fewer than this share of the period's reports give the field: its bars then count what was
# digitised rather than what happened. Half, because it splits the two ways the file was kept: every week from
# February to June 2025, when the oblast lists were filled routinely, has at least half of its national reports
# with a list but one (4 of 9), and no week from September 2025 on reaches it (attacks/PROVENANCE.md, "Coverage
# that thins out").
COVERAGE_MIN_SHARE = 0.5
