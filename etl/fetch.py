"""Where a source's raw files come from: a local folder (offline) or a download from its public home.

Downloads go to data/raw/<source>/ through a `.part` file, with timeouts, retries with backoff and a
progress bar; a file much smaller than the last good one is refused as a likely truncation
(`check_not_shrunk`). Kaggle datasets go to a staging folder (`data/raw/.<source>.part/`) and each
file is moved into the cache only once all of them are present, non-empty and not shrunk.
`ESCALATION_MIRROR_URL` points every source at a mirror laid out like the offline folder
(`<mirror>/attacks/...`, `<mirror>/territory/...`, `<mirror>/losses/...`, `<mirror>/regions/...`), which is how the download
path is tested against a local HTTP server.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from etl.sources.common import SourceFileError

logger = logging.getLogger(__name__)

MIRROR_ENV_VAR = "ESCALATION_MIRROR_URL"
TIMEOUT_SECONDS = (10, 60)  # connect, read
RETRIES = 3
# A new file under this share of the last good one is refused unless --allow-shrink.
SHRINK_LIMIT = 0.5


class SourceUnavailable(RuntimeError):
    """A source could not be fetched; the message names the URL and how to run offline.

    `status` is the HTTP status when the server answered with one (e.g. 404), else None.
    """

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Fetched:
    """A source's files, ready to read: the folder, where they came from, and when."""

    folder: Path
    origin: str
    fetched_at: datetime


def mirror_url() -> str | None:
    value = os.environ.get(MIRROR_ENV_VAR, "").strip()
    return value.rstrip("/") if value else None


def locate_local(source: ModuleType, folder: Path) -> Path:
    """The folder holding a source's files: `<folder>/<FOLDER>/` (as in shared data) or `<folder>` itself."""
    for candidate in (folder / source.FOLDER, folder):
        if all((candidate / name).is_file() for name in source.FILES):
            return candidate
    wanted = ", ".join(f"{source.FOLDER}/{name}" for name in source.FILES)
    if not folder.is_dir():
        raise SourceFileError(f"{folder}: source folder does not exist")
    raise SourceFileError(f"{folder}: no files for source '{source.SOURCE}' (expected {wanted})")


def session() -> requests.Session:
    """An HTTP session that retries connection errors and 429/5xx answers with exponential backoff."""
    retry = Retry(total=RETRIES, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504),
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


def fetch(source: ModuleType, cache_dir: Path, *, quiet: bool = False, allow_shrink: bool = False) -> Fetched:
    """Download a source into data/raw/<source>/ and return where its files now are."""
    target = cache_dir / source.SOURCE
    fetched_at = datetime.now(timezone.utc).replace(tzinfo=None)
    mirror = mirror_url()
    if source.SOURCE == "territory":  # published as daily maps, assembled here into the table
        from etl.fetch_territory import download_daily_maps  # late: that module builds on this one

        origin = download_daily_maps(target, session(), mirror=mirror, quiet=quiet, allow_shrink=allow_shrink)
        return Fetched(target, origin, fetched_at)
    if mirror is None and getattr(source, "KAGGLE_HANDLE", None):
        return Fetched(_kaggle(source, target, quiet, allow_shrink), source.URL, fetched_at)
    http = session()
    urls = file_urls(source, mirror)
    for name, url in urls.items():
        download_file(http, url, target / name, quiet=quiet, allow_shrink=allow_shrink, source=source.SOURCE)
    return Fetched(target, mirror or source.URL, fetched_at)


def file_urls(source: ModuleType, mirror: str | None) -> dict[str, str]:
    """URL of each of a source's files: its public home, or the same path under a mirror."""
    if mirror:
        return {name: f"{mirror}/{source.FOLDER}/{name}" for name in source.FILES}
    return dict(source.DOWNLOAD_URLS)


def _kaggle(source: ModuleType, target: Path, quiet: bool, allow_shrink: bool = False) -> Path:
    """Download a Kaggle dataset into a sibling staging folder, check it, then move each file into the cache.

    A failed, partial or much smaller download never replaces the last good copy: every expected file
    must be present and non-empty and pass the shrink check before any of them is moved (os.replace).
    The staging folder (`data/raw/.<source>.part/`) is removed whatever happens.
    """
    staging = target.with_name(f".{target.name}.part")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        try:
            import kagglehub

            if quiet:
                logging.getLogger("kagglehub").setLevel(logging.WARNING)
            path = Path(kagglehub.dataset_download(source.KAGGLE_HANDLE, output_dir=str(staging), force_download=True))
        except Exception as err:  # any failure of the client: network, auth, moved dataset
            raise SourceUnavailable(
                f"{source.SOURCE}: download from {source.URL} failed ({type(err).__name__}). {offline_hint()}"
            ) from None
        folder = next((c for c in (path, path / source.FOLDER) if all((c / n).is_file() for n in source.FILES)), None)
        if folder is None:
            missing = ", ".join(n for n in source.FILES if not (path / n).is_file())
            raise SourceUnavailable(f"{source.SOURCE}: download from {source.URL} lacks {missing}. The previous data "
                                    "is kept.")
        for name in source.FILES:
            if (folder / name).stat().st_size == 0:
                raise SourceUnavailable(f"{source.SOURCE}: download from {source.URL} has an empty {name}. The "
                                        "previous data is kept.")
            check_not_shrunk(folder / name, target / name, what=f"{source.URL} ({name})", source=source.SOURCE,
                             allow_shrink=allow_shrink)
        target.mkdir(parents=True, exist_ok=True)
        for name in source.FILES:
            os.replace(folder / name, target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
