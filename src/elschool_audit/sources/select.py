"""From the ``--source`` option to a Source (through the registry) and the folder the roster is looked up in."""

from __future__ import annotations

from pathlib import Path

from elschool_audit.errors import ConfigError
from elschool_audit.sources.interface import Source, SourceRequest, source_entry


def open_source(source: str | None, roster_path: Path | None, *, use_cache: bool = True) -> tuple[Source, Path]:
    """``--source PATH`` → a local folder, ``--source NAME`` → that registered source (``drive``);
    returns the source and where the roster is looked for.

    ``use_cache=False`` makes a remote source re-read every file (``--no-cache``).
    """
    if source is None and roster_path is None:
        raise ConfigError("cần --source hoặc --roster / give --source (district folder) or --roster")
    request = SourceRequest(location=source, roster_path=roster_path, use_cache=use_cache)
    return source_entry(source).opener()(request)
