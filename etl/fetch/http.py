"""HTTP for every download: a session that retries with backoff, a download through a `.part` file with a
progress bar, and the refusal of a file much smaller than the last good copy. A leaf: imports nothing of the
project, so the fetchers (etl.fetch and its territory modules) all build on it without a cycle.
"""
from __future__ import annotations

import os
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

MIRROR_ENV_VAR = "ESCALATION_MIRROR_URL"
TIMEOUT_SECONDS = (10, 60)  # connect, read
RETRIES = 3
BACKOFF_FACTOR = 0.5  # urllib3 waits 0, 1, 2 s between the attempts (tests set 0: the retries stay, the waits go)
# A new file under this share of the last good one is refused unless --allow-shrink.
SHRINK_LIMIT = 0.5


class SourceUnavailable(RuntimeError):
    """A source could not be fetched; the message names the URL and how to run offline.

    `status` is the HTTP status when the server answered with one (e.g. 404), else None.
    """

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def mirror_url() -> str | None:
    value = os.environ.get(MIRROR_ENV_VAR, "").strip()
    return value.rstrip("/") if value else None


def session() -> requests.Session:
    """An HTTP session that retries connection errors and 429/5xx answers with exponential backoff."""
    retry = Retry(total=RETRIES, backoff_factor=BACKOFF_FACTOR, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=("GET",), raise_on_status=False)
    http = requests.Session()
    http.mount("http://", HTTPAdapter(max_retries=retry))
    http.mount("https://", HTTPAdapter(max_retries=retry))
    http.headers["User-Agent"] = "escalation-dashboard-etl"
    return http


def download_file(http: requests.Session, url: str, target: Path, *, quiet: bool = False,
                  allow_shrink: bool = False, source: str = "") -> Path:
    """Download `url` to `target` (atomically, via target.part), refusing a likely truncation.

    Raises:
        SourceUnavailable: network failure, an HTTP error, or a file much smaller than the cached one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with http.get(url, stream=True, timeout=TIMEOUT_SECONDS) as response:
            if response.status_code != 200:
                raise SourceUnavailable(f"{source}: {url} answered HTTP {response.status_code}. {offline_hint()}",
                                        status=response.status_code)
            total = int(response.headers.get("Content-Length") or 0) or None
            with partial.open("wb") as out, tqdm(total=total, unit="B", unit_scale=True, desc=target.name,
                                                 disable=quiet, leave=False) as bar:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
            if total is not None and partial.stat().st_size != total:
                raise SourceUnavailable(f"{source}: {url} was cut off ({partial.stat().st_size:,} of {total:,} "
                                        f"bytes). {offline_hint()}")
    except requests.RequestException as err:
        partial.unlink(missing_ok=True)
        raise SourceUnavailable(f"{source}: download of {url} failed ({type(err).__name__}). {offline_hint()}") from None
    except SourceUnavailable:
        partial.unlink(missing_ok=True)
        raise
    try:
        check_not_shrunk(partial, target, what=url, source=source, allow_shrink=allow_shrink)
    except SourceUnavailable:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target


def check_not_shrunk(new: Path, cached: Path, *, what: str, source: str, allow_shrink: bool) -> None:
    """Refuse `new` when it is under SHRINK_LIMIT of the last good copy `cached` (a likely truncation).

    Raises:
        SourceUnavailable: the new file is much smaller and allow_shrink is not set.
    """
    new_size, old_size = new.stat().st_size, cached.stat().st_size if cached.exists() else None
    if old_size and new_size < old_size * SHRINK_LIMIT and not allow_shrink:
        raise SourceUnavailable(
            f"{source}: refused {what}: {new_size:,} bytes against {old_size:,} for the last good copy, a likely "
            "truncation (--allow-shrink accepts it). The previous data is kept."
        )


def offline_hint() -> str:
    return ("To run offline: python -m etl refresh --source-dir DIR (a folder holding attacks/, territory/, "
            "losses/ and regions/), or set ESCALATION_SOURCE_DIR.")
