"""What every page gets from the app: the open database, the view and the data every page needs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from dashboard import url_state


@dataclass
class PageContext:
    """One run's shared state: built by app.py, read by each page's render()."""

    con: duckdb.DuckDBPyConnection
    version: tuple  # the database file's identity; every cache is keyed on it
    first: dt.date  # the data's first and last day (all sources)
    last: dt.date
    catalogue: pd.DataFrame  # the metric registry as loaded, indexed by metric
    freshness: pd.DataFrame  # per source: newest day, last load, rejected rows
    state: url_state.ViewState | None = None  # the view, once the sidebar is drawn


PAGE_CONTEXT_KEY = "_page_context"


def current() -> PageContext:
    """The context app.py built for this run (a page script runs right after it, in the same session)."""
    return st.session_state[PAGE_CONTEXT_KEY]
