"""The step every source shares: parsed tabs → one ``Workbook``. (``Source`` itself lives in ``interface``.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain

import pandas as pd

from elschool_audit.errors import Location, SourceError
from elschool_audit.i18n import each_language, label, render
from elschool_audit.results import DataProblem
from elschool_audit.sanitize import one_line, printable
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sheets.mapping import Mapping
from elschool_audit.sheets.parser import ParsedTab, UnrecognisedTab, parse_tab
from elschool_audit.sources.interface import Source
from elschool_audit.sources.readers import RawTab
from elschool_audit.text import texts_of
from elschool_audit.workbook import ROW, SRC, FileInfo, Table, Workbook

__all__ = ["Source", "WorkbookBuilder"]


def printable_tab(raw: RawTab) -> RawTab:
    """The tab with escape sequences and control characters removed from its name and every text
    cell: they mean nothing in school records and would otherwise reach terminals, spreadsheets
    and e-mails (where openpyxl or the mail library refuses them and the report is lost)."""
    # the texts are printable exactly when their concatenation is: the whole grid in a few C calls
    dirty = not raw.name.isprintable() or not "".join(texts_of(list(chain.from_iterable(raw.grid)))).isprintable()
    if not dirty:
        return raw
    grid = [[printable(cell) if isinstance(cell, str) else cell for cell in row] for row in raw.grid]
    return RawTab(one_line(raw.name), grid, raw.hidden)


def _reason(exc: SourceError) -> dict[str, str]:
    """Why a file could not be read, on one line, in both languages: the report that shows it
    may be in another language than the run."""
    msg = exc.msg
    return each_language("reason", lambda lg: one_line(render(msg, lg)))


@dataclass
class WorkbookBuilder:
    """Collects parsed tabs file by file and concatenates tabs of the same kind."""

    parsed: list[ParsedTab] = field(default_factory=list)
    files: list[FileInfo] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)
    mapping: Mapping = field(default_factory=Mapping)
    """the school's (and district's) mapping file: kinds, header spellings, fixed values, ignores"""

    def add_file(
        self,
        name: str,
        tabs: Iterable[RawTab],
        modified: dt.datetime | None = None,
        link: str | None = None,
    ) -> None:
        kinds: list[str] = []
        name = one_line(name)
        try:
            for raw in tabs:
                raw = printable_tab(raw)
                if self.mapping.ignored(name, raw.name):
                    continue
                result = parse_tab(raw.grid, name, raw.name, link, mapping=self.mapping.for_tab(name, raw.name))
                if isinstance(result, UnrecognisedTab):
                    if not raw.hidden and any(any(c is not None and str(c).strip() for c in row) for row in raw.grid):
                        self.problems.append(unrecognised_problem(result, link))
                    continue
                self.parsed.append(result)
                self.problems.extend(result.problems)
                kinds.append(result.kind)
        except SourceError as exc:
            tab = one_line(exc.location.tab) if exc.location.tab else None
            where = replace(exc.location, file=name, tab=tab, link=link)
            self.problems.append(DataProblem("error", "file_unreadable", _reason(exc), where))
        self.files.append(FileInfo(name, modified, link, tuple(kinds)))

    def build(self) -> Workbook:
        by_kind: dict[str, list[ParsedTab]] = {}
        for tab in self.parsed:
            by_kind.setdefault(tab.kind, []).append(tab)
        self._warn_posts_counted_twice(by_kind.get("posts", []))
        tables: dict[str, Table] = {}
        for kind, tabs in by_kind.items():
            frames = []
            for i, tab in enumerate(tabs):
                frame = tab.frame
                frame[SRC] = i
                frames.append(frame)
            frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            tables[kind] = Table(kind, frame, [t.source for t in tabs])
        ordered = {k: tables[k] for k in catalogue().kinds if k in tables}
        self._rooms_across_sheets(ordered)
        return Workbook(tables=ordered, files=self.files, problems=self.problems)

    def _rooms_across_sheets(self, tables: dict[str, Table]) -> None:
        """A room name the vocabulary does not know takes its type from the inventory's row of the
        same room ("Phòng 204" typed «Phòng học thường» there); one still unknown is a located
        problem, once per tab and name (the rules then count its rows against themselves)."""
        devices = tables.get("devices")
        known: dict[str, str] = {}
        if devices is not None and {"_room_key", "room_type"} <= set(devices.frame.columns):
            typed = devices.frame.dropna(subset=["_room_key", "room_type"])
            known = dict(zip(typed["_room_key"], typed["room_type"], strict=True))
        for table in tables.values():
            frame = table.frame
            if not {"_room_key", "room_type", "room"} <= set(frame.columns):
                continue
            untyped = frame["room_type"].isna() & frame["room"].notna()
            if not untyped.any():
                continue  # the usual case: every room typed (assigning an empty selection still copied the column)
            if known:
                frame.loc[untyped, "room_type"] = frame.loc[untyped, "_room_key"].map(known)
                untyped = frame["room_type"].isna() & frame["room"].notna()
            for _, row in frame[untyped].drop_duplicates([SRC, "_room_key"]).iterrows():
                src = table.sources[int(row[SRC])]
                where = src.location(row=int(row[ROW]), column="room", value=row["room"])
                self.problems.append(DataProblem("warning", "room_unrecognised", {"room": str(row["room"])}, where))

    def _warn_posts_counted_twice(self, tabs: list[ParsedTab]) -> None:
        """A school that gives both its post list and the portal's month × category counts for the
        same months would have every post counted twice: say so rather than over-count silently."""
        counted = [t for t in tabs if t.source.columns.get("category") == ""]
        listed = [t for t in tabs if t.source.columns.get("category") != ""]
        if not counted or not listed:
            return

        def months(tab: ParsedTab) -> set[str]:
            if "month" not in tab.frame.columns:
                return set()
            return {m.strftime("%m/%Y") for m in pd.to_datetime(tab.frame["month"]).dropna()}

        listed_months = set().union(*(months(t) for t in listed))
        for tab in counted:
            both = sorted(months(tab) & listed_months, key=lambda m: (m[3:], m[:2]))
            if both:
                self.problems.append(
                    DataProblem(
                        "warning",
                        "posts_counted_twice",
                        {"months": ", ".join(both)},
                        tab.source.location(row=tab.source.header_row),
                    )
                )


def unrecognised_problem(tab: UnrecognisedTab, link: str | None = None) -> DataProblem:
    """What to tell a person about a tab read as no audited kind: the kinds it could be, the book
    it is when no rule reads that book, or the kind it comes nearest and what that kind needs."""
    cat = catalogue()
    where = Location(file=tab.file, tab=tab.tab, link=link)
    if tab.known_as is not None:
        kind = cat.kind(tab.known_as)
        return DataProblem("note", "tab_not_audited", {"kind_vi": kind.vi, "kind_en": kind.en}, where)
    if tab.ambiguous:
        kinds = [cat.kind(k) for k in tab.ambiguous]
        return DataProblem(
            "warning",
            "tab_ambiguous",
            {
                **each_language(
                    "kinds",
                    lambda lg: f" {label('or', lg)} ".join(label("quoted", lg, text=k.title(lg)) for k in kinds),
                ),
                "candidates": list(tab.ambiguous),
            },
            where,
        )
    if tab.best_guess is not None:
        kind = cat.kind(tab.best_guess)
        columns = [kind.columns[c] for c in tab.missing]
        return DataProblem(
            "warning",
            "tab_unrecognised_closest",
            {
                "kind_vi": kind.vi,
                "kind_en": kind.en,
                "closest": kind.name,
                "missing_vi": ", ".join(f"«{c.vi}»" for c in columns),
                "missing_en": ", ".join(f"“{c.en}”" for c in columns),
            },
            where,
        )
    return DataProblem("warning", "tab_unrecognised", {}, where)
