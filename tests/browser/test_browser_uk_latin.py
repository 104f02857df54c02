"""The Ukrainian edition speaks Ukrainian: no Latin-script word on a ?lang=uk page but proper names, identifiers,
licences, units and formats.

Each page is opened in a real browser, its expanders opened, and the text a reader sees in the main area and the
sidebar collected, chart text included (Plotly's SVG titles, ticks, legends and annotations). Every word with a
Latin letter must be in the allowlist below; any other is an English word the translation missed.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.test_browser import app_url, browser, open_app, page  # noqa: F401  (fixtures)

PAGES = ("/", "/records", "/escalation", "/regions", "/methods")

# Phrases allowed as a whole (matched across line breaks); a Latin word inside one is not reported.
ALLOWED_PHRASES = (
    # Datasets' titles as their publishers give them (Kaggle, GitHub).
    r"Massive Missile Attacks on Ukraine",
    r"2022 Ukraine[–-]Russia War Dataset",
    # People and organisations, as they write their names.
    r"Petro Ivaniuk",
    r"Neue Zürcher Zeitung",
    # Licences, and the attribution text the OpenStreetMap licence asks for.
    r"CC BY-NC-SA 4\.0",
    r"CC BY 4\.0",
    r"© OpenStreetMap contributors",
    # Region labels quoted verbatim from the attack reports (the Regions page says where each is counted).
    r"«Dnipro oblast»",
    r"«Kryvyi Rih»",
    r"«Lutsk oblast»",
    # A value quoted as it stands in a source file (the Methods page's example of a rejected number).
    r"«inf»",
    # Links: the "Cite this view" box gives the page's own URL.
    r"https?://[^\s)]+",
    # The language switch is labelled in both languages and names English in English, so that a reader who
    # does not read Ukrainian still finds the way back.
    r"Мова · Language",
    r"English",
)

ALLOWED_WORDS = frozenset({
    # Sources, publishers and authors, as published.
    "DeepState", "DeepStateMap", "NZZ", "Liveuamap", "Kaggle", "piterfm", "cyterat", "DanielRose2310",
    "EugeneBorshch", "OpenStreetMap", "GitHub",
    # Their sites and repositories.
    "deepstatemap.live", "cyterat/deepstate-map-data", "EugeneBorshch/ukraine_geojson",
    "conflict-investigations/nzz-maps", "PetroIvaniuk/2022-Ukraine-Russia-War-Dataset", "NZZ/Liveuamap",
    # Weapon and manufacturer names as the reports write them.
    "Shahed", "Kalibr", "Iskander", "ZALA", "Supercam",
    # Licences' names (the versioned ones are phrases above).
    "MIT", "ODbL",
    # Standards, formats, software and algorithms.
    "UTC", "ISO", "ASCII", "CSV", "PNG", "SVG", "JSON", "zip", "URL", "SQL", "DuckDB", "Parquet",
    "shapely", "ruptures", "PELT",
    # Units.
    "km", "km²",
    # Mathematical notation in the methods: day D, N days either side, n reports, a p-value, ln.
    "D", "N", "n", "p", "ln",
})

ALLOWED_PATTERNS = (
    # Identifiers of metrics, views and files: drones_launched, daily_metrics, <metric>_days_covered.
    r"(<[a-z]+>)?[a-z0-9]*(_[a-z0-9]+)+(\.[a-z]+)?",
    # Day arithmetic in the methods: D−1, D−N, D+N−1.
    r"[DN]([+−-][DN\d]+)+",
    # Model designations and codes: Shahed-136/131, Kh-101, S-300, KN-23, UA-30 (ISO 3166-2), GPL-3.0.
    r"[A-Z][A-Za-z]*-\d+(\.\d+)?(/\d+)?",
)

PHRASE = re.compile("|".join(phrase.replace(" ", r"\s+") for phrase in ALLOWED_PHRASES))
PATTERN = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED_PATTERNS))
TOKEN = re.compile(r"[^\s«»“”„\"(),;:!?·…=]+")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# The text of every visible text node under the main area and the sidebar, one node a line: SVG <tspan>s and
# HTML elements stay apart, so words Plotly wraps onto two lines do not run together. Streamlit's Material icons
# are glyphs spelt as words in the DOM ("expand_more"), so they are left out.
VISIBLE_TEXT = """(selector) => {
  const root = document.querySelector(selector);
  if (!root) return "";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const lines = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest("[data-testid='stIconMaterial'], style, script")) continue;
    if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    lines.push(node.textContent);
  }
  return lines.join("\\n");
}"""

SETTLED = """() => !document.querySelector("[data-testid='stSpinner'], .stSpinner")
  && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => c.querySelector('.main-svg'))"""


OPEN_EXPANDERS = """() => document.querySelectorAll("[data-testid='stMain'] [data-testid='stExpander'] details:not([open]) > summary")
  .forEach(summary => summary.checkVisibility() && summary.click())"""


def latin_words(text: str) -> list[tuple[str, str]]:
    """Each Latin-script word of `text` not allowed above, with the words around it."""
    allowed_spans = [match.span() for match in PHRASE.finditer(text)]
    found = []
    for match in TOKEN.finditer(text):
        if any(start <= match.start() and match.end() <= end for start, end in allowed_spans):
            continue
        word = match.group().strip(".,'’/")
        # A Ukrainian word joined to a Latin one (p-значення, Shahed/Герань): only the Latin part is checked.
        parts = [bit for piece in word.split("/")
                 for bit in (piece.split("-") if CYRILLIC.search(piece) else [piece])] if CYRILLIC.search(word) else [word]
        for part in parts:
            if LATIN.search(part) and part not in ALLOWED_WORDS and not PATTERN.fullmatch(part):
                context = " ".join(text[max(0, match.start() - 60):match.end() + 60].split())
                found.append((part, context))
    return found


def settle(page) -> None:  # noqa: F811
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(3000)


@pytest.mark.parametrize("path", PAGES)
def test_no_english_words_in_the_ukrainian_edition(page, app_url, path):  # noqa: F811
    open_app(page, f"{app_url}{path}?lang=uk", charts=0)
    settle(page)
    page.evaluate(OPEN_EXPANDERS)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    offending = [(where, word, context) for where in ("stMain", "stSidebar")
                 for word, context in latin_words(page.evaluate(VISIBLE_TEXT, f"[data-testid='{where}']"))]
    report = "\n".join(f"  {word!r} in {where}: …{context}…" for where, word, context in offending)
    assert not offending, f"{path}?lang=uk shows {len(offending)} English word(s):\n{report}"
