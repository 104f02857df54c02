"""The /regions section on territory that changed hands between two DeepState maps (shapely, no tiles)."""
from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import data as regions_data_access
from dashboard.shared import cache, charts, i18n
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext
from dashboard.shared.i18n import _

data = cache.cached(shared_data)
region_data = cache.cached(regions_data_access)


def default_pair(dates: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The newest month with a map on its first day and on the next month's first day; else the newest two maps."""
    present = set(dates)
    months = [d for d in sorted(dates, reverse=True) if d.day == 1
              and (d + pd.DateOffset(months=1)).date() in present]
    if months:
        return months[0], (months[0] + pd.DateOffset(months=1)).date()
    return dates[-2], dates[-1]


def show(ctx: PageContext, outlines: dict | None) -> None:
    st.subheader(_("Territory that changed hands"))
    maps = region_data.territory_maps(ctx.con, ctx.version)
    dates = list(maps["date"])
    if len(dates) < 2 or outlines is None:
        st.info(_("Fewer than two DeepState maps are kept as shapes, so there is nothing to compare. An online "
                  "refresh keeps the first map of each month and the newest; offline, it reads the maps in the "
                  "territory folder's samples/."))
        return
    earlier, later = default_pair(dates)
    left, right = st.columns(2)
    # Labels made in the run: the test harness calls format_func outside it, where the language is the default.
    labels = {d: i18n.date(d) for d in dates}
    earlier = left.selectbox(_("From the map of"), dates[:-1], index=dates.index(earlier), key="terr_from",
                             format_func=labels.get)
    later_options = [d for d in dates if d > earlier]
    later = right.selectbox(_("to the map of"), later_options, key="terr_to", format_func=labels.get,
                            index=later_options.index(later) if later in later_options else len(later_options) - 1)
    try:
        change = region_data.map_change_shapes(ctx.con, ctx.version, earlier, later)
    except regions_data_access.MapChangeError as err:
        # The geometry library's words stay in the server's log; the reader gets the maps and what to do.
        logging.getLogger(__name__).warning("map change %s to %s failed: %s", earlier, later, err)
        st.warning(_("The change between the DeepState maps of {earlier} and {later} could not be computed: their "
                     "shapes could not be overlaid. Pick two other maps.").format(
            earlier=i18n.date(earlier), later=i18n.date(later)), icon="⚠️")
        return
    gained, retaken = i18n.number(change["gained_km2"]), i18n.number(change["retaken_km2"])
    figure = region_charts.territory_change_figure(
        outlines, change["held"], change["gained"], change["retaken"], title=_("Ground that changed hands"),
        subtitle=_("DeepState maps of {earlier} and {later}").format(earlier=i18n.date(earlier), later=i18n.date(later)),
        labels=(_("Held on {date}").format(date=i18n.date(earlier)), _("Gained by Russia: {km2} km²").format(km2=gained),
                _("Retaken by Ukraine: {km2} km²").format(km2=retaken)),
        source_lines=(*data.source_lines(ctx.catalogue, ["occupied_km2"]),
                      _("Boundaries: {attribution}.").format(attribution="© OpenStreetMap contributors (ODbL)")))
    st.plotly_chart(figure, width="stretch", key="chart_territory_change",
                    config=charts.export_config("territory_change", ctx.image_format))
    st.caption(_("Gained by Russia {gained} km², retaken by Ukraine {retaken} km², net {net} km². Measured with "
                 "shapely on the maps' occupied layers in an equal-area projection; the maps are kept simplified to "
                 "about 50 m, so the net can differ from the daily table by a few km². A map dated D is drawn on "
                 "the evening of D−1. The view zooms to what changed.").format(
        gained=gained, retaken=retaken, net=i18n.signed(change["net_km2"])))
