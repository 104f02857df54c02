"""/regions: which oblasts the reports name, and what became of the drones launched."""
from __future__ import annotations

import json

import pandas as pd
import shapely
import shapely.geometry
import streamlit as st
from pyproj import Transformer

from dashboard import charts, data, queries_regions, region_charts, sections, territory_change, view
from dashboard.context import PageContext, current
from etl.sources.territory import EQUAL_AREA_CRS

OUTCOME_METRICS = ["drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air",
                   "drones_unaccounted", "hit_locations", "decoy_drones_launched"]
BASES = {"affected_region": "National reports: regions named as affected (from Jan 2025)",
         "regional_command": "Regional air commands: the target of their reports"}
TOP_REGIONS = 6
_cache_data = st.cache_data(max_entries=128, show_spinner=False)


@_cache_data
def _ranking(_con, version, basis, start, end):
    return queries_regions.region_ranking(_con, basis, start, end)


@_cache_data
def _region_weeks(_con, version, basis, regions: tuple, start, end):
    return queries_regions.region_weeks(_con, basis, list(regions), start, end)


@st.cache_resource(max_entries=4, show_spinner=False)
def _oblast_outlines(_con, version) -> tuple[dict, tuple] | None:
    """Each oblast's rings in an equal-area projection (km), simplified to about 1 km, and Kyiv city's position."""
    shapes = queries_regions.oblast_shapes(_con)
    if shapes.empty:
        return None
    project = Transformer.from_crs("OGC:CRS84", EQUAL_AREA_CRS, always_xy=True)
    outlines = {}
    for row in shapes.itertuples(index=False):
        outline = shapely.transform(shapely.geometry.shape(json.loads(row.geometry)),
                                    lambda x, y: project.transform(x, y), interleaved=False)
        outline = outline.simplify(1_000, preserve_topology=True)
        polygons = outline.geoms if outline.geom_type == "MultiPolygon" else [outline]
        outlines[row.region_iso] = (row.name, [[(x / 1000, y / 1000) for x, y in polygon.exterior.coords]
                                               for polygon in polygons])
    x, y = project.transform(*region_charts.KYIV_CITY[1:])
    return outlines, (x / 1000, y / 1000)


@_cache_data
def _outcome_periods(_con, version, period, start, end):
    return queries_regions.outcome_periods(_con, period, start, end)


@_cache_data
def _ratio_periods(_con, version, numerator, denominator, period, start, end):
    return queries_regions.ratio_periods(_con, numerator, denominator, period, start, end)


@_cache_data
def _coverage(_con, version, period, start, end):
    return queries_regions.field_coverage(_con, list(region_charts.COVERAGE_FIELDS), period, start, end)


def render(ctx: PageContext) -> None:
    st.title("Where, and what became of the drones")
    st.caption("Which regions the Air Force reports name, and what happened to the drones launched: shot down, "
               "lost on radar, still in the air, or unaccounted for. Each field is reported only for part of the "
               "history; a blank is 'not reported', never zero.")
    sections.show_freshness_warnings(ctx.freshness)
    start, end = ctx.section_range(OUTCOME_METRICS)
    sections.section_range_note(ctx, start, end, OUTCOME_METRICS)
    with st.spinner("Loading…", show_time=False):
        show_regions(ctx, start, end)
        show_outcomes(ctx, start, end)
        projected = _oblast_outlines(ctx.con, ctx.version)
        territory_change.show(ctx, None if projected is None else projected[0])


