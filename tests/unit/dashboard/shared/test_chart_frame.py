"""The figure frame: events staggered for a phone's width, never more rows than allowed, none lost."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.shared import chart_frame, charts, i18n
from etl import paths


def test_a_year_of_dense_events_stays_within_the_rows_and_every_event_is_named():
    events = pd.read_csv(paths.DATA_DIR / "events.csv")
    year = events[(events["date"] >= "2025-06-08") & (events["date"] <= "2026-06-07")]
    fr = chart_frame.frame(title="t", subtitle="s", events=year, x_range=(dt.date(2025, 6, 8), dt.date(2026, 6, 7)))
    labels = [a for a in fr.annotations if a.get("xref") == "x"]
    lifts = sorted({a["yshift"] for a in labels})
    assert len(lifts) <= chart_frame.MAX_LANES + 1  # no tower of labels
    titled = {a["text"].split(">")[1].split("<")[0] for a in labels if "<a " in a["text"] and "–" not in a["text"]}
    key = next(a["text"] for a in fr.annotations if a.get("yref") == "paper" and a.get("y") == 0)
    # Every event is either labelled with its title or named in the key under the chart.
    for title in year["title"]:
        assert title in titled or title in key.replace("&#x27;", "'").replace("<br>", " "), title
    # One dotted line per event through the plot.
    assert sum(1 for s in fr.shapes if s.get("ysizemode") != "pixel") == len(year)
    # The numbered events' key runs on as one paragraph under the chart (and in its exported image): 15 lines for
    # these 18 events at a 320 px embed's width, where one line each took 18 at a wider one.
    assert "1: US sanctions Rosneft, Lukoil (22 Oct 2025); 2: US 28-point peace plan" in key.replace("<br>", " ")
    assert key.count("<br>") + 1 <= 15


@pytest.fixture
def ukrainian():
    """The run's language set to Ukrainian for one test, English again afterwards whatever happens."""
    i18n.activate("uk")
    try:
        yield
    finally:
        i18n.activate("en")


def test_figures_speak_ukrainian_with_ukrainian_numbers_and_dates(ukrainian):
    days = pd.date_range("2021-06-01", periods=1430)
    series = pd.DataFrame({"date": days, "metric": "missiles_launched", "value": [0.0] * 1428 + [7.0, 120.0]})
    panel = pd.DataFrame({"metric": ["missiles_launched"], "label": ["Ракети"], "unit": ["ракет"], "kind": ["flow"]})
    records = pd.DataFrame({"date": [days[-1]], "metric": ["missiles_launched"], "value": [120.0],
                            "previous_record": [7.0], "previous_record_date": [days[-2]], "margin": [113.0]})
    # A panel title: the basis in Ukrainian, and 1,428 hidden days written "1 428" (a no-break space), plural "значень".
    title = charts.metric_panels(series, panel, records, log=True).layout.annotations[0].text
    assert "ракет за день" in title and "логарифмічна шкала приховує 1\u00a0428 значень ≤ 0" in title
    pair = charts.launched_destroyed_figure(series, records, launched_metric="missiles_launched",
                                            destroyed_metric="missiles_destroyed", title="Ракети", unit="ракет",
                                            log=True, x_range=(days[0].date(), days[-1].date()))
    heading = pair.layout.annotations[0].text.replace("<br>", " ")
    assert "Ракети: запущено та знищено, за днями" in heading and "1\u00a0428" in heading
    assert [t.name for t in pair.data] == ["Запущено", "Знищено", "Рекорд (запущено)"]
    assert pair.data[0].hovertemplate.startswith("Запущено: %{y:,.0f} %{customdata[0]}")  # d3 formats kept
    # Each point's unit in the number its count needs: 0 and 120 ракет, 7 ракет, 1 ракета, 2 ракети.
    words = {value: row[0] for value, row in zip(pair.data[0].y, pair.data[0].customdata)}
    assert words[0] == "ракет" and words[7] == "ракет" and words[120] == "ракет"
    star = pair.data[2]
    assert "Новий рекорд: %{y:,.0f} ракет запущено" in star.hovertemplate and "Попередній рекорд" in star.hovertemplate
    assert star.customdata[0][1] == "29 квіт. 2025"
    # Partial months: "7 з 30 днів", "з 31 дня" (Ukrainian plural forms), on the figure and in the hover.
    monthly = charts.territory_monthly_figure(pd.DataFrame({
        "date": pd.to_datetime(["2025-05-01", "2025-06-01"]), "metric": "territory_gained_km2", "value": [440.0, 90.0],
        "partial": [True, True], "days_covered": [12, 7], "period_days": [31, 30]}))
    assert list(monthly.data[1].text) == ["12 з 31 дня", "7 з 30 днів"]
    assert "неповний період: охоплено 7 з 30 днів" in monthly.data[0].customdata[1]
    assert monthly.layout.annotations[0].text.startswith("<b>Територія, захоплена Росією")
    # An event: its date and the words around its source's site in Ukrainian, the site's name as it is.
    events = pd.DataFrame({"date": [dt.date(2025, 6, 1)], "title": ["Операція «Павутина»"], "description": ["x"],
                           "source_url": ["https://example.org/a"]})
    hover = chart_frame.frame(title="t", subtitle="s", events=events).annotations[0]["hovertext"]
    assert "(1 черв. 2025)" in hover and "Джерело: example.org (натисніть на підпис)" in hover


