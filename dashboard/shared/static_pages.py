"""The static edition's chart paths, declared once: `python -m dashboard.publish` writes a page per chart at
charts/<slug>.html (uk/charts/<slug>.html in Ukrainian), and the app links each of its charts that has one to it
when ESCALATION_SITE_URL says where the site is served. People link to and embed these paths: never rename one."""
from __future__ import annotations

import os

from dashboard.shared import i18n

COMPARE, DRONES, MISSILES = "compare", "drones", "missiles"
DRONE_RECORDS, MISSILE_RECORDS = "drone-records", "missile-records"
TERRITORY, BEFORE_AFTER, OBLASTS, DRONE_OUTCOMES = "territory", "before-after", "oblasts", "drone-outcomes"
# The app's charts of one series that have a static page, by the series.
BY_LAUNCHED = {"drones_launched": DRONES, "missiles_launched": MISSILES}
RECORDS_BY_SERIES = {"drones_launched": DRONE_RECORDS, "missiles_launched": MISSILE_RECORDS}
SITE_URL_VARIABLE = "ESCALATION_SITE_URL"


def event_window(day) -> str:
    """The page of the days before and after the curated event(s) of one day."""
    return f"{BEFORE_AFTER}-{day.isoformat()}"


def url(slug: str, language: str) -> str | None:
    """Where the static page of a chart is, in a language, or None when no site is configured."""
    base = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if not base.startswith(("https://", "http://")):
        return None
    prefix = "" if language == i18n.DEFAULT_LANGUAGE else f"{language}/"
    return f"{base.rstrip('/')}/{prefix}charts/{slug}.html"
