"""The README documents exactly the metrics and CLI options that exist."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
METRIC_NAME = re.compile(r"`((?:losses|drones|missiles|cruise_missiles|ballistic_missiles|shahed_drones|occupied|"
                         r"territory_gained|hit_locations|debris_locations|real_shaheds|decoy)[a-z0-9_]*)`")


def test_every_metric_is_documented_and_every_documented_metric_exists(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        in_db = {row[0] for row in con.execute("SELECT metric FROM metrics").fetchall()}
    documented = {name for name in METRIC_NAME.findall(README) if not name.endswith("_")}
    documented -= {"losses", "occupied_area_km2"}  # a source key and a function, named in the same backticks
    assert in_db - documented == set(), "metrics missing from the README"
    assert documented - in_db == set(), "README names metrics that do not exist"


def test_every_refresh_option_is_documented():
    refresh = next(action for action in build_parser()._subparsers._group_actions[0].choices.items()
                   if action[0] == "refresh")[1]
    options = {opt for action in refresh._actions for opt in action.option_strings if opt.startswith("--")}
    options.discard("--help")
    missing = [opt for opt in sorted(options) if opt not in README]
    assert missing == []


# ---------------------------------------------------------------- the methods text and its Ukrainian translation
CONTENT = Path(__file__).resolve().parent.parent / "dashboard" / "app_pages" / "methods" / "content"
METHODS_EN = (CONTENT / "methods.md").read_text(encoding="utf-8")
METHODS_UK = (CONTENT / "methods.uk.md").read_text(encoding="utf-8")


def _sections(text: str) -> list[str]:
    return re.split(r"^## ", text, flags=re.MULTILINE)


def _numbers(section: str, language: str) -> list[str]:
    """The numbers of a section, written one way: 1,428 / 1 428 → 1428; 86.6 / 86,6 → 86.6 (signs ignored)."""
    if language == "en":
        section = re.sub(r"(?<=\d),(?=\d)", "", section)
    else:
        section = re.sub(r"(?<=\d)[\u00a0\u202f](?=\d)", "", section)
        section = re.sub(r"(?<=\d),(?=\d)", ".", section)
    return sorted(re.findall(r"\d+(?:\.\d+)?", section))


def test_the_ukrainian_methods_text_keeps_the_structure_of_the_english_one():
    en, uk = _sections(METHODS_EN), _sections(METHODS_UK)
    assert len(en) == len(uk) == METHODS_EN.count("\n## ") + 1
    # Identifiers in backticks (views, CSV columns) and links are kept as they are, in the same order.
    assert re.findall(r"`([^`]+)`", METHODS_UK) == re.findall(r"`([^`]+)`", METHODS_EN)
    assert re.findall(r"\]\((\S+?)\)", METHODS_UK) == re.findall(r"\]\((\S+?)\)", METHODS_EN)
    # Every number of a section is in the same section of the translation, written the Ukrainian way.
    for number, (en_section, uk_section) in enumerate(zip(en, uk)):
        assert _numbers(uk_section, "uk") == _numbers(en_section, "en"), f"section {number}: {uk_section[:40]}"
    # Ukrainian number conventions: no English thousands separators or decimal points outside links and codes.
    prose = re.sub(r"\(https?://\S+?\)|`[^`]+`|CC BY-NC-SA 4\.0", "", METHODS_UK)
    assert not re.search(r"\d,\d{3}\b|\d\.\d", prose)
    # Same list structure: the same number of items at each depth.
    items = lambda text: [len(m) for m in re.findall(r"^( *)- ", text, flags=re.MULTILINE)]  # noqa: E731
    assert items(METHODS_UK) == items(METHODS_EN)


def test_the_methods_page_in_ukrainian(monkeypatch, real_db):
    from dashboard.shared import i18n
    from tests.test_app import run_app

    # AppTest re-formats the sidebar radios' values with their format_func in this (test) thread, where the
    # run's language is not set; the same language here keeps "День" matching its option. The app sets its own.
    i18n.activate("uk")
    try:
        at = run_app(monkeypatch, real_db, "app_pages/methods/page.py", lang="uk")
    finally:
        i18n.activate(i18n.DEFAULT_LANGUAGE)
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "## Що означає «день»" in text and "## Заявлені втрати" in text
    assert "What a day means" not in text
    assert [h.value for h in at.title] == ["Методика: як зроблено кожне число"]
    assert {"Усі показники", "Джерела, ліцензії та свіжість", "Відхилені рядки"} <= {h.value for h in at.header}
