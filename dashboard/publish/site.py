"""One build of the static site into an empty folder: for each language, the index, a page and an embed per chart
(catalogue.CHARTS) with its data as CSV; the data files and feeds (feeds.py); the content-hashed assets; and the
dated copy under archive/<newest day>/, beside the dated copies earlier builds kept.

Paths (stable: people link, embed and subscribe to them):
  index.html, charts/<slug>.html, embed/<slug>.html, data/<slug>.csv     the newest, English
  uk/index.html, uk/charts/<slug>.html, uk/embed/<slug>.html             the newest, Ukrainian
  archive/<YYYY-MM-DD>/{charts,embed,data,uk/charts,uk/embed}/...       frozen as of that data day
  data/daily_metrics.csv|.parquet, data/datapackage.json, records.xml, uk/records.xml, latest.json, assets/*
Every page links to others relatively, so the site works under any base path and from the archive.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from dashboard.publish import catalogue, event_charts, feeds, render
from dashboard.shared import charts, data, i18n, record_queries, records_text
from dashboard.shared.i18n import N_, _

LANGUAGES = ("en", "uk")
ARCHIVE = "archive"
RANGE_BUTTONS = ((30, N_("30 days")), (90, N_("90 days")), (365, N_("A year")))  # and "All": the chart's whole range
HEADLINE_SERIES = ("drones_launched", "missiles_launched")


@dataclass
class Options:
    base_url: str  # where the site is served, for embed snippets, the feed and canonical links (ends with /)
    app_url: str  # where the interactive dashboard runs, for "explore in the dashboard" (ends with /)


@dataclass
class Written:
    files: list[str] = field(default_factory=list)
    newest_day: dt.date | None = None
    skipped: dict[str, str] = field(default_factory=dict)  # chart slug -> what its data lacks


def build(con, out: Path, options: Options, previous: Path | None) -> Written:
    """Write the whole site into `out` (empty). `previous`: the site it replaces, whose assets and dated copies
    are carried over, so an older dated page keeps working."""
    written = Written()
    _carry_over(previous, out)
    env = render.environment()
    asset_names = {}
    for key, (name, content) in render.assets().items():
        asset_names[key] = name
        _write(out / "assets" / name, content, written)
    first, last = data.date_bounds(con)
    freshness = data.source_freshness(con)
    newest_day = pd.Timestamp(freshness["newest_date"].dropna().max()).date()
    written.newest_day = newest_day
    dated = f"{ARCHIVE}/{newest_day.isoformat()}/"
    for lang in LANGUAGES:
        i18n.activate(lang)
        inputs = catalogue.Inputs(con, lang, data.metric_catalogue(con, lang), freshness, first, last)
        page = _Page(env, out, options, asset_names, inputs, newest_day, dated, written)
        built = {}
        for chart in catalogue.CHARTS:
            try:
                built[chart.slug] = chart.build(inputs)
            except catalogue.NothingToDraw as missing:
                written.skipped[chart.slug] = str(missing)
        shown = [(chart, _(chart.title), _(chart.lede)) for chart in catalogue.CHARTS if chart.slug in built]
        try:
            events = event_charts.per_event(inputs)
        except catalogue.NothingToDraw:
            events = []
        for chart, title, lede in events:
            built[chart.slug] = chart.build(inputs)
        for chart, title, lede in [*shown, *events]:
            page.chart(chart, title, lede, built[chart.slug])
        compare = built.get(catalogue.CHARTS[0].slug)
        _write(out / page.prefix / "index.html", render.page(
            env, "index.html", common=_common(options, asset_names, lang, "", "index.html", newest_day),
            charts=shown, events=events, headlines=_headlines(con, inputs), sources=_sources(freshness),
            figure=compare and render.figure_payload(with_range_slider(compare.figure), charts.export_config("compare")),
            figure_all=None, buttons=[], built=compare, archive=_archive_days(out)), written)
        _write(out / page.prefix / "records.xml",
               feeds.atom(env, con, inputs, options.base_url + page.prefix, newest_day), written)
    i18n.activate(i18n.DEFAULT_LANGUAGE)
    for name, content in feeds.data_files(con, newest_day).items():
        _write(out / "data" / name, content, written)
    _write(out / "latest.json", feeds.latest(con, freshness, newest_day), written)
    return written


@dataclass
class _Page:
    """Writes one chart's page, embed and CSV, plain and dated, in one language."""

    env: object
    out: Path
    options: Options
    assets: dict
    inputs: catalogue.Inputs
    newest_day: dt.date
    dated: str
    written: Written

    @property
    def prefix(self) -> str:
        return "" if self.inputs.lang == i18n.DEFAULT_LANGUAGE else f"{self.inputs.lang}/"

    def chart(self, chart, title: str, lede: str, built: catalogue.Built) -> None:
        lang, slug = self.inputs.lang, chart.slug
        for folder in ("", self.dated):
            values = _chart_values(self.inputs, chart, title, lede, built, self.options,
                                   _common(self.options, self.assets, lang, folder, f"charts/{slug}.html",
                                           self.newest_day), folder, self.prefix, self.dated)
            _write(self.out / folder / self.prefix / "charts" / f"{slug}.html",
                   render.page(self.env, "chart.html", **values), self.written)
            # An embed has no range slider: it is made for a narrow box, where the buttons do the same.
            values.update(common=_common(self.options, self.assets, lang, folder, f"embed/{slug}.html",
                                         self.newest_day), **_payloads(built, slug, slider=False))
            _write(self.out / folder / self.prefix / "embed" / f"{slug}.html",
                   render.page(self.env, "embed.html", **values), self.written)
            if lang == i18n.DEFAULT_LANGUAGE:
                _write(self.out / folder / "data" / f"{slug}.csv", feeds.csv_bytes(built.table), self.written)


