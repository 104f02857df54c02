"""The records page's first section: the record under each way of counting an attack, side by side."""
from __future__ import annotations

import streamlit as st

from dashboard.shared import cache, records_text, view_state
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext
from dashboard.shared.i18n import N_, _

data = cache.cached(shared_data)

DEFINITION_HELP = {
    "report": N_("One report window of the Air Force, as published (a daytime report is its own window)."),
    "night": N_("One overnight report: it starts between 14:00 the day before and 07:00, ends after midnight and "
             "lasts at most 24 hours. This is the figure the press quotes as 'the largest attack'."),
    "24h": N_("The reports whose windows all lie within 24 hours of the first one's start, added up (a daytime "
           "wave and the next night's wave can fall in one 24 hours)."),
    "calendar_day": N_("Every report ending on the same Kyiv calendar day, added up: the rule of every daily "
                    "chart and the record stars on this site."),
}


def show_by_definition(ctx: PageContext) -> str:
    """The record under each definition for the series picked here; returns the series (the next section's too)."""
    st.subheader(_("The largest attack depends on how an attack is counted"))
    # The series shared with /escalation (URL parameter series).
    series = st.selectbox(_("Series"), list(view_state.ESCALATION_SERIES), key="esc_series",
                          format_func=ctx.catalogue["label"].get)
    unit = ctx.catalogue.loc[series, "unit"]
    newest = data.newest_by_definition(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES))
    newest = newest[newest["metric"] == series].set_index("definition")
    st.dataframe(records_text.definition_grid(newest, ctx.newest_day([series]), unit), width="stretch",
                 key="records_definitions_grid", column_config={
                     _(label): st.column_config.TextColumn(help=_(DEFINITION_HELP[d]))
                     for d, label in records_text.DEFINITION_LABELS.items()})
    st.caption(_("Days since: from the record to the newest report, not to today (the reports may lag). Newest: "
                 "the newest attack under that definition; its rank: where it stands today among every attack of "
                 "the series so counted. Hover a column header for its definition."))
    ranked = data.records_by_definition(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES))
    with st.expander(_("The top 20 under each definition: {series}").format(
            series=ctx.catalogue.loc[series, "label"].lower())):
        st.dataframe(records_text.top_grid(ranked[ranked["metric"] == series]), hide_index=True, width="stretch",
                     key="records_by_definition_table")
        st.caption(_("In the 24-hour column no report counts twice: a 24-hour span that shares a report with a "
                     "larger one is left out. The whole list is the view records_by_definition in the database."))
    return series
