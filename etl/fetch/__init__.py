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

from etl.fetch import http
from etl.fetch.http import SourceUnavailable, download_file, mirror_url, offline_hint, session
from etl.fetch.territory import download_daily_maps
from etl.sources.common import SourceFileError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """A source's files, ready to read: the folder, where they came from, and when."""

    folder: Path
    origin: str
    fetched_at: datetime


def locate_local(source: ModuleType, folder: Path) -> Path:
    """The folder holding a source's files: `<folder>/<FOLDER>/` (as in shared data) or `<folder>` itself."""
    for candidate in (folder / source.DECLARED.folder, folder):
        if all((candidate / name).is_file() for name in source.FILES):
            return candidate
    wanted = ", ".join(f"{source.DECLARED.folder}/{name}" for name in source.FILES)
    if not folder.is_dir():
        raise SourceFileError(f"{folder}: source folder does not exist")
    raise SourceFileError(f"{folder}: no files for source '{source.SOURCE}' (expected {wanted})")


def fetch(source: ModuleType, cache_dir: Path, *, quiet: bool = False, allow_shrink: bool = False) -> Fetched:
    """Download a source into data/raw/<source>/ and return where its files now are."""
    target = cache_dir / source.SOURCE
    fetched_at = datetime.now(timezone.utc).replace(tzinfo=None)
    mirror = mirror_url()
    if source.SOURCE == "territory":  # published as daily maps, assembled here into the table
        origin = download_daily_maps(target, session(), mirror=mirror, quiet=quiet, allow_shrink=allow_shrink)
        return Fetched(target, origin, fetched_at)
    if mirror is None and getattr(source, "KAGGLE_HANDLE", None):
        return Fetched(_kaggle(source, target, quiet, allow_shrink), source.DECLARED.url, fetched_at)
    http = session()
    urls = file_urls(source, mirror)
    for name, url in urls.items():
        download_file(http, url, target / name, quiet=quiet, allow_shrink=allow_shrink, source=source.SOURCE)
    return Fetched(target, mirror or source.DECLARED.url, fetched_at)


def file_urls(source: ModuleType, mirror: str | None) -> dict[str, str]:
    """URL of each of a source's files: its public home, or the same path under a mirror."""
    if mirror:
        return {name: f"{mirror}/{source.DECLARED.folder}/{name}" for name in source.FILES}
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
                f"{source.SOURCE}: download from {source.DECLARED.url} failed ({type(err).__name__}). {offline_hint()}"
            ) from None
        folder = next((c for c in (path, path / source.DECLARED.folder) if all((c / n).is_file() for n in source.FILES)), None)
        if folder is None:
            missing = ", ".join(n for n in source.FILES if not (path / n).is_file())
            raise SourceUnavailable(f"{source.SOURCE}: download from {source.DECLARED.url} lacks {missing}. The previous data "
                                    "is kept.")
        for name in source.FILES:
            if (folder / name).stat().st_size == 0:
                raise SourceUnavailable(f"{source.SOURCE}: download from {source.DECLARED.url} has an empty {name}. The "
                                        "previous data is kept.")
            http.check_not_shrunk(folder / name, target / name, what=f"{source.DECLARED.url} ({name})", source=source.SOURCE,
                             allow_shrink=allow_shrink)
        target.mkdir(parents=True, exist_ok=True)
        for name in source.FILES:
            os.replace(folder / name, target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
