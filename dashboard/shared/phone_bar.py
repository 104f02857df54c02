"""On a narrow screen, the pages and the date range one tap away.

Under 768 px Streamlit folds its top navigation into the sidebar, behind "»", and the sidebar stays open over
the page after a choice. So every page starts with a bar of page links and the date presets, shown by CSS only
under that width (on a wider screen the top navigation and the sidebar are in view). The presets here and the
sidebar's are one choice: picking here sets the sidebar's `preset`, which the URL follows as before.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.shared import controls, i18n, view_state
from dashboard.shared.i18n import N_, _

NARROW_PX = 768  # Streamlit's own breakpoint for folding the top navigation
STYLE = f"""<style>
@media (min-width: {NARROW_PX}px) {{ .st-key-phone_bar {{ display: none; }} }}
.st-key-phone_bar [data-testid="stPageLink"] a {{ padding: 0.1rem 0.4rem; }}
@media (max-width: {NARROW_PX - 1}px) {{
  [data-testid="stMain"] h1 {{ font-size: 2rem; }}
  [data-testid="stMain"] h2 {{ font-size: 1.5rem; }}
  [data-testid="stMain"] h3 {{ font-size: 1.25rem; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.75rem; }}
}}
</style>"""
QUICK_PRESETS = [preset for preset, days in view_state.PRESETS.items() if preset != "Custom"]
# Short names, so that the four fit a 390 px phone in one row in either language.
SHORT_NAMES = {"Last 30 days": N_("30 days"), "Last 90 days": N_("90 days"), "Last year": N_("1 year"),
               "All": N_("All")}


def _use_quick(first: dt.date, last: dt.date) -> None:
    """A preset picked in the bar becomes the sidebar's choice (None: the selected button tapped again)."""
    picked = st.session_state.get("preset_quick")
    if picked is not None:
        st.session_state["preset"] = picked
        controls.keep_custom_range(first, last)


def show(pages: list, first: dt.date, last: dt.date) -> None:
    """The bar: one link per page (the current one marked), then the presets. STYLE is added once by app.py."""
    with st.container(key="phone_bar", horizontal=True, gap="small", horizontal_alignment="left"):
        for page in pages:
            st.page_link(page, width="content")
        preset = st.session_state.get("preset")
        st.session_state["preset_quick"] = preset if preset in QUICK_PRESETS else None
        st.segmented_control(_("Date range"), QUICK_PRESETS, key="preset_quick",
                             format_func=lambda preset, tr=i18n.translator(): tr(SHORT_NAMES[preset]),
                             on_change=_use_quick, args=(first, last), label_visibility="collapsed",
                             help=_("Custom dates are in the sidebar (» at the top left)."))
