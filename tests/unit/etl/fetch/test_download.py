"""The download path without the real data: an unreachable host, and Kaggle's staged download (no network).

Downloads of the real files from a local mirror: tests/real_data/test_download_real.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.cli import main


def test_unreachable_host_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESCALATION_MIRROR_URL", "http://127.0.0.1:9")  # discard port: refused at once
    monkeypatch.setattr("etl.fetch.http.RETRIES", 0)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    monkeypatch.delenv("ESCALATION_SOURCE_DIR", raising=False)  # offline folder would win over the mirror
    assert main(["refresh", "--db", str(tmp_path / "x.duckdb"), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "attacks: FAILED: attacks: download of http://127.0.0.1:9/attacks/missile_attacks_daily.csv failed" in captured.out
    assert "Traceback" not in captured.out + captured.err


# ---------------------------------------------------------------- Kaggle: staged, checked, then moved in

def _fake_kaggle(monkeypatch, write):
    """Replace kagglehub.dataset_download (no network): `write(folder)` fills the output folder or raises."""
    import kagglehub

    def download(handle, path=None, *, force_download=False, output_dir=None):
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        write(folder)
        return str(folder)

    monkeypatch.setattr(kagglehub, "dataset_download", download)
    monkeypatch.delenv("ESCALATION_MIRROR_URL", raising=False)


def test_a_failed_or_partial_kaggle_download_keeps_the_last_good_copy(tmp_path, monkeypatch):
    from etl import fetch
    from etl.sources import attacks

    cache = tmp_path / "raw"
    good = {attacks.ATTACKS_FILE: "time_start,model\n" + "2025-06-01,Shahed\n" * 200,
            attacks.WEAPONS_FILE: "model,category\nShahed,UAV\n"}

    def write(files):
        return lambda folder: [(folder / name).write_text(text) for name, text in files.items()]

    _fake_kaggle(monkeypatch, write(good))
    fetched = fetch.fetch(attacks, cache, quiet=True)
    assert fetched.folder == cache / "attacks" and fetched.origin == attacks.DECLARED.url
    assert {p.name: p.read_text() for p in fetched.folder.iterdir()} == good
    assert sorted(p.name for p in cache.iterdir()) == ["attacks"]  # no staging folder left

    def half_then_fail(folder):
        (folder / attacks.ATTACKS_FILE).write_text("time_start,model\n")  # written, then the client fails
        raise ConnectionError("reset by peer")

    truncated = {**good, attacks.ATTACKS_FILE: "time_start,model\n2025-06-01,Shahed\n"}
    cases = [
        (half_then_fail, "download from https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine "
                         "failed (ConnectionError)"),
        (write(truncated), "likely truncation (--allow-shrink accepts it)"),
        (write({attacks.ATTACKS_FILE: good[attacks.ATTACKS_FILE]}), f"lacks {attacks.WEAPONS_FILE}"),
        (write({**good, attacks.WEAPONS_FILE: ""}), f"has an empty {attacks.WEAPONS_FILE}"),
    ]
    for writer, message in cases:
        _fake_kaggle(monkeypatch, writer)
        with pytest.raises(fetch.SourceUnavailable, match=message.replace("(", r"\(").replace(")", r"\)")):
            fetch.fetch(attacks, cache, quiet=True)
        assert {p.name: p.read_text() for p in (cache / "attacks").iterdir()} == good  # last good copy kept
        assert sorted(p.name for p in cache.iterdir()) == ["attacks"]  # staging folder removed
    _fake_kaggle(monkeypatch, write(truncated))
    fetch.fetch(attacks, cache, quiet=True, allow_shrink=True)  # the same file is accepted when allowed
    assert (cache / "attacks" / attacks.ATTACKS_FILE).read_text() == truncated[attacks.ATTACKS_FILE]
