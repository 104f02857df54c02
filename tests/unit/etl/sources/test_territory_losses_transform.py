"""Territory (DeepState, NZZ) and losses transforms on small inline inputs: one test per quirk."""
from __future__ import annotations

import pandas as pd
import pytest

from etl import geometry
from etl.sources import losses, nzz, territory
from tests.conftest import PINNED_NOW


def text_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).astype(object)
    frame.insert(0, "line", range(2, len(frame) + 2))
    return frame


def by_key(values: pd.DataFrame) -> dict:
    return {(str(r.date), r.metric): r for r in values.itertuples()}


# ---------------------------------------------------------------- DeepState
def deepstate_rows():
    return text_frame([
        {"date": "2022-09-17", "occupied_km2": "115700.00", "carried_forward": "False", "flag": None},
        {"date": "2022-09-18", "occupied_km2": "115737.64", "carried_forward": "False", "flag": None},
        {"date": "2022-09-19", "occupied_km2": "116533.35", "carried_forward": "False",
         "flag": "artifact: DeepState redrew the Crimea polygon"},
        {"date": "2022-09-20", "occupied_km2": "116533.35", "carried_forward": "True", "flag": None},
        # 2022-09-21 has no map at all
        {"date": "2022-09-22", "occupied_km2": "116500.00", "carried_forward": "False", "flag": None},
    ])


def test_deepstate_level_and_change():
    values, rejected = territory.transform(deepstate_rows(), now=PINNED_NOW)
    assert rejected.empty
    rows = by_key(values)
    assert rows[("2022-09-18", "occupied_km2")].value == 115737.64
    # The map dated D is drawn on the evening of D-1: its change is dated D-1.
    assert rows[("2022-09-17", "territory_gained_km2")].value == pytest.approx(37.64)
    assert ("2022-09-22", "territory_gained_km2") not in rows  # no later map yet


def test_deepstate_artefact_is_kept_marked_and_not_a_record():
    rows = by_key(territory.transform(deepstate_rows(), now=PINNED_NOW)[0])
    redraw = rows[("2022-09-18", "territory_gained_km2")]
    assert redraw.value == pytest.approx(795.71)
    assert not redraw.record_eligible and redraw.note.startswith("artifact")
    assert not rows[("2022-09-19", "occupied_km2")].record_eligible


def test_deepstate_carried_forward_day_is_not_a_record():
    rows = by_key(territory.transform(deepstate_rows(), now=PINNED_NOW)[0])
    carried = rows[("2022-09-19", "territory_gained_km2")]
    assert carried.value == 0 and not carried.record_eligible and "carried forward" in carried.note


def test_deepstate_unchanged_map_not_marked_carried_forward_is_not_a_record():
    """cyterat's rows: a 0.00 change usually means no new map even when carried_forward is False (PROVENANCE);
    104 such days in the real table."""
    rows = text_frame([
        {"date": "2025-03-01", "occupied_km2": "113000.00", "carried_forward": "False", "flag": None},
        {"date": "2025-03-02", "occupied_km2": "113000.00", "carried_forward": "False", "flag": None},
        {"date": "2025-03-03", "occupied_km2": "113012.50", "carried_forward": "False", "flag": None},
    ])
    values = by_key(territory.transform(rows, now=PINNED_NOW)[0])
    unchanged = values[("2025-03-01", "territory_gained_km2")]  # the map of 03-02 is the change dated 03-01
    assert unchanged.value == 0 and not unchanged.record_eligible
    assert unchanged.note == "map unchanged from the day before (probably no new map)"
    assert values[("2025-03-02", "territory_gained_km2")].record_eligible


def test_deepstate_change_after_a_missing_day_spans_both_days():
    rows = by_key(territory.transform(deepstate_rows(), now=PINNED_NOW)[0])
    after_gap = rows[("2022-09-21", "territory_gained_km2")]
    assert after_gap.value == pytest.approx(-33.35)
    assert not after_gap.record_eligible and "over 2 days" in after_gap.note
    assert ("2022-09-21", "occupied_km2") not in rows