def _common(options: Options, assets: dict, lang: str, folder: str, page: str, newest_day: dt.date) -> dict:
    """What every page's frame needs: the way back to the site's root from this page, the assets, the language
    and the same page in the other language, the newest day. folder: "" or the dated folder; page: its path
    below the language's folder ("charts/drones.html")."""
    prefix = {lang: "" if lang == i18n.DEFAULT_LANGUAGE else f"{lang}/" for lang in LANGUAGES}
    other = next(code for code in LANGUAGES if code != lang)
    root = "../" * f"{folder}{prefix[lang]}{page}".count("/")
    return {"root": root, "assets": assets, "lang": lang, "newest_day": newest_day, "other_lang": other,
            "other_href": f"{root}{folder}{prefix[other]}{page}", "home": f"{root}{folder}{prefix[lang]}index.html"
            if not folder else f"{root}{prefix[lang]}index.html",
            "site_title": _("Russia–Ukraine war, day by day"), "base_url": options.base_url}


def _chart_values(inputs, chart, title, lede, built, options, common, folder, prefix, dated) -> dict:
    lang = inputs.lang
    params = {"start": built.start.isoformat(), "end": built.end.isoformat(), **built.app_params,
              **({"lang": lang} if lang != i18n.DEFAULT_LANGUAGE else {})}
    return {
        "common": common, "chart": chart, "title": title, "lede": lede, "built": built,
        **_payloads(built, chart.slug, slider=built.time_axis),
        # The iframe's height: the figure's, plus the range buttons and the credit line under it.
        "embed_height": int(built.figure.layout.height or 450) + EMBED_EXTRA_PX,
        "buttons": [(days, _(label)) for days, label in RANGE_BUTTONS] if built.time_axis else [],
        "app_href": f"{options.app_url}{chart.app_path}?{urlencode(params, safe=',')}",
        "csv_href": f"{common['root']}{folder}data/{chart.slug}.csv",
        "embed_latest": f"{options.base_url}{prefix}embed/{chart.slug}.html",
        "embed_dated": f"{options.base_url}{dated}{prefix}embed/{chart.slug}.html",
        "page_dated": f"{options.base_url}{dated}{prefix}charts/{chart.slug}.html",
        "page_latest": f"{options.base_url}{prefix}charts/{chart.slug}.html",
        "is_dated": bool(folder),
    }


