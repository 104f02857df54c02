"""Where a source's raw files come from: a local folder (offline) or a download from its public home."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from types import ModuleType

from etl.sources.common import SourceFileError

logger = logging.getLogger(__name__)


class SourceUnavailable(RuntimeError):
    """A source could not be fetched; the message names the URL and how to run offline."""


def locate_local(source: ModuleType, folder: Path) -> Path:
    """The folder holding a source's files: `<folder>/<source>/` (as in shared data) or `<folder>` itself."""
    for candidate in (folder / source.FOLDER, folder):
        if all((candidate / name).is_file() for name in source.FILES):
            return candidate
    wanted = ", ".join(f"{source.FOLDER}/{name}" for name in source.FILES)
    if not folder.is_dir():
        raise SourceFileError(f"{folder}: source folder does not exist")
    raise SourceFileError(f"{folder}: no files for source '{source.SOURCE}' (expected {wanted})")


def download(source: ModuleType, cache_dir: Path, *, quiet: bool = False) -> Path:
    """Download a source into the raw cache and return the folder holding its files."""
    target = cache_dir / source.SOURCE
    target.mkdir(parents=True, exist_ok=True)
    try:
        import kagglehub

        if quiet:
            logging.getLogger("kagglehub").setLevel(logging.WARNING)
        path = Path(kagglehub.dataset_download(source.KAGGLE_HANDLE, output_dir=str(target)))
    except Exception as err:  # any failure of the client: network, auth, moved dataset
        raise SourceUnavailable(
            f"{source.SOURCE}: download from {source.URL} failed ({type(err).__name__}: {err}). "
            f"To run offline: python -m etl refresh --source-dir DIR, where DIR holds "
            f"{source.FOLDER}/{source.FILES[0]} (or set ESCALATION_SOURCE_DIR)."
        ) from None
    return locate_local(source, path)


def checksums(folder: Path, names: tuple[str, ...]) -> str:
    """`name=sha256;...` of a source's files, in a fixed order: the key that says 'unchanged'."""
    parts = []
    for name in names:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        parts.append(f"{name}={digest}")
    return ";".join(parts)