def test_deepstate_bad_rows_rejected_with_line():
    rows = deepstate_rows()
    rows.loc[1, "occupied_km2"] = "n/a"
    rows.loc[3, "occupied_km2"] = "9999999"
    _, rejected = territory.transform(rows, now=PINNED_NOW)
    assert dict(zip(rejected["line"], rejected["reason"])) == {
        3: "occupied_km2: not a non-negative number (got 'n/a')",
        5: "occupied_km2 is larger than Ukraine (603,628 km²)",
    }


def test_area_from_map_filters_layers_by_english_name():
    square = {"type": "Polygon", "coordinates": [[[31.0, 48.0], [32.0, 48.0], [32.0, 49.0], [31.0, 49.0], [31.0, 48.0]]]}
    shifted = {"type": "Polygon", "coordinates": [[[31.5, 48.0], [32.5, 48.0], [32.5, 49.0], [31.5, 49.0], [31.5, 48.0]]]}
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Окуповано///Occupied"}, "geometry": square},
        # wrapped in a GeometryCollection, overlapping the first by half: counted once
        {"type": "Feature", "properties": {"name": "ОРДЛО///CADR and CALR"},
         "geometry": {"type": "GeometryCollection", "geometries": [shifted]}},
        {"type": "Feature", "properties": {"name": "Сіра зона///Unknown status"}, "geometry": square},
        {"type": "Feature", "properties": {"name": "Придністров'я///Transnistria"},
         "geometry": {"type": "Polygon", "coordinates": [[[29, 47], [30, 47], [30, 48], [29, 48], [29, 47]]]}},
    ]}
    # A 1.5° × 1° box at 48-49°N: about 1.5 × 74.2 km × 111.2 km.
    assert geometry.occupied_area_km2(geojson) == pytest.approx(1.5 * 74.2 * 111.2, rel=0.01)


def test_area_from_map_rejects_other_json():
    with pytest.raises(ValueError):
        geometry.occupied_area_km2({"type": "Feature"})


# ---------------------------------------------------------------- NZZ
def nzz_rows():
    return text_frame([
        {"date": "2024-03-12 00:00:00", "area": "92000.0"},
        {"date": "2024-03-13 00:00:00", "area": "92010.0"},
        {"date": "2024-03-14 00:00:00", "area": "75391.0"},  # ORDLO no longer drawn: -16,619
        {"date": "2024-03-15 00:00:00", "area": "75401.0"},
        {"date": "2024-03-16 00:00:00", "area": "750858.212"},  # bogus
        {"date": "2024-03-17 00:00:00", "area": "75411.0"},
    ])


def test_nzz_bogus_rows_are_rejected_and_reported():
    _, rejected, _ = nzz.transform(nzz_rows(), now=PINNED_NOW)
    assert rejected["line"].tolist() == [6]
    assert "larger than Ukraine" in rejected["reason"].iloc[0]


def test_nzz_definition_change_is_bridged():
    values, _, warnings = nzz.transform(nzz_rows(), now=PINNED_NOW)
    assert warnings == []
    rows = by_key(values)
    assert rows[("2024-03-15", "occupied_km2_nzz")].value == pytest.approx(75401 + 16619)
    change_day = rows[("2024-03-14", "territory_gained_km2_nzz")]
    assert change_day.value == pytest.approx(0) and not change_day.record_eligible
    after_gap = rows[("2024-03-17", "territory_gained_km2_nzz")]
    assert after_gap.value == pytest.approx(10) and "over 2 days" in after_gap.note


def test_nzz_flat_runs_are_no_new_map_and_the_block_change_sets_no_record():
    """NZZ updates in multi-day blocks (PROVENANCE): 92,000 for three days, then 92,030 — the +30 is three days'
    movement, and the two zeros are days without a new map."""
    rows = text_frame([{"date": f"2023-01-0{day} 00:00:00", "area": area}
                       for day, area in [(1, "91990.0"), (2, "92000.0"), (3, "92000.0"), (4, "92000.0"),
                                         (5, "92030.0"), (6, "92035.0")]])
    values, _, _ = nzz.transform(rows, now=PINNED_NOW)
    gained = {day: rows for (day, metric), rows in by_key(values).items() if metric == "territory_gained_km2_nzz"}
    assert [gained[f"2023-01-0{d}"].value for d in range(2, 7)] == [10, 0, 0, 30, 5]
    for day in ("2023-01-03", "2023-01-04"):
        assert not gained[day].record_eligible and "NZZ updates in multi-day blocks" in gained[day].note
    block = gained["2023-01-05"]
    assert not block.record_eligible and block.note == "change over 3 days: NZZ updates in multi-day blocks"
    assert gained["2023-01-02"].record_eligible and gained["2023-01-06"].record_eligible
    assert pd.isna(gained["2023-01-06"].note)


