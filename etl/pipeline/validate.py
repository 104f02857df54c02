"""The validation stage between a source's transform and the load: every value a source hands over must lie within
the bounds its metric declares (etl/registry/metrics.py), every frame must fit its table's declaration
(etl/registry/tables.py), and every metric it produces must be declared for it. A value outside its bounds is left
out with a rejected-row record; a source whose output breaks a declaration is not loaded and keeps its previous
data."""
from __future__ import annotations

import json

import pandas as pd

from etl.registry import metrics, tables
from etl.registry import sources as declared_sources
from etl.sources.common import SourceResult, bounds_reason, outside_bounds


class SourceOutputError(ValueError):
    """A source's transform produced frames that do not fit the declarations. Names what failed."""


def check_result(source: str, result: SourceResult) -> None:
    """Apply the declared bounds to the source's values (apply_bounds, which moves a value outside them to the
    rejected rows), then raise SourceOutputError listing every way the output breaks the declarations."""
    apply_bounds(source, result)
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


def apply_bounds(source: str, result: SourceResult) -> None:
    """The one bounds rule (etl.sources.common.outside_bounds) over every daily value a source hands over, whatever
    the source and however new the metric: a value outside its metric's declared bounds is left out of
    result.metric_values and recorded in result.rejected (the source's file, line 0: a day's value, not a raw row)
    with the metric, the date, the value and the bound. The day's other values load. A source that can trace a value
    to its raw rows has already rejected those rows; what reaches this rule is what no single row explains (rows
    that are each plausible but add up to an implausible day)."""
    values = result.metric_values
    if values.empty or not {"metric", "value", "date"} <= set(values.columns):
        return  # nothing to check, or a frame the table declaration will name as broken
    values = values.reset_index(drop=True)  # one label per value, whatever the source's index
    bad = outside_bounds(values)
    if bad.empty:
        return
    declared = declared_sources.BY_KEY.get(source)
    file_name = declared.files[0] if declared else source
    dates = values.loc[bad["index"], "date"].map(lambda d: f"{pd.Timestamp(d):%Y-%m-%d}").to_numpy()
    records = pd.DataFrame({
        "file": file_name,
        "line": 0,
        "reason": [f"{row.metric} on {date}: "
                   + bounds_reason("the day's value", row.value, row.low, row.high)
                   + " (bounds declared in etl/registry/metrics.py); this value is left out, the day's others load"
                   for row, date in zip(bad.itertuples(), dates)],
        "raw": [json.dumps({"metric": row.metric, "date": date, "value": repr(row.value)})
                for row, date in zip(bad.itertuples(), dates)],
    }).astype({"line": "int64"})
    result.metric_values = values.drop(index=bad["index"])
    result.rejected = pd.concat([result.rejected, records], ignore_index=True) if len(result.rejected) else records
