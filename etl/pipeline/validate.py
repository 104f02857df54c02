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
    declared = declared_sources.BY_KEY.get(source)
    file_name = declared.files[0] if declared else source
    bad = outside_bounds(values)
    records = _rejections(file_name, values, bad, "the day's value", "this value is left out, the day's others load")
    values = values.drop(index=bad["index"])
    # A share is computed later (in the views) from two values that each pass; its own bounds meet the same rule
    # here, so that no share outside them (more shot down than launched) is ever shown.
    shares = share_values(values)
    bad_shares = outside_bounds(shares)
    records += _rejections(file_name, shares, bad_shares, "the share of the day's parts",
                           "its numerator is left out, so the share is not shown; the day's others load")
    values = values.drop(index=shares.loc[bad_shares["index"], "numerator_index"])
    if not records:
        return
    found = pd.concat(records, ignore_index=True).astype({"line": "int64"})
    result.metric_values = values
    result.rejected = pd.concat([result.rejected, found], ignore_index=True) if len(result.rejected) else found


def share_values(values: pd.DataFrame) -> pd.DataFrame:
    """Each declared share a frame's values make on a day, as the views compute it (numerator / denominator of the
    same day, when the denominator is above 0): metric, date, value, and numerator_index (the numerator's label)."""
    found = []
    for share in (m for m in metrics.METRICS if m.kind == metrics.RATE):
        parts = [values.loc[values["metric"] == name, ["date", "value"]].reset_index(names="index")
                 for name in (share.numerator, share.denominator)]
        both = parts[0].merge(parts[1], on="date", suffixes=("_n", "_d"))
        both = both[pd.to_numeric(both["value_d"], errors="coerce") > 0]
        if len(both):
            found.append(pd.DataFrame({"metric": share.name, "date": both["date"],
                                       "value": both["value_n"].astype(float) / both["value_d"].astype(float),
                                       "numerator_index": both["index_n"]}))
    if not found:
        return pd.DataFrame({"metric": pd.Series(dtype=str), "date": pd.Series(dtype=object),
                             "value": pd.Series(dtype=float), "numerator_index": pd.Series(dtype=int)})
    return pd.concat(found, ignore_index=True)


def _rejections(file_name: str, values: pd.DataFrame, bad: pd.DataFrame, what: str, outcome: str) -> list:
    """The rejected-row records of the values `bad` (outside_bounds of `values`) names, as a list of 0 or 1 frames."""
    if bad.empty:
        return []
    dates = values.loc[bad["index"], "date"].map(lambda d: f"{pd.Timestamp(d):%Y-%m-%d}").to_numpy()
    return [pd.DataFrame({
        "file": file_name,
        "line": 0,
        "reason": [f"{row.metric} on {date}: " + bounds_reason(what, row.value, row.low, row.high)
                   + f" (bounds declared in etl/registry/metrics.py); {outcome}"
                   for row, date in zip(bad.itertuples(), dates)],
        "raw": [json.dumps({"metric": row.metric, "date": date, "value": repr(row.value)})
                for row, date in zip(bad.itertuples(), dates)],
    })]
