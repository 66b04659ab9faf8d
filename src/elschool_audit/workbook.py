"""What a source hands the engine: a school's records as typed tables, plus what went wrong reading them.

Every source (local folder, Google Drive) produces the same ``Workbook``; the engine never knows
where the rows came from, only how to point back at them (``TabSource``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from elschool_audit.results import DataProblem, Location

SRC = "_src"
"""Frame column: index into ``Table.sources`` of the tab a row came from."""
ROW = "_row"
"""Frame column: the row number as the person sees it in the spreadsheet (1-based)."""

DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"room_type": ("room",), "rate": ("trained", "total")}
"""Columns the parser derives when a tab lacks them: the room type from the room's name, the share
trained from the trained and total counts."""


@dataclass(frozen=True)
class TabSource:
    """One tab of one file: where rows came from and which spreadsheet column holds each field."""

    file: str
    tab: str
    header_row: int
    columns: dict[str, str]
    """canonical column → spreadsheet column letter (e.g. ``status`` → ``E``)."""
    headers: dict[str, str]
    """canonical column → the header text as the school typed it; for a column the tab lacks, the
    column's name as a school's sheet spells it ("Phòng"; see ``origin_of``) or its group row's text."""
    link: str | None = None
    """A URL a person can open (the Drive file), when the source has one."""
    assumed: dict[str, str] = field(default_factory=dict)
    """canonical column → where its value was assumed from (``sheets.context.ORIGINS``), for
    columns the tab does not have and its names or other columns imply."""
    stated: frozenset[str] = frozenset()
    """Columns the tab does not have whose one value the mapping file states (not assumed)."""

    def origin_of(self, column: str) -> str | None:
        """Where a column the tab lacks got its values (``Location.origin``); None when it has it."""
        return self.assumed.get(column) or ("mapping" if column in self.stated else None)

    def location(self, row: int | None = None, column: str | None = None, value: Any = None) -> Location:
        return Location(
            file=self.file,
            tab=self.tab,
            row=row,
            letter=self.columns.get(column) or None if column else None,
            header=self.headers.get(column, column) if column else None,
            value=None if value is None else str(value),
            link=self.link,
            origin=self.origin_of(column) if column else None,
        )


@dataclass
class Table:
    """All rows of one sheet kind, from every tab recognised as that kind, with typed columns."""

    kind: str
    frame: pd.DataFrame
    sources: list[TabSource]

    def has_column(self, column: str) -> bool:
        """True when at least one contributing tab had this column, or the column it is derived from."""
        sources = DERIVED_COLUMNS.get(column)
        return any(
            column in s.columns or (sources is not None and all(c in s.columns for c in sources)) for s in self.sources
        )

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class FileInfo:
    name: str
    modified: dt.datetime | None
    link: str | None = None
    kinds: tuple[str, ...] = ()


@dataclass
class Workbook:
    """A school's records: tables by sheet kind, the files read, and the problems found."""

    tables: dict[str, Table] = field(default_factory=dict)
    files: list[FileInfo] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)

    def table(self, kind: str) -> Table | None:
        return self.tables.get(kind)
