"""The records page's "was it a record at the time?": any day, under each way of counting an attack, with the
record it beat, the record that beat it next, and each definition's whole sequence of records."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.app_pages.records import data as records_data
from dashboard.app_pages.records.definitions import DEFINITION_HELP
from dashboard.shared import cache, charts, i18n, records_text, sections, static_pages, tables
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext
from dashboard.shared.i18n import _
from etl.registry import rules

data = cache.cached(shared_data)
data_records = cache.cached(records_data)

DAY_KEY, PICKER_KEY = "records_on", "records_on_pick"  # the view's day (in the URL as on=) and its date input


def show_on_a_day(ctx: PageContext, series: str) -> None:
    st.subheader(_("Was it a record at the time?"))
    progression = data_records.record_progression(ctx.con, ctx.version, series)
    if progression.empty:
        st.info(_("No attack of this series has been reported yet."))
        return
    first, newest = min(progression["date"]), ctx.newest_day([series]) or ctx.last
    day = pick_day(first, newest)
    unit, label = ctx.catalogue.loc[series, "unit"], ctx.catalogue.loc[series, "label"]
    standing = data_records.records_on(ctx.con, ctx.version, series, day)
    st.dataframe(answer_grid(standing, unit), width="stretch", key="records_on_grid", column_config={
        _(name): st.column_config.TextColumn(help=_(DEFINITION_HELP[d]))
        for d, name in records_text.DEFINITION_LABELS.items()})
    st.caption(_("A record: strictly above every earlier attack counted the same way since the first one, on "
                 "{first} (a tie is not a record). An attack counts for the Kyiv day its last report ended. Records "
                 "of the first {burn_in} days are records only because the reports begin then: the record stars of "
                 "the daily charts leave those days out.").format(first=i18n.date(first),
                                                                  burn_in=rules.RECORD_BURN_IN_DAYS))
    names = tuple((d, _(name)) for d, name in records_text.DEFINITION_LABELS.items())
    figure = data_records.progression_figure(
        ctx.con, ctx.version, series, day, newest, unit=unit, definition_names=names,
        title=_("{label}: the record under each way of counting").format(label=label),
        subtitle=_("{dates} · dotted line: {day}; ringed: the record then").format(
            dates=i18n.date_range(first, newest), day=i18n.date(day)),
        source_lines=data.source_lines(ctx.catalogue, [series]), lang=i18n.language())
    st.plotly_chart(figure, width="stretch", key="chart_record_progression",
                    config=charts.export_config(f"{series}_records", ctx.image_format))
    sections.static_page_link(static_pages.RECORDS_BY_SERIES.get(series))
    with st.expander(_("Every record under each way of counting")):  # no label from the data in Markdown
        st.dataframe(sequence_table(progression), hide_index=True, width="stretch", key="records_progression_table")
        st.caption(_("The whole list, for every drone and missile series, is the view record_progression in the "
                     "database."))


def _keep_day() -> None:
    st.session_state[DAY_KEY] = st.session_state[PICKER_KEY]


def pick_day(first: dt.date, newest: dt.date) -> dt.date:
    """The day asked about: the link's (on=), else the newest day of the reports, kept within the reports."""
    day = min(max(st.session_state.get(DAY_KEY) or newest, first), newest)
    st.session_state[PICKER_KEY] = day
    st.date_input(_("Day"), key=PICKER_KEY, min_value=first, max_value=newest, format=i18n.input_date_format(),
                  on_change=_keep_day, help=_("Any day from {first} to {newest}, the newest report. The address "
                                              "keeps it, so a link opens on the same day.").format(
                      first=i18n.date(first), newest=i18n.date(newest)))
    return day


def _amount(value, day, unit: str) -> str:
    """472 drones, 1 Jun 2025; – when there is none."""
    if value is None or pd.isna(value):
        return "–"
    return _("{value} {unit}, {date}").format(value=i18n.number(value), unit=unit, date=i18n.date(day))


def answer_grid(standing: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The four definitions side by side: was the day a record, the record then, what it beat, what beat it next.

    Args:
        standing: records_data.standing_on, indexed by definition.
    """
    columns = {}
    for definition, label in records_text.DEFINITION_LABELS.items():
        row = standing.loc[definition]
        if row["is_record"]:
            verdict = _("Yes, in the first {days} days of the reports").format(days=rules.RECORD_BURN_IN_DAYS) \
                if row["in_burn_in"] else _("Yes")
        else:
            verdict = _("No")
        columns[_(label)] = [
            verdict,
            _amount(row["value"], row["date"], unit),
            _amount(row["previous_value"], row["previous_date"], unit) if row["is_record"] else "–",
            _("not yet") if pd.isna(row["next_value"]) else _amount(row["next_value"], row["next_date"], unit)]
    index = [_("A record that day?"), _("The record then"), _("It beat"), _("Beaten next by")]
    return pd.DataFrame(columns, index=index)


def sequence_table(progression: pd.DataFrame):
    """Every record of one metric, definition by definition in time order, with the record each beat."""
    names = {"definition": _("Counted as"), "date": _("Day"), "value": _("Record"), "beat": _("It beat"),
             "in_burn_in": _("First {days} days").format(days=rules.RECORD_BURN_IN_DAYS)}
    # The record beaten in words, so the first (which beat nothing) shows a dash, not Streamlit's grey "None".
    beat = [_("{value} of {date}").format(value=i18n.number(r.previous_value), date=i18n.date(r.previous_date))
            if r.previous_date is not None else "–" for r in progression.itertuples(index=False)]
    shown = progression.assign(definition=progression["definition"].map(
        lambda d: _(records_text.DEFINITION_LABELS[d])), beat=beat)[list(names)].rename(columns=names)
    return tables.localized(shown, {names["date"]: tables.date}, integers=[names["value"]])
