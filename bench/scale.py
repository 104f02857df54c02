"""Seeded generator of larger, still realistic raw inputs: each attack report split across target areas.

Every row becomes `factor` rows with a distinct target ("<target> / area k") and counts drawn around
the original (×0.5..1.5, destroyed and real Shaheds never above launched), so totals grow with the factor while the
days, models, windows and sources stay those of the real file. The per-day series (territory,
losses) have one row per day already, so they are copied unchanged: their size is set by the
calendar, not by how many reports there are.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250601


def scaled_source_dir(real: Path, target: Path, factor: int) -> Path:
    """A source folder like `real`, with the attacks file `factor` times larger."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(real, target, ignore=shutil.ignore_patterns("samples", "PROVENANCE.md"))
    if factor == 1:
        return target
    attacks = pd.read_csv(real / "attacks" / "missile_attacks_daily.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(SEED + factor)
    repeated = attacks.loc[attacks.index.repeat(factor)].reset_index(drop=True)
    part = np.tile(np.arange(1, factor + 1), len(attacks))
    repeated["target"] = repeated["target"].where(repeated["target"] != "", "Ukraine") + " / area " + part.astype(str)
    scale = rng.uniform(0.5, 1.5, len(repeated))
    launched = pd.to_numeric(repeated["launched"], errors="coerce")
    destroyed = pd.to_numeric(repeated["destroyed"], errors="coerce")
    new_launched = np.floor(launched * scale)
    new_destroyed = np.minimum(np.floor(destroyed * scale), new_launched.fillna(np.inf))
    repeated["launched"] = _as_text(new_launched)
    repeated["destroyed"] = _as_text(new_destroyed)
    # The real-Shahed count is part of launched: scaled with it, and never above it.
    real_shaheds = pd.to_numeric(repeated["is_shahed"], errors="coerce")
    repeated["is_shahed"] = _as_text(np.minimum(np.floor(real_shaheds * scale), new_launched.fillna(np.inf)))
    repeated.to_csv(target / "attacks" / "missile_attacks_daily.csv", index=False)
    return target


def _as_text(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
