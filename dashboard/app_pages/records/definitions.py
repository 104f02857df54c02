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
    st.subheader(_("The largest attack, by how it is counted"))
    cards = st.container()  # the figures first, the series they count under them (its value is already set)
    # The series shared with /escalation (URL parameter series).
    series = st.selectbox(_("Series"), list(view_state.ESCALATION_SERIES), key="esc_series",
                          format_func=ctx.catalogue["label"].get)
    unit = ctx.catalogue.loc[series, "unit"]
    newest = data.newest_by_definition(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES))
    newest = newest[newest["metric"] == series].set_index("definition")
    # A card per definition: four side by side on a laptop, one under another on a phone (no sideways scroll).
    for column, card in zip(cards.columns(len(records_text.DEFINITION_LABELS), border=True),
                            records_text.definition_cards(newest, ctx.newest_day([series]), unit)):
        definition_help = DEFINITION_HELP[card["definition"]]
        column.metric(card["label"], card["value"], delta=card["when"] or None, delta_color="off", delta_arrow="off",
                      help=_(definition_help))
        column.caption(card["line"])
    st.caption(_("Days run to the newest report, not to today (the reports may lag). Rank: where the newest attack "
                 "stands among every attack of the series so counted. The ? beside a card's name gives its definition."))
    ranked = data.records_by_definition(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES))
    with st.expander(_("The top 20 under each definition: {series}").format(
            series=ctx.catalogue.loc[series, "label"].lower())):
        st.dataframe(records_text.top_grid(ranked[ranked["metric"] == series]), hide_index=True, width="stretch",
                     key="records_by_definition_table")
        st.caption(_("In the 24-hour column no report counts twice: a 24-hour span that shares a report with a "
                     "larger one is left out. The whole list is the view records_by_definition in the database."))
    return series
