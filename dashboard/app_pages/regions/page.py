"""/regions: which oblasts the reports name, and what became of the drones launched."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import data as regions_data_access
from dashboard.app_pages.regions import territory_change
from dashboard.shared import cache, charts, i18n, sections, static_pages, tables, view_state
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext, current
from dashboard.shared.i18n import N_, _, ngettext
from etl.registry import breaks, rules, series
from etl.registry import sources as declared_sources

data = cache.cached(shared_data)
region_data = cache.cached(regions_data_access)

OUTCOME_METRICS = list(series.OUTCOME_METRICS)
BASES = {"affected_region": N_("National reports: regions named as affected (from Jan 2025)"),
         "regional_command": N_("Regional air commands: the target of their reports")}
PER = rules.AGGREGATION_PER  # translated where shown
# When the sidebar's Aggregate is finer than the range allows (by the aggregate asked for).
COARSER = {"day": N_("Shown {per}: the range is too long to draw daily bars. Narrow it for finer detail."),
           "week": N_("Shown {per}: the range is too long to draw weekly bars. Narrow it for finer detail.")}
BOUNDARIES = declared_sources.REGIONS  # credited under the map
TOP_REGIONS = 6


oblast_name = regions_data_access.oblast_name


def render(ctx: PageContext) -> None:
    sections.page_header(ctx, _("Where, and what became of the drones"), _(
        "The oblasts the Air Force reports name most, then what happened to the drones launched."),
                         sources=("attacks", "territory", "regions"), about=_(
        "Which regions the Air Force reports name, and what happened to the drones launched: shot down, lost "
        "on radar, still in the air, or unaccounted for. Each field is reported only for part of the history; "
        "a blank is 'not reported', never zero."))
    start, end = ctx.section_range(OUTCOME_METRICS)
    with st.spinner(_("Loading…"), show_time=False):
        show_regions(ctx, start, end)
        show_outcomes(ctx, start, end)
        projected = region_data.oblast_outline_shapes(ctx.con, ctx.version)
        territory_change.show(ctx, None if projected is None else projected[0])


def show_regions(ctx: PageContext, start, end) -> None:
    st.subheader(_("Regions named in the reports"))
    # The figures first, the basis they are counted on under them (its value is in the session before the radio).
    figures = st.container()
    basis = st.radio(_("Basis"), list(BASES), key="regions_basis",
                     format_func=lambda b, tr=i18n.translator(): tr(BASES[b]))
    ranking = region_data.region_ranking(ctx.con, ctx.version, basis, start, end)
    if ranking.empty:
        sections.section_range_note(ctx, start, end, OUTCOME_METRICS)
        st.info(_("No report in the selected range names a region on this basis."))
        return
    names = [oblast_name(iso, name) for iso, name in zip(ranking["region_iso"], ranking["region"])]
    dates = i18n.date_range(start, end)
    national = basis == "affected_region"
    weekly = region_data.region_list_coverage(ctx.con, ctx.version, basis, "week", start, end)
    listing, reports = i18n.number(weekly["giving"].sum()), i18n.number(weekly["reports"].sum())
    with figures:
        show_most_named(ranking, names, listing, reports, national)
        sections.section_range_note(ctx, start, end, OUTCOME_METRICS)
    st.caption(_("The national reports list the regions affected only from 27 January 2025; before that only the "
                 "regional air commands name their targets, mostly in the south. The lists name regions affected, "
                 "not how many strikes each region took: a report counts once for each oblast it names."))
    projected = region_data.oblast_outline_shapes(ctx.con, ctx.version)
    if projected is None:
        st.info(_("The oblast boundaries are not loaded yet (source 'regions'); run the refresh to draw the map."))
    else:
        outlines = {iso: (oblast_name(iso, name), rings) for iso, (name, rings) in projected[0].items()}
        # The title says how many reports the counts come from, so a thin range reads as one.
        title = (_("Reports naming each oblast: the {listing} of {reports} national reports that list regions")
                 if national else _("Reports naming each oblast, from {reports} regional air command reports"))
        figure = region_charts.oblast_map_figure(
            outlines, ranking, kyiv_xy=projected[1], title=title.format(listing=listing, reports=reports),
            subtitle=dates,
            source_lines=(*data.source_lines(ctx.catalogue, OUTCOME_METRICS),
                          _("Boundaries: {attribution}. Licence: {licence}.").format(
                              attribution=_(BOUNDARIES.credit), licence=_(BOUNDARIES.licence))))
        st.plotly_chart(figure, width="stretch", key="chart_region_map",
                        config=charts.export_config("region_map", ctx.image_format))
        if national:  # the static edition's map is of the national reports' lists
            sections.static_page_link(static_pages.OBLASTS)
    top = ranking.head(TOP_REGIONS)
    weeks = region_data.region_weeks(ctx.con, ctx.version, basis, tuple(top["region_iso"]), start, end)
    figure = region_charts.region_multiples_figure(
        weeks, dict(zip(top["region_iso"], names)), title=_("Reports naming each oblast, per week"),
        subtitle=_("The {count} named most, {dates}").format(count=len(top), dates=dates), coverage=weekly,
        coverage_hover=_("{giving} of {reports} national reports list regions") if national
        else _("{reports} regional air command reports in the file"),
        strip_title=_("Share of each week's national reports that list regions") if national
        else _("Regional air command reports in the file, per week"),
        threshold=rules.COVERAGE_MIN_SHARE if national else None,
        source_lines=data.source_lines(ctx.catalogue, OUTCOME_METRICS))
    st.plotly_chart(figure, width="stretch", key="chart_region_weeks",
                    config=charts.export_config("regions", ctx.image_format))
    if national:
        st.caption(_("Faded: weeks in which fewer than {share} of the national reports list regions (the strip on "
                     "top gives the share that do). The lists were filled on most reports until mid-2025 and on a "
                     "few a month since, so a low bar in a faded week is a list not filled in, not a week without "
                     "attacks.").format(share=i18n.percent(rules.COVERAGE_MIN_SHARE)))
    else:
        st.caption(_("The regional air commands are a different basis: their reports count as the file keeps them, "
                     "mostly Air Command South's, with no full list of what they posted to measure against, so no "
                     "week is faded; the strip counts their reports in the file each week. Many name a direction "
                     "('south') rather than an oblast."))
    first, last = _("First"), _("Last")
    reports, days = _("Reports naming it"), _("Days")
    ranked = pd.DataFrame({
        _("Oblast"): names, reports: ranking["reports"], days: ranking["days"],
        first: pd.to_datetime(ranking["first_named"]).dt.date, last: pd.to_datetime(ranking["last_named"]).dt.date,
        "ISO": ranking["region_iso"],
    })
    st.dataframe(tables.localized(ranked, {first: tables.date, last: tables.date}, integers=[reports, days]),
                 hide_index=True, width="stretch", key="region_table")
    st.caption(_("Kyiv city (UA-30) is counted apart from Kyiv oblast (UA-32); 'Dnipro oblast' and 'Kryvyi Rih' count "
                 "as Dnipropetrovsk oblast, 'Lutsk oblast' as Volyn. The whole table is the view region_reports."))


def show_most_named(ranking: pd.DataFrame, names: list[str], listing: str, reports: str, national: bool) -> None:
    """The first answer to 'where': the three oblasts named most, and how many reports the counts come from."""
    slots = sections.kpi_row()
    out_of = (_("out of the {listing} national reports in the range that list regions ({reports} in all)")
              if national else _("out of {reports} regional air command reports in the range")).format(
        listing=listing, reports=reports)
    for slot, name, row in zip(slots, names, ranking.head(3).itertuples()):
        # "Dnipropetrovsk" on the card (its full name in the tooltip): "… область" did not fit a card.
        slot.metric(name.removesuffix(" область").removesuffix(" oblast"), i18n.number(row.reports), width=sections.KPI_WIDTH, delta_color="off", delta_arrow="off",
                    delta=ngettext("report naming it", "reports naming it", int(row.reports)),
                    help=_("Reports naming {oblast}, {out_of}.").format(oblast=name, out_of=out_of))
    if national:
        slots[3].metric(_("Reports listing regions"), listing, width=sections.KPI_WIDTH, delta_color="off",
                        delta_arrow="off", delta=_("of {reports}").format(reports=reports),
                        help=_("The national reports in the range that list the regions affected: the counts come "
                               "from these alone."))


def show_outcomes(ctx: PageContext, start, end) -> None:
    st.subheader(_("What became of the drones launched"))
    for change in breaks.BREAKS:  # a change of reporting inside the range is said before any chart of it
        if change.metric in OUTCOME_METRICS and start <= dt.date.fromisoformat(change.first_day) <= end:
            st.warning(_("Change of reporting on {day}: {what} From then on, “{label}” is not reported separately, "
                         "so those days have no such value and are left out of the charts below that need it.").format(
                day=i18n.date(dt.date.fromisoformat(change.first_day)), what=_(change.what_changed),
                label=ctx.catalogue.loc[change.metric, "label"]), icon="⚠️")
    source = data.source_lines(ctx.catalogue, OUTCOME_METRICS)
    # The sidebar's Aggregate (URL agg): each night by default; coarser when the range would send too many bars.
    period = view_state.effective_aggregation(ctx.state.agg, start, end, len(region_charts.OUTCOMES))
    per = _(PER[period])
    subtitle = _("{dates}, {per}").format(dates=i18n.date_range(start, end), per=per)
    if period != ctx.state.agg and ctx.state.agg in COARSER:
        st.caption(_(COARSER[ctx.state.agg]).format(per=per))
    shares = region_data.outcome_periods(ctx.con, ctx.version, period, start, end)
    change = region_data.NEUTRALISED_ONLY
    mark = None if change is None else region_charts.ChangeMark(
        change.first_day, _("Change of reporting"), _(change.what_changed))
    if shares.empty:
        st.info(_("No day in the selected range reports what became of the drones launched (reported from July "
                  "2024)."))
    else:
        figure = region_charts.outcome_shares_figure(shares, period=period, subtitle=subtitle, source_lines=source,
                                                     title=_("Drones launched, by what became of them"), change=mark)
        st.plotly_chart(figure, width="stretch", key="chart_outcomes",
                        config=charts.export_config("outcomes", ctx.image_format))
        sections.static_page_link(static_pages.DRONE_OUTCOMES)
        days, split = int(shares["days"].sum()), int(shares["days_split"].sum())
        apart, combined = int(shares["days_apart"].sum()), int(shares["days_combined"].sum())
        # Which days the chart draws, said the way the range has them: apart, as one figure, or both.
        if change is None or not combined:
            which = _("The {days} days in the range that report launched, shot down and lost on radar.")
        elif not apart:
            which = _("The {days} days in the range that report launched and the one figure for drones shot down "
                      "or suppressed (neutralised) that the reports give from {day}.")
        else:
            which = _("The {days} days in the range that report launched and what was shot down and lost on radar: "
                      "apart on {apart} days, as one figure (shot down or suppressed, neutralised) on the {combined} "
                      "days from {day}, drawn after the dashed line.")
        st.caption(which.format(days=i18n.number(days), apart=i18n.number(apart), combined=i18n.number(combined),
                                day=i18n.date(dt.date.fromisoformat(change.first_day)) if change else "") + " " + _(
            "{split} of them also give the drones still in the air; on those, unaccounted for = launched minus the "
            "others: drones that reached a target or whose fate the report does not give. It is not a count of "
            "hits. On the other {rest} days the rest cannot be split and is drawn hatched.").format(
            split=i18n.number(split), rest=i18n.number(days - split)))
    coverage = region_data.field_coverage(ctx.con, ctx.version, period, start, end)
    if not coverage.empty:
        figure = region_charts.coverage_figure(coverage, period=period, subtitle=subtitle, source_lines=source,
                                               title=_("Which fields the reports give"), change=mark)
        st.plotly_chart(figure, width="stretch", key="chart_coverage",
                        config=charts.export_config("coverage", ctx.image_format))
        st.caption(_("Darker: the field is given on more of the days with drones launched. A field not given is "
                     "'not reported', never zero, so the charts above and below start where their fields start."))
    left, right = st.columns(2)
    faded = _("Faded: periods in which fewer than {share} of the reports give it (the strip under the line gives "
              "the share that do).").format(share=i18n.percent(rules.COVERAGE_MIN_SHARE))
    for slot, (metric, title, name, scale, fmt, key, note, gives, strip) in zip((left, right), (
            ("decoy_share", _("Share of decoys among Shahed-type drones"),
             _("Decoys"), 1.0, ".0%", "chart_decoys", _("Reported July 2025 to May 2026 only."),
             _("{giving} of {reports} reports with Shahed-type drones give the real count"),
             _("Share of the reports giving the real Shahed count")),
            ("hit_locations_per_drone", _("Places hit per 100 drones launched"),
             _("Places hit per 100 drones"), 100.0, ".1f", "chart_hits",
             _("Places hit counts missile hits too; reported from May 2025."),
             _("{giving} of {reports} reports with drones give the places hit"),
             _("Share of the reports giving the places hit")))):
        ratio = region_data.ratio_periods(ctx.con, ctx.version, metric, period, start, end)
        with slot:
            if ratio.empty:
                st.info(_("{title}: not reported in the selected range.").format(title=title) + " " + note)
                continue
            figure = region_charts.ratio_figure(ratio, period=period, title=title, subtitle=subtitle, name=name,
                                                scale=scale, tickformat=fmt, coverage_hover=gives, strip_title=strip,
                                                threshold=rules.COVERAGE_MIN_SHARE, source_lines=source)
            st.plotly_chart(figure, width="stretch", key=key, config=charts.export_config(key[6:], ctx.image_format))
            st.caption(_(ctx.catalogue.loc[metric, "formula"]) + ". " + note + " " + faded)


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
