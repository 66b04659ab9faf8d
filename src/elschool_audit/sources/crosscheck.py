"""The school's own sheets checked against its public portal (``--portal``).

Verdicts stay on the sheets (behaviour without ``--portal`` is unchanged, and a crawler that
missed a page must not fail a school); the portal fills the kinds of record the sheets lack, and
every month × category where the two disagree becomes a finding located on both sides: the sheet's
file and tab, and the portal's address. A portal that cannot be read is a located error for that
school; its sheets are still audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from elschool_audit.errors import Location, SourceError
from elschool_audit.i18n import each_language, label, render
from elschool_audit.results import DataProblem
from elschool_audit.roster import School
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.interface import Source
from elschool_audit.sources.portal import PortalSource
from elschool_audit.workbook import SRC, Table, Workbook


@dataclass(frozen=True)
class Compared:
    """How one kind of record is counted on both sides: by month of ``date``, per ``group``."""

    date: str
    group: str | None
    enum: str | None
    noun: str
    """The catalogue label naming these records in a message ("tin", "posts")."""


COMPARED: dict[str, Compared] = {
    "posts": Compared("month", "category", "post_category", "noun_posts"),
    "resources": Compared("date", "kind", "resource_kind", "noun_resources"),
    "documents": Compared("date", None, None, "noun_documents"),
}


class CrossCheckedSource(Source):
    def __init__(self, sheets: Source, portal: PortalSource) -> None:
        self.sheets = sheets
        self.portal = portal

    def describe(self, school: School) -> str:
        where = self.sheets.describe(school)
        return f"{where} + {school.portal.url}" if school.portal else where

    def prepare(self, schools: Iterable[School]) -> None:
        schools = list(schools)
        self.sheets.prepare(schools)
        self.portal.prepare(schools)

    def collect(self, school: School) -> Workbook:
        workbook = self.sheets.collect(school)
        if school.portal is None:
            return workbook
        try:
            site = self.portal.collect(school)
        except SourceError as exc:
            workbook.problems.append(
                DataProblem(
                    "error", "portal_unreachable", each_language("reason", partial(render, exc.msg)), exc.location
                )
            )
            return workbook
        workbook.problems.extend(site.problems)
        for kind, table in site.tables.items():
            mine = workbook.tables.get(kind)
            if mine is None:
                workbook.tables[kind] = table
            else:
                workbook.problems.extend(differences(kind, mine, table, school.portal.url))
        order = list(catalogue().kinds)
        workbook.tables = dict(sorted(workbook.tables.items(), key=lambda kv: order.index(kv[0])))
        return workbook


def _counts(table: Table, how: Compared) -> pd.Series:
    frame = table.frame
    if how.date not in frame.columns:
        return pd.Series(dtype="int64")
    months = pd.to_datetime(frame[how.date], errors="coerce").dt.to_period("M")
    keys: list[pd.Series] = [months]
    if how.group is not None:
        if how.group not in frame.columns:
            return pd.Series(dtype="int64")
        keys.append(frame[how.group].fillna(""))
    return frame.groupby(keys, dropna=True).size()


def differences(kind: str, sheet: Table, portal: Table, site: str) -> list[DataProblem]:
    """Months (within the months the sheet covers) where the sheet and the portal count differently."""
    how = COMPARED.get(kind)
    if how is None:
        return []
    mine, theirs = _counts(sheet, how), _counts(portal, how)
    if mine.empty:
        return []
    months = [k[0] if isinstance(k, tuple) else k for k in mine.index]
    first, last = min(months), max(months)
    enum = catalogue().enums[how.enum] if how.enum else None
    out = []
    for key in sorted(set(mine.index) | set(theirs.index), key=str):
        month = key[0] if isinstance(key, tuple) else key
        if not first <= month <= last:
            continue
        n_sheet, n_portal = int(mine.get(key, 0)), int(theirs.get(key, 0))
        if n_sheet == n_portal:
            continue
        group = key[1] if isinstance(key, tuple) else ""
        out.append(
            DataProblem(
                "warning",
                "portal_count_differs",
                {
                    **each_language("kind", partial(label, how.noun)),
                    "group": f" «{enum.label(group)}»" if enum is not None and group else "",
                    "month": month.strftime("%m/%Y"),
                    "sheet": n_sheet,
                    "portal": n_portal,
                    "site": site,
                },
                _sheet_location(sheet, how, key),
            )
        )
    return out


def _sheet_location(sheet: Table, how: Compared, key: object) -> Location:
    """The sheet's tab (and first matching row) the count came from."""
    frame = sheet.frame
    months = pd.to_datetime(frame[how.date], errors="coerce").dt.to_period("M")
    month = key[0] if isinstance(key, tuple) else key
    mask = months == month
    if how.group is not None and isinstance(key, tuple):
        mask &= frame[how.group].fillna("") == key[1]
    rows = frame[mask]
    source = sheet.sources[int(rows[SRC].iloc[0])] if len(rows) else sheet.sources[0]
    row = int(rows["_row"].iloc[0]) if len(rows) and "_row" in rows.columns else None
    return source.location(row=row, column=how.group)
