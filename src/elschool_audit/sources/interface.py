"""The source plug-in point: what a source is, and the registry the CLI picks one from by name.

A new source (OneDrive, a school portal) is one module with a class satisfying ``Source`` and a
``open_source(request)`` function, plus one ``register_source`` line here. Modules are imported only
when their source is chosen, so the Google client libraries cost nothing to a local run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from elschool_audit.roster import School
    from elschool_audit.workbook import Workbook


Staged = Callable[[], "Workbook"]
"""A school ready to be built in another process: calling it returns the workbook or raises
``SourceError``; it must pickle."""


@runtime_checkable
class Source(Protocol):
    """Where schools' records come from. Implementations only read; they never write.

    Subclass it explicitly to inherit the no-op ``prepare``, ``stage`` and ``weight``; a class that
    defines all five methods satisfies it structurally too.
    """

    def describe(self, school: School) -> str:
        """Where this school's records are, for reports ('sample_sheets/th-ai-mo-a', a Drive link)."""
        ...

    def collect(self, school: School) -> Workbook:
        """All of a school's tabs, parsed. Raises ``SourceError`` when the school cannot be read at all."""
        ...

    def prepare(self, schools: Iterable[School]) -> None:
        """Called once with every school of a run before any ``collect``, so a remote source can
        share work between schools (one listing for all folders). Nothing to share by default."""
        return None

    def stage(self, school: School) -> Staged | None:
        """What a worker process needs to build this school's workbook, for ``audit_district``'s
        ``jobs``: the school fetched here (a remote source does its network work in this process,
        under one quota) and a picklable callable that reads it there. ``None``, the default:
        the source cannot be split, and every school is collected in the calling process."""
        return None

    def weight(self, school: School) -> int | None:
        """About how much work auditing this school is (the bytes of its files), known without
        fetching it: a district run in worker processes hands the lightest schools over last, so
        the workers finish together. ``None``, the default: unknown, and schools are handed over
        in roster order."""
        return None


@dataclass(frozen=True)
class SourceRequest:
    """What the command line says about where records are; each source takes what it needs."""

    location: str | None
    """``--source``: a folder, or a registered source's name."""
    roster_path: Path | None
    use_cache: bool = True
    sharing: bool = False
    """``--sharing``: also report who can open each file (the Drive source; others refuse it)."""


Opener = Callable[[SourceRequest], "tuple[Source, Path]"]
"""Builds a source from the request; returns it and where the roster is looked for."""


@dataclass(frozen=True)
class SourceEntry:
    name: str
    module: str
    function: str = "open_source"
    selectable: bool = True
    """False for a source that is only the fallback (the local folder: any path that is not a name)."""

    def opener(self) -> Opener:
        opener: Opener = getattr(importlib.import_module(self.module), self.function)
        return opener


_REGISTRY: dict[str, SourceEntry] = {}

LOCAL = "local"
"""The source a ``--source PATH`` that names no registered source means."""


def register_source(entry: SourceEntry) -> None:
    _REGISTRY[entry.name] = entry


def source_names() -> list[str]:
    """The names ``--source`` accepts besides a folder path."""
    return [name for name, entry in _REGISTRY.items() if entry.selectable]


def source_entry(location: str | None) -> SourceEntry:
    """The registered source ``--source`` names, else the local folder source."""
    if location is not None and location in _REGISTRY and _REGISTRY[location].selectable:
        return _REGISTRY[location]
    return _REGISTRY[LOCAL]


register_source(SourceEntry(LOCAL, "elschool_audit.sources.local", selectable=False))
register_source(SourceEntry("drive", "elschool_audit.sources.drive"))
register_source(SourceEntry("portal", "elschool_audit.sources.portal"))
