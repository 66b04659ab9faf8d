"""From the ``--source`` option to a Source and the folder the roster is looked up in."""

from __future__ import annotations

from pathlib import Path

from elschool_audit.errors import ConfigError
from elschool_audit.sources.base import Source
from elschool_audit.sources.local import LocalSource


def open_source(source: str | None, roster_path: Path | None, *, use_cache: bool = True) -> tuple[Source, Path]:
    """``--source PATH`` → a local folder; returns the source and where the roster is looked for.

    ``--source drive`` reads Google Drive, with the roster (and its Drive folder ids) from ``--roster``;
    ``use_cache=False`` makes it re-read every file (``--no-cache``).
    """
    if source is None and roster_path is None:
        raise ConfigError("cần --source hoặc --roster / give --source (district folder) or --roster")
    if source == "drive":
        if roster_path is None:
            raise ConfigError("--source drive cần --roster FILE / --source drive needs --roster FILE (roster.yaml)")
        from elschool_audit.roster import load_roster
        from elschool_audit.sources.drive import DriveSource

        return DriveSource(roster=load_roster(roster_path), use_cache=use_cache), roster_path
    if source is None:
        assert roster_path is not None
        root = roster_path if roster_path.is_dir() else roster_path.parent
    else:
        root = Path(source)
    return LocalSource(root), roster_path or root
