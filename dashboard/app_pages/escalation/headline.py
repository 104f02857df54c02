"""/escalation's first screen: the answer as figures for the series picked. The newest whole month against the
month before and the same month a year earlier, and the level of the regime the series is in now."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app_pages.escalation import comparisons
from dashboard.app_pages.escalation import data as escalation_data
from dashboard.shared import cache, i18n, sections, view_state
from dashboard.shared.context import PageContext
from dashboard.shared.i18n import _

data_escalation = cache.cached(escalation_data)


def _change(value, then) -> str:
    change = comparisons.pct_change(value, then)
    return "–" if change is None else i18n.signed_percent(change)


def show(ctx: PageContext, series: str, start, end, regime_method: str) -> None:
    """Three figures: the newest whole month of the range, that month a year earlier, the current regime's level."""
    label = ctx.catalogue.loc[series, "label"]
    # The same call as the month comparison further down, so it is computed once.
    first = comparisons.shift_month(pd.Timestamp(start).replace(day=1).date(), -13)
    monthly = data_escalation.monthly(ctx.con, ctx.version, tuple(view_state.ESCALATION_SERIES), first, end)
    own = monthly[(monthly["metric"] == series) & ~monthly["partial"].astype(bool)]
    whole = sorted(d for d in pd.to_datetime(own["date"]).dt.date if d >= pd.Timestamp(start).replace(day=1).date())
    slots = sections.kpi_row()
    if whole:
        month = whole[-1]
        row = comparisons.month_comparison(monthly, month, [series]).iloc[0]
        before, year_ago = comparisons.shift_month(month, -1), comparisons.shift_month(month, -12)
        slots[0].metric(i18n.month(month), i18n.number(row["value"]),
                        width=sections.KPI_WIDTH, delta_color="off", delta_arrow="off",
                        delta=_("{change} on {month}").format(change=_change(row["value"], row["previous"]),
                                                              month=i18n.month(before)),
                        help=_("{label}: the newest whole month of the range, the total over its reported days, "
                               "against the month before.").format(label=label))
        if row["year_before"] is not None and not pd.isna(row["year_before"]):
            slots[1].metric(_("Year on year"), _change(row["value"], row["year_before"]), width=sections.KPI_WIDTH,
                            delta_color="off", delta_arrow="off",
                            delta=_("{month}: {value}").format(month=i18n.month(year_ago),
                                                               value=i18n.number(row["year_before"])),
                            help=_("{label}: {month} against the same month a year earlier.").format(
                                label=label, month=i18n.month(month)))
    family = escalation_data.FAMILY[series]
    segments = data_escalation.regimes(ctx.con, ctx.version, family, start, end)
    segments = segments[segments["level"].notna()]
    if len(segments):
        now = segments.iloc[-1]
        earlier = (_("The regime before: {level} a day, {period}.").format(
            level=i18n.number(segments.iloc[-2]["level"]),
            period=i18n.date_range(pd.Timestamp(segments.iloc[-2]["regime_start"]).date(),
                                   pd.Timestamp(segments.iloc[-2]["regime_end"]).date()))
            if len(segments) > 1 else "")
        slots[2].metric(_("Level now"), _("{level} a day").format(level=i18n.number(now["level"])), width=sections.KPI_WIDTH,
                        delta=_("since {date}").format(date=i18n.date(pd.Timestamp(now["regime_start"]))),
                        delta_color="off", delta_arrow="off",
                        help=" ".join(p for p in (
                            _("{label}: the daily level of the regime the series is in now.").format(
                                label=ctx.catalogue.loc[family, "label"]),
                            earlier, _("Method: {method}").format(method=regime_method)) if p))
    if not whole and not len(segments):
        st.info(_("No reports in the selected range."))
