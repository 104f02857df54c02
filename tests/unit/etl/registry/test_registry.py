"""One definition per metric and per table: the registry, the Σ/Σ rule, the declarations and the contract view."""
from __future__ import annotations

import ast
import datetime as dt

import duckdb
import pandas as pd
import pytest

from dashboard.shared import queries
from etl.derive import views
from etl.pipeline import fingerprint
from etl.pipeline import refresh as refresh_module
from etl.pipeline.refresh import refresh
from etl.registry import metrics, tables
from etl.sources import SOURCES, attacks
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir
from tests.paths import PROJECT


@pytest.fixture(scope="module")
def rate_db(tmp_path_factory):
    """Three weeks of drone nights with very different sizes, so Σ/Σ and the mean of shares differ."""
    folder = tmp_path_factory.mktemp("rates")
    rows = []
    for day in pd.date_range("2025-03-01", "2025-03-21"):
        launched = 10 if day.day % 2 else 200  # small and large nights alternate
        destroyed = 9 if day.day % 2 else 100
        rows.append(national(f"{day - pd.Timedelta(days=1):%Y-%m-%d} 20:00", f"{day:%Y-%m-%d} 08:00",
                             "Shahed-136/131", f"{launched}.0", f"{destroyed}.0"))
    db = folder / "rates.duckdb"
    refresh(db, source_dir=write_source_dir(folder / "src", rows), now=PINNED_NOW)
    return db


def expected_share(start: str, end: str) -> float:
    """Σ destroyed / Σ launched of the rate_db nights, recomputed from the rule that made them."""
    days = pd.date_range(start, end)
    launched = sum(10 if d.day % 2 else 200 for d in days)
    destroyed = sum(9 if d.day % 2 else 100 for d in days)
    return destroyed / launched


def test_every_share_follows_sum_over_sum_daily_weekly_monthly_rolling_and_kpi(rate_db):
    metric = ["drones_interception_rate"]
    start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 21)
    with queries.connect(rate_db) as con:
        daily = queries.daily_series(con, metric, start, end).set_index("date")["value"]
        weekly = queries.period_series(con, metric, start, end, "week").set_index("date")["value"]
        monthly = queries.period_series(con, metric, start, end, "month")["value"].tolist()
        rolling = queries.smoothed_series(con, metric, dt.date(2025, 3, 10), dt.date(2025, 3, 10), 7)["value"]
        kpi = queries.range_rates(con, metric, start, end).set_index("metric").loc[metric[0], "value"]
    assert daily[pd.Timestamp("2025-03-01")] == pytest.approx(0.9) and daily[pd.Timestamp("2025-03-02")] == 0.5
    assert weekly[pd.Timestamp("2025-03-03")] == pytest.approx(expected_share("2025-03-03", "2025-03-09"))
    assert monthly == [pytest.approx(expected_share("2025-03-01", "2025-03-21"))]
    assert rolling.tolist() == [pytest.approx(expected_share("2025-03-04", "2025-03-10"))]
    assert kpi == pytest.approx(expected_share("2025-03-01", "2025-03-21"))
    # The mean of the daily shares would be about 0.70; Σ/Σ weighs the large nights: about 0.51.
    assert kpi == pytest.approx(1099 / 2110) and daily.mean() == pytest.approx(0.7, abs=0.01)


def test_the_ratio_rule_is_written_once():
    """RATIO_OF_SUMS_SQL is the only place `/ nullif(sum(` appears in the ETL and the dashboard."""
    hits = [path.relative_to(PROJECT).as_posix() for folder in ("etl", "dashboard") for path in
            (PROJECT / folder).rglob("*.py") if "/ nullif(sum(" in path.read_text(encoding="utf-8")]
    assert hits == ["etl/registry/metrics.py"]


def test_the_metrics_table_is_the_registry(rate_db):
    with duckdb.connect(str(rate_db), read_only=True) as con:
        table = con.execute("SELECT metric, label, unit, kind, source, numerator, denominator, lower_bound, "
                            "upper_bound FROM metrics ORDER BY metric").fetchall()
    declared = sorted((m.name, m.label, m.unit, m.kind, m.source, m.numerator, m.denominator,
                       float(m.bounds[0]), float(m.bounds[1])) for m in metrics.METRICS)
    assert table == declared
    assert metrics.get("drones_interception_rate").licence == attacks.DECLARED.licence == "CC BY-NC-SA 4.0"
    with pytest.raises(KeyError, match="declare it in etl/registry/metrics.py"):
        metrics.get("drones_lanched")


def test_every_table_and_view_column_is_described(rate_db):
    with duckdb.connect(str(rate_db), read_only=True) as con:
        dictionary = con.execute("SELECT object, column_name, description FROM data_dictionary").df()
    described = dictionary.set_index(["object", "column_name"])["description"]
    for table in tables.TABLES:
        for column in table.columns:
            assert described[(table.name, column.name)] == column.description
    for view, (_, _, columns) in views.VIEWS.items():
        for column, text in columns:
            assert described[(view, column)] == text
    assert described[("daily_metrics", "is_record")].startswith("strictly above every earlier eligible day")


