"""The tables of the escalation page: events ranked by change, the salvo list, and month against month."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import comparisons, data_escalation, view
from dashboard.context import PageContext

PCT = st.column_config.NumberColumn(format="%+.0f %%", width="small")


def show_event_table(ctx: PageContext, series: str, days: int, start, end, event_count: int) -> None:
    """Every curated event in the range, ranked by the change in the daily mean."""
    table = data_escalation.event_windows(ctx.con, ctx.version, series, days, start, end)
    st.markdown(f"**Every event in the range, ranked by change** ({days} days either side)")
    if table.empty:
        st.info("No curated events in the selected range." if not event_count else "No windows to show.")
        return
    shown = pd.DataFrame({
        "Date": pd.to_datetime(table["event_date"]).dt.date, "Event": table["event_title"],
        "Before": table["mean_before"], "After": table["mean_after"], "Change": table["change_pct"],
        "p-value": table["p_value"],
        "Days reported": [f"{b} + {a} of {days} + {days}" for b, a in
                          zip(table["days_before_reported"], table["days_after_reported"])],
        "Source": table["source_url"],
    })
    st.dataframe(shown, hide_index=True, width="stretch", key="event_table", column_config={
        "Date": st.column_config.DateColumn(format="YYYY-MM-DD", width="small"),
        "Before": st.column_config.NumberColumn(format="%,.1f", width="small", help="Daily mean, days before"),
        "After": st.column_config.NumberColumn(format="%,.1f", width="small", help="Daily mean, day 0 and after"),
        "Change": PCT, "p-value": st.column_config.NumberColumn(format="%.3f", width="small"),
        "Source": st.column_config.LinkColumn(display_text="source", width="small"),
    })
    st.caption("Pick a row's date as day 0 above to see its chart. Events close together share days, so their "
               "windows are not independent; with many events, a few p-values below 0.05 are expected by chance.")


def show_salvo_list(ctx: PageContext, family: str, start, end) -> None:
    found = data_escalation.salvo_list(ctx.con, ctx.version, family, start, end)
    if found.empty:
        return
    unit = ctx.catalogue.loc[family, "unit"]
    with st.expander(f"The {len(found)} salvo reports in the range"):
        st.dataframe(pd.DataFrame({
            "Day": pd.to_datetime(found["date"]).dt.date, "From": found["time_start"], "To": found["time_end"],
            unit.capitalize(): found["value"], "Usual (28-day median)": found["trailing_28d_median"],
        }), hide_index=True, width="stretch", key="salvo_table", column_config={
            "Day": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "From": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "To": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        })


def _set_month() -> None:
    st.session_state["esc_month"] = st.session_state["esc_month_pick"]


def show_month_comparison(ctx: PageContext, series: str, start, end) -> None:
    """A month against the month before and the same month a year earlier, then the monthly totals."""
    st.subheader("Month against month")
    first = comparisons.shift_month(pd.Timestamp(start).replace(day=1).date(), -13)
    monthly = data_escalation.monthly(ctx.con, ctx.version, tuple(view.ESCALATION_SERIES), first, end)
    months = sorted({d for d in pd.to_datetime(monthly["date"]).dt.date if d >= pd.Timestamp(start).replace(day=1).date()},
                    reverse=True)
    if not months:
        st.info("No reports in the selected range.")
        return
    complete = monthly[~monthly["partial"].astype(bool)]
    whole = sorted({d for d in pd.to_datetime(complete["date"]).dt.date} & set(months), reverse=True)
    month = st.session_state.get("esc_month")
    if month not in months:
        month = whole[0] if whole else months[0]
    st.session_state["esc_month_pick"] = month
    st.selectbox("Month", months, key="esc_month_pick", on_change=_set_month, format_func=lambda d: f"{d:%B %Y}")
    label = ctx.catalogue["label"]
    table = comparisons.month_comparison(monthly, month, list(view.ESCALATION_SERIES))
    st.dataframe(pd.DataFrame({
        "Series": table["metric"].map(label), f"{month:%b %Y}": table["value"],
        f"{comparisons.shift_month(month, -1):%b %Y}": table["previous"], "vs month before": table["previous_change_pct"],
        f"{comparisons.shift_month(month, -12):%b %Y}": table["year_before"], "vs year before": table["year_change_pct"],
    }), hide_index=True, width="stretch", key="month_table", column_config={
        f"{month:%b %Y}": st.column_config.NumberColumn(format="%,.0f"),
        f"{comparisons.shift_month(month, -1):%b %Y}": st.column_config.NumberColumn(format="%,.0f"),
        f"{comparisons.shift_month(month, -12):%b %Y}": st.column_config.NumberColumn(format="%,.0f"),
        "vs month before": PCT, "vs year before": PCT,
    })
    if table["partial"].any():
        st.caption("One of these months is cut short by the data (a source starts or ends inside it): its total "
                   "covers fewer days, so the change is not like for like.")
    st.caption("Totals over the reported days of each month. A month with days missing from the reports counts "
               "only what was reported.")
    yearly = comparisons.yearly_table(monthly, series, months[-1])
    st.markdown(f"**{label[series]} per month, with the change on a year earlier**")
    st.dataframe(pd.DataFrame({
        "Month": [f"{m:%B %Y}" for m in yearly["month"]], "Total": yearly["value"],
        "Days": [f"{c} of {p}" + (" (cut short)" if part else "") for c, p, part in
                 zip(yearly["days_covered"], yearly["period_days"], yearly["partial"])],
        "A year earlier": yearly["year_before"], "Year on year": yearly["year_change_pct"],
    }), hide_index=True, width="stretch", key="yearly_table", column_config={
        "Total": st.column_config.NumberColumn(format="%,.0f"),
        "A year earlier": st.column_config.NumberColumn(format="%,.0f"), "Year on year": PCT,
    })
