"""The README documents exactly the CLI options that exist; the methods text and its Ukrainian translation agree.

The metrics against the real database: tests/real_data/test_docs_real.py; the methods page in Ukrainian:
tests/app/test_methods_page.py.
"""
from __future__ import annotations

import re

from etl.cli import build_parser
from tests.paths import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_refresh_option_is_documented():
    refresh = next(action for action in build_parser()._subparsers._group_actions[0].choices.items()
                   if action[0] == "refresh")[1]
    options = {opt for action in refresh._actions for opt in action.option_strings if opt.startswith("--")}
    options.discard("--help")
    missing = [opt for opt in sorted(options) if opt not in README]
    assert missing == []


# ---------------------------------------------------------------- the methods text and its Ukrainian translation
CONTENT = PROJECT / "dashboard" / "app_pages" / "methods" / "content"
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
