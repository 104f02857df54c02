"""A Babel extractor for the metric registry: each metric's label, unit and description become messages.

The registry (etl/metrics.py) composes some labels (f"Share of {family} shot down"), so its text is read
from the declarations themselves, not from the source. babel.cfg maps etl/metrics.py to this extractor.
"""
from __future__ import annotations

from etl.registry import metrics


def extract_metrics(fileobj, keywords, comment_tags, options):
    """Yield (lineno, funcname, message, comments) for every label, unit and description in etl.registry.metrics."""
    for number, metric in enumerate(metrics.METRICS, start=1):
        for part in (metric.label, metric.unit, metric.description):
            yield number, None, part, [f"metric {metric.name}"]
    for number, text in enumerate(metrics.KINDS.values(), start=len(metrics.METRICS) + 1):
        yield number, None, text, ["metric kind"]
