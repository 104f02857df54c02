"""Before and after the curated events, for the static edition: the newest event's window (the chart
`before-after`, as /escalation opens by default) and one page per event the drone reports cover
(`before-after-<YYYY-MM-DD>`), each built with /escalation's own data access and chart builder."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.app_pages.escalation import data as escalation_data
from dashboard.publish.model import Built, Inputs, NothingToDraw, StaticChart
from dashboard.shared import data, i18n, static_pages, view_state
from dashboard.shared.i18n import N_, _
from etl.registry import series

METRIC, DAYS = series.DEFAULT_SERIES, view_state.DEFAULT_WINDOW_DAYS
EVENT_TITLE = N_("Drones launched before and after: {event}")


def _events(inputs: Inputs) -> tuple[pd.DataFrame, dt.date, dt.date]:
    """The curated events inside the drone reports' history, titled in the run's language, newest first."""
    if pd.isna(inputs.catalogue.loc[METRIC, "first_date"]):
        raise NothingToDraw(f"no value of {METRIC} yet")
    start, end = inputs.first_of([METRIC]), inputs.newest([METRIC])
    events = data.events_between(inputs.con, start, end, inputs.lang)
    events = events.assign(day=pd.to_datetime(events["date"]).dt.date).sort_values("day", ascending=False)
    return events, start, end


def window(inputs: Inputs, anchor: dt.date, start: dt.date, end: dt.date) -> Built:
    """The days around one day 0, with the means before and after, as /escalation draws them."""
    title = _("{label} around {date}").format(label=inputs.catalogue.loc[METRIC, "label"], date=i18n.date(anchor))
    figure = escalation_data.window_figure(inputs.con, METRIC, anchor, DAYS, title,
                                           inputs.catalogue.loc[METRIC, "unit"],
                                           data.source_lines(inputs.catalogue, [METRIC]), inputs.lang)
    span = max(view_state.WINDOW_DAYS)
    around = escalation_data.reported_days(inputs.con, METRIC, anchor - dt.timedelta(days=span),
                                           anchor + dt.timedelta(days=span))
    table = pd.DataFrame({"date": pd.to_datetime(pd.Index(around.index)).date, METRIC: around.to_numpy()})
    table.insert(1, "day_from_event", [(day - anchor).days for day in table["date"]])
    return Built(figure, table, start, end, {"series": METRIC, "anchor": anchor.isoformat(),
                                                      "days": str(DAYS)})


def newest_window(inputs: Inputs) -> Built:
    """Before and after the newest curated event the drone reports cover (the newest report day without one)."""
    events, start, end = _events(inputs)
    return window(inputs, events["day"].iloc[0] if len(events) else end, start, end)


def per_event(inputs: Inputs) -> list[tuple[StaticChart, str, str]]:
    """A chart per day with a curated event, newest first: (its declaration, its title, its lede: what happened),
    in the run's language. Two events on one day share the page."""
    events, start, end = _events(inputs)
    found = []
    for day, rows in events.groupby("day", sort=False):
        names = " · ".join(rows["title"])
        chart = StaticChart(
            static_pages.event_window(day), EVENT_TITLE, "", "escalation",
            lambda inputs, day=day: window(inputs, day, start, end))
        found.append((chart, _(EVENT_TITLE).format(event=names) + f" ({i18n.date(day)})",
                      " ".join(rows["description"].fillna(""))))
    return found
