"""The take-away row under a chart: the view's data as CSV, its sources, a data package, and a citation."""
from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from dashboard.shared import exports
from dashboard.shared.i18n import _


def show_view_exports(series: pd.DataFrame, catalogue: pd.DataFrame, metrics: list[str], *, agg: str, smooth: int,
                      start: dt.date, end: dt.date, title: str, share_url: str,
                      breaks: pd.DataFrame | None = None) -> None:
    """Download buttons (each file is made when its button is clicked, not on every rerun) and the citation.

    The labels follow the interface language; the files' names and contents stay in English (see exports)."""
    now = dt.datetime.now(dt.timezone.utc)
    stem = f"escalation_{start}_{end}_{agg}" + (f"_{smooth}d" if smooth else "")
    wide = functools.partial(exports.wide_table, series, metrics, agg)
    sources = functools.partial(exports.sources_table, catalogue, metrics, agg, smooth, share_url, now.date(), breaks)
    row = st.container(horizontal=True, gap="small")
    row.download_button(_("Data (CSV)"), lambda: exports.to_csv(wide()), file_name=f"{stem}.csv",
                        mime="text/csv", key="download_csv", on_click="ignore", icon=":material/download:",
                        help=_("One row per date (or period), one column per metric, named by the metric."))
    row.download_button(_("Sources and licences (CSV)"), lambda: exports.to_csv(sources()),
                        file_name=f"{stem}_sources.csv", mime="text/csv", key="download_sources", on_click="ignore",
                        icon=":material/description:",
                        help=_("What each column holds, how it is made, its source, licence and this view's link."))
    row.download_button(_("Data package (zip)"),
                        lambda: exports.data_package(wide(), sources(), title=title, view_url=share_url, created=now),
                        file_name=f"{stem}_datapackage.zip", mime="application/zip", key="download_package",
                        on_click="ignore", icon=":material/folder_zip:",
                        help=_("Both files and a datapackage.json (Frictionless Data Package) with each column's "
                               "title and unit and the sources' licences."))
    with st.expander(_("Cite this view"), icon=":material/format_quote:"):
        st.code(exports.citation(title, catalogue.loc[metrics], share_url, now.date()), language=None,
                wrap_lines=True)
        st.caption(_("The link reopens exactly this view. Cite the original sources too; their licences apply."))
