"""The static edition's data and feeds: daily_metrics as CSV and Parquet with its data package, the Atom feed of
record highs, latest.json for newsroom bots, and each chart's table as CSV. Nothing here reads the clock: the
same database gives the same bytes."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from dashboard.publish import queries, render
from dashboard.shared import data, exports, i18n, static_pages
from dashboard.shared import queries as shared_queries
from dashboard.shared.i18n import _
from etl.registry import series

FEED_ENTRIES = 1000  # every record so far (279 in the real data); a reader's feed keeps what it has seen
LATEST_RECORDS = 20
# A record's own chart page, where there is one: the launched/destroyed chart of its family.
RECORD_CHART = {**static_pages.BY_LAUNCHED, "drones_destroyed": static_pages.DRONES,
                "missiles_destroyed": static_pages.MISSILES}
FEED_ID = "urn:escalation-dashboard:"  # ids never depend on where the site is served


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as the dashboard writes its CSV (exports.to_csv: 2640, not 2640.0), as UTF-8."""
    return exports.to_csv(table).encode("utf-8")


def data_files(con, newest_day: dt.date) -> dict[str, bytes]:
    """data/daily_metrics.csv and .parquet (the public view, whole) and data/datapackage.json describing them with
    each source's licence."""
    daily = queries.daily_metrics(con)
    daily["date"] = pd.to_datetime(daily["date"]).dt.date
    parquet = io.BytesIO()
    daily.to_parquet(parquet, index=False, engine="pyarrow", compression="zstd")
    catalogue = data.metric_catalogue(con)
    sources = catalogue.drop_duplicates("source")
    fields = [{"name": "date", "type": "date", "description": "Kyiv calendar day"},
              {"name": "metric", "type": "string", "description": "metric name, see the metrics list below"},
              {"name": "value", "type": "number", "description": "value in the metric's unit (shares: 0 to 1)"},
              {"name": "is_record", "type": "boolean", "description": "a record high of the metric on that day"},
              {"name": "source", "type": "string", "description": "source key"}]
    package = {
        "name": "escalation-dashboard-daily-metrics",
        "title": "Russia–Ukraine war, day by day: daily metrics",
        "version": newest_day.isoformat(),
        "licenses": [{"title": row.licence, "path": row.source_url} for row in sources.itertuples()],
        "sources": [{"title": row.source_title, "path": row.source_url, "description": row.attribution}
                    for row in sources.itertuples()],
        "resources": [
            {"name": "daily_metrics", "path": "daily_metrics.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "schema": {"fields": fields}},
            {"name": "daily_metrics_parquet", "path": "daily_metrics.parquet", "format": "parquet",
             "mediatype": "application/vnd.apache.parquet", "schema": {"fields": fields}},
        ],
        "metrics": queries.metrics_table(con).to_dict("records"),
    }
    return {"daily_metrics.csv": csv_bytes(daily), "daily_metrics.parquet": parquet.getvalue(),
            "datapackage.json": render.json_bytes(package)}


def record_entries(con, inputs, newest_day: dt.date) -> list[dict]:
    """The newest record highs, newest first, each with the record it beat, in the run's language."""
    metrics = tuple(inputs.catalogue.index)
    records = shared_queries.record_highs(con, list(metrics), inputs.first, newest_day).head(FEED_ENTRIES)
    entries = []
    for row in records.itertuples(index=False):
        day = pd.Timestamp(row.date).date()
        label, unit = inputs.catalogue.loc[row.metric, "label"], inputs.catalogue.loc[row.metric, "unit"]
        beat = _("It beat {previous} {unit} of {date}.").format(
            previous=i18n.number(row.previous_record), unit=unit,
            date=i18n.date(pd.Timestamp(row.previous_record_date))) if pd.notna(row.previous_record_date) else ""
        entries.append({
            "id": f"{FEED_ID}record:{row.metric}:{day.isoformat()}",
            "title": _("Record: {value} {unit}, {label}, {date}").format(
                value=i18n.number(row.value), unit=unit, label=label, date=i18n.date(day)),
            "summary": beat, "updated": f"{day.isoformat()}T00:00:00Z", "metric": row.metric,
            "chart": RECORD_CHART.get(row.metric), "value": row.value, "date": day,
            "previous": None if pd.isna(row.previous_record) else row.previous_record,
            "previous_date": None if pd.isna(row.previous_record_date) else pd.Timestamp(row.previous_record_date).date()})
    return entries


def atom(env, con, inputs, site_url: str, newest_day: dt.date) -> bytes:
    """The Atom feed of record highs: one entry per record, its id stable across rebuilds."""
    entries = record_entries(con, inputs, newest_day)
    updated = entries[0]["updated"] if entries else f"{newest_day.isoformat()}T00:00:00Z"
    return render.page(env, "records.xml", entries=entries, site_url=site_url, updated=updated,
                       feed_id=f"{FEED_ID}records:{inputs.lang}", lang=inputs.lang,
                       title=_("Record highs: Russia–Ukraine war, day by day"))


def latest(con, freshness: pd.DataFrame, newest_day: dt.date) -> bytes:
    """latest.json: each source's newest day, each headline metric's newest value, and the newest records."""
    catalogue = data.metric_catalogue(con)
    newest = {row.source: pd.Timestamp(row.newest_date).date().isoformat()
              for row in freshness.dropna(subset=["newest_date"]).itertuples(index=False)}
    headline = tuple(dict.fromkeys((*series.KPI_METRICS, "occupied_km2", "occupied_km2_nzz",
                                    *series.DEFAULT_COMPARISON)))
    values = data.daily_series(con, headline, newest_day - dt.timedelta(days=60), newest_day)
    values = values.sort_values("date").groupby("metric").tail(1)
    records = shared_queries.record_highs(con, list(catalogue.index), dt.date.min, newest_day).head(LATEST_RECORDS)
    return render.json_bytes({
        "newest_day": newest_day.isoformat(),
        "sources": newest,
        "latest_values": [{"metric": row.metric, "date": pd.Timestamp(row.date).date().isoformat(),
                           "value": float(row.value), "unit": catalogue.loc[row.metric, "unit"]}
                          for row in values.sort_values("metric").itertuples(index=False)],
        "latest_records": [{"metric": row.metric, "date": pd.Timestamp(row.date).date().isoformat(),
                            "value": float(row.value),
                            "previous_record": None if pd.isna(row.previous_record) else float(row.previous_record),
                            "previous_record_date": None if pd.isna(row.previous_record_date)
                            else pd.Timestamp(row.previous_record_date).date().isoformat()}
                           for row in records.itertuples(index=False)],
    })
