"""The Ukrainian edition: the catalogue is complete and current, Babel's formats and the URL.

The pages in Ukrainian: tests/app/test_i18n_pages.py; the notes on the real data: tests/real_data/test_i18n_real.py.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from babel.messages import pofile
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from dashboard.shared import i18n, view_state
from tests.paths import PROJECT

PO = PROJECT / "dashboard" / "locales" / "uk" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{\w*\}")


@pytest.fixture
def ukrainian():
    i18n.activate("uk")
    yield
    i18n.activate("en")


def _catalogue():
    with PO.open("rb") as handle:
        return pofile.read_po(handle, locale="uk")


def test_every_message_in_the_catalogue_is_translated():
    untranslated, fuzzy, broken = [], [], []
    for message in _catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if not all(strings):
            untranslated.append(ids[0])
        if message.fuzzy:
            fuzzy.append(ids[0])
        # A translation keeps every {placeholder} (one may drop a repeated word, never a value).
        if any(set(PLACEHOLDER.findall(ids[0])) - set(PLACEHOLDER.findall(s)) for s in strings if s):
            broken.append(ids[0])
    assert untranslated == [] and fuzzy == [] and broken == []


def test_the_catalogue_holds_every_message_the_code_marks():
    """What `pybabel extract -F babel.cfg` finds now is all in messages.po: no string was marked and left out."""
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    marked = {message if isinstance(message, str) else message[0]
              for _, _, message, _, _ in extract_from_dir(str(PROJECT), method_map, options_map)}
    in_catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    assert marked - in_catalogue == set()
    assert len(marked) > 500  # the pages, the charts and the metric registry


def test_messages_and_formats_follow_the_language(ukrainian):
    assert i18n._("Overview") == "Огляд" and i18n._("Drones launched") == "Запущено дронів"
    assert i18n.number(1428) == "1\u00a0428" and i18n.percent(0.866, 1) == "86,6\u00a0%"
    assert i18n.date(dt.date(2025, 6, 1)) == "1 черв. 2025" and i18n.signed(-5) == "−5"
    assert i18n.input_date_format() == "DD.MM.YYYY"
    months = i18n.plotly_locale("uk")["locales"]["uk"]["format"]["shortMonths"]
    assert months[5] == "черв." and i18n.plotly_locale("uk")["locale"] == "uk"
    # Plotly's own tooltips (the modebar) from the catalogue, keyed by plotly.js's English words.
    words = i18n.plotly_locale("uk")["locales"]["uk"]["dictionary"]
    assert words["Download plot as a PNG"] == "Завантажити графік як PNG" and words["Reset axes"] == "Скинути осі"


def test_english_is_the_default():
    assert i18n.language() == "en" and i18n._("Overview") == "Overview"
    assert (i18n.number(1428), i18n.percent(0.866, 1), i18n.date(dt.date(2025, 6, 1))) == ("1,428", "86.6%", "1 Jun 2025")
    assert i18n.plotly_locale("en") == {}


def test_lang_joins_the_url_state():
    first, last = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
    state = view_state.parse({"lang": "uk"}, first=first, last=last, known_metrics=["drones_launched"])
    assert state.lang == "uk" and view_state.encode(state)["lang"] == "uk"
    english = view_state.parse({}, first=first, last=last, known_metrics=["drones_launched"])
    assert "lang" not in view_state.encode(english)  # written only when not English
    bad = view_state.parse({"lang": "xx<script>"}, first=first, last=last, known_metrics=["drones_launched"])
    assert bad.lang == "en" and bad.notices == ["lang 'xx?script?' is not en or uk; showing English"]


def test_tables_write_numbers_and_dates_in_the_language_and_keep_the_values():
    from dashboard.shared import tables

    frame = pd.DataFrame({"Value": [1428.0, float("nan")], "Mean": [73.9, 166.25], "Change": [22.4, -38.0],
                          "Day": [dt.date(2025, 6, 1), None], "Margin": [161.0, -5.0]})
    formats = {"Mean": tables.number(1), "Change": tables.signed_percent, "Day": tables.date, "Margin": tables.signed()}

    def cells(language: str) -> list[list[str]]:
        i18n.activate(language)
        try:
            text = tables.localized(frame, formats, integers=["Value"]).hide(axis="index").to_string(delimiter="|")
        finally:
            i18n.activate("en")
        return [line.split("|") for line in text.strip().splitlines()[1:]]

    assert cells("en") == [["1,428", "73.9", "+22%", "1 Jun 2025", "+161"], ["", "166.2", "−38%", "", "−5"]]
    assert cells("uk") == [["1\u00a0428", "73,9", "+22\u00a0%", "1 черв. 2025", "+161"],
                           ["", "166,2", "−38\u00a0%", "", "−5"]]
    assert frame["Value"].iloc[0] == 1428.0  # the values underneath (what the table sorts on) are untouched


def test_revised_and_loss_values_show_their_own_decimals(ukrainian):
    from dashboard.shared import tables

    assert (tables.amount(5.0), tables.amount(5.25), tables.amount(1428.0)) == ("5", "5,25", "1\u00a0428")


def test_notes_stay_as_stored_in_english():
    from dashboard.shared import notes

    note = "no new map: previous map carried forward"
    assert notes.translate(note) == note and notes.translate(None) is None


def test_a_missing_note_stays_missing(ukrainian):
    from dashboard.shared import notes

    assert notes.translate(None) is None and pd.isna(notes.translate(float("nan")))
