"""The attacks transform on tiny inline frames: one test per quirk named in PROVENANCE.md."""
from __future__ import annotations

import pandas as pd
import pytest

from etl.sources import attack_metrics, attacks
from tests.conftest import PINNED_NOW, national, raw_rows, weapons_table


def run(*rows):
    return attacks.transform(raw_rows(*rows), weapons_table(), now=PINNED_NOW)


def daily(*rows) -> dict[tuple[str, str], float]:
    tables = run(*rows)
    frame = attack_metrics.daily_metrics(tables.events)
    return {(str(r.date), r.metric): r.value for r in frame.itertuples()}


def test_day_is_date_of_time_end_for_overnight_wave():
    values = daily(national("2025-05-31 19:30", "2025-06-01 13:30", "Shahed-136/131", "472.0", "210.0"))
    assert values[("2025-06-01", "drones_launched")] == 472
    assert ("2025-05-31", "drones_launched") not in values


def test_mixed_time_formats_date_only_one_digit_hour_and_trailing_space():
    tables = run(
        national("2023-06-20", "2023-06-20 08:00", "Shahed-136/131", "35.0", "32.0"),  # date-only start
        national("2023-05-16 3:30", "2023-05-16 07:00", "Kalibr", "9.0", "9.0"),  # one-digit hour
        national("2025-03-06 21:00", "2025-03-07 10:00 ", "Shahed-136/131", "194.0", "100.0"),  # trailing space
        national("2024-05-16", "2024-05-16", "Lancet", "1.0", "1.0"),  # daily tally, both date-only
    )
    assert tables.rejected.empty
    events = tables.events.set_index("line")
    assert events.loc[3, "time_start"] == pd.Timestamp("2023-05-16 03:30")
    assert events.loc[4, "time_end"] == pd.Timestamp("2025-03-07 10:00")
    assert events.loc[2, "time_start"] == pd.Timestamp("2023-06-20 00:00")
    assert events.loc[5, "date"] == pd.Timestamp("2024-05-16")


def test_float_counts_are_read_as_numbers():
    values = daily(national("2025-06-08 20:00", "2025-06-09 08:00", "Shahed-136/131", "479.0", "277.0"))
    assert values[("2025-06-09", "drones_launched")] == 479.0
    assert values[("2025-06-09", "drones_destroyed")] == 277.0


def test_combined_rows_carry_one_count_and_are_classified_from_their_parts():
    values = daily(
        national("2025-05-31 19:30", "2025-06-01 13:30", "X-101/X-555 and Iskander-K", "4.0", "3.0"),
        national("2025-05-31 19:30", "2025-06-01 13:30", "Iskander-M/KN-23", "3.0", "0.0"),
        # Both parts ballistic, although the table's combined row says cruise.
        national("2025-05-31 19:30", "2025-06-01 13:30", "X-47 Kinzhal and Iskander-M/KN-23", "2.0", "1.0"),
        # Parts of different classes: one count that cannot be split.
        national("2025-05-31 19:30", "2025-06-01 13:30", "Iskander-M and Iskander-K", "5.0", "0.0"),
    )
    assert values[("2025-06-01", "cruise_missiles_launched")] == 4
    assert values[("2025-06-01", "ballistic_missiles_launched")] == 3 + 2
    assert values[("2025-06-01", "missiles_launched")] == 4 + 3 + 2 + 5


def test_cyrillic_and_unknown_models_are_kept_and_named():
    tables = run(
        national("2025-01-01 20:00", "2025-01-02 08:00", "Картограф", "1.0", "1.0"),
        national("2025-01-01 20:00", "2025-01-02 08:00", "Mystery-9", "2.0", "0.0"),
        national("2025-01-01 20:00", "2025-01-02 08:00", "Intercontinental ballistic missile", "1.0", "0.0"),
    )
    classes = tables.model_classes.set_index("model")["weapon_class"]
    assert classes["Картограф"] == "drone"
    assert classes["Mystery-9"] == "unclassified"
    assert classes["Intercontinental ballistic missile"] == "ballistic_missile"  # wrong case in the file
    assert tables.unknown_models == ["Mystery-9"]
    assert len(tables.events) == 3  # kept, not dropped
    values = {(r.metric): r.value for r in attack_metrics.daily_metrics(tables.events).itertuples()}
    assert values["drones_launched"] == 1
    assert values["missiles_launched"] == 1  # the unknown model is not guessed into any class


# A few rows give the post as a full URL (PROVENANCE): a regional command's URL is still regional.
@pytest.mark.parametrize("southern,eastern", [("PvKPivden/posts/pfbid02bi", "pvkshid/posts/pfbid02"),
                                              ("https://t.me/PvKPivden/12345", " https://www.facebook.com/pvkshid/posts/1 ")])
def test_regional_command_rows_are_kept_but_not_in_national_totals(southern, eastern):
    tables = run(
        national("2025-05-31 19:30", "2025-06-01 13:30", "Shahed-136/131", "472.0", "210.0"),
        {"time_start": "2025-06-01", "time_end": "2025-06-01", "model": "Молнія", "target": "south",
         "launched": "1.0", "destroyed": "1.0", "source": southern},
        {"time_start": "2025-06-01", "time_end": "2025-06-01", "model": "Unknown UAV", "target": "east",
         "launched": "60.0", "destroyed": "60.0", "source": eastern},
    )
    assert len(tables.events) == 3
    assert tables.events["is_national"].tolist() == [True, False, False]
    assert tables.events["source_post"].iloc[1].startswith("PvKPivden/")
    values = {r.metric: r.value for r in attack_metrics.daily_metrics(tables.events).itertuples()}
    assert values["drones_launched"] == 472