def _payloads(built: catalogue.Built, slug: str, *, slider: bool) -> dict:
    """The page's figures as JSON values: the opening one and, for a time series, the whole history."""
    config = charts.export_config(slug)
    draw = with_range_slider if slider else (lambda figure: figure)
    return {"figure": render.figure_payload(draw(built.figure), config),
            "figure_all": None if built.figure_all is None else render.figure_payload(draw(built.figure_all), config)}


EMBED_EXTRA_PX = 80
SLIDER_PX = 44  # the range slider's height under the x axis, and the room made for it


def with_range_slider(figure):
    """A copy of a time-series figure with a range slider under its x axis, the source lines under the plot moved
    down and the figure made taller to make room. Only a figure with one x axis gets one (a slider under one
    panel of several would move that panel only); the built figure stays as the app has it."""
    layout = figure.layout.to_plotly_json()
    if [key for key in layout if key.startswith("xaxis")] != ["xaxis"]:
        return figure
    copy = type(figure)(figure)
    height = layout.get("height") or 450
    margin = layout.get("margin", {})
    plot_px = height - margin.get("t", 80) - margin.get("b", 80)
    copy.update_xaxes(rangeslider={"visible": True, "thickness": round((SLIDER_PX - 8) / max(plot_px, 100), 3)})
    copy.update_layout(height=height + SLIDER_PX, margin={"b": margin.get("b", 80) + SLIDER_PX})
    legend_y = layout.get("legend", {}).get("y")
    if legend_y is not None and legend_y < 0:  # a legend under the plot, placed as a share of the plot's height
        copy.update_layout(legend_y=legend_y - SLIDER_PX / max(plot_px, 100))
    for note in copy.layout.annotations:  # chart_frame's source lines and event key: under the plot, in px
        if note.yref == "paper" and note.y == 0 and note.yanchor == "top":
            note.yshift = (note.yshift or 0) - SLIDER_PX
    return copy


def _headlines(con, inputs) -> list[dict]:
    """The record under each way of counting, for drones and missiles launched: value, when, the definition."""
    ranked = record_queries.records_by_definition(con, list(HEADLINE_SERIES))
    out = []
    for metric in HEADLINE_SERIES:
        top = ranked[(ranked["metric"] == metric) & (ranked["rank"] == 1)].drop_duplicates("definition")
        rows = {row.definition: row for row in top.itertuples(index=False)}
        out.append({"label": inputs.catalogue.loc[metric, "label"], "unit": inputs.catalogue.loc[metric, "unit"],
                    "records": [{"definition": _(label), "value": i18n.number(rows[d].value),
                                 "when": records_text.period_words(rows[d], d)}
                                for d, label in records_text.DEFINITION_LABELS.items() if d in rows]})
    return out


def _sources(freshness: pd.DataFrame) -> list[dict]:
    shown = freshness.dropna(subset=["newest_date"])
    return [{"title": row.title, "newest": pd.Timestamp(row.newest_date).date(), "licence": row.licence,
             "url": row.url, "behind": int(row.days_behind or 0)} for row in shown.itertuples(index=False)]


def _archive_days(out: Path) -> list[str]:
    folder = out / ARCHIVE
    return sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True) if folder.exists() else []


def _carry_over(previous: Path | None, out: Path) -> None:
    """The previous site's assets and dated copies, as they were (an embed of an older day keeps its page)."""
    if previous is None or not previous.is_dir():
        return
    for name in ("assets", ARCHIVE):
        if (previous / name).is_dir():
            shutil.copytree(previous / name, out / name, dirs_exist_ok=True)


def _write(path: Path, content: bytes, written: Written) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    written.files.append(str(path))

