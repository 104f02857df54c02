"""The Ukrainian edition on the real data: every note the refresh writes reads in Ukrainian."""
from __future__ import annotations

import re

from tests.unit.dashboard.shared.test_i18n import ukrainian  # noqa: F401  (fixture)


def test_every_note_the_refresh_writes_is_translated(real_db, real_source_dir, ukrainian):
    """Every distinct note in the real database reads in Ukrainian, except the DeepState table's own `flag`
    text (the source's words, shown as published)."""
    import csv

    import duckdb

    from dashboard.shared import notes

    with duckdb.connect(str(real_db), read_only=True) as con:
        stored = {row[0] for row in con.execute("SELECT DISTINCT note FROM daily_metric_rows WHERE note IS NOT NULL"
                                                ).fetchall()}
    with (real_source_dir / "territory" / "deepstate_occupied_area_daily.csv").open(encoding="utf-8") as handle:
        source_words = {row["flag"] for row in csv.DictReader(handle) if row["flag"]}
    untranslated = {note for note in stored - source_words if not re.search("[а-яіїєґ]", notes.translate(note))}
    assert untranslated == set()
    assert len(stored - source_words) > 20  # the loss corrections, the map notes, the lower bounds
    # Values are written again in Ukrainian: 16,619 km² → 16 619 км², and a true minus.
    assert notes.translate("includes 16,619 km² of pre-2022 ORDLO added back (NZZ stopped drawing it)") == (
        "включає 16\u00a0619 км² ОРДЛО до 2022 року, додані назад (NZZ перестала їх позначати)")
    assert notes.translate("difference -1 minus published correction +2") == (
        "різниця −1 мінус опублікована поправка +2")
    assert notes.translate("4 row(s) without a 'destroyed' count: the value is a lower bound") == (
        "рядків без кількості «знищено»: 4; значення — нижня межа")
    # The reasons rows were rejected: the real data's 7 NZZ rows, and a reason the checks word with a line.
    with duckdb.connect(str(real_db), read_only=True) as con:
        reasons = {row[0] for row in con.execute("SELECT DISTINCT reason FROM rejected_rows").fetchall()}
    assert {notes.translate(reason) for reason in reasons} == {"площа більша за всю Україну (603\u00a0628 км²)"}
    assert notes.translate("duplicate of line 1204") == "повтор рядка 1\u00a0204"
