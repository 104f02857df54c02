"""One module per data source, each with the same shape (constants, transform, helpers)."""
from etl.sources import attacks

SOURCES = {attacks.SOURCE: attacks}
