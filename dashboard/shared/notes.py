"""The notes the refresh writes beside a value ("no new map: previous map carried forward") and the reasons it
gives for a rejected row, in the run's language.

The ETL stores each note as English text in metric_values.note, where analysts read it in the DuckDB file; the
dashboard translates it where it shows it (hover text, the table under the comparison chart). Each note the ETL
writes is a template in etl/registry/notes.py with its values as {placeholders}; a note is matched against
those templates, and its numbers are written again in the language's format. A note that matches none (the
DeepState table's own `flag` text, which is the source's words) is shown as stored.
tests/real_data/test_i18n_real.py checks that every ETL note in the real database is matched.
"""
from __future__ import annotations

import functools
import re

from dashboard.shared import i18n
from dashboard.shared.i18n import N_, _
from etl.registry import notes as note_templates

# As the ETL writes them: the registry's templates (etl/registry/notes.py), extracted from there for translation.
TEMPLATES = note_templates.TEMPLATES
# The words inside a note that are themselves names: the attack columns a count may lack.
COLUMN_WORDS = {"launched": N_("launched"), "destroyed": N_("destroyed")}
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    compiled = []
    for template in TEMPLATES:
        seen: set[str] = set()

        def group(match: re.Match) -> str:
            name = match.group(1)
            if name in seen:  # a placeholder used twice must match the same text twice
                return f"(?P={name})"
            seen.add(name)
            return f"(?P<{name}>.+?)"

        pattern = re.sub(r"\\\{(\w+)\\\}", group, re.escape(template))
        compiled.append((re.compile(f"^{pattern}$"), template))
    return tuple(compiled)


def _value(text: str) -> str:
    """A captured value in the language's format: 16,619 → 16 619, +3 → +3, a word by its translation."""
    if text in COLUMN_WORDS:
        return _(COLUMN_WORDS[text])
    if _NUMBER.match(text):
        number = float(text.replace(",", ""))
        digits = len(text.split(".", 1)[1]) if "." in text else 0
        return i18n.signed(number, digits) if text[0] in "+-" else i18n.number(number, digits)
    return text


def translate(note: str | None) -> str | None:
    """A stored note in the run's language (unchanged in English, or when it is the source's own words)."""
    if not isinstance(note, str) or not note or i18n.language() == i18n.DEFAULT_LANGUAGE:
        return note  # None or NaN: no note
    for pattern, template in _patterns():
        found = pattern.match(note)
        if found:
            return _(template).format(**{name: _value(text) for name, text in found.groupdict().items()})
    return note
