"""What the page lets a person take away: the view as a table, a tidy CSV, its sources, a Frictionless data
package and a citation. Pure functions: DataFrames in, text or bytes out.

The CSV opens as a table in pandas or a spreadsheet: one row per date (or period), one column per metric
named by the metric, and nothing else in the file. What the columns mean, where they come from and under
which licence go into a second file (and into datapackage.json).

The files are for analysts and stay in English whatever the interface language: column names, bases, units
and the data package's titles are stable. Only the citation, which is shown on the page and pasted into a
text, follows the language (its source names and licences stay as published).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd
from babel import dates

from dashboard.shared import i18n
from dashboard.shared.i18n import _
from etl.registry import sources as declared_sources

# Licence names as the sources publish them -> SPDX identifiers, which data-package readers understand.
SPDX = {source.licence: source.spdx for source in declared_sources.SOURCES if source.spdx}
RATE_PERIOD = {"day": "that day", "week": "over the week", "month": "over the month"}


def to_csv(table: pd.DataFrame) -> str:
    """A table as CSV: whole numbers without a decimal point (2640, not 2640.0; a share keeps its digits), ISO
    dates, an empty cell where there is no value, \\n line ends. Every CSV the dashboard and the static edition
    write goes through here."""
    return table.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d", float_format="%.15g")


def wide_table(series: pd.DataFrame, metrics: list[str], agg: str) -> pd.DataFrame:
    """One row per date (or period), one column per metric in the order given.

    Daily: date, then the metrics. Weekly or monthly: period_start, period_end, days_in_period, the
    metrics, then <metric>_days_covered, the days of the period inside the range and the metric's own
    first-to-last day (a June with 7 days of reports says 7, not 30). A missing value is an empty cell.
    """
    key = "date" if agg == "day" else "period_start"
    rows = series.rename(columns={"date": key})
    rows[key] = pd.to_datetime(rows[key]).dt.date
    index = [key] + (["period_end", "days_in_period"] if agg != "day" else [])
    if agg != "day":
        rows["period_end"] = pd.to_datetime(rows["period_end"]).dt.date
        rows = rows.rename(columns={"period_days": "days_in_period"})
    table = rows.pivot(index=index, columns="metric", values="value").reindex(columns=metrics)
    if agg != "day":
        covered = rows.pivot(index=index, columns="metric", values="days_covered")
        covered = covered.reindex(columns=metrics).add_suffix("_days_covered").astype("Int64")
        table = table.join(covered)
    table.columns.name = None
    return table.reset_index().sort_values(key).reset_index(drop=True)


def basis(kind: str, agg: str, smooth: int, formula: str | None = None) -> str:
    """How one cell of a metric's column was made from the daily values; a share's formula is the registry's
    (the `metrics` table's `formula`), e.g. "Σ Drones destroyed / Σ Drones launched, over the days that report
    both"."""
    if kind == "rate":
        return f"{formula}, {smooth}-day trailing" if smooth else f"{formula}, {RATE_PERIOD[agg]}"
    if smooth:
        return f"{smooth}-day trailing mean of the reported days"
    if agg == "day":
        return "level at the day" if kind == "level" else "total for the day"
    return f"last reported value of the {agg}" if kind == "level" else f"sum of the reported days of the {agg}"


def reporting_change(breaks: pd.DataFrame | None, metric: str) -> str:
    """What a change of reporting inside the range does to a column, or "" (breaks: metric, first_day,
    what_changed, in English like the rest of the files)."""
    if breaks is None or breaks.empty:
        return ""
    return " ".join(f"From {pd.Timestamp(row.first_day).date()} the source reports differently: {row.what_changed} "
                    "Values before and after are not comparable; records restart there."
                    for row in breaks[breaks["metric"] == metric].itertuples())


def sources_table(catalogue: pd.DataFrame, metrics: list[str], agg: str, smooth: int, view_url: str,
                  accessed: dt.date, breaks: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per column of the data file: what it holds, how it is made, a change of reporting inside the
    range (breaks: metric, first_day, what_changed), its source and licence, and the view's address and access
    date (the same on every row, so the file stands alone)."""
    rows = catalogue.loc[metrics]
    return pd.DataFrame({
        "column": rows["metric"].to_numpy(),
        "label": rows["label"].to_numpy(),
        "unit": ["share (0 to 1)" if k == "rate" else u for k, u in zip(rows["kind"], rows["unit"])],
        "basis": [basis(k, agg, smooth, f) for k, f in zip(rows["kind"], rows["formula"])],
        "description": rows["description"].to_numpy(),
        "reporting_change": [reporting_change(breaks, metric) for metric in metrics],
        "source_title": rows["source_title"].to_numpy(),
        "attribution": rows["attribution"].to_numpy(),
        "licence": rows["licence"].to_numpy(),
        "source_url": rows["source_url"].to_numpy(),
        "view_url": view_url,
        "accessed": accessed.isoformat(),
    })


def citation(title: str, sources: pd.DataFrame, view_url: str, accessed: dt.date) -> str:
    """A ready citation of the view, in the run's language: what, from which sources (as published), where,
    and when it was accessed."""
    credits = "; ".join(dict.fromkeys(f"{row.source_title} ({row.attribution}, {row.licence})"
                                      for row in sources.itertuples()))
    day = dates.format_date(accessed, "d MMMM y", locale=i18n.language())
    # Translators: a citation; {date} is written out, e.g. "25 November 2026" / "25 листопада 2026".
    return _("Escalation dashboard: {title}. Data: {credits}. {url} (accessed {date}).").format(
        title=title, credits=credits, url=view_url, date=day)


def data_package(wide: pd.DataFrame, sources: pd.DataFrame, *, title: str, view_url: str,
                 created: dt.datetime) -> bytes:
    """A zip holding data.csv, sources.csv and datapackage.json (Frictionless Data Package): each column
    with its title, description and unit, and each source with its licence."""
    by_column = sources.set_index("column")
    fields = []
    for name in wide.columns:
        metric = name.removesuffix("_days_covered")
        if name in ("date", "period_start", "period_end"):
            fields.append({"name": name, "type": "date", "title": name.replace("_", " ").capitalize()})
        elif name == "days_in_period":
            fields.append({"name": name, "type": "integer", "title": "Days in the period"})
        elif name != metric:
            fields.append({"name": name, "type": "integer", "title": f"Days covered: {by_column.loc[metric, 'label']}",
                           "description": "Days of the period inside the range and the metric's own span."})
        else:
            row = by_column.loc[name]
            fields.append({"name": name, "type": "number", "title": row["label"], "unit": row["unit"],
                           "description": f"{row['description']} ({row['basis']}; unit: {row['unit']})"
                                          + (f" {row['reporting_change']}" if row.get("reporting_change") else "")})
    unique = sources.drop_duplicates("source_title")
    descriptor = {
        "name": "escalation-dashboard-view",
        "title": f"Escalation dashboard: {title}",
        "homepage": view_url,
        "created": created.replace(microsecond=0).isoformat(),
        "licenses": [_licence(row) for row in unique.itertuples()],
        "sources": [{"title": row.source_title, "path": row.source_url, "description": row.attribution}
                    for row in unique.itertuples()],
        "resources": [
            {"name": "data", "path": "data.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": {"fields": fields, "primaryKey": [wide.columns[0]]}},
            {"name": "sources", "path": "sources.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": {"fields": [{"name": c, "type": "string"} for c in sources.columns]}},
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        archive.writestr("data.csv", to_csv(wide))
        archive.writestr("sources.csv", to_csv(sources))
    return buffer.getvalue()


def _licence(row) -> dict:
    """A data-package licence entry: the SPDX name where the source's licence has one, else its words."""
    spdx = SPDX.get(row.licence)
    return {"name": spdx, "title": row.licence} if spdx else {"title": row.licence, "path": row.source_url}
