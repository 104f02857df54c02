"""The interface language: gettext catalogues compiled with Babel, and Babel's formats for numbers and dates.

English is the source language and the default; `?lang=uk` gives Ukrainian. Messages are marked with `_()`
(translated when called) or `N_()` (only marked, for module-level constants translated where they are shown),
extracted with `pybabel extract -F babel.cfg` into dashboard/locales/messages.pot, merged into
dashboard/locales/<lang>/LC_MESSAGES/messages.po and compiled to messages.mo (`./run.sh` and CI compile them;
see README, "Translations"). A checkout whose .mo is missing or older than its .po compiles the .po in memory,
so the interface never shows stale strings.

The language is per run: app.py calls activate() first, and everything drawn in that run (pages, figure
builders) reads it. Every cached function (dashboard.shared.cache) that returns words takes the language as an argument.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext
import io
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages import mofile, pofile
from babel.support import Translations

LANGUAGES = {"en": "English", "uk": "Українська"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
# Dates as the interface writes them: "1 Jun 2025" / "1 черв. 2025", and months "Jun 2025" / "черв. 2025".
DATE_PATTERN, MONTH_PATTERN = "d MMM y", "LLL y"

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


def activate(language: str) -> None:
    """Use this language for everything drawn from here on in this run (an unknown code means English)."""
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def language() -> str:
    return _language.get()


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: none, the messages are English)."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:  # a fresh checkout before `pybabel compile`: the same result, in memory
        catalog = pofile.read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(message: str) -> str:
    """The message in the run's language."""
    return translations(language()).gettext(message)


def translator():
    """_() bound to the run's language, for a widget's format_func: Streamlit may call it outside the run (the
    test harness does), where the language would be the default."""
    return translations(language()).gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (a module-level constant, translated when shown)."""
    return message


# ---------------------------------------------------------------- numbers and dates, by Babel
# Babel parses a locale and a pattern on every call; a table writes thousands of cells a run, so both are parsed
# once, and a date (tables repeat them) is written once per language.
@functools.cache
def _babel_locale(language: str) -> Locale:
    return Locale.parse(language)


@functools.cache
def _number_pattern(pattern: str) -> numbers.NumberPattern:
    return numbers.parse_pattern(pattern)


def _format_number(value: float, pattern: str) -> str:
    return _number_pattern(pattern).apply(value, _babel_locale(language()))


def number(value: float, digits: int = 0) -> str:
    """1,428 / 1 428; 86.6 / 86,6."""
    return _format_number(value, "#,##0" + ("." + "0" * digits if digits else ""))


def decimal(value: float) -> str:
    """5.25 / 5,25: up to three decimals, as many as the value has."""
    return _format_number(value, "#,##0.###")


def signed(value: float, digits: int = 0) -> str:
    """+440 / −5: a change, with its sign."""
    text = number(abs(value), digits)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _percent_sign() -> str:
    return "\u00a0%" if language() == "uk" else "%"  # Ukrainian sets the sign apart: 86,6 %


def percent(share: float, digits: int = 0) -> str:
    """86.6% / 86,6 % (a share 0–1)."""
    return _format_number(share, "#,##0" + ("." + "0" * digits if digits else "") + _percent_sign())


def signed_percent(value_in_percent: float) -> str:
    """+22% / +22 %, −38% / −38 %: a change already in percent (22 means +22 %)."""
    return signed(value_in_percent) + _percent_sign()


@functools.lru_cache(maxsize=8192)
def _format_date(day: dt.date, pattern: str, language: str) -> str:
    return dates.format_date(day, pattern, locale=_babel_locale(language))


def date(day: dt.date) -> str:
    """1 Jun 2025 / 1 черв. 2025."""
    return _format_date(_as_date(day), DATE_PATTERN, language())


def day_month(day: dt.date) -> str:
    """30 Jul / 30 лип.: a date whose year the reader already has (a KPI's "vs" under its dated caption)."""
    return _format_date(_as_date(day), "d MMM", language())


def long_date(day: dt.date) -> str:
    """Sunday 1 June 2025 / неділя 1 червня 2025."""
    return _format_date(_as_date(day), "EEEE d MMMM y", language())


def month(day: dt.date) -> str:
    """Jun 2025 / черв. 2025."""
    return _format_date(_as_date(day), MONTH_PATTERN, language())


def _as_date(day) -> dt.date:
    """A date (a pandas Timestamp or a datetime gives its day), hashable for the cache."""
    return day.date() if isinstance(day, dt.datetime) else day


def input_date_format() -> str:
    """How a date input shows its day: 2025-06-01 in English (ISO, as in links), 01.06.2025 in Ukrainian."""
    return "DD.MM.YYYY" if language() == "uk" else "YYYY-MM-DD"


def date_range(first: dt.date, last: dt.date) -> str:
    return f"{date(first)} – {date(last)}"


# Plotly's own words on a cartesian chart (the modebar's tooltips and its notices), as plotly.js writes them; the
# figure's config passes their translations as the locale's dictionary.
PLOTLY_MESSAGES = (
    N_("Download plot as a PNG"), N_("Download plot"), N_("Preparing image - this may take a few seconds"),
    N_("Image download succeeded"), N_("Sorry, there was a problem downloading your image!"),
    N_("Zoom"), N_("Pan"), N_("Box Select"), N_("Lasso Select"), N_("Zoom in"), N_("Zoom out"), N_("Autoscale"),
    N_("Reset axes"), N_("Toggle Spike Lines"), N_("Show closest data on hover"), N_("Compare data on hover"),
    N_("Double-click to zoom back out"),
)


@functools.cache
def plotly_locale(language: str) -> dict:
    """Plotly config entries that make axis dates, hover dates and number formats follow the language.

    Plotly's own locale files are not in the bundle Streamlit ships, so the locale is passed in the figure's
    config (`locales`), built from Babel's data for the language.
    """
    if language == DEFAULT_LANGUAGE:
        return {}
    data = Locale.parse(language)
    symbols = data.number_symbols["latn"]

    months, days = data.months["stand-alone"], data.days["format"]
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday, Plotly (d3) from Sunday
    words = translations(language)
    dictionary = {message: words.gettext(message) for message in PLOTLY_MESSAGES}
    return {"locale": language, "locales": {language: {"dictionary": dictionary, "format": {
        "days": [days["wide"][i] for i in sunday_first], "shortDays": [days["abbreviated"][i] for i in sunday_first],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        "date": "%d.%m.%Y", "decimal": symbols["decimal"], "thousands": "\u00a0", "grouping": [3],
        "year": "%Y", "month": "%b %Y", "dayMonth": "%-d %b", "dayMonthYear": "%-d %b %Y",
    }}}}
