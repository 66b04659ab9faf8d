"""Build in-memory school records for rubric tests, through the real parser.

Rows are written the way a school types them: Vietnamese headers and values
(``{"Mã thiết bị": "TH-01", "Tình trạng": "Hỏng"}``), dates as ``dd/mm/yyyy`` text or
``datetime.date``. Every tab gets a title row above its header (as schools' tabs do), so the
header is on spreadsheet row 2 and the n-th data row (0-based) is row ``n + 3``: use
``row_of(n)`` in assertions rather than magic numbers.

    wb = workbook(devices=[{"Mã thiết bị": "TH-01", "Loại thiết bị": "Máy tính", ...}])
    wb = workbook(devices=Sheet(rows, file="Thiết bị.xlsx", tab="Khu A"))
    wb = workbook(devices=[Sheet(rows_a, tab="Khu A"), Sheet(rows_b, tab="Khu B")])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import TypeAdapter

from elschool_audit.roster import School
from elschool_audit.rubric.calendar import Calendar
from elschool_audit.rubric.checks import Context, Outcome, run_check
from elschool_audit.rubric.loader import ROOMS_FILE, bundle_rubric, default_bundle
from elschool_audit.rubric.model import AnyCheck, RoomTable, Rubric
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import RawTab
from elschool_audit.workbook import Workbook

HEADER_ROW = 2
"""Spreadsheet row of the header in every tab built here (row 1 is the tab's title)."""
FIRST_DATA_ROW = HEADER_ROW + 1


def row_of(n: int) -> int:
    """The spreadsheet row a person sees for the n-th (0-based) data row given to ``Sheet``."""
    return FIRST_DATA_ROW + n


@dataclass
class Sheet:
    """One tab: rows as {header: value}; the header row is the union of the rows' keys, in order."""

    rows: Sequence[Mapping[str, Any]]
    file: str | None = None
    tab: str | None = None
    headers: Sequence[str] | None = None
    """Explicit header order (to add a column no row fills, or to drop one)."""
    title: str = "TRƯỜNG TIỂU HỌC THỬ NGHIỆM"
    extra_rows: Sequence[Sequence[Any]] = field(default_factory=list)
    """Raw grid rows appended after the data (a 'Tổng cộng' line, blank rows)."""

    def grid(self) -> list[list[Any]]:
        headers = list(self.headers) if self.headers is not None else _union_keys(self.rows)
        grid: list[list[Any]] = [[self.title]]
        grid.append(list(headers))
        for row in self.rows:
            unknown = set(row) - set(headers)
            if unknown:
                raise ValueError(f"row has keys not in the header: {sorted(unknown)}")
            grid.append([row.get(h) for h in headers])
        grid.extend(list(r) for r in self.extra_rows)
        return grid


def _union_keys(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def default_file(kind: str) -> str:
    return f"{catalogue().kinds[kind].vi}.xlsx"


def default_tab(kind: str) -> str:
    return catalogue().kinds[kind].vi


def workbook(**kinds: Sequence[Mapping[str, Any]] | Sheet | Sequence[Sheet]) -> Workbook:
    """A Workbook from rows per sheet kind, each kind in its own file (name: the kind's Vietnamese title)."""
    builder = WorkbookBuilder()
    cat = catalogue()
    for kind, spec in kinds.items():
        if kind not in cat.kinds:
            raise ValueError(f"unknown sheet kind {kind}")
        if isinstance(spec, Sheet):
            sheets = [spec]
        elif spec and all(isinstance(s, Sheet) for s in spec):
            sheets = [s for s in spec if isinstance(s, Sheet)]
        else:
            sheets = [Sheet(rows=spec)]  # type: ignore[arg-type]
        by_file: dict[str, list[RawTab]] = {}
        for i, sheet in enumerate(sheets):
            file = sheet.file or default_file(kind)
            tab = sheet.tab or (default_tab(kind) if i == 0 else f"{default_tab(kind)} {i + 1}")
            by_file.setdefault(file, []).append(RawTab(tab, sheet.grid()))
        for file, tabs in by_file.items():
            builder.add_file(file, tabs, modified=dt.datetime(2016, 11, 1, 8, 0))
    wb = builder.build()
    for kind in kinds:
        if kind not in wb.tables:
            raise AssertionError(f"the parser did not recognise the {kind} tab; problems: {wb.problems}")
        table = wb.tables[kind]
        if table.kind != kind:
            raise AssertionError(f"{kind} rows were parsed as {table.kind}")
    return wb


def school(
    level: str = "TH",
    *,
    pilot: bool = True,
    clc: bool = False,
    id: str | None = None,
    email: str | None = "hosothaimo@gmail.com",
    name: str | None = None,
) -> School:
    return School(
        id=id or f"{level.lower()}-thu-nghiem",
        name=name or f"Trường {level} Thử nghiệm",
        level=level,  # type: ignore[arg-type]
        pilot=pilot,
        clc=clc,
        email=email,
    )


TET = {"from": "2017-01-26", "to": "2017-02-02", "name": "Tết Đinh Dậu"}
CALENDAR = Calendar.model_validate(
    {"start": "09-05", "end": "05-31", "semester_1_end": "01-15", "breaks": [TET]},
)
"""The calendar of the Long Biên 2016-17 rubric."""

_CHECK = TypeAdapter(AnyCheck)


def check(spec: Mapping[str, Any]) -> Any:
    """A check model from its YAML-shaped dict (validated exactly as the loader does)."""
    return _CHECK.validate_python(dict(spec))


@functools.cache
def appendix_1() -> Rubric:
    """A rubric holding only the bundled Appendix 1 room table (which rooms each level has)."""
    table = RoomTable.model_validate(
        yaml.safe_load(bundle_rubric(default_bundle()).with_name(ROOMS_FILE).read_text("utf-8"))
    )
    return rubric(
        {"id": "s", "rules": [{"id": "X-ROOMS", "points": 1, "check": {"type": "checklist", "items": ["X"]}}]},
        room_types=table.room_types,
    )


def context(
    wb: Workbook,
    as_of: dt.date = dt.date(2016, 11, 30),
    *,
    sch: School | None = None,
    calendar: Calendar = CALENDAR,
    limit: int = 50,
) -> Context:
    sch = sch or school()
    rooms = appendix_1().level_rooms(sch.level, sch.clc)
    return Context(school=sch, workbook=wb, as_of=as_of, calendar=calendar, limit=limit, level_rooms=rooms)


def run(spec: Mapping[str, Any], wb: Workbook, as_of: dt.date = dt.date(2016, 11, 30), **kw: Any) -> Outcome:
    """Validate a check dict and run it against ``wb`` as of ``as_of``."""
    return run_check(check(spec), context(wb, as_of, **kw))


def rubric(*sections: Mapping[str, Any], pass_mark: float = 0.8, **extra: Any) -> Rubric:
    """A Rubric from section dicts; rules default clause/title so tests only say what matters."""
    secs = []
    for sec in sections:
        rules = []
        for rule in sec["rules"]:
            rule = dict(rule)
            rule.setdefault("clause", "B.0")
            rule.setdefault("title", {"vi": rule["id"], "en": rule["id"]})
            rules.append(rule)
        secs.append({"title": {"vi": sec["id"], "en": sec["id"]}, **sec, "rules": rules})
    data = {
        "id": "test-rubric",
        "title": {"vi": "Thử", "en": "Test"},
        "source": "test",
        "pass_mark": pass_mark,
        "calendar": CALENDAR.model_dump(by_alias=True),
        "sections": secs,
        **extra,
    }
    return Rubric.model_validate(data)


# ---------------------------------------------------------------- row makers


def device(
    code: str,
    type_: str = "Máy tính",
    room: str = "Phòng Tin học",
    status: str = "Hoạt động tốt",
    **more: Any,
) -> dict[str, Any]:
    """A device-inventory row with the template's Vietnamese headers."""
    names = {"antivirus": "Phần mềm diệt virus/bảo mật", "area": "Khu/Tầng", "name": "Tên thiết bị"}
    row: dict[str, Any] = {"Mã thiết bị": code, "Loại thiết bị": type_, "Phòng": room, "Tình trạng": status}
    for k, v in more.items():
        row[names.get(k, k)] = v
    return row


def usage(date: str | dt.date, room: str = "Phòng Tin học", used_it: str = "Có", **more: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"Ngày": date, "Phòng": room, "Sử dụng CNTT": used_it}
    row.update(more)
    return row


def post(published: str | dt.date, category: str, title: str = "Tin bài", **more: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"Ngày đăng": published, "Tiêu đề": title, "Chuyên mục": category}
    row.update(more)
    return row


def checklist_item(item: str, met: str | None = "Có", evidence: str | None = None) -> dict[str, Any]:
    return {"Mã tiêu chí": item, "Đạt": met, "Minh chứng": evidence}
