"""Generate sample_sheets/: a small, realistic Long Biên district for demos and tests.

Six schools (two per level: a pilot school running the full model and a partial-model school; one
primary school is CLC), semester I of 2016-2017 (5 Sept 2016 - 31 Jan 2017, no lessons over Tết),
Vietnamese throughout, laid out the way schools really keep these files (title rows above the
header, one usage-log tab per room, a wide one-column-per-software matrix, a portal export as CSV
with "HH:MM:SS dd/mm/yyyy" dates, a file typed without diacritics).

Defects are planted on purpose and listed in DEFECTS; sample_sheets/README.md is written from that
list, and the test suite checks that an audit trips exactly these rules and nothing else.

    python scripts/make_sample_sheets.py [--out sample_sheets]

Deterministic: the same script always writes the same data.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from elschool_audit.rubric.calendar import Calendar

AS_OF = dt.date(2017, 1, 31)
YEAR_START = dt.date(2016, 9, 5)
CALENDAR = Calendar(breaks=[{"from": dt.date(2017, 1, 26), "to": dt.date(2017, 2, 2), "name": "Tết"}])  # type: ignore[list-item]
HOLIDAYS = {dt.date(2017, 1, 2)}  # New Year holiday (Monday)


@dataclass
class Defect:
    school: str
    rule: str
    what: str
    where: str


@dataclass
class SchoolSpec:
    id: str
    name: str
    short: str
    level: str
    pilot: bool
    clc: bool = False
    email: str = ""
    rooms: list[tuple[str, int]] = field(default_factory=list)
    """(room name, computers in it)"""
    classrooms: list[str] = field(default_factory=list)


DEFECTS: list[Defect] = [
    Defect(
        "mn-phuc-dong",
        "INF-SECURITY-SOFTWARE",
        "Máy tính phòng Kế toán KT-01 không có phần mềm diệt virus",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Phần mềm diệt virus/bảo mật»",
    ),
    Defect(
        "mn-phuc-dong",
        "SW-KIDSMART",
        "Máy TH-05 phòng Tin học chưa cài KidsMart",
        "Phan mem.xlsx › Phần mềm cài trên máy, dòng TH-05",
    ),
    Defect(
        "mn-phuc-dong",
        "SW-FINANCE-UPDATED",
        "Phần mềm kế toán cập nhật lần cuối 10/12/2016 (quá 31 ngày)",
        "Phan mem.xlsx › Danh mục phần mềm, dòng Quản lý tài chính kế toán",
    ),
    Defect(
        "mn-phuc-dong",
        "INF-SOFTWARE-ISSUE-LOG",
        "Không có nhật ký vướng mắc khi sử dụng phần mềm",
        "(thiếu tệp / trang tính)",
    ),
    Defect(
        "mn-hoa-sua",
        "INF-CAMERAS-WORKING",
        "Camera CAM-03 (Sân chơi) hỏng",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Tình trạng»",
    ),
    Defect(
        "mn-hoa-sua",
        "NEWS-PROFESSIONAL",
        "Tháng 10/2016 chỉ có 1 tin chuyên môn",
        "Thong ke tin bai.csv",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "ROOM-LESSON-IT-RATE",
        "Lớp 4A: tháng 10/2016 chỉ khoảng 80% tiết dạy có sử dụng CNTT",
        "Nhat ky su dung thiet bi.xlsx › Phòng học thường",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "ROOM-USAGE-LOG",
        "Thư viện: không có đánh giá hiệu quả tháng 11/2016",
        "Nhat ky su dung thiet bi.xlsx › Đánh giá tháng",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "TOPIC-MONTHLY-PILOT",
        "Không tổ chức chuyên đề tháng 12/2016",
        "Chuyen de.xlsx",
    ),
    Defect(
        "th-ai-mo-a",
        "POL-SCHOOL-ACCOUNT",
        "E-mail của trường thaimoa.longbien@gmail.com không theo mẫu hoso…",
        "roster.yaml",
    ),
    Defect(
        "th-ai-mo-a",
        "NEWS-IMAGE-WIDTH",
        "Một tin có ảnh rộng 800 pixels",
        "Thong ke tin bai.csv, cột «Chiều rộng ảnh (px)»",
    ),
    Defect(
        "thcs-ai-mo",
        "INF-COMPUTERS-WORKING",
        "Máy TH1-07 phòng Tin học 1 hỏng",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Tình trạng»",
    ),
    Defect(
        "thcs-ai-mo",
        "SW-NETOP-INSTALLED",
        "Máy NN-03 phòng Ngoại ngữ chưa cài Netop School",
        "Phan mem.xlsx › Phần mềm cài trên máy",
    ),
    Defect(
        "thcs-ai-mo",
        "ROOM-MAINTENANCE",
        "Phòng bộ môn Hóa bảo trì lần cuối 15/03/2016",
        "Nhat ky bao tri.xlsx",
    ),
    Defect(
        "thcs-do-thi-viet-hung",
        "PORTAL-WEEKLY-SCHEDULE",
        "Không đăng lịch công tác tuần 17/10/2016; tuần 14/11/2016 đăng muộn (thứ Tư)",
        "Thong ke tin bai.csv",
    ),
    Defect(
        "thcs-do-thi-viet-hung",
        "PORTAL-THREE-DISCLOSURES",
        "Ba công khai đăng ngày 20/09/2016, sau hạn 15/09",
        "Thong ke tin bai.csv",
    ),
    Defect(
        "thcs-do-thi-viet-hung",
        "ROOM-LESSON-IT-RATE",
        "Một dòng nhật ký ghi ngày «31/11/2016» (không có ngày này): báo lỗi dữ liệu, không tính",
        "Nhat ky su dung thiet bi.xlsx › Phòng học thường",
    ),
]
"""Every planted defect. A defect whose rule is a data problem rather than a rule lists the rule it touches."""

DATA_PROBLEMS = {
    "thcs-do-thi-viet-hung": ["value_unreadable: ngày 31/11/2016 trong nhật ký sử dụng"],
    "th-ai-mo-a": ["tab_unrecognised: trang «Ghi chú» trong Phan mem.xlsx"],
}


def _schools() -> list[SchoolSpec]:
    return [
        SchoolSpec(
            "mn-phuc-dong",
            "Trường Mầm non Phúc Đồng",
            "phucdong",
            "MN",
            pilot=True,
            email="hosomnphucdong@gmail.com",
            rooms=[
                ("Phòng Tin học", 6),
                ("Phòng Ngoại ngữ", 0),
                ("Phòng Đa năng", 0),
                ("Phòng Âm nhạc", 0),
                ("Phòng Hiệu trưởng", 1),
                ("Phòng Phó hiệu trưởng", 1),
                ("Phòng Kế toán", 1),
                ("Phòng Văn thư", 1),
                ("Phòng Y tế", 1),
                ("Phòng Thư viện", 1),
            ],
            classrooms=["Lớp Mẫu giáo lớn A1", "Lớp Mẫu giáo nhỡ B1", "Lớp Mẫu giáo bé C1"],
        ),
        SchoolSpec(
            "mn-hoa-sua",
            "Trường Mầm non Hoa Sữa",
            "hoasua",
            "MN",
            pilot=False,
            email="hosomnhoasua@gmail.com",
            rooms=[("Phòng Tin học", 4), ("Phòng Hiệu trưởng", 1), ("Phòng Kế toán", 1)],
            classrooms=["Lớp Mẫu giáo lớn A1", "Lớp Mẫu giáo nhỡ B1"],
        ),
        SchoolSpec(
            "th-do-thi-viet-hung",
            "Trường Tiểu học Đô thị Việt Hưng",
            "dtviethung",
            "TH",
            pilot=True,
            clc=True,
            email="hosothdtviethung@gmail.com",
            rooms=[
                ("Phòng Tin học", 8),
                ("Phòng Ngoại ngữ", 6),
                ("Phòng Đa năng", 1),
                ("Phòng Âm nhạc", 0),
                ("Phòng Mỹ thuật", 0),
                ("Phòng Robotics", 4),
                ("Phòng Hiệu trưởng", 1),
                ("Phòng Phó hiệu trưởng", 1),
                ("Phòng Kế toán", 1),
                ("Phòng Văn thư", 1),
                ("Phòng Thư viện", 2),
                ("Phòng Đoàn đội", 1),
            ],
            classrooms=["Lớp 3A", "Lớp 4A", "Lớp 5A"],
        ),
        SchoolSpec(
            "th-ai-mo-a",
            "Trường Tiểu học Ái Mộ A",
            "aimoa",
            "TH",
            pilot=False,
            email="thaimoa.longbien@gmail.com",
            rooms=[("Phòng Tin học", 6), ("Phòng Hiệu trưởng", 1), ("Phòng Kế toán", 1)],
            classrooms=["Lớp 4A1", "Lớp 5A1"],
        ),
        SchoolSpec(
            "thcs-ai-mo",
            "Trường THCS Ái Mộ",
            "aimo",
            "THCS",
            pilot=True,
            email="hosothcsaimo@gmail.com",
            rooms=[
                ("Phòng Tin học 1", 8),
                ("Phòng Ngoại ngữ", 6),
                ("Phòng Đa năng", 1),
                ("Phòng bộ môn Lý", 1),
                ("Phòng bộ môn Hóa", 1),
                ("Phòng bộ môn Sinh", 1),
                ("Phòng Hiệu trưởng", 1),
                ("Phòng Phó hiệu trưởng", 1),
                ("Phòng Kế toán", 1),
                ("Phòng Văn thư", 1),
                ("Phòng Thư viện", 2),
                ("Phòng Thiết bị đồ dùng", 1),
            ],
            classrooms=["Lớp 6A1", "Lớp 7A1", "Lớp 8A1", "Lớp 9A1"],
        ),
        SchoolSpec(
            "thcs-do-thi-viet-hung",
            "Trường THCS Đô thị Việt Hưng",
            "dtviethung",
            "THCS",
            pilot=False,
            email="hosothcsdtviethung@gmail.com",
            rooms=[
                ("Phòng Tin học", 6),
                ("Phòng Ngoại ngữ", 4),
                ("Phòng bộ môn Lý", 1),
                ("Phòng bộ môn Hóa", 1),
                ("Phòng Hiệu trưởng", 1),
                ("Phòng Kế toán", 1),
            ],
            classrooms=["Lớp 6A", "Lớp 7A", "Lớp 8A", "Lớp 9A"],
        ),
    ]


# ----------------------------------------------------------------------------- helpers


def school_days(until: dt.date = AS_OF) -> list[dt.date]:
    days = []
    d = YEAR_START
    while d <= until:
        if d.weekday() < 5 and not CALENDAR.in_break(d) and d not in HOLIDAYS:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def months(until: dt.date = AS_OF) -> list[dt.date]:
    out, d = [], YEAR_START.replace(day=1)
    while d <= until:
        out.append(d)
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def write_xlsx(path: Path, tabs: Sequence[tuple[str, list[str], Sequence[Sequence[Any]], list[str]]]) -> None:
    """tabs: (tab name, header, rows, title lines above the header)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows, titles in tabs:
        ws = wb.create_sheet(name)
        for line in titles:
            ws.append([line])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        if titles:
            ws.append([])
        ws.append(header)
        hr = ws.max_row
        for c in range(1, len(header) + 1):
            cell = ws.cell(hr, c)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(c)].width = max(12, min(40, len(str(header[c - 1])) + 4))
        for row in rows:
            ws.append(list(row))
            for c, value in enumerate(row, start=1):
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.cell(ws.max_row, c).number_format = "dd/mm/yyyy"
        ws.freeze_panes = ws.cell(hr + 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def titles(school: SchoolSpec, what: str) -> list[str]:
    return ["PHÒNG GD&ĐT QUẬN LONG BIÊN", school.name.upper(), f"{what} — NĂM HỌC 2016-2017"]


# ----------------------------------------------------------------------------- per sheet


def devices(s: SchoolSpec) -> tuple[list[list[Any]], list[str], list[str]]:
    """Inventory rows, and the codes of computers in labs (for the software matrix)."""
    rows: list[list[Any]] = []
    lab_codes: list[str] = []
    prefix = {
        "Phòng Tin học": "TH",
        "Phòng Tin học 1": "TH1",
        "Phòng Ngoại ngữ": "NN",
        "Phòng Robotics": "RB",
    }
    admin = {
        "Phòng Hiệu trưởng": "HT",
        "Phòng Phó hiệu trưởng": "PHT",
        "Phòng Kế toán": "KT",
        "Phòng Văn thư": "VT",
        "Phòng Y tế": "YT",
        "Phòng Thư viện": "TV",
        "Phòng Đoàn đội": "DD",
        "Phòng Thiết bị đồ dùng": "TB",
    }
    for room, n in s.rooms:
        code = prefix.get(room) or admin.get(room) or room.split()[-1][:3].upper()
        for i in range(1, n + 1):
            c = f"{code}-{i:02d}"
            status = "Hoạt động tốt"
            antivirus = "x" if room in admin or room == "Phòng Đa năng" else ""
            if s.id == "thcs-ai-mo" and c == "TH1-07":
                status = "Hỏng"
            if s.id == "mn-phuc-dong" and c == "KT-01":
                antivirus = ""
            rows.append([c, "Máy tính", f"Dell Optiplex 30{i % 10}0", room, status, antivirus, 2015])
            if room in prefix and room != "Phòng Robotics":
                lab_codes.append((c, room))  # type: ignore[arg-type]
        if room not in admin:
            rows.append([f"MC-{code}", "Máy chiếu", "Panasonic PT-LB", room, "Tốt", "", 2014])
    for j, cls in enumerate(s.classrooms, start=1):
        rows.append([f"MC-L{j:02d}", "Máy chiếu", "Sony VPL", cls, "Hoạt động tốt", "", 2015])
        rows.append([f"BTT-{j:02d}", "Bảng tương tác", "Promethean", cls, "Hoạt động tốt", "", 2016])
    names = [r for r, _ in s.rooms]
    office = next(r for r in ("Phòng Văn thư", "Phòng Kế toán", "Phòng Hiệu trưởng") if r in names)
    rows.append(["SV-01", "Máy chủ", "Dell PowerEdge", office, "Hoạt động tốt", "x", 2014])
    rows.append(["INT-01", "Đường truyền internet", "FPT 40Mbps", office, "Hoạt động tốt", "", 2016])
    rows.append(["INT-02", "Đường truyền internet", "Viettel 30Mbps", office, "Hoạt động tốt", "", 2016])
    for k, place in enumerate(["Tầng 1", "Tầng 2", "Tầng 3"], start=1):
        rows.append(
            [
                f"AP-{k:02d}",
                "Bộ phát wifi",
                "TP-Link EAP",
                f"Hành lang {place.lower()}",
                "Hoạt động tốt",
                "",
                2016,
            ]
        )
    for k, place in enumerate(["Cổng trường", "Sân trường", "Sân chơi", "Hành lang tầng 2"], start=1):
        status = "Hỏng" if (s.id == "mn-hoa-sua" and k == 3) else "Hoạt động tốt"
        rows.append([f"CAM-{k:02d}", "Camera", "Hikvision", place, status, "", 2016])
    rows.append(
        [
            "LOA-01",
            "Âm thanh",
            "Loa kéo Temeisheng",
            "Phòng Đa năng" if any(r == "Phòng Đa năng" for r, _ in s.rooms) else "Phòng Hiệu trưởng",
            "Hoạt động tốt",
            "",
            2016,
        ]
    )
    rows = [[i, *r] for i, r in enumerate(rows, start=1)]
    return rows, [c for c, _ in lab_codes], [r for _, r in lab_codes]  # type: ignore[misc]


SOFTWARE_COMMON = [
    "Quản lý tài chính kế toán",
    "Quản lý tài sản công",
    "Quản lý nhân sự (PMIS)",
    "Netop School",
    "Phổ cập giáo dục",
    "EMIS",
]
SOFTWARE_TH_THCS = ["Quản lý học sinh", "Hệ thống quản lý thư viện"]


def software_checklist(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    names = SOFTWARE_COMMON + (SOFTWARE_TH_THCS if s.level != "MN" else [])
    rows = []
    for name in names:
        updated = AS_OF - dt.timedelta(days=rng.randint(1, 20))
        if s.id == "mn-phuc-dong" and name.startswith("Quản lý tài chính"):
            updated = dt.date(2016, 12, 10)
        rows.append([name, "Có", updated, rng.choice(["Nguyễn Thị Hà", "Trần Văn Nam", "Lê Thu Trang"]), ""])
    rows.append(
        [
            "TKB 10.0",
            "Có" if s.pilot else "Không",
            AS_OF - dt.timedelta(days=40),
            "Phạm Minh Tuấn",
            "bản miễn phí",
        ]
    )
    rows.append(["Violet 9.0", "Có", AS_OF - dt.timedelta(days=12), "Phạm Minh Tuấn", ""])
    rows.append(
        [
            "Thư viện online",
            "Có" if s.pilot else "Không",
            AS_OF - dt.timedelta(days=25),
            "Đỗ Thị Lan",
            "",
        ]
    )
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def installed_matrix(s: SchoolSpec, codes: list[str], rooms: list[str]) -> tuple[list[str], list[list[Any]]]:
    header = ["STT", "Mã máy", "Phòng", "Netop School", "Violet", "MS Office", "BKAV"]
    if s.level == "MN":
        header.insert(4, "KidsMart")
    rows = []
    for i, (code, room) in enumerate(zip(codes, rooms, strict=True), start=1):
        netop = "" if (s.id == "thcs-ai-mo" and code == "NN-03") else "x"
        row: list[Any] = [i, code, room, netop]
        if s.level == "MN":
            kids = "" if (s.id == "mn-phuc-dong" and code == "TH-05") else "x"
            row.append(kids if room == "Phòng Tin học" else "")
        row += ["x", "x", "x"]
        rows.append(row)
    return header, rows


def usage_log(s: SchoolSpec, rng: random.Random) -> tuple[list[tuple[str, list[list[Any]]]], list[tuple[str, dt.date]]]:
    """One tab per special room, one for all ordinary classrooms. Returns tabs and (room, month) seen."""
    teachers = [
        "Nguyễn Thị Mai",
        "Trần Thu Hương",
        "Lê Văn Dũng",
        "Phạm Thị Hồng",
        "Vũ Thanh Hà",
        "Đặng Quốc Bảo",
    ]
    subjects = {
        "MN": [
            "Làm quen với Tin học",
            "Tiếng Anh",
            "Âm nhạc",
            "Khám phá khoa học",
            "Làm quen chữ cái",
        ],
        "TH": [
            "Tin học",
            "Tiếng Anh",
            "Toán",
            "Tiếng Việt",
            "Âm nhạc",
            "Mỹ thuật",
            "Tự nhiên và Xã hội",
        ],
        "THCS": [
            "Tin học",
            "Tiếng Anh",
            "Toán",
            "Ngữ văn",
            "Vật lí",
            "Hóa học",
            "Sinh học",
            "Lịch sử",
        ],
    }[s.level]
    days = school_days()
    teaching = [
        r
        for r, _ in s.rooms
        if r.startswith(("Phòng Tin", "Phòng Ngoại", "Phòng Đa", "Phòng Âm", "Phòng Mỹ", "Phòng bộ môn"))
    ]
    support = [
        r for r, _ in s.rooms if r in ("Phòng Thư viện", "Phòng Đoàn đội", "Phòng Thiết bị đồ dùng", "Phòng Y tế")
    ]
    tabs: list[tuple[str, list[list[Any]]]] = []
    for room in teaching + support:
        rows = []
        per_week = 1 if room in support else 3
        for d in days:
            if rng.random() < per_week / 5:
                subj = "Tin học" if "Tin" in room else ("Tiếng Anh" if "Ngoại" in room else rng.choice(subjects))
                if room in support:
                    subj = "Sinh hoạt/khai thác thiết bị"
                used = "x"
                rows.append(
                    [
                        d,
                        rng.randint(1, 5),
                        f"{rng.randint(6, 9) if s.level == 'THCS' else rng.randint(1, 5)}A{rng.randint(1, 3)}"
                        if s.level != "MN"
                        else rng.choice(s.classrooms).replace("Lớp ", ""),
                        rng.choice(teachers),
                        subj,
                        room,
                        used,
                        "Máy tính, máy chiếu",
                        "PowerPoint",
                    ]
                )
        # make sure every month has at least one row
        for m in months():
            if not any(r[0].month == m.month and r[0].year == m.year for r in rows):
                first = next(d for d in days if d.month == m.month and d.year == m.year)
                rows.append([first, 1, "", rng.choice(teachers), subjects[0], room, "x", "Máy tính", ""])
        rows.sort(key=lambda r: r[0])
        tab = room.replace("Phòng ", "P. ")[:31]
        tabs.append((tab, [[i, *r] for i, r in enumerate(rows, start=1)]))
    # ordinary classrooms, all in one tab
    rows = []
    for d in days:
        for cls in s.classrooms:
            if rng.random() < 0.5:
                continue
            used = "x"
            if s.id == "th-do-thi-viet-hung" and cls == "Lớp 4A" and d.month == 10:
                used = "x" if rng.random() < 0.7 else ""
            elif rng.random() < 0.03:
                used = ""
            rows.append(
                [
                    d,
                    rng.randint(1, 5),
                    cls.replace("Lớp ", ""),
                    rng.choice(teachers),
                    rng.choice(subjects),
                    cls,
                    used,
                    "Máy chiếu, bảng tương tác" if used else "",
                    "Bài giảng điện tử" if used else "",
                ]
            )
    if s.id == "thcs-do-thi-viet-hung":
        rows.insert(40, ["31/11/2016", 2, "8A", "Lê Văn Dũng", "Toán", "Lớp 8A", "x", "Máy chiếu", ""])
    tabs.append(("Phòng học thường", [[i, *r] for i, r in enumerate(rows, start=1)]))
    seen = [(room, m) for room in teaching + support + s.classrooms for m in months()]
    return tabs, seen


def fix_classroom_rates(tab_rows: list[list[Any]], s: SchoolSpec) -> list[list[Any]]:
    """Keep ordinary classrooms at ≥ 90% per month except the planted defect."""
    by_key: dict[tuple[str, int, int], list[list[Any]]] = {}
    for r in tab_rows:
        if isinstance(r[1], dt.date):
            by_key.setdefault((r[6], r[1].year, r[1].month), []).append(r)
    for (cls, _y, month), rows in by_key.items():
        planted = s.id == "th-do-thi-viet-hung" and cls == "Lớp 4A" and month == 10
        used = sum(1 for r in rows if r[7] == "x")
        if planted:
            # exactly about 80%
            target = int(len(rows) * 0.8)
            for r in rows:
                r[7] = "x" if target > 0 else ""
                target -= 1
            continue
        for r in rows:
            if used / len(rows) >= 0.9:
                break
            if r[7] != "x":
                r[7] = "x"
                used += 1
    return tab_rows


def evaluations(s: SchoolSpec, rooms: Iterable[str], rng: random.Random) -> list[list[Any]]:
    rows = []
    for m in months():
        for room in rooms:
            if s.id == "th-do-thi-viet-hung" and room == "Phòng Thư viện" and m.month == 11:
                continue
            rows.append(
                [
                    f"{m.month:02d}/{m.year}",
                    room,
                    rng.choice(
                        [
                            "Thiết bị hoạt động tốt, khai thác hiệu quả",
                            "Sử dụng thường xuyên, hiệu quả",
                            "Đảm bảo phục vụ giảng dạy",
                        ]
                    ),
                    rng.choice(["Tốt", "Khá"]),
                    "Phó hiệu trưởng",
                ]
            )
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def maintenance(s: SchoolSpec, rooms: Iterable[str], rng: random.Random) -> list[list[Any]]:
    rows = []
    for room in rooms:
        date = dt.date(2016, rng.choice([8, 10, 11, 12]), rng.randint(1, 28))
        if s.id == "thcs-ai-mo" and room == "Phòng bộ môn Hóa":
            date = dt.date(2016, 3, 15)
        rows.append(
            [
                date,
                room,
                "Toàn bộ thiết bị CNTT",
                "Vệ sinh, kiểm tra, cập nhật phần mềm",
                "Công ty Hoàng Long",
            ]
        )
    rows.sort(key=lambda r: r[0])
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def posts(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    rows: list[tuple[dt.datetime, str, str, int, int | str]] = []

    def add(day: dt.date, title: str, category: str, pictures: int = 0, width: int | str = "") -> None:
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
        rows.append((at, title, category, pictures, width if pictures else ""))

    # weekly schedule: the Monday of every due week (Friday before for some)
    for week in CALENDAR.periods("week", AS_OF, due="start"):
        monday = week.start - dt.timedelta(days=week.start.weekday())
        if s.id == "thcs-do-thi-viet-hung" and monday == dt.date(2016, 10, 17):
            continue
        day = monday
        if s.id == "thcs-do-thi-viet-hung" and monday == dt.date(2016, 11, 14):
            day = monday + dt.timedelta(days=2)
        elif rng.random() < 0.3:
            day = monday - dt.timedelta(days=3)
        add(
            day,
            f"Lịch công tác tuần từ {monday:%d/%m} đến {monday + dt.timedelta(days=5):%d/%m/%Y}",
            "Lịch công tác",
        )
    disclosure = dt.date(2016, 9, 20) if s.id == "thcs-do-thi-viet-hung" else dt.date(2016, 9, rng.randint(6, 14))
    add(disclosure, "Thực hiện ba công khai năm học 2016-2017", "Ba công khai")
    add(dt.date(2016, 9, 8), "Thời khóa biểu học kỳ I năm học 2016-2017", "Thời khóa biểu")
    topics = {
        "Chuyên môn": [
            "Chuyên đề đổi mới phương pháp dạy học",
            "Hội giảng chào mừng 20/11",
            "Sinh hoạt chuyên môn tổ",
        ],
        "Đoàn thể": ["Công đoàn tổ chức hội thao", "Liên đội ra quân", "Hội nghị cán bộ công chức"],
        "Hoạt động của trường": [
            "Lễ khai giảng năm học mới",
            "Vui Tết Trung thu",
            "Ngày hội đến trường",
        ],
        "Tin khác": ["Tuyên truyền an toàn giao thông"],
        "Thông báo": ["Thông báo nghỉ học do thời tiết", "Thông báo trang phục mùa đông"],
    }
    minimum = {
        "Chuyên môn": 2,
        "Đoàn thể": 1,
        "Hoạt động của trường": 2,
        "Tin khác": 1,
        "Thông báo": 0,
    }
    for m in months():
        days = [d for d in school_days() if d.month == m.month and d.year == m.year]
        for cat, n in minimum.items():
            count = n + (1 if rng.random() < 0.4 else 0)
            if cat == "Tin khác" and m.month % 2 == 0:
                count = 0
            if s.id == "mn-hoa-sua" and cat == "Chuyên môn" and m.month == 10:
                count = 1
            for _ in range(count):
                pics = rng.randint(1, 6)
                width: int | str = 500
                if (
                    s.id == "th-ai-mo-a"
                    and cat == "Hoạt động của trường"
                    and m.month == 11
                    and not any(r[4] == 800 for r in rows)
                ):
                    width = 800
                add(rng.choice(days), rng.choice(topics[cat]), cat, pics, width)
    rows.sort()
    return [
        [f"{at:%H:%M:%S %d/%m/%Y}", title, cat, pics, width, rng.choice(["admin", "Quản trị viên"])]
        for at, title, cat, pics, width in rows
    ]


def sessions(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    rows = []
    for m in months():
        if s.id == "th-do-thi-viet-hung" and m.month == 12:
            continue
        day = next(d for d in school_days() if d.month == m.month and d.year == m.year and d.weekday() == 3)
        rows.append(
            [
                day,
                rng.choice(["Khai thác bảng tương tác", "Sử dụng kho học liệu", "Vận hành phòng máy"]),
                "Trường",
                "Tổ chuyên môn",
                1,
                12,
                1,
                "Đã rút kinh nghiệm, thống nhất quy trình",
            ]
        )
    for day, host in ((dt.date(2016, 11, 17), "Cụm"), (dt.date(2016, 12, 15), "Cụm")):
        rows.append([day, "Chuyên đề cấp quận về khai thác thiết bị", "Quận", host, 1, 1, 1, ""])
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def checklist(s: SchoolSpec) -> list[list[Any]]:
    link = f"https://drive.google.com/drive/folders/{s.id}"
    return [
        ["CL-INTERNET-BACKUP", "Có phương án dự phòng khi đường truyền gặp sự cố", "Đạt", link],
        ["CL-WIFI-COVERAGE", "Wifi phủ sóng toàn trường", "Đạt", link],
        ["CL-ROLES", "Quyết định phân công nhiệm vụ CNTT", "Đạt", link],
        ["CL-REWARDS", "Quy chế khen thưởng cá nhân đóng góp ứng dụng CNTT", "Đạt", link],
    ]


def software_issues(s: SchoolSpec) -> list[list[Any]]:
    return [
        [1, dt.date(2016, 10, 3), "EMIS", "Không đăng nhập được", "Liên hệ Phòng GD, đổi mật khẩu"],
        [
            2,
            dt.date(2016, 11, 21),
            "Quản lý tài sản công",
            "Lỗi khi xuất báo cáo",
            "Cập nhật phiên bản mới",
        ],
    ]


# ----------------------------------------------------------------------------- write


def build(out: Path) -> None:
    if out.exists():
        for child in out.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            elif child.suffix in (".yaml", ".md"):
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    roster = {"district": "Phòng GD&ĐT quận Long Biên", "schools": []}
    for s in _schools():
        rng = random.Random(f"{s.id}-2016")
        folder = out / s.id
        roster["schools"].append(  # type: ignore[attr-defined]
            {
                "id": s.id,
                "name": s.name,
                "level": s.level,
                "pilot": s.pilot,
                "clc": s.clc,
                "email": s.email,
                "folder": s.id,
            }
        )
        dev_rows, lab_codes, lab_rooms = devices(s)
        write_xlsx(
            folder / "Danh muc thiet bi CNTT.xlsx",
            [
                (
                    "Thiết bị",
                    [
                        "STT",
                        "Mã thiết bị",
                        "Loại thiết bị",
                        "Tên thiết bị",
                        "Phòng",
                        "Tình trạng",
                        "Phần mềm diệt virus/bảo mật",
                        "Năm đưa vào sử dụng",
                    ],
                    dev_rows,
                    titles(s, "DANH MỤC THIẾT BỊ CNTT"),
                )
            ],
        )

        matrix_header, matrix_rows = installed_matrix(s, lab_codes, lab_rooms)
        sw_tabs = [
            (
                "Danh mục phần mềm",
                [
                    "STT",
                    "Phần mềm",
                    "Đang sử dụng",
                    "Cập nhật lần cuối",
                    "Người phụ trách",
                    "Ghi chú",
                ],
                software_checklist(s, rng),
                titles(s, "DANH MỤC PHẦN MỀM QUẢN LÝ"),
            ),
            (
                "Phần mềm cài trên máy",
                matrix_header,
                matrix_rows,
                titles(s, "PHẦN MỀM CÀI ĐẶT TRÊN MÁY TÍNH"),
            ),
        ]
        if s.id != "mn-phuc-dong":
            sw_tabs.append(
                (
                    "Nhật ký sự cố",
                    ["STT", "Ngày", "Phần mềm", "Vướng mắc", "Cách khắc phục"],
                    software_issues(s),
                    [],
                )
            )
        if s.id == "th-ai-mo-a":
            sw_tabs.append(
                (
                    "Ghi chú",
                    ["Ghi chú của tổ CNTT", "Người ghi"],
                    [["Cần bổ sung máy chiếu cho phòng 5A1", "Tổ CNTT"]],
                    [],
                )
            )
        write_xlsx(folder / "Phan mem.xlsx", sw_tabs)

        tabs, _ = usage_log(s, rng)
        usage_header = [
            "STT",
            "Ngày",
            "Tiết",
            "Lớp",
            "Giáo viên",
            "Môn học",
            "Phòng",
            "Sử dụng CNTT",
            "Thiết bị sử dụng",
            "Phần mềm sử dụng",
        ]
        if s.id == "mn-hoa-sua":
            # typed without diacritics, as some schools do
            usage_header = [
                "STT",
                "Ngay",
                "Tiet",
                "Lop",
                "Giao vien",
                "Mon hoc",
                "Phong",
                "Su dung CNTT",
                "Thiet bi su dung",
                "Phan mem su dung",
            ]
        xl_tabs = []
        for name, rows in tabs:
            if name == "Phòng học thường":
                rows = fix_classroom_rates(rows, s)
            xl_tabs.append(
                (
                    name,
                    usage_header,
                    rows,
                    titles(s, f"NHẬT KÝ SỬ DỤNG THIẾT BỊ CNTT — {name.upper()}"),
                )
            )
        logged_rooms = [
            r
            for r, _ in s.rooms
            if r.startswith(("Phòng Tin", "Phòng Ngoại", "Phòng Đa", "Phòng Âm", "Phòng Mỹ", "Phòng bộ môn"))
            or r in ("Phòng Thư viện", "Phòng Đoàn đội", "Phòng Thiết bị đồ dùng", "Phòng Y tế")
        ] + s.classrooms
        xl_tabs.append(
            (
                "Đánh giá tháng",
                ["STT", "Tháng", "Phòng", "Đánh giá hiệu quả", "Xếp loại", "Người đánh giá"],
                evaluations(s, logged_rooms, rng),
                titles(s, "ĐÁNH GIÁ HIỆU QUẢ THIẾT BỊ CNTT HẰNG THÁNG"),
            )
        )
        write_xlsx(folder / "Nhat ky su dung thiet bi.xlsx", xl_tabs)

        maint_rooms = list(dict.fromkeys(row[4] for row in dev_rows))  # every room that has devices
        write_xlsx(
            folder / "Nhat ky bao tri.xlsx",
            [
                (
                    "Bảo trì",
                    [
                        "STT",
                        "Ngày bảo trì",
                        "Phòng",
                        "Thiết bị",
                        "Nội dung bảo trì",
                        "Người thực hiện",
                    ],
                    maintenance(s, maint_rooms, rng),
                    titles(s, "NHẬT KÝ BẢO TRÌ THIẾT BỊ CNTT"),
                )
            ],
        )

        with (folder / "Thong ke tin bai.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    "Ngày đăng",
                    "Tiêu đề",
                    "Chuyên mục",
                    "Số ảnh",
                    "Chiều rộng ảnh (px)",
                    "Người đăng",
                ]
            )
            writer.writerows(posts(s, rng))

        if s.pilot:
            write_xlsx(
                folder / "Chuyen de.xlsx",
                [
                    (
                        "Chuyên đề",
                        [
                            "STT",
                            "Ngày",
                            "Tên chuyên đề",
                            "Cấp",
                            "Đơn vị tổ chức",
                            "Số HT dự",
                            "Số GV dự",
                            "Số CB CNTT dự",
                            "Rút kinh nghiệm",
                        ],
                        sessions(s, rng),
                        titles(s, "SỔ THEO DÕI CHUYÊN ĐỀ"),
                    )
                ],
            )
        write_xlsx(
            folder / "Tu kiem tra.xlsx",
            [("Tự kiểm tra", ["Mã tiêu chí", "Nội dung", "Đạt", "Minh chứng"], checklist(s), [])],
        )

    (out / "roster.yaml").write_text(
        "# Danh sách trường của quận (mẫu). Sinh bởi scripts/make_sample_sheets.py — không sửa tay.\n"
        + yaml.safe_dump(roster, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    write_readme(out)


def write_readme(out: Path) -> None:
    lines = [
        "# sample_sheets: a small Long Biên district",
        "",
        "Generated by `python scripts/make_sample_sheets.py` (deterministic; do not edit by hand).",
        "Six schools, semester I of 2016-2017 (05/09/2016 - 31/01/2017, no lessons over Tết 26/01-02/02/2017).",
        "Audit them as of the end of January 2017:",
        "`elschool-audit audit district --source sample_sheets --month 2017-01`.",
        "",
        "| school | level | model | notes |",
        "|---|---|---|---|",
    ]
    for s in _schools():
        notes = "CLC (robotics room)" if s.clc else ""
        lines.append(f"| `{s.id}` {s.name} | {s.level} | {'full (pilot)' if s.pilot else 'partial'} | {notes} |")
    lines += [
        "",
        "## Planted defects",
        "",
        "Each row is a deliberate defect and the rule it must trip. The test suite",
        "(`tests/test_sample_district.py`) checks that an audit fails exactly these rules.",
        "",
        "| school | rule | defect | where |",
        "|---|---|---|---|",
    ]
    for d in DEFECTS:
        lines.append(f"| `{d.school}` | {d.rule} | {d.what} | {d.where} |")
    lines += ["", "## Planted data problems", "", "| school | problem |", "|---|---|"]
    for school, problems in DATA_PROBLEMS.items():
        for p in problems:
            lines.append(f"| `{school}` | {p} |")
    lines += [
        "",
        'Also on purpose: `mn-hoa-sua` types its usage-log headers without diacritics ("Ngay", "Su dung CNTT"),',
        'usage logs keep one tab per room, the software matrix has one column per program ("x" = installed),',
        "the portal export is CSV with `HH:MM:SS dd/mm/yyyy` dates, and every tab has title rows above its header.",
        "",
    ]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "sample_sheets")
    args = parser.parse_args()
    build(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
