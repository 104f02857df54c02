"""The charts of the static edition, declared once: each with its stable path (its slug), its title and one
sentence, the app page and URL parameters that open the same view, and how it is built. A builder calls the
same data access and pure chart builders the app's pages call (no Streamlit), over the whole history of its
sources, so a reader's range buttons can show any part of it.

A builder takes the Inputs of one language and returns the figure, the table written beside it as CSV, and the
range it covers. The words are in the language i18n.activate() set, as in the app.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.app_pages.records import data as records_data
from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import data as regions_data
from dashboard.publish import event_charts
from dashboard.publish.model import Built, Inputs, NothingToDraw, StaticChart
from dashboard.shared import data, exports, i18n, records_text, static_pages, view_state
from dashboard.shared.i18n import N_, _
from etl.registry import rules, series
from etl.registry import sources as declared_sources


def _time_series(inputs: Inputs, metrics, draw: Callable, table: Callable, params: dict) -> Built:
    """A chart over time, drawn twice with the app's own builders: over the app's default range (the last year
    counted back from the newest day of these metrics' sources), which the page opens on, and over the whole
    history, for "All". Each figure places its event labels for its own range, so neither is crowded."""
    if inputs.catalogue.loc[list(metrics), "first_date"].isna().all():
        raise NothingToDraw(f"no value of {', '.join(metrics)} yet")
    first, end = inputs.first_of(metrics), max(inputs.newest([m]) for m in metrics)
    start, _end = view_state.preset_range(view_state.DEFAULT_PRESET, first, end)
    return Built(draw(start, end), table(first, end), start, end, params,
                 figure_all=draw(first, end) if first < start else None, first=first,
                 notes=break_notes(inputs, metrics, first, end))


def break_notes(inputs: Inputs, metrics, start: dt.date, end: dt.date) -> list[str]:
    """A change of reporting inside the chart's history, in the words the overview uses under its chart."""
    changes = data.reporting_breaks(inputs.con, tuple(metrics), start, end)
    return [_("Change of reporting on {day} (dashed line) for {metrics}: {what} Values before and after it are not "
              "comparable, and records restart there; the data files say so too.").format(
        day=i18n.date(pd.Timestamp(day)), what=what,
        metrics=", ".join(f"“{inputs.catalogue.loc[m, 'label']}”" for m in touched["metric"]))
        for (day, what), touched in changes.groupby(["first_day", "what_changed"])]


def _attacks(pair: int) -> Callable[[Inputs], Built]:
    launched, destroyed = series.ATTACK_PAIRS[pair]

    def draw(inputs: Inputs, start: dt.date, end: dt.date) -> go.Figure:
        records = data.record_highs(inputs.con, (launched, destroyed), start, end)
        return data.attack_figure(inputs.con, records, launched, destroyed, _(series.SHORT_LABEL[launched]),
                                  inputs.catalogue.loc[launched, "unit"], start, end, "day", True, False,
                                  data.source_lines(inputs.catalogue, [launched]), inputs.lang)

    def build(inputs: Inputs) -> Built:
        return _time_series(inputs, [launched, destroyed], lambda a, b: draw(inputs, a, b), lambda a, b: exports.wide_table(
            data.daily_series(inputs.con, (launched, destroyed), a, b), [launched, destroyed], "day"),
            {"metrics": f"{launched},{destroyed}", "agg": "day"})
    return build


def _records_by_definition(metric: str) -> Callable[[Inputs], Built]:
    def build(inputs: Inputs) -> Built:
        progression = records_data.record_progression(inputs.con, metric)
        if progression.empty:
            raise NothingToDraw(f"no record of {metric} yet")
        first, newest = min(progression["date"]), inputs.newest([metric])
        label, unit = inputs.catalogue.loc[metric, "label"], inputs.catalogue.loc[metric, "unit"]
        figure = records_data.progression_figure(
            inputs.con, metric, newest, newest, unit=unit,
            definition_names=tuple((d, _(name)) for d, name in records_text.DEFINITION_LABELS.items()),
            title=_("{label}: the record under each way of counting").format(label=label),
            subtitle=i18n.date_range(first, newest),
            source_lines=data.source_lines(inputs.catalogue, [metric]), lang=inputs.lang)
        table = progression.drop(columns=["metric"], errors="ignore")
        return Built(figure, table, first, newest, {"series": metric, "on": newest.isoformat()})
    return build


def _territory(inputs: Inputs) -> Built:
    metrics = list(series.TERRITORY_MONTHLY)
    return _time_series(
        inputs, metrics,
        lambda a, b: data.territory_figure(inputs.con, a, b, True, data.source_lines(inputs.catalogue, metrics),
                                           inputs.lang),
        lambda a, b: exports.wide_table(data.period_series(inputs.con, tuple(metrics), a, b, "month"), metrics,
                                        "month"),
        {"metrics": ",".join(metrics), "agg": "month"})


BOUNDARIES = declared_sources.REGIONS


def _oblast_map(inputs: Inputs) -> Built:
    metrics = list(series.OUTCOME_METRICS)
    end = inputs.newest(metrics)
    ranking = regions_data.region_ranking(inputs.con, "affected_region", inputs.first, end)
    projected = regions_data.oblast_outline_shapes(inputs.con)
    if ranking.empty or projected is None:
        raise NothingToDraw("no national report names an oblast" if ranking.empty else "no oblast outlines loaded")
    start = pd.to_datetime(ranking["first_named"]).min().date()  # the national reports list regions from then
    coverage = regions_data.region_list_coverage(inputs.con, "affected_region", "week", start, end)
    outlines, kyiv = projected
    named = {iso: (regions_data.oblast_name(iso, name), rings) for iso, (name, rings) in outlines.items()}
    title = _("Reports naming each oblast: the {listing} of {reports} national reports that list regions").format(
        listing=i18n.number(coverage["giving"].sum()), reports=i18n.number(coverage["reports"].sum()))
    figure = region_charts.oblast_map_figure(
        named, ranking, kyiv_xy=kyiv, title=title, subtitle=i18n.date_range(start, end),
        source_lines=(*data.source_lines(inputs.catalogue, metrics),
                      _("Boundaries: {attribution}. Licence: {licence}.").format(
                          attribution=_(BOUNDARIES.credit), licence=_(BOUNDARIES.licence))))
    table = ranking.assign(oblast=[regions_data.oblast_name(i, n) for i, n in zip(ranking["region_iso"],
                                                                                  ranking["region"])])
    return Built(figure, table, start, end, {})


MONTHLY = rules.AGGREGATION_PER["month"]  # translated where shown


def _outcomes(inputs: Inputs) -> Built:
    metrics = list(series.OUTCOME_METRICS)
    start, end = inputs.first_of(["drones_lost_on_radar"]), inputs.newest(metrics)
    shares = regions_data.outcome_periods(inputs.con, "month", start, end)
    if shares.empty:
        raise NothingToDraw("no day reports what became of the drones launched")
    change = regions_data.NEUTRALISED_ONLY
    mark = None if change is None else region_charts.ChangeMark(change.first_day, _("Change of reporting"),
                                                                _(change.what_changed))
    figure = region_charts.outcome_shares_figure(
        shares, period="month", title=_("Drones launched, by what became of them"),
        subtitle=_("{dates}, {per}").format(dates=i18n.date_range(start, end), per=_(MONTHLY)),
        source_lines=data.source_lines(inputs.catalogue, metrics), change=mark)
    return Built(figure, shares, start, end, {"agg": "month"})


def comparison(inputs: Inputs) -> Built:
    """The overview's comparison chart with its default metrics: daily over the last year, as the app opens, and
    weekly over the whole history. Each panel runs to its own source's newest day."""
    metrics = tuple(m for m in view_state.DEFAULT_METRICS if m in inputs.catalogue.index)
    title = _("Russia–Ukraine war: {metrics}").format(metrics=", ".join(inputs.catalogue.loc[list(metrics), "label"]))

    def draw(start: dt.date, end: dt.date) -> go.Figure:
        agg = view_state.effective_aggregation("day", start, end, len(metrics))
        ends = tuple(sorted((m, inputs.newest([m])) for m in metrics if inputs.newest([m]) < end))
        return data.comparison_figure(inputs.con, data.record_highs(inputs.con, metrics, start, end), metrics, start,
                                      end, agg, 0, True, False, title, i18n.date_range(start, end),
                                      data.source_lines(inputs.catalogue, metrics), inputs.lang, ends)

    return _time_series(inputs, metrics, draw, lambda a, b: exports.wide_table(
        data.period_series(inputs.con, metrics, a, b, "week"), list(metrics), "week"),
        {"metrics": ",".join(metrics), "agg": "day"})


CHARTS = (
    StaticChart(static_pages.COMPARE, N_("Drones, missiles, territory and losses, week by week"),
                N_("The headline measures of the war on one time axis, each from its own source."), "", comparison),
    StaticChart(static_pages.DRONES, N_("Drones launched and destroyed, night by night"),
                N_("Every drone the Ukrainian Air Force reported launched and destroyed, by Kyiv calendar day; stars "
                   "mark record days."), "records", _attacks(0)),
    StaticChart(static_pages.MISSILES, N_("Missiles launched and destroyed, night by night"),
                N_("Every missile the Ukrainian Air Force reported launched and destroyed, by Kyiv calendar day; "
                   "stars mark record days."), "records", _attacks(1)),
    StaticChart(static_pages.DRONE_RECORDS, N_("The largest drone attack, under each way of counting"),
                N_("The record under each definition of an attack (one report, one night, 24 hours, a calendar "
                   "day), and when it was set."), "records", _records_by_definition("drones_launched")),
    StaticChart(static_pages.MISSILE_RECORDS, N_("The largest missile attack, under each way of counting"),
                N_("The record under each definition of an attack (one report, one night, 24 hours, a calendar "
                   "day), and when it was set."), "records", _records_by_definition("missiles_launched")),
    StaticChart(static_pages.TERRITORY, N_("Territory gained each month, by both map sources"),
                N_("Square kilometres that changed hands each month, by DeepState and by NZZ/Liveuamap."), "",
                _territory),
    StaticChart(static_pages.BEFORE_AFTER, N_("Drones launched before and after the latest event"),
                N_("The days around the newest curated event, with the mean of the days before and after."),
                "escalation", lambda inputs: event_charts.newest_window(inputs)),
    StaticChart(static_pages.OBLASTS, N_("Which oblasts the reports name"),
                N_("How many national reports named each oblast as affected, since the reports list regions."),
                "regions", _oblast_map),
    StaticChart(static_pages.DRONE_OUTCOMES, N_("What became of the drones launched"),
                N_("Each month's drones by outcome: shot down, lost on radar, still in the air, or unaccounted for."),
                "regions", _outcomes),
)
BY_SLUG = {chart.slug: chart for chart in CHARTS}
