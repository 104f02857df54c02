"""The validation stage between a source's transform and the load: every frame a source hands over
must fit its table's declaration (etl/schema.py), and every metric it produces must be declared for
it (etl/metrics.py). A source that fails is not loaded and keeps its previous data."""
from __future__ import annotations

from etl.registry import metrics, tables
from etl.sources.common import SourceResult


class SourceOutputError(ValueError):
    """A source's transform produced frames that do not fit the declarations. Names what failed."""


def check_result(source: str, result: SourceResult) -> None:
    """Raise SourceOutputError listing every way a source's output breaks the declarations."""
    failures = []
    declared = {m.name for m in metrics.of_source(source)}
    produced = set(result.metric_values["metric"].unique()) if len(result.metric_values) else set()
    undeclared = sorted(produced - declared)
    if undeclared:
        failures.append(f"metric(s) not declared for source '{source}' in etl/metrics.py: {', '.join(undeclared)}")
    failures += tables.validation_failures("metric_values", result.metric_values.assign(source=source))
    failures += tables.validation_failures("rejected_rows", result.rejected.assign(source=source))
    for table, frame in result.tables.items():
        failures += tables.validation_failures(table, frame)
    if failures:
        raise SourceOutputError(f"{source}: output failed validation, nothing of it was loaded: " + "; ".join(failures))
