"""From the ``--source`` option to a Source and the folder the roster is looked up in."""

from __future__ import annotations

from pathlib import Path

from elschool_audit.errors import ConfigError
from elschool_audit.sources.base import Source
from elschool_audit.sources.local import LocalSource


def open_source(source: str | None, roster_path: Path | None) -> tuple[Source, Path]:
    """``--source PATH`` → a local folder; returns the source and where the roster is looked for.

    ``--source drive`` (Google Drive, with the roster from ``--roster``) is added by the Drive source.
    """
    if source is None and roster_path is None:
        raise ConfigError("cần --source hoặc --roster / give --source (district folder) or --roster")
    if source == "drive":
        raise ConfigError("nguồn Google Drive chưa được hỗ trợ / the Google Drive source is not available yet")
    if source is None:
        assert roster_path is not None
        root = roster_path if roster_path.is_dir() else roster_path.parent
    else:
        root = Path(source)
    return LocalSource(root), roster_path or root
