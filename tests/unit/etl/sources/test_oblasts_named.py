"""How many oblasts each attack row names: the per-row fact the coverage counts of /regions read."""
from __future__ import annotations

import math

import pandas as pd

from etl.sources.attack_regions import oblasts_named


def test_oblasts_named_per_row():
    rows = pd.DataFrame({
        "is_national": [True, True, True, True, False, False],
        "affected_region": ["['Kharkiv oblast', 'Kyiv', nan]", "['Kharkiv oblast', 'Kharkiv']", "", "[unclosed",
                            None, None],
        "target": [None, None, None, None, "Mykolaiv oblast and Kherson oblast", "Ukraine"],
    })
    got = oblasts_named(rows).tolist()
    # Kharkiv oblast + Kyiv city; the same oblast twice is one; a blank list none; an unreadable one unknown;
    # a regional command's two targets; 'Ukraine' is no oblast.
    assert got[:3] == [2.0, 1.0, 0.0] and math.isnan(got[3]) and got[4:] == [2.0, 0.0]