def show_regions(ctx: PageContext, start, end) -> None:
    st.subheader("Regions named in the reports")
    st.caption("The national reports list the regions affected only from 27 January 2025; before that only the "
               "regional air commands name their targets, mostly in the south. The lists name regions affected, "
               "not how many strikes each region took: a report counts once for each oblast it names.")
    basis = st.radio("Basis", list(BASES), format_func=BASES.get, key="regions_basis")
    ranking = _ranking(ctx.con, ctx.version, basis, start, end)
    if ranking.empty:
        st.info("No report in the selected range names a region on this basis.")
        return
    projected = _oblast_outlines(ctx.con, ctx.version)
    if projected is None:
        st.info("The oblast boundaries are not loaded yet (source 'regions'); run the refresh to draw the map.")
    else:
        outlines, kyiv_xy = projected
        figure = region_charts.oblast_map_figure(
            outlines, ranking, kyiv_xy=kyiv_xy, title="Reports naming each oblast", subtitle=f"{start:%d %b %Y} – {end:%d %b %Y}",
            source_lines=(*data.source_lines(ctx.catalogue, ["drones_launched"]),
                          "Boundaries: © OpenStreetMap contributors (ODbL), via EugeneBorshch/ukraine_geojson."))
        st.plotly_chart(figure, width="stretch", key="chart_region_map",
                        config=charts.export_config("region_map", ctx.image_format))
    top = ranking.head(TOP_REGIONS)
    weeks = _region_weeks(ctx.con, ctx.version, basis, tuple(top["region_iso"]), start, end)
    figure = region_charts.region_multiples_figure(
        weeks, dict(zip(top["region_iso"], top["region"])), title="Reports naming each oblast, per week",
        subtitle=f"The {len(top)} named most, {start:%d %b %Y} – {end:%d %b %Y}",
        source_lines=data.source_lines(ctx.catalogue, ["drones_launched"]))
    st.plotly_chart(figure, width="stretch", key="chart_region_weeks",
                    config=charts.export_config("regions", ctx.image_format))
    st.dataframe(pd.DataFrame({
        "Oblast": ranking["region"], "Reports naming it": ranking["reports"], "Days": ranking["days"],
        "First": pd.to_datetime(ranking["first_named"]).dt.date, "Last": pd.to_datetime(ranking["last_named"]).dt.date,
        "ISO": ranking["region_iso"],
    }), hide_index=True, width="stretch", key="region_table", column_config={
        "First": st.column_config.DateColumn(format="YYYY-MM-DD"), "Last": st.column_config.DateColumn(format="YYYY-MM-DD"),
    })
    st.caption("Kyiv city (UA-30) is counted apart from Kyiv oblast (UA-32); 'Dnipro oblast' and 'Kryvyi Rih' count "
               "as Dnipropetrovsk oblast, 'Lutsk oblast' as Volyn. The whole table is the view region_reports.")


def show_outcomes(ctx: PageContext, start, end) -> None:
    st.subheader("What became of the drones launched")
    source = data.source_lines(ctx.catalogue, ["drones_launched"])
    # The sidebar's Aggregate (URL agg): each night by default; coarser when the range would send too many bars.
    period = view.effective_aggregation(ctx.state.agg, start, end, len(region_charts.OUTCOMES))
    per = {"day": "per day", "week": "per week", "month": "per month"}[period]
    subtitle = f"{start:%d %b %Y} – {end:%d %b %Y}, {per}"
    if period != ctx.state.agg:
        st.caption(f"Shown {per}: the range is too long to draw {view.ADJECTIVES[ctx.state.agg]} bars. Narrow it "
                   "for finer detail.")
    shares = _outcome_periods(ctx.con, ctx.version, period, start, end)
    if shares.empty:
        st.info("No day in the selected range reports drones shot down and lost on radar (both are reported "
                "from July 2024).")
    else:
        figure = region_charts.outcome_shares_figure(shares, period=period, subtitle=subtitle, source_lines=source,
                                                     title="Drones launched, by what became of them")
        st.plotly_chart(figure, width="stretch", key="chart_outcomes",
                        config=charts.export_config("outcomes", ctx.image_format))
        days, split = int(shares["days"].sum()), int(shares["days_split"].sum())
        st.caption(f"The {days} days in the range that report launched, shot down and lost on radar. {split} of them "
                   "also give the drones still in the air; on those, unaccounted for = launched minus the other "
                   "three: drones that reached a target or whose fate the report does not give. It is not a count "
                   f"of hits. On the other {days - split} days the rest cannot be split and is drawn hatched.")
    coverage = _coverage(ctx.con, ctx.version, period, start, end)
    if not coverage.empty:
        figure = region_charts.coverage_figure(coverage, period=period, subtitle=subtitle, source_lines=source,
                                               title="Which fields the reports give")
        st.plotly_chart(figure, width="stretch", key="chart_coverage",
                        config=charts.export_config("coverage", ctx.image_format))
        st.caption("Darker: the field is given on more of the days with drones launched. A field not given is "
                   "'not reported', never zero, so the charts above and below start where their fields start.")
    left, right = st.columns(2)
    for slot, (numerator, denominator, title, name, scale, fmt, key, note) in zip((left, right), (
            ("decoy_drones_launched", "shahed_drones_launched", "Share of decoys among Shahed-type drones",
             "Decoys", 1.0, ".0%", "chart_decoys", "Reported July 2025 to May 2026 only."),
            ("hit_locations", "drones_launched", "Places hit per 100 drones launched", "Places hit per 100 drones",
             100.0, ".1f", "chart_hits", "Places hit counts missile hits too; reported from May 2025."))):
        ratio = _ratio_periods(ctx.con, ctx.version, numerator, denominator, period, start, end)
        with slot:
            if ratio.empty:
                st.info(f"{title}: not reported in the selected range. {note}")
                continue
            figure = region_charts.ratio_figure(ratio, period=period, title=title, subtitle=subtitle, name=name,
                                                scale=scale, tickformat=fmt, source_lines=source)
            st.plotly_chart(figure, width="stretch", key=key, config=charts.export_config(key[6:], ctx.image_format))
            st.caption(f"Σ {numerator} / Σ {denominator} {per}, over the days that report both. {note}")


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
