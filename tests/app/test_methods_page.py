"""The methods page in Ukrainian (AppTest on the real data)."""
from __future__ import annotations


def test_the_methods_page_in_ukrainian(monkeypatch, real_db):
    from dashboard.shared import i18n
    from tests.app.test_app import run_app

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
