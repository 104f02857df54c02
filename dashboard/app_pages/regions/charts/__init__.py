"""Pure figure builders of the /regions page: DataFrames in, Plotly figures out. No Streamlit, no database.

`oblasts`: the map, the weekly panels and the ground that changed hands; `outcomes`: what became of the drones,
a share per period and the fields the reports give; `coverage_marks`: what both draw where only some reports give
a field, and at a change of reporting. The page imports the builders from here.
"""
from __future__ import annotations

from dashboard.app_pages.regions.charts.coverage_marks import ChangeMark
from dashboard.app_pages.regions.charts.oblasts import (KYIV_CITY, oblast_map_figure, region_multiples_figure,
                                                        territory_change_figure)
from dashboard.app_pages.regions.charts.outcomes import (COVERAGE_FIELDS, OUTCOMES, coverage_figure,
                                                         outcome_shares_figure, ratio_figure)

__all__ = ["COVERAGE_FIELDS", "KYIV_CITY", "OUTCOMES", "ChangeMark", "coverage_figure", "oblast_map_figure",
           "outcome_shares_figure", "ratio_figure", "region_multiples_figure", "territory_change_figure"]
