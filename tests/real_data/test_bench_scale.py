"""The benchmark's input generator keeps the data realistic: same days and reports, more rows, valid counts."""
from __future__ import annotations

import pandas as pd

from bench.scale import scaled_source_dir
from etl.sources import attacks
from tests.conftest import PINNED_NOW


def test_scaled_attacks_keep_days_and_grow_totals(real_source_dir, tmp_path):
    scaled = scaled_source_dir(real_source_dir, tmp_path / "x10", 10)
    original = pd.read_csv(real_source_dir / "attacks" / "missile_attacks_daily.csv")
    bigger = pd.read_csv(scaled / "attacks" / "missile_attacks_daily.csv", low_memory=False)
    assert len(bigger) == 10 * len(original)
    assert set(bigger["time_end"]) == set(original["time_end"])  # the days stay
    ratio = bigger["launched"].sum() / original["launched"].sum()
    assert 8 < ratio < 12  # totals grow with the factor
    assert not (bigger["destroyed"] > bigger["launched"]).any()
    assert bigger.duplicated().sum() == 0  # split by target area, so no exact repeats
    # The ETL accepts every generated row.
    raw, weapons = attacks.read_raw(scaled / "attacks")
    assert attacks.transform(raw, weapons, now=PINNED_NOW).rejected.empty
    # The per-day sources are copied as they are.
    assert (scaled / "losses" / "russia_losses_equipment.json").read_bytes() == \
        (real_source_dir / "losses" / "russia_losses_equipment.json").read_bytes()
