"""From each chart of the app that the static edition publishes, a link to its static page (to cite, embed or share
it), when ESCALATION_SITE_URL says where the site is served; none without it."""
from __future__ import annotations

from tests.app.test_app import run_app

SITE = "https://charts.example.org/war"


def links(at) -> list[str]:
    return [button.proto.url for button in at.get("link_button")]


def test_records_links_each_published_chart_to_its_static_page(monkeypatch, real_db):
    monkeypatch.setenv("ESCALATION_SITE_URL", SITE + "/")
    at = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    assert not at.exception
    found = links(at)
    for slug in ("drone-records", "drones", "missiles"):
        assert f"{SITE}/charts/{slug}.html" in found, found


def test_the_links_follow_the_language_and_the_overview_links_its_charts(monkeypatch, real_db):
    monkeypatch.setenv("ESCALATION_SITE_URL", SITE)
    at = run_app(monkeypatch, real_db, lang="uk")
    assert not at.exception
    assert {f"{SITE}/uk/charts/compare.html", f"{SITE}/uk/charts/territory.html"} <= set(links(at))


def test_no_link_without_a_site(monkeypatch, real_db):
    monkeypatch.delenv("ESCALATION_SITE_URL", raising=False)
    at = run_app(monkeypatch, real_db, "app_pages/regions/page.py")
    assert not at.exception and not [u for u in links(at) if "/charts/" in u]


def test_the_event_window_links_its_events_static_page(monkeypatch, real_db):
    """/escalation opens on the newest event in the range with the default series and width: the static edition
    has that window at before-after-<day>."""
    monkeypatch.setenv("ESCALATION_SITE_URL", SITE)
    at = run_app(monkeypatch, real_db, "app_pages/escalation/page.py")
    assert not at.exception
    assert any(u.startswith(f"{SITE}/charts/before-after-20") for u in links(at)), links(at)
