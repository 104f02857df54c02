"""Pages, feeds and figures as text, through Jinja2 with autoescape (HTML and XML) and json (JSON): nothing
written into a page is formatted by hand. Pure: takes values, returns strings or bytes."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import jinja2
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.shared import i18n

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"


def environment() -> jinja2.Environment:
    """The templates, autoescaped as HTML or XML by their extension, with the interface's catalogues: _() and
    ngettext() in a template translate in the language i18n.activate() set, as in the app."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html", "xml"]),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_callables(gettext=lambda message: i18n._(message),
                                  ngettext=lambda one, many, n: i18n.ngettext(one, many, n), newstyle=True)
    env.filters["day"] = lambda value: i18n.date(value)
    env.filters["number"] = lambda value, digits=0: i18n.number(value, digits)
    return env


def page(env: jinja2.Environment, template: str, **values) -> bytes:
    return env.get_template(template).render(**values).encode("utf-8")


def figure_payload(figure, config: dict) -> dict:
    """A figure as plain JSON values for a page: Plotly's own serializer (arrays as typed base64), then parsed,
    so the template's tojson writes it escaped for a <script> element, keys sorted (the same figure, the same
    bytes)."""
    values = json.loads(pio.to_json(figure, engine="json", validate=False))
    for trace in values.get("data", []):
        for axis in ("x", "base"):
            if isinstance(trace.get(axis), list):
                trace[axis] = [_short_date(value) for value in trace[axis]]
    return {"data_layout": values, "config": config}


_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?$")


def _short_date(value):
    """'2025-06-01T00:00:00.000000' as '2025-06-01' (the same day to Plotly; a third of the bytes of a daily chart)."""
    if isinstance(value, str):
        found = _MIDNIGHT.match(value)
        if found:
            return found.group(1)
    return value


def json_bytes(value) -> bytes:
    """JSON for machines (latest.json, the data package): sorted keys, UTF-8, a final newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=str) + "\n").encode("utf-8")


def hashed_name(stem: str, suffix: str, content: bytes) -> str:
    """assets/<stem>-<hash><suffix>: a name that changes whenever the content does, so it is cached forever."""
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}"


def assets() -> dict[str, tuple[str, bytes]]:
    """The site's static files, as {key: (content-hashed name, content)}: plotly.js as the installed plotly ships
    it (the same version the app draws with), the stylesheet and the page script."""
    files = {"plotly_js": ("plotly", ".min.js", get_plotlyjs().encode("utf-8")),
             "site_css": ("site", ".css", (ASSETS / "site.css").read_bytes()),
             "site_js": ("site", ".js", (ASSETS / "site.js").read_bytes())}
    return {key: (hashed_name(stem, suffix, content), content) for key, (stem, suffix, content) in files.items()}
