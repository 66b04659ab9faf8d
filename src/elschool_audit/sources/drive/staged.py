"""A Drive school split in two: what the network gave (fetched in the calling process) and the
CPU work of reading it (done wherever the audit runs, a worker process included).

A worker process unpickles a ``StagedSchool`` and reads it without ever touching the network, so
Drive's and the Sheets API's quotas stay with one limiter in one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from elschool_audit.errors import SourceError
from elschool_audit.results import DataProblem
from elschool_audit.sheets.mapping import Mapping
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.drive.sharing import SchoolSharing, sharing_problems
from elschool_audit.sources.readers import RawTab, read_workbook_bytes
from elschool_audit.sources.readers import _fill_vertical_merges as fill_vertical_merges
from elschool_audit.workbook import Workbook


@dataclass(frozen=True)
class Fetched:
    """One file as Drive gave it: an xlsx/csv body, a Sheets payload, or why it could not be had."""

    name: str
    """The name the readers pick a format by (``format_name``)."""
    data: bytes | None = None
    payload: list[dict[str, Any]] | None = None
    error: SourceError | None = None

    def tabs(self) -> Iterable[RawTab]:
        """Parsed lazily, by whoever iterates: the builder records a failure against this file."""
        if self.error is not None:
            return _failing(self.error)
        if self.payload is not None:
            return sheet_tabs(self.payload)
        return read_workbook_bytes(self.data or b"", self.name)


@dataclass(frozen=True)
class StagedFile:
    path: str
    modified: Any
    link: str
    fetched: Fetched


@dataclass
class StagedSchool:
    """Everything one school's workbook is built from; calling it builds the workbook."""

    mapping: Mapping
    problems: list[DataProblem]
    files: Iterable[StagedFile] = field(default_factory=list)
    """A list when the school is sent to a worker; the download stream when built in place."""
    sharing: SchoolSharing | None = None
    domain: str | None = None
    who: str = ""

    def __call__(self) -> Workbook:
        builder = WorkbookBuilder(mapping=self.mapping)
        builder.problems.extend(self.problems)
        for staged in self.files:
            builder.add_file(staged.path, staged.fetched.tabs(), modified=staged.modified, link=staged.link)
        workbook = builder.build()
        if self.sharing is not None:
            workbook.problems.extend(sharing_problems(self.sharing, workbook, self.domain, self.who))
        return workbook


def sheet_tabs(payload: list[dict[str, Any]]) -> list[RawTab]:
    """Sheets values → the grid shape calamine gives for xlsx: rectangular, empty cells as ""."""
    tabs = []
    for tab in payload:
        rows = [list(r) for r in tab.get("values", [])]
        width = max((len(r) for r in rows), default=0)
        grid = [r + [""] * (width - len(r)) for r in rows]
        fill_vertical_merges(grid, [((r0, c0), (r1, c1)) for r0, c0, r1, c1 in tab.get("merges", [])])
        tabs.append(RawTab(str(tab.get("title", "")), grid, hidden=bool(tab.get("hidden"))))
    return tabs


def _failing(error: SourceError) -> Iterator[RawTab]:
    raise error
    yield  # pragma: no cover - makes this a generator, so the builder sees the error per file
