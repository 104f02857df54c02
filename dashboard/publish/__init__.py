"""The static edition: `python -m dashboard.publish` (or `./run.sh publish`) reads the DuckDB file read-only and
writes every chart as a static page, with embeds, data files and feeds, for any web server or CDN."""
