"""A count's unit in the grammatical number its value needs ("1 missile", "2 missiles"; "1 ракета", "2 ракети",
"5 ракет"), through the catalogue's plural forms. Plotly's hover templates cannot choose a plural, so a chart
hands each point its word. The registry's units are plural nouns; a unit not listed here is written as declared."""
from __future__ import annotations

import math
from collections.abc import Iterable

from dashboard.shared.i18n import _, ngettext

COUNTED = {"drones": lambda n: ngettext("drone", "drones", n), "missiles": lambda n: ngettext("missile", "missiles", n)}


def word_for(unit: str, value: float) -> str:
    """The unit (as declared, or as the run's language writes it) for this many; the unit itself for a
    fraction or no value."""
    forms = next((forms for key, forms in COUNTED.items() if unit in (key, _(key))), None)
    if forms is None or value is None or not math.isfinite(value) or not float(value).is_integer():
        return unit
    return forms(int(value))


def words_for(unit: str, values: Iterable[float]) -> list[str]:
    return [word_for(unit, value) for value in values]
