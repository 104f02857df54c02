"""One module per data source, each with the same shape (constants, transform, helpers)."""
from etl.sources import attacks, events, losses, nzz, regions, territory

SOURCES = {module.SOURCE: module for module in (attacks, territory, nzz, losses, events, regions)}
