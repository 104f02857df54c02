"""The tables of the escalation page: events ranked by change, the salvo list, and month against month."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app_pages.escalation import comparisons
from dashboard.app_pages.escalation import data as escalation_data
from dashboard.shared import cache, i18n, tables, view_state
from dashboard.shared.context import PageContext
from dashboard.shared.i18n import _

data_escalation = cache.cached(escalation_data)

SMALL = st.column_config.NumberColumn(width="small")


def show_event_table(ctx: PageContext, series: str, days: int, start, end, event_count: int) -> None:
    """Every curated event in the range, ranked by the change in the daily mean."""
    table = data_escalation.event_windows(ctx.con, ctx.version, series, days, start, end)
    st.markdown(_("**Every event in the range, ranked by change** ({days} days either side)").format(days=days))
    if table.empty:
        st.info(_("No curated events in the selected range.") if not event_count else _("No windows to show."))
        return
    date, before, after, change, source = _("Date"), _("Before"), _("After"), _("Change"), _("Source")
    p_value = _("p-value")
    titles = table["event_title"]
    if i18n.language() == "uk":  # the Ukrainian title from events.csv, where the event has one
        titles = table["title_uk"].where(table["title_uk"].fillna("") != "", titles)
    shown = pd.DataFrame({
        date: pd.to_datetime(table["event_date"]).dt.date, _("Event"): titles,
        before: table["mean_before"], after: table["mean_after"], change: table["change_pct"],
        p_value: table["p_value"],
        _("Days reported"): [_("{before} + {after} of {days} + {days}").format(before=b, after=a, days=days)
                             for b, a in zip(table["days_before_reported"], table["days_after_reported"])],
        source: table["source_url"],
    })
    written = tables.localized(shown, {date: tables.date, before: tables.number(1), after: tables.number(1),
                                       change: tables.signed_percent, p_value: tables.number(3)})
    st.dataframe(written, hide_index=True, width="stretch", key="event_table", column_config={
        before: st.column_config.NumberColumn(width="small", help=_("Daily mean, days before")),
        after: st.column_config.NumberColumn(width="small", help=_("Daily mean, day 0 and after")),
        change: SMALL, p_value: SMALL,
        source: st.column_config.LinkColumn(display_text=_("source"), width="small"),
    })
    st.caption(_("Pick a row's date as day 0 above to see its chart. Events close together share days, so their "
                 "windows are not independent; with many events, a few p-values below 0.05 are expected by "
                 "chance."))


def show_salvo_list(ctx: PageContext, family: str, start, end) -> None:
    found = data_escalation.salvo_list(ctx.con, ctx.version, family, start, end)
    if found.empty:
        return
    day, since, until = _("Day"), _("From"), _("To")
    with st.expander(_("Salvo reports in the range: {n}").format(n=i18n.number(len(found)))):
        launched, usual = ctx.catalogue.loc[family, "label"], _("Usual (28-day median)")
        salvos = pd.DataFrame({
            day: pd.to_datetime(found["date"]).dt.date, since: found["time_start"], until: found["time_end"],
            launched: found["value"], usual: found["trailing_28d_median"],
        })
        st.dataframe(tables.localized(salvos, {day: tables.date, since: tables.date_time, until: tables.date_time,
                                               usual: tables.number(1)}, integers=[launched]),
                     hide_index=True, width="stretch", key="salvo_table")


def _set_month() -> None:
    st.session_state["esc_month"] = st.session_state["esc_month_pick"]


def show_month_comparison(ctx: PageContext, series: str, start, end) -> None:
    """A month against the month before and the same month a year earlier, then the monthly totals."""
    st.subheader(_("Month against month"))
    first = comparisons.shift_month(pd.Timestamp(start).replace(day=1).date(), -13)
    monthly = data_escalation.monthly(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES), first, end)
    months = sorted({d for d in pd.to_datetime(monthly["date"]).dt.date if d >= pd.Timestamp(start).replace(day=1).date()},
                    reverse=True)
    if not months:
        st.info(_("No reports in the selected range."))
        return
    complete = monthly[~monthly["partial"].astype(bool)]
    whole = sorted({d for d in pd.to_datetime(complete["date"]).dt.date} & set(months), reverse=True)
    asked = month = st.session_state.get("esc_month")
    if month not in months:
        month = whole[0] if whole else months[0]
    st.session_state["esc_month_pick"] = month
    names = {m: i18n.month(m) for m in months}  # the words of this run (format_func may be called later)
    st.selectbox(_("Month"), months, key="esc_month_pick", on_change=_set_month, format_func=names.get)
    if asked is not None and asked != month:  # from the link, or picked before the range changed
        st.info(_("{asked} has no reports in the range shown ({range}); showing {shown} instead. Widen the date range "
                  "to compare it.").format(asked=i18n.month(asked), range=i18n.date_range(start, end),
                                           shown=i18n.month(month)), icon="ℹ️")
    label = ctx.catalogue["label"]
    table = comparisons.month_comparison(monthly, month, list(view_state.ESCALATION_SERIES))
    now, previous, year_ago = (i18n.month(m) for m in (month, comparisons.shift_month(month, -1),
                                                        comparisons.shift_month(month, -12)))
    vs_month, vs_year = _("vs month before"), _("vs year before")
    against = pd.DataFrame({
        _("Series"): table["metric"].map(label), now: table["value"],
        previous: table["previous"], vs_month: table["previous_change_pct"],
        year_ago: table["year_before"], vs_year: table["year_change_pct"],
    })
    st.dataframe(tables.localized(against, {vs_month: tables.signed_percent, vs_year: tables.signed_percent},
                                  integers=[now, previous, year_ago]),
                 hide_index=True, width="stretch", key="month_table")
    if table["partial"].any():
        st.caption(_("One of these months is cut short by the data (a source starts or ends inside it): its total "
                     "covers fewer days, so the change is not like for like."))
    st.caption(_("Totals over the reported days of each month. A month with days missing from the reports counts "
                 "only what was reported."))
    yearly = comparisons.yearly_table(monthly, series, months[-1])
    st.markdown(_("**{label} per month, with the change on a year earlier**").format(label=label[series]))
    total, earlier, on_year = _("Total"), _("A year earlier"), _("Year on year")
    per_month = pd.DataFrame({
        _("Month"): [i18n.month(m) for m in yearly["month"]], total: yearly["value"],
        _("Days"): [(_("{covered} of {days} (cut short)") if part else _("{covered} of {days}")).format(
            covered=c, days=p) for c, p, part in zip(yearly["days_covered"], yearly["period_days"], yearly["partial"])],
        earlier: yearly["year_before"], on_year: yearly["year_change_pct"],
    })
    st.dataframe(tables.localized(per_month, {on_year: tables.signed_percent}, integers=[total, earlier]),
                 hide_index=True, width="stretch", key="yearly_table")