def test_a_frame_that_breaks_its_declaration_is_refused_with_every_reason():
    frame = pd.DataFrame({
        "date": [dt.date(2025, 1, 1), dt.date(2025, 1, 1), "2025-01-02"], "metric": ["drones_launched"] * 3,
        "value": [1.0, float("inf"), None], "source": "attacks", "record_eligible": [True, True, "yes"],
        "note": [None, None, None], "is_lower_bound": False})
    failures = " | ".join(tables.validation_failures("metric_values", frame))
    assert "metric_values.date: date: not a date" in failures
    assert "metric_values.value: value: not a finite number" in failures
    assert "metric_values.value: not_nullable" in failures
    assert "metric_values.record_eligible: record_eligible: not true or false" in failures
    assert "metric, date" in failures or "unique" in failures  # the primary key repeats
    assert tables.validation_failures("metric_values", frame.iloc[:1]) == []


def test_a_source_whose_output_breaks_the_declarations_fails_alone(tmp_path, monkeypatch):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    real_build = attacks.build

    def undeclared_metric(folder, *, now):
        result = real_build(folder, now=now)
        result.metric_values.loc[0, "metric"] = "drones_lanched"
        return result

    monkeypatch.setattr(attacks, "build", undeclared_metric)
    report = refresh(db, source_dir=source, now=PINNED_NOW, force=True)
    (failed,) = report.failed
    assert failed.source == "attacks" and "not declared for source 'attacks'" in failed.message
    assert "drones_lanched" in failed.message
    assert {o.source: o.status for o in report.outcomes}["losses"] == "loaded"
    with duckdb.connect(str(db), read_only=True) as con:  # the previous attack values are kept
        assert con.execute("SELECT value FROM daily_metrics WHERE metric = 'drones_launched' "
                           "AND date = DATE '2025-03-01'").fetchone() == (300.0,)


def test_a_change_to_a_transform_reloads_that_source_only(tmp_path, monkeypatch):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    assert {o.status for o in refresh(db, source_dir=source, now=PINNED_NOW).outcomes} == {"unchanged"}
    real_checksum = refresh_module.code_checksum
    monkeypatch.setattr(refresh_module, "code_checksum",
                        lambda module: real_checksum(module) + ("-edited" if module is attacks else ""))
    statuses = {o.source: o.status for o in refresh(db, source_dir=source, now=PINNED_NOW).outcomes}
    assert statuses == {"attacks": "loaded", "territory": "unchanged", "territory_nzz": "unchanged",
                        "losses": "unchanged", "events": "unchanged", "regions": "unchanged"}


def test_the_code_checksum_covers_every_module_a_source_uses():
    files = {path.relative_to(PROJECT).as_posix() for path in fingerprint.code_files(attacks)}
    # The registry is part of every source's checksum: a new label or bound reloads the catalogue.
    assert files == {"etl/sources/attacks.py", "etl/sources/attack_metrics.py", "etl/sources/attack_weapons.py",
                     "etl/sources/attack_regions.py", "etl/sources/common.py", "etl/registry/metrics.py",
                     "etl/registry/__init__.py", "etl/registry/sources.py", "etl/registry/geography.py",
                     "etl/registry/notes.py", "etl/registry/breaks.py", "etl/sources/attack_breaks.py"}
    assert fingerprint.code_checksum(attacks) != fingerprint.code_checksum(SOURCES["losses"])


def test_a_changed_view_changes_the_layout_version_and_rebuilds(tmp_path, monkeypatch):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    before = views.layout_version()
    select, description, columns = views.VIEWS["record_highs"]
    monkeypatch.setitem(views.VIEWS, "record_highs", (select + " WHERE true", description, columns))
    assert views.layout_version() != before
    statuses = {o.status for o in refresh(db, source_dir=source, now=PINNED_NOW).outcomes}
    assert statuses == {"loaded"}  # every source reloaded into a new file
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT version FROM schema_info").fetchone() == (views.layout_version(),)


FORBIDDEN_IMPORTS = {"requests", "urllib", "http", "duckdb", "kagglehub", "os", "etl.paths", "etl.fetch",
                     "etl.pipeline.refresh", "etl.pipeline.load", "streamlit"}


@pytest.mark.parametrize("path", sorted((PROJECT / "etl" / "sources").glob("*.py")), ids=lambda p: p.name)
def test_sources_are_pure(path):
    """No network, database, config or clock in a source module: only its inputs decide its output."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name in FORBIDDEN_IMPORTS or name.split(".")[0] in
                {"requests", "urllib", "http", "duckdb", "kagglehub", "streamlit"}}
    text = path.read_text(encoding="utf-8")
    for clock in ("Timestamp.now(", "datetime.now(", "date.today(", "time.time("):
        assert clock not in text, f"{path.name} reads the clock ({clock})"
