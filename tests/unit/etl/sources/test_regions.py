"""region_reports: which oblasts the reports name, once per report, joined to ISO codes; the oblast outlines."""
from __future__ import annotations

import pandas as pd
import pytest

from etl.sources.attack_regions import iso_code, parse_region_list, region_reports


def row(line, start, end, national, affected=None, target=None):
    return {"line": line, "time_start": pd.Timestamp(start), "time_end": pd.Timestamp(end),
            "date": pd.Timestamp(end).normalize(), "is_national": national, "affected_region": affected,
            "target": target}


@pytest.mark.parametrize("name,iso", [
    ("Kharkiv oblast", "UA-63"), ("Dnipro oblast", "UA-12"), ("Lutsk oblast", "UA-07"), ("Kyiv", "UA-30"),
    ("Kyiv oblast", "UA-32"), ("Kryvyi Rih", "UA-12"), ("Dnipropetrovsk oblast, Dnipro Raion", "UA-12"),
    ("Ukraine", None), ("south", None), ("Kursk oblast", None),
])
def test_name_variants_join_to_iso_codes(name, iso):
    assert iso_code(name) == iso


def test_region_lists_are_python_literals_with_nan():
    assert parse_region_list("['Kharkiv oblast', nan, 'Kyiv']") == ["Kharkiv oblast", "Kyiv"]
    assert parse_region_list(None) == [] and parse_region_list("['Kharkiv oblast'") is None


def test_a_report_counts_once_per_oblast():
    events = pd.DataFrame([
        # One overnight report in two rows (Shahed, Kalibr), both naming Kharkiv: counts once.
        row(2, "2025-03-01 20:00", "2025-03-02 08:00", True, "['Kharkiv oblast', 'Sumy oblast']"),
        row(3, "2025-03-01 20:00", "2025-03-02 08:00", True, "['Kharkiv oblast', 'Ukraine']"),
        # A second report the same day naming Kharkiv again: two reports.
        row(4, "2025-03-02 09:00", "2025-03-02 18:00", True, "['Kharkiv oblast']"),
        row(5, "2025-03-02 20:00", "2025-03-03 08:00", True, "not a list ["),
        row(6, "2025-03-01 20:00", "2025-03-02 08:00", False, target="Mykolaiv oblast and Kherson oblast"),
        row(7, "2025-03-01 20:00", "2025-03-02 08:00", False, target="south"),
    ])
    found, unreadable = region_reports(events)
    counts = {(r.region, r.basis): r.reports for r in found.itertuples()}
    assert counts == {("Kharkiv oblast", "affected_region"): 2, ("Sumy oblast", "affected_region"): 1,
                      ("Mykolaiv oblast", "regional_command"): 1, ("Kherson oblast", "regional_command"): 1}
    assert unreadable == [5]


def outline(iso, ring=((30.0, 50.0), (31.0, 50.0), (31.0, 51.0), (30.0, 50.0))):
    return {"type": "Feature", "properties": {"iso3166-2": iso, "name:uk": "x"},
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}}


def test_boundaries_source_refuses_bad_outlines_and_keeps_the_rest():
    from etl.sources import regions
    from etl.sources.attack_regions import OBLASTS
    from etl.sources.common import SourceFileError

    good = [outline(iso) for iso in sorted(OBLASTS)[:22]]
    bad = [outline("UA-99"), outline("UA-71", ((30.0, 50.0), (130.0, 50.0), (31.0, 51.0), (30.0, 50.0))),
           {"type": "Feature", "properties": {"iso3166-2": "UA-74"}, "geometry": {"type": "Point", "coordinates": [30, 50]}},
           outline(sorted(OBLASTS)[0])]
    kept, rejected, warnings = regions.transform({"type": "FeatureCollection", "features": good + bad})
    # A second outline for UA-05 refuses both: which of the two is right cannot be told (issue 22).
    assert len(kept) == 21 and kept.iloc[0]["region_iso"] == "UA-07" and warnings == []
    assert list(rejected["line"]) == [1, 23, 24, 25, 26]
    assert [r.split(" ")[0] for r in rejected["reason"]] == ["UA-05", "iso3166-2", "the", "geometry", "UA-05"]
    assert "outside Ukraine" in rejected["reason"].iloc[2]
    with pytest.raises(SourceFileError, match="only 3 valid oblast outlines"):
        regions.transform({"type": "FeatureCollection", "features": good[:3]})
    with pytest.raises(SourceFileError, match="not a GeoJSON FeatureCollection"):
        regions.transform({"type": "Feature"})