def test_a_national_post_given_as_a_full_url_stays_national():
    tables = run(national("2025-06-01 20:00", "2025-06-02 08:00", "Shahed-136/131", "5.0", "5.0",
                          source=" https://t.me/kpszsu "))
    assert (tables.events["source_post"].tolist(), tables.events["is_national"].tolist()) == (["kpszsu"], [True])


def test_missing_counts_give_no_false_zero_and_absent_classes_give_zero():
    values = daily(
        national("2024-02-28", "2024-02-28 08:00", "C-300", None, "0.0"),
        national("2024-02-27 19:00", "2024-02-28 08:00", "Shahed-136/131", "20.0", "15.0"),
    )
    assert ("2024-02-28", "missiles_launched") not in values  # only row's launched is missing
    assert values[("2024-02-28", "missiles_destroyed")] == 0
    assert values[("2024-02-28", "drones_launched")] == 20
    assert values[("2024-02-28", "cruise_missiles_launched")] == 0  # no cruise row: none launched


def test_daytime_report_counts_in_the_calendar_day_and_is_marked():
    tables = run(
        national("2026-03-23 18:00", "2026-03-24 08:00", "Shahed-136/131", "392.0", "370.0"),
        national("2026-03-24 09:00", "2026-03-24 18:00", "Shahed-136/131", "556.0", "536.0"),
    )
    assert tables.events["is_daytime_report"].tolist() == [False, True]
    values = {r.metric: r.value for r in attack_metrics.daily_metrics(tables.events).itertuples()}
    assert values["drones_launched"] == 948
    waves = attack_metrics.attack_waves(tables.events)
    assert waves["drones_launched"].tolist() == [392, 556]


def test_guided_bombs_are_neither_drones_nor_missiles():
    values = daily(
        national("2025-01-01 20:00", "2025-01-02 08:00", "GBU", "3.0", "0.0"),
        national("2025-01-01 20:00", "2025-01-02 08:00", "Kalibr", "2.0", "1.0"),
    )
    assert values[("2025-01-02", "missiles_launched")] == 2
    assert values[("2025-01-02", "drones_launched")] == 0


def test_bad_rows_are_rejected_with_line_and_reason_and_the_rest_kept():
    tables = run(
        national("2025-01-01 20:00", "2025-01-02 08:00", "Shahed-136/131", "100.0", "90.0"),  # line 2: good
        national("2025-01-01 20:00", "not a date", "Shahed-136/131", "10.0", "9.0"),  # line 3
        national("2025-01-01 20:00", "2025-01-02 08:00", "Kalibr", "-4.0", "0.0"),  # line 4
        national("2025-01-01 20:00", "2025-01-02 08:00", "Kalibr", "4.0", "6.0"),  # line 5
        national("2030-01-01 20:00", "2030-01-02 08:00", "Kalibr", "4.0", "1.0"),  # line 6: future
        national("2025-01-01 20:00", "2025-01-02 08:00", None, "4.0", "1.0"),  # line 7: no model
    )
    assert tables.events["line"].tolist() == [2]
    reasons = dict(zip(tables.rejected["line"], tables.rejected["reason"]))
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert "time_end" in reasons[3] and "'not a date'" in reasons[3]
    assert "launched" in reasons[4] and "'-4.0'" in reasons[4]
    assert reasons[5] == "destroyed is greater than launched"
    assert reasons[6] == "date 2030-01-02 is in the future (after 2026-07-02)"
    assert reasons[7] == "model: missing value"
    assert (tables.rejected["file"] == "missile_attacks_daily.csv").all()


def test_destroyed_plus_not_reached_above_launched_is_kept():
    # 2024-12-28 in the real file: 16 launched, 15 destroyed, 11 lost on radar. Published as is.
    tables = run(national("2024-12-27 23:00", "2024-12-28 08:30", "Shahed-136/131", "16.0", "15.0",
                          not_reach_goal="11.0"))
    assert tables.rejected.empty


def test_possible_double_counts_are_reported_not_dropped():
    first = national("2023-06-20", "2023-06-20 08:00", "Shahed-136/131", "35.0", "32.0")
    second = dict(first, launched="6.0", destroyed="6.0", target="Khmelnytskyi oblast", source="kpszsu/posts/other")
    tables = run(first, second)
    doubles = attacks.possible_double_counts(tables.events)
    assert doubles["line"].tolist() == [2, 3]
    values = {r.metric: r.value for r in attack_metrics.daily_metrics(tables.events).itertuples()}
    assert values["drones_launched"] == 41  # summed as published


@pytest.mark.parametrize("text,expected", [("93.0", 93.0), ("7", 7.0), (" 12.0 ", 12.0)])
def test_count_text_forms(text, expected):
    tables = run(national("2025-01-01 20:00", "2025-01-02 08:00", "Kalibr", text, "0.0"))
    assert tables.events["launched"].tolist() == [expected]
