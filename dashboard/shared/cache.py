"""The cache wrappers: the only place the dashboard calls st.cache_data or st.cache_resource.

Data access (each page's data.py, dashboard.shared.data) is plain functions of a connection, with no Streamlit,
so the static edition and the tests call them as they are. A page calls them through `cached(module)`: the same
functions, each taking the database file's version after the connection and cached per version and arguments,
so an interaction recomputes only what it changed and a refresh is never served stale. The connection is passed
as `_con`, so Streamlit does not hash it. A function whose name ends in `_figure` or `_shapes` returns a Plotly figure or shapes and is
kept with st.cache_resource: the same object without a pickle round trip (st.plotly_chart copies a figure before
sending it, so a cached one is never modified).
"""
from __future__ import annotations

import inspect
from types import ModuleType, SimpleNamespace

import streamlit as st

RESOURCE_SUFFIXES = ("_figure", "_shapes")  # figures and shapely shapes: kept as objects, not pickled


def _wrap(function, max_entries: int):
    def call(_con, version, *args, **kwargs):
        return function(_con, *args, **kwargs)

    # Streamlit keys a function's cache on its module and qualified name: one cache per wrapped function.
    call.__module__, call.__qualname__, call.__name__ = function.__module__, function.__qualname__, function.__name__
    call.__doc__ = function.__doc__
    if function.__name__.endswith(RESOURCE_SUFFIXES):
        return st.cache_resource(max_entries=max_entries, show_spinner=False)(call)
    return st.cache_data(max_entries=max_entries, show_spinner=False)(call)


_namespaces: dict[str, SimpleNamespace] = {}


def cached(module: ModuleType, *, max_entries: int = 128) -> SimpleNamespace:
    """Every public function of a data-access module whose first parameter is `con`, cached per database version:
    call `cached(module).name(con, version, *args)` where the module has `name(con, *args)`. Other public names
    (constants, helpers without a connection) are passed through unchanged."""
    if module.__name__ not in _namespaces:
        names = {}
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue
            if inspect.isfunction(value) and value.__module__ == module.__name__ and \
                    next(iter(inspect.signature(value).parameters), None) == "con":
                names[name] = _wrap(value, max_entries)
            else:
                names[name] = value
        _namespaces[module.__name__] = SimpleNamespace(**names)
    return _namespaces[module.__name__]