def test_english_is_back_after_a_ukrainian_run():
    series = pd.DataFrame({"date": pd.to_datetime(["2025-06-01"]), "metric": ["drones_launched"], "value": [0.0]})
    panel = pd.DataFrame({"metric": ["drones_launched"], "label": ["Drones"], "unit": ["drones"], "kind": ["flow"]})
    title = charts.metric_panels(series, panel, pd.DataFrame(columns=["metric"]), log=True).layout.annotations[0].text
    assert "drones, per day · log scale hides 1 at 0 or below" in title


def test_legend_room_follows_the_longest_label_on_a_phone():
    """Measured in Chromium at 390 px: the outcome legend takes three rows in English and five in Ukrainian,
    where "Залишок, не розділений" is too wide for two entries a row."""
    from dashboard.shared.chart_frame import LEGEND_ROW_PX, legend_px

    def traces(*names):
        return [dict(name=n) for n in names] + [dict(name="hidden", showlegend=False), dict(type="scatter")]

    english = traces("Shot down", "Lost on radar", "Still in the air", "Unaccounted for", "Rest, not split")
    ukrainian = traces("Збито", "Локаційно втрачені", "Ще в повітрі", "Доля невідома", "Залишок, не розділений")
    assert legend_px(english) == 3 * LEGEND_ROW_PX and legend_px(ukrainian) == 5 * LEGEND_ROW_PX
    assert legend_px(traces("DeepState", "NZZ")) == 2 * LEGEND_ROW_PX  # one row, but never less than the least
    assert legend_px([dict(name="x", showlegend=False)]) == 0


@pytest.mark.parametrize(("period", "drawn"), [("month", "2025-12-01"), ("week", "2025-12-22"), ("day", "2025-12-28")])
def test_in_a_week_or_month_view_an_event_is_drawn_on_its_periods_bar(period, drawn):
    """Bars of a week or month stand on the period's first day: an event of Sunday 28 Dec 2025 is drawn on
    December's bar (not past it) and on the week of Monday 22 Dec; its hover still names its own day."""
    events = pd.DataFrame({"date": ["2025-12-28"], "title": ["Mar-a-Lago meeting"], "description": ["talks"],
                           "source_url": ["https://example.org/"]})
    fr = chart_frame.frame(title="t", subtitle="s", events=events, x_range=(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                           period=period)
    lines = {pd.Timestamp(s["x0"]) for s in fr.shapes}
    assert lines == {pd.Timestamp(drawn)}
    (label,) = [a for a in fr.annotations if a.get("xref") == "x"]
    assert pd.Timestamp(label["x"]) == pd.Timestamp(drawn) and "28 Dec 2025" in label["hovertext"]


def test_the_attack_charts_sources_start_below_its_legend_as_a_phone_wraps_it():
    """Five legend entries, one a row on a phone once one is long ("Shot down or suppressed (from …)"): the source
    lines start under all five rows, not over the last three (as the static edition's embed showed at 320 px)."""
    days = pd.date_range("2025-07-20", periods=10)
    series = pd.DataFrame({"date": list(days) * 2, "metric": ["drones_launched"] * 10 + ["drones_destroyed"] * 10,
                           "value": [100.0] * 20})
    records = pd.DataFrame({"date": [days[0], days[0]], "metric": ["drones_launched", "drones_destroyed"],
                            "value": [100.0, 100.0], "previous_record": [90.0, 90.0],
                            "previous_record_date": [days[0], days[0]], "margin": [10.0, 10.0]})
    breaks = pd.DataFrame({"metric": ["drones_destroyed"], "first_day": [dt.date(2025, 7, 24)],
                           "what_changed": ["x"]})
    figure = charts.launched_destroyed_figure(series, records, launched_metric="drones_launched",
                                              destroyed_metric="drones_destroyed", title="Drones", unit="drones",
                                              breaks=breaks, source_lines=("Source: a.",))
    legend = [t.name for t in figure.data if t.showlegend is not False and t.name]
    assert len(legend) == 5
    (sources,) = [a for a in figure.layout.annotations if a.text.startswith("Source: a.")]
    assert -sources.yshift >= 44 + 5 * chart_frame.LEGEND_ROW_PX
