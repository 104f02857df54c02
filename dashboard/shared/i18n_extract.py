"""A Babel extractor for the registry (etl/registry): the words the registry declares become messages, so a page
translates them with `_()` where it shows them and nothing is copied into the dashboard: each metric's label, unit,
description and formula, the metric kinds and their rules, the series' short labels, the rules' wording, the
notes the refresh writes beside a value, and the words of each source's title, credit and licence.

The registry composes some texts (f"Share of {family} shot down", a share's formula from its parts' labels), so
they are read from the declarations themselves, not from the source. babel.cfg maps etl/registry/metrics.py to this
extractor (the file Babel hands over is not read).
"""
from __future__ import annotations

from etl.registry import breaks, geography, metrics, notes, rules, series, sources


def extract_registry(fileobj, keywords, comment_tags, options):
    """Yield (lineno, funcname, message, comments) for every text of the registry a page shows."""
    number = 0
    for metric in metrics.METRICS:
        for part in (metric.label, metric.unit, metric.description, metrics.formula(metric)):
            if part:
                number += 1
                yield number, None, part, [f"metric {metric.name}"]
    for kind, rule in metrics.KINDS.items():
        yield number + 1, None, kind, ["metric kind"]
        yield number + 2, None, rule, ["metric kind"]
        number += 2
    for name, label in series.SHORT_LABEL.items():
        number += 1
        yield number, None, label, [f"series {name}"]
    texts = (*rules.AGGREGATION_NAME.values(), *rules.AGGREGATION_ADJECTIVE.values(), *rules.AGGREGATION_PER.values(),
             rules.RECORD_RULE, *rules.DEFINITION_LABELS.values(), rules.WINDOW_METHOD, rules.REGIME_METHOD,
             rules.SALVO_RULE, *geography.OBLASTS.values(), *(change.what_changed for change in breaks.BREAKS))
    for text in texts:
        number += 1
        yield number, None, text, ["rule (etl/registry/rules.py)"]
    for template in notes.TEMPLATES:
        number += 1
        yield number, None, template, ["note the refresh writes (etl/registry/notes.py)"]
    for source in sources.SOURCES:
        for text in (source.title, source.credit, source.licence):
            number += 1
            yield number, None, text, [f"source {source.key}: keep names, titles and licences as published; "
                                       "translate the words around them"]
