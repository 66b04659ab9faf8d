"""From the ``--source`` option to a Source (through the registry) and the folder the roster is looked up in."""

from __future__ import annotations

from pathlib import Path

from elschool_audit.errors import ConfigError
from elschool_audit.sources.interface import Source, SourceRequest, source_entry


def open_source(
    source: str | None,
    roster_path: Path | None,
    *,
    use_cache: bool = True,
    portal: bool = False,
    sharing: bool = False,
) -> tuple[Source, Path]:
    """``--source PATH`` → a local folder, ``--source NAME`` → that registered source (``drive``);
    returns the source and where the roster is looked for.

    ``use_cache=False`` makes a remote source re-read every file (``--no-cache``); ``portal=True``
    (``--portal``) adds each school's portal, cross-checked with its sheets; ``sharing=True``
    (``--sharing``) asks the Drive source who can open each file, and is refused by the others.
    """
    if source is None and roster_path is None:
        raise ConfigError("source_or_roster_needed")
    if sharing and source != "drive":
        raise ConfigError("sharing_needs_drive")
    request = SourceRequest(location=source, roster_path=roster_path, use_cache=use_cache, sharing=sharing)
    opened, roster_at = source_entry(source).opener()(request)
    if portal:
        from elschool_audit.sources.crosscheck import CrossCheckedSource
        from elschool_audit.sources.portal import PortalSource, portal_source

        if not isinstance(opened, PortalSource):
            roster_file = roster_at / "roster.yaml" if roster_at.is_dir() else roster_at
            opened = CrossCheckedSource(opened, portal_source(roster_file, use_cache))
    return opened, roster_at
