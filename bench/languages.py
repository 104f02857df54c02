"""What the Ukrainian edition costs: a page run in Ukrainian against the same page in English, and a table written
by Babel through a pandas Styler against the plain frame Streamlit would send.

`python -m bench.languages --db PATH` prints the Markdown section; `python -m bench` includes it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
APP = str(PROJECT / "dashboard" / "app.py")
PAGES = ((None, "/"), ("app_pages/records/page.py", "/records"), ("app_pages/escalation/page.py", "/escalation"))
TABLE_ROWS = 3_000  # the point budget: the most rows the table under the comparison chart holds


def _page_run_s(db: Path, page: str | None, lang: str) -> float:
    """One whole run of a page in a fresh AppTest session (its caches warm from the runs before)."""
    from streamlit.testing.v1 import AppTest

    os.environ["ESCALATION_DB"] = str(db)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    started = time.perf_counter()
    at.run()
    if page:
        at.switch_page(page).run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{page or '/'} in {lang} raised: {at.exception[0].value}")
    return elapsed


def bench_pages(db: Path, repeat: int) -> list[tuple[str, float, float]]:
    rows = []
    for page, path in PAGES:
        for lang in ("en", "uk"):  # one unmeasured run fills the query and figure caches for both languages
            _page_run_s(db, page, lang)
        english = statistics.median(_page_run_s(db, page, "en") for _ in range(repeat))
        ukrainian = statistics.median(_page_run_s(db, page, "uk") for _ in range(repeat))
        rows.append((path, english, ukrainian))
    return rows


def _view_rows(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "aggregation": "day", "date": [dt.date(2023, 1, 1) + dt.timedelta(days=i // 4) for i in range(n)],
        "metric": "drones_launched", "label": "Drones launched", "unit": "drones", "value": rng.random(n) * 1000,
        "is_record": False, "note": [None if i % 9 else "no new map: previous map carried forward" for i in range(n)],
        "revised_from": np.nan,
    })


def bench_table(repeat: int) -> tuple[float, float, float]:
    """Seconds to turn the table into what st.dataframe sends: plain frame, Styler in English, in Ukrainian."""
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    from dashboard.shared import i18n, tables

    frame = _view_rows(TABLE_ROWS)

    def styled(lang: str) -> float:
        i18n.activate(lang)
        started = time.perf_counter()
        styler = tables.view_rows(frame)
        marshall_styler(ArrowData(), styler, "bench")
        convert_anything_to_arrow_bytes(styler.data)
        i18n.activate("en")
        return time.perf_counter() - started

    def plain() -> float:
        started = time.perf_counter()
        convert_anything_to_arrow_bytes(frame)
        return time.perf_counter() - started

    return (statistics.median(plain() for _ in range(repeat)), statistics.median(styled("en") for _ in range(repeat)),
            statistics.median(styled("uk") for _ in range(repeat)))


def run_languages_bench(db: Path, repeat: int = 5) -> str:
    pages = bench_pages(db, repeat)
    plain, english, ukrainian = bench_table(repeat)
    lines = ["## The Ukrainian edition", "",
             "A whole page run (AppTest, a fresh session each time, server caches warm), English against "
             f"Ukrainian, median of {repeat}; and the table under the comparison chart at the point budget "
             f"({TABLE_ROWS:,} rows × 9 columns), written by Babel through a pandas Styler against the plain frame "
             "(the work before the bytes leave for the browser).", "",
             "| measurement | English | Ukrainian | uk / en |", "|---|---|---|---|"]
    for path, en, uk in pages:
        lines.append(f"| page run `{path}` | {en * 1000:.0f} ms | {uk * 1000:.0f} ms | {uk / en:.2f} |")
    lines += ["", "| table under the comparison chart | time | against the plain frame |", "|---|---|---|",
              f"| plain frame (column formats in the browser) | {plain * 1000:.1f} ms | 1 |",
              f"| Styler, English | {english * 1000:.0f} ms | {english / plain:.0f}× |",
              f"| Styler, Ukrainian | {ukrainian * 1000:.0f} ms | {ukrainian / plain:.0f}× |", "",
              "The Styler is drawn only while the Table tab is open, and the other tables hold at most a few "
              "dozen rows."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a database built by `python -m etl refresh`")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(run_languages_bench(args.db, args.repeat))


if __name__ == "__main__":
    main()