def test_nzz_without_the_expected_drop_warns_instead_of_guessing():
    rows = nzz_rows()
    rows.loc[2, "area"] = "92020.0"
    _, _, warnings = nzz.transform(rows, now=PINNED_NOW)
    assert warnings and "definition change" in warnings[0]


# ---------------------------------------------------------------- losses
def records(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "record", range(1, len(frame) + 1))
    return frame


def losses_inputs():
    equipment = records([
        {"date": "2022-04-29", "tank": 100, "APC": 200, "military auto": 1695, "fuel tank": 76,
         "mobile SRBM system": 4},
        {"date": "2022-04-30", "tank": 103, "APC": 210, "military auto": 1701, "fuel tank": 76,
         "mobile SRBM system": 4},
        {"date": "2022-05-01", "tank": 101, "APC": 196, "vehicles and fuel tanks": 1796, "cruise missiles": 84},
        {"date": "2022-05-02", "tank": 104, "APC": 199, "vehicles and fuel tanks": 1800, "cruise missiles": 86},
    ])
    personnel = records([
        {"date": "2022-04-29", "personnel": 23000}, {"date": "2022-04-30", "personnel": 23000},
        {"date": "2022-05-01", "personnel": 23500}, {"date": "2022-05-02", "personnel": 23700},
    ])
    corrections = records([{"date": "2022-05-01", "APC": -25, "tank": 0, "personnel": 0}])
    return equipment, personnel, corrections


def test_losses_are_differences_minus_the_correction():
    rows = by_key(losses.transform(*losses_inputs(), now=PINNED_NOW)[0])
    apc = rows[("2022-05-01", "losses_apcs")]
    assert apc.value == (196 - 210) - (-25) == 11
    assert "correction" in apc.note
    assert rows[("2022-05-02", "losses_tanks")].value == 3


def test_negative_difference_is_flagged_as_revision():
    rows = by_key(losses.transform(*losses_inputs(), now=PINNED_NOW)[0])
    tank = rows[("2022-05-01", "losses_tanks")]
    assert tank.value == -2 and not tank.record_eligible and tank.note.startswith("revision")


def test_renamed_and_merged_columns_continue_the_series():
    rows = by_key(losses.transform(*losses_inputs(), now=PINNED_NOW)[0])
    assert rows[("2022-04-30", "losses_vehicles")].value == 6  # military auto + fuel tank
    assert rows[("2022-05-01", "losses_vehicles")].value == 1796 - 1777
    restart = rows[("2022-05-01", "losses_cruise_missiles")]
    assert restart.value == 80 and not restart.record_eligible  # folded in every missile since February
    assert rows[("2022-05-02", "losses_cruise_missiles")].value == 2


def test_unchanged_personnel_total_is_a_reporting_gap_not_zero():
    rows = by_key(losses.transform(*losses_inputs(), now=PINNED_NOW)[0])
    assert ("2022-04-30", "losses_personnel") not in rows
    after = rows[("2022-05-01", "losses_personnel")]
    assert after.value == 500 and "covers 2 days" in after.note and not after.record_eligible


def test_losses_bad_records_rejected_with_position(tmp_path):
    equipment, personnel, corrections = losses_inputs()
    equipment["tank"] = equipment["tank"].astype(object)
    equipment.loc[1, "tank"] = "lots"
    personnel.loc[3, "date"] = "yesterday"
    _, rejected = losses.transform(equipment, personnel, corrections, now=PINNED_NOW)
    assert sorted(zip(rejected["file"], rejected["reason"])) == [
        ("russia_losses_equipment.json", "record 2: tank: not a number"),
        ("russia_losses_personnel.json", "record 4: date: not a date 'YYYY-MM-DD'"),
    ]


def test_json_that_is_not_an_array_is_a_file_error(tmp_path):
    path = tmp_path / "russia_losses_equipment.json"
    path.write_text('{"date": "2022-02-25"}')
    with pytest.raises(losses.SourceFileError, match="expected a JSON array"):
        losses.read_records(path)
