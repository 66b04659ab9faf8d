"""The ``year`` volume: N synthetic Long Biên schools, a full school year, realistic volumes.

    python benchmarks/synth.py [--schools 70] [--seed synth-v2] [--out benchmarks/data]

Each school gets the files of the sample district (:mod:`synthdistrict.kinds`: same file names,
tab names, Vietnamese headers and title rows), but for the whole school year 2016-17
(05/09/2016 - 31/05/2017) and at the size of a real school:

* THCS: 40 rooms (18 special rooms + 22 classrooms), ~30,000 usage-log rows, ~150 portal posts;
* TH: 31 rooms, ~20,000 usage-log rows; MN: 17 rooms, ~6,000 usage-log rows.

The volume is the number of schools: the roster interleaves the levels (about 25 MN : 25 TH :
20 THCS) so that its first N schools have the district's mix; school *k* depends only on its index
and the seed, so a district of 140 schools contains the district of 70.

Files are written with openpyxl's write-only mode and cached under ``benchmarks/data/``: a school
whose folder carries the ``.complete`` marker of this generator version is not written again.
Benchmark results are only comparable on the same data: change anything that changes a cell and
``VERSION`` must change with it.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from synthdistrict import kinds
from synthdistrict.kinds import FAMILY
from synthdistrict.schoolyear import TET, SchoolYear
from synthdistrict.workbook import Row, Tab, numbered, write_roster, write_xlsx

VERSION = "v2"
SEED = f"synth-{VERSION}"
"""The default seed: the data every published benchmark result of this VERSION ran on."""
DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
YEAR_START = dt.date(2016, 9, 5)
YEAR_END = dt.date(2017, 5, 31)
AS_OF = YEAR_END
HOLIDAYS = {dt.date(2017, 1, 2), dt.date(2017, 4, 6), dt.date(2017, 5, 1), dt.date(2017, 5, 2)}
YEAR = SchoolYear(YEAR_START, YEAR_END, frozenset(HOLIDAYS), (TET,))
MIX = (("MN", 25), ("TH", 25), ("THCS", 20))
"""Levels and their weights in the default 70-school district."""

LEVEL_NAME = {"MN": "Mầm non", "TH": "Tiểu học", "THCS": "THCS"}
WARDS = [
    "Phúc Đồng",
    "Gia Thụy",
    "Ngọc Lâm",
    "Bồ Đề",
    "Long Biên",
    "Thạch Bàn",
    "Cự Khối",
    "Phúc Lợi",
    "Sài Đồng",
    "Việt Hưng",
    "Đức Giang",
    "Giang Biên",
    "Thượng Thanh",
    "Ngọc Thụy",
    "Ái Mộ",
    "Đô thị Việt Hưng",
    "Hoa Sữa",
    "Hoa Mai",
    "Sơn Ca",
    "Vũ Xuân Thiều",
]

# Special rooms per level: (room, computers). Classrooms are added on top (MN 8, TH 18, THCS 22).
SPECIAL_ROOMS: dict[str, list[tuple[str, int]]] = {
    "MN": [
        ("Phòng Tin học", 10),
        ("Phòng Ngoại ngữ", 1),
        ("Phòng Đa năng", 1),
        ("Phòng Âm nhạc", 0),
        ("Phòng Hiệu trưởng", 1),
        ("Phòng Phó hiệu trưởng", 2),
        ("Phòng Kế toán", 1),
        ("Phòng Văn thư", 1),
        ("Phòng Y tế", 1),
    ],
    "TH": [
        ("Phòng Tin học", 25),
        ("Phòng Ngoại ngữ", 20),
        ("Phòng Đa năng", 1),
        ("Phòng Âm nhạc", 0),
        ("Phòng Mỹ thuật", 0),
        ("Phòng Hiệu trưởng", 1),
        ("Phòng Phó hiệu trưởng", 2),
        ("Phòng Kế toán", 1),
        ("Phòng Văn thư", 1),
        ("Phòng Y tế", 1),
        ("Phòng Thư viện", 2),
        ("Phòng Thiết bị đồ dùng", 1),
        ("Phòng Đoàn đội", 1),
    ],
    "THCS": [
        ("Phòng Tin học 1", 25),
        ("Phòng Tin học 2", 25),
        ("Phòng Ngoại ngữ", 25),
        ("Phòng Đa năng", 1),
        ("Phòng Âm nhạc", 0),
        ("Phòng Mỹ thuật", 0),
        ("Phòng bộ môn Lý", 1),
        ("Phòng bộ môn Hóa", 1),
        ("Phòng bộ môn Sinh", 1),
        ("Phòng bộ môn Công nghệ", 1),
        ("Phòng Hiệu trưởng", 1),
        ("Phòng Phó hiệu trưởng", 2),
        ("Phòng Kế toán", 1),
        ("Phòng Văn thư", 1),
        ("Phòng Y tế", 1),
        ("Phòng Thư viện", 2),
        ("Phòng Thiết bị đồ dùng", 1),
        ("Phòng Đoàn đội", 1),
    ],
}
CLASSROOMS = {"MN": 8, "TH": 18, "THCS": 22}
PERIODS_PER_DAY = {"MN": 3, "TH": 5, "THCS": 6}
"""Logged lessons per classroom per school day (MN: activities)."""
ADMIN_ROOMS = {"Phòng Hiệu trưởng", "Phòng Phó hiệu trưởng", "Phòng Kế toán", "Phòng Văn thư", "Phòng Y tế"}
SUPPORT_ROOMS = {"Phòng Thư viện", "Phòng Thiết bị đồ dùng", "Phòng Đoàn đội"}
LAB_PREFIXES = ("Phòng Tin học", "Phòng Ngoại ngữ")
SUBJECTS = {
    "MN": ["Làm quen với Toán", "Làm quen chữ cái", "Khám phá khoa học", "Tạo hình", "Âm nhạc", "Tiếng Anh"],
    "TH": ["Toán", "Tiếng Việt", "Tự nhiên và Xã hội", "Khoa học", "Âm nhạc", "Mỹ thuật", "Đạo đức", "Tiếng Anh"],
    "THCS": ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí", "GDCD"],
}
MIDDLE = ["Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Văn", "Đức", "Quang"]
GIVEN = ["Hà", "Lan", "Hương", "Mai", "Trang", "Hoa", "Linh", "Thảo", "Dũng", "Nam", "Tuấn", "Hải", "Sơn"]
V2_TITLES = {
    kinds.LEGAL.tab: "VĂN BẢN PHÁP QUY CỦA NGÀNH",
    kinds.BOARD.tab: "BAN GIÁM HIỆU",
    kinds.TRAINING.tab: "TẬP HUẤN KHAI THÁC TRANG WEB",
}
"""Where v2 titles differ from the sample's (kinds): kept so that v2 data stays identical."""


@dataclass(frozen=True)
class SynthSchool:
    index: int
    id: str
    name: str
    level: str
    pilot: bool

    @property
    def rooms(self) -> list[tuple[str, int]]:
        return SPECIAL_ROOMS[self.level]

    @property
    def classrooms(self) -> list[str]:
        n = CLASSROOMS[self.level]
        if self.level == "MN":
            groups = ["Mẫu giáo lớn", "Mẫu giáo nhỡ", "Mẫu giáo bé", "Nhà trẻ"]
            return [f"Lớp {groups[i % 4]} {chr(65 + i // 4)}{i % 4 + 1}" for i in range(n)]
        grades = range(1, 6) if self.level == "TH" else range(6, 10)
        per_grade = -(-n // len(grades))
        names = [f"Lớp {g}A{k}" for g in grades for k in range(1, per_grade + 1)]
        return names[:n]


def level_sequence(n: int) -> list[str]:
    """The first ``n`` levels of the roster: interleaved so that every prefix keeps the mix."""
    total = sum(w for _, w in MIX)
    counts = {lvl: 0 for lvl, _ in MIX}
    out: list[str] = []
    for k in range(1, n + 1):
        # the level furthest behind its share of the first k schools
        lvl = max(MIX, key=lambda m: m[1] * k / total - counts[m[0]])[0]
        counts[lvl] += 1
        out.append(lvl)
    return out


def schools(n: int) -> list[SynthSchool]:
    out: list[SynthSchool] = []
    seen: dict[str, int] = {}
    for index, level in enumerate(level_sequence(n)):
        nth = seen.get(level, 0)
        seen[level] = nth + 1
        ward = WARDS[nth % len(WARDS)]
        suffix = "" if nth < len(WARDS) else f" {nth // len(WARDS) + 1}"
        out.append(
            SynthSchool(
                index=index,
                id=f"{level.lower()}-{nth + 1:03d}",
                name=f"Trường {LEVEL_NAME[level]} {ward}{suffix}",
                level=level,
                pilot=index % 3 == 0,
            )
        )
    return out


# ----------------------------------------------------------------------------- calendar

DAYS = YEAR.days
MONTHS = YEAR.months
DAYS_BY_MONTH = {(m.year, m.month): YEAR.days_of(m) for m in MONTHS}


def titles(s: SynthSchool, what: str) -> list[str]:
    return kinds.titles(s.name, V2_TITLES.get(what, what))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# ----------------------------------------------------------------------------- sheets


def room_code(room: str) -> str:
    words = [w for w in room.replace("Phòng ", "").split() if w not in ("bộ", "môn")]
    return "".join(w[0] for w in words).upper() + (room[-1] if room[-1].isdigit() else "")


def devices(s: SynthSchool) -> tuple[list[Row], list[tuple[str, str]]]:
    """Inventory rows and the (device code, room) pairs of computers and boards."""
    rows: list[Row] = []
    machines: list[tuple[str, str]] = []
    for room, n in s.rooms:
        code = room_code(room)
        area = "Nhà A" if room in ADMIN_ROOMS else "Nhà B"
        for i in range(1, n + 1):
            c = f"{code}-{i:02d}"
            status = "Hỏng" if (s.index % 7 == 3 and i == 3 and room.startswith(LAB_PREFIXES)) else "Hoạt động tốt"
            rows.append([c, "Máy tính", f"Dell Optiplex 30{i % 10}0", room, area, status, "x", 2015])
            machines.append((c, room))
        if room not in ADMIN_ROOMS:
            rows.append([f"MC-{code}", "Máy chiếu", "Panasonic PT-LB", room, area, "Tốt", "", 2014])
    for j, cls in enumerate(s.classrooms, start=1):
        rows.append([f"MC-L{j:02d}", "Máy chiếu", "Sony VPL", cls, "Nhà C", "Hoạt động tốt", "", 2015])
        rows.append([f"BTT-{j:02d}", "Bảng tương tác", "Promethean", cls, "Nhà C", "Hoạt động tốt", "", 2016])
        machines.append((f"BTT-{j:02d}", cls))
    rows.append(["SV-01", "Máy chủ", "Dell PowerEdge", "Phòng Văn thư", "Nhà A", "Hoạt động tốt", "x", 2014])
    rows.append(["INT-01", "Đường truyền internet", "FPT 40Mbps", "Phòng Văn thư", "Nhà A", "Hoạt động tốt", "", 2016])
    rows.append(["INT-02", "Đường truyền internet", "Viettel 30Mbps", "Phòng Văn thư", "Nhà A", "Tốt", "", 2016])
    for k, building in enumerate(["Nhà A", "Nhà B", "Nhà C"], start=1):
        rows.append([f"AP-{k:02d}", "Bộ phát wifi", "TP-Link EAP", f"Hành lang {building}", building, "Tốt", "", 2016])
    for k, place in enumerate(["Cổng trường", "Sân trường", "Hành lang tầng 1", "Hành lang tầng 2"], start=1):
        rows.append([f"CAM-{k:02d}", "Camera", "Hikvision", place, "", "Hoạt động tốt", "", 2016])
    rows.append(["LOA-01", "Âm thanh", "Loa kéo", "Phòng Đa năng", "Nhà B", "Hoạt động tốt", "", 2016])
    return rows, machines


def software_checklist(s: SynthSchool, rng: random.Random) -> list[Row]:
    names = kinds.SOFTWARE_COMMON + (kinds.SOFTWARE_TH_THCS if s.level != "MN" else [])
    rows: list[Row] = [[n, "Có", AS_OF - dt.timedelta(days=rng.randint(1, 25)), person(rng), ""] for n in names]
    rows.append(["TKB 10.0", "Có" if s.pilot else "Không", AS_OF - dt.timedelta(days=40), person(rng), ""])
    rows.append(["Violet 9.0", "Có", AS_OF - dt.timedelta(days=12), person(rng), ""])
    return rows


def installed_matrix(s: SynthSchool, machines: list[tuple[str, str]]) -> tuple[list[str], list[Row]]:
    header = ["STT", "Mã máy", "Phòng", "Netop School"]
    header += {"MN": ["KidsMart"], "TH": [], "THCS": ["Crocodile"]}[s.level]
    header += ["ActivInspire", "Violet", "MS Office", "BKAV"]
    rows: list[Row] = []
    for code, room in machines:
        board = code.startswith("BTT")
        cells = {
            "Netop School": "x" if room.startswith(LAB_PREFIXES) else "",
            "KidsMart": "x" if room == "Phòng Tin học" else "",
            "Crocodile": "x" if room.startswith("Phòng bộ môn") else "",
            "ActivInspire": "x" if board else "",
            "Violet": "" if board else "x",
            "MS Office": "" if board else "x",
            "BKAV": "" if board else "x",
        }
        rows.append([code, room, *(cells[h] for h in header[3:])])
    return header, rows


def usage_tabs(s: SynthSchool, rng: random.Random) -> list[tuple[str, list[Row]]]:
    """One tab per special room, one tab for all classrooms (one row per logged lesson)."""
    subjects = SUBJECTS[s.level]
    teachers = [person(rng) for _ in range(30)]
    grades = {"MN": ["A1", "B1", "C1"], "TH": ["1A1", "2A2", "3A1", "4A2", "5A1"], "THCS": ["6A1", "7A2", "8A1", "9A3"]}
    tabs: list[tuple[str, list[Row]]] = []
    for room, _ in s.rooms:
        if room in ADMIN_ROOMS:
            continue
        support = room in SUPPORT_ROOMS
        per_day = 1 if support else (4 if room.startswith(LAB_PREFIXES) else 2)
        rows: list[Row] = []
        for d in DAYS:
            for period in range(1, per_day + 1):
                if rng.random() < 0.25:
                    continue
                subj = "Sinh hoạt/khai thác thiết bị" if support else rng.choice(subjects)
                cls = "" if support else rng.choice(grades[s.level])
                rows.append(
                    [d, period, cls, rng.choice(teachers), subj, room, "x", "Máy tính, máy chiếu", "PowerPoint"]
                )
        tabs.append((kinds.usage_tab(room), rows))
    rows = []
    periods = PERIODS_PER_DAY[s.level]
    for d in DAYS:
        for cls in s.classrooms:
            for period in range(1, periods + 1):
                used = "x" if rng.random() >= 0.04 else ""
                rows.append(
                    [
                        d,
                        period,
                        cls.replace("Lớp ", ""),
                        rng.choice(teachers),
                        rng.choice(subjects),
                        cls,
                        used,
                        "Máy chiếu, bảng tương tác" if used else "",
                        "Bài giảng điện tử" if used else "",
                    ]
                )
    tabs.append((kinds.USAGE_TAB_FOR_CLASSROOMS, rows))
    return tabs


def evaluations(s: SynthSchool, rng: random.Random) -> list[Row]:
    rooms = [r for r, _ in s.rooms if r not in ADMIN_ROOMS] + s.classrooms
    texts = [
        "Thiết bị hoạt động tốt, khai thác hiệu quả",
        "Sử dụng thường xuyên, hiệu quả",
        "Đảm bảo phục vụ giảng dạy",
    ]
    return [
        [f"{m.month:02d}/{m.year}", room, rng.choice(texts), rng.choice(["Tốt", "Khá"]), "Phó hiệu trưởng"]
        for m in MONTHS
        for room in rooms
    ]


def maintenance(s: SynthSchool, rng: random.Random) -> list[Row]:
    rooms = [r for r, _ in s.rooms] + s.classrooms
    rows: list[Row] = []
    for room in rooms:
        for month in (8, 12, 4):
            year = 2016 if month >= 8 else 2017
            rows.append(
                [
                    dt.date(year, month, rng.randint(1, 28)),
                    room,
                    "Toàn bộ thiết bị CNTT",
                    "Vệ sinh, kiểm tra",
                    "Tổ CNTT",
                ]
            )
    rows.sort(key=lambda r: r[0])
    return rows


def posts(s: SynthSchool, rng: random.Random) -> list[Row]:
    """Portal export: ~150 posts a year for a THCS (weekly schedule + monthly categories)."""
    out: list[tuple[dt.datetime, str, str, int, Any]] = []

    def add(day: dt.date, title: str, category: str, pictures: int = 0) -> None:
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
        out.append((at, title, category, pictures, 500 if pictures else ""))

    add(dt.date(2015, 10, 12), f"Giới thiệu chung về {s.name}", "Giới thiệu", 3)
    monday = YEAR_START
    while monday <= YEAR_END:
        add(
            monday if rng.random() > 0.3 else monday - dt.timedelta(days=3), f"Lịch công tác tuần {monday:%d/%m}", "LCT"
        )
        monday += dt.timedelta(days=7)
    add(dt.date(2016, 9, rng.randint(6, 14)), "Thực hiện ba công khai năm học 2016-2017", "Ba công khai")
    add(dt.date(2016, 9, 8), "Thời khóa biểu học kỳ I", "Thời khóa biểu")
    add(dt.date(2017, 1, 16), "Thời khóa biểu học kỳ II", "Thời khóa biểu")
    extra = {"MN": 0, "TH": 1, "THCS": 3}[s.level]
    per_month = {"Chuyên môn": 2 + extra, "Đoàn thể": 1, "Hoạt động của trường": 2 + extra // 2, "Tin khác": 1}
    for m in MONTHS:
        days = DAYS_BY_MONTH[(m.year, m.month)]
        for cat, n in per_month.items():
            for _ in range(n + (1 if rng.random() < 0.4 else 0)):
                add(rng.choice(days), f"{cat}: tin tháng {m.month}/{m.year}", cat, rng.randint(1, 6))
    out.sort()
    return [[f"{at:%H:%M:%S %d/%m/%Y}", t, c, p, w, "Quản trị viên"] for at, t, c, p, w in out]


def resources(s: SynthSchool, rng: random.Random) -> dict[str, list[Row]]:
    subjects = SUBJECTS[s.level]
    grades: list[int | None] = {"MN": [None], "TH": [1, 2, 3, 4, 5], "THCS": [6, 7, 8, 9]}[s.level]  # type: ignore[assignment]
    lectures: list[Row] = []
    for g in grades:
        for subj in subjects:
            for k in range(rng.randint(1, 3)):
                label = f"{subj} {g}" if g else subj
                fmt = rng.choice(["HTML5 (iSpring Suite)", "HTML5"])
                lectures.append(
                    [f"{label} — Bài {k + 1}", "Bài giảng điện tử", g, subj, fmt, "Cấp trường", rng.choice(DAYS), ""]
                )
    materials: list[Row] = []
    exams: list[Row] = []
    for m in MONTHS:
        days = DAYS_BY_MONTH[(m.year, m.month)]
        for k in range(rng.randint(3, 6)):
            day = rng.choice(days)
            if k % 2 == 0:
                materials.append(["Ảnh hoạt động", "Ảnh", None, None, "JPG", "", day, f"Ảnh ngày {day:%d/%m/%Y}"])
            else:
                materials.append(["Video hướng dẫn an toàn giao thông", "Video", None, None, "MP4", "", day, ""])
        if s.level != "MN":
            for subj in subjects[:2]:
                g = rng.choice(grades)
                title = f"Đề ôn tập {subj} lớp {g} tháng {m.month}"
                exams.append([title, "Đề thi - ôn tập", g, subj, "PDF", "Cấp trường", rng.choice(days), ""])
    tabs = {"Bài giảng": lectures, "Tư liệu": materials, "Đề thi": exams}
    return {k: sorted(v, key=lambda r: r[6]) for k, v in tabs.items() if v}


def documents(s: SynthSchool, rng: random.Random) -> list[Row]:
    kinds = [
        ("KH", "Kế hoạch", "Kế hoạch thực hiện nhiệm vụ", True),
        ("BC", "Báo cáo", "Báo cáo tổng kết tháng", False),
        ("TB", "Thông báo", "Thông báo lịch công tác", True),
        ("GM", "Giấy mời", "Giấy mời họp cha mẹ học sinh", False),
        ("QĐ", "Quyết định", "Quyết định phân công nhiệm vụ", True),
        ("CV", "Công văn", "Công văn đề nghị sửa chữa thiết bị", False),
    ]
    rows: list[Row] = []
    for n in range(1, rng.randint(70, 90)):
        abbr, kind, title, posted = rng.choice(kinds)
        day = DAYS[min(len(DAYS) - 1, n * 2 + rng.randint(0, 2))]
        rows.append(
            [f"{n:02d}/{abbr}-{s.id.upper()}", day, kind, title, "Có", "Có" if posted else "Không", "PDF", "Có"]
        )
    number = f"{len(rows) + 1:02d}/QT-{s.id.upper()}"
    rows.append(
        [number, dt.date(2016, 9, 12), "Quy trình", "Quy trình vận hành thiết bị CNTT", "Có", "Có", "PDF", "Có"]
    )
    rows.sort(key=lambda r: r[1])
    return rows


LEGAL: list[Row] = [
    ["3031/CT-BGDĐT", dt.date(2016, 8, 26), "Chỉ thị", "Nhiệm vụ chủ yếu năm học 2016-2017", "Có", "PDF"],
    ["22/2016/TT-BGDĐT", dt.date(2016, 9, 22), "Thông tư", "Quy định đánh giá học sinh tiểu học", "Có", "PDF"],
    ["86/2015/NĐ-CP", dt.date(2015, 10, 2), "Nghị định", "Cơ chế thu, quản lý học phí", "Có", "PDF"],
    ["36/2013/TT-BGDĐT", dt.date(2013, 10, 10), "Thông tư", "Chế độ làm việc đối với giáo viên", "Có", "PDF"],
]


def sessions(s: SynthSchool, rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for m in MONTHS:
        day = next(d for d in DAYS_BY_MONTH[(m.year, m.month)] if d.weekday() == 3)
        rows.append([day, "Khai thác bảng tương tác", "Trường", "Tổ chuyên môn", 1, 12, 1, "Đã rút kinh nghiệm"])
    rows.append([dt.date(2016, 11, 17), "Khai thác máy tính, máy chiếu, camera, Website", "Quận", "Cụm", 1, 1, 1, ""])
    rows.append([dt.date(2016, 12, 15), "Khai thác bảng tương tác và kho học liệu", "Quận", "Cụm", 1, 1, 1, ""])
    rows.sort(key=lambda r: r[0])
    return rows


def staff(s: SynthSchool, rng: random.Random) -> list[Row]:
    n = {"MN": 30, "TH": 45, "THCS": 60}[s.level]
    positions = ["Hiệu trưởng", "Phó hiệu trưởng", "Phó hiệu trưởng"] + ["Giáo viên"] * (n - 7)
    positions += ["Kế toán", "Văn thư - Thủ quỹ", "Nhân viên y tế", "Bảo vệ"]
    rows: list[Row] = []
    for k, pos in enumerate(positions):
        name = person(rng)
        email = f"gv{k + 1}.{s.id}@gmail.com" if pos != "Bảo vệ" else ""
        rows.append([name, pos, f"09{rng.randint(10000000, 99999999)}", email, "Có" if email else "Không"])
    return rows


def board(s: SynthSchool, staff_rows: list[Row], rng: random.Random) -> list[Row]:
    return [
        [r[0], rng.randint(1965, 1982), r[1], r[2], r[3], f"https://{s.id}.longbien.edu.vn/bgh-{k}.jpg"]
        for k, r in enumerate(staff_rows[:3], start=1)
    ]


def training(s: SynthSchool, n_staff: int, rng: random.Random) -> list[Row]:
    rows: list[Row] = [["CBGVNV", None, n_staff, n_staff, "100%", dt.date(2016, 10, 20)]]
    if s.level != "MN":
        for g in [3, 4, 5] if s.level == "TH" else [6, 7, 8, 9]:
            total = rng.randint(120, 210)
            rows.append(["Học sinh", g, total, total, "100%", dt.date(2016, 11, rng.randint(7, 25))])
    parents = {"MN": 260, "TH": 540, "THCS": 620}[s.level]
    rows.append(["Cha mẹ học sinh", None, parents, parents, "100%", dt.date(2016, 11, 24)])
    return rows


def checklist(s: SynthSchool) -> list[Row]:
    items = kinds.CHECKLIST_ITEMS + (kinds.CHECKLIST_GYM if s.level != "MN" else [])
    link = f"https://drive.google.com/drive/folders/{s.id}"
    return [[code, "", "Đạt", link] for code, _ in items]


def software_issues(rng: random.Random) -> list[Row]:
    return [
        [dt.date(2016, 10, 3), "EMIS", "Không đăng nhập được", "Đổi mật khẩu", ""],
        [dt.date(2016, 11, 21), "Quản lý tài sản công", "Lỗi khi xuất báo cáo", "Cập nhật phiên bản mới", ""],
        [dt.date(2017, 3, rng.randint(1, 28)), "Phổ cập giáo dục", "Không nhập được số liệu", "Chờ hướng dẫn", ""],
    ]


# ----------------------------------------------------------------------------- writing


def tab(s: SynthSchool, sheet: kinds.Sheet, rows: Iterable[Row], header: list[str] | None = None) -> Tab:
    """A tab of ``sheet`` with its v2 title rows."""
    title = V2_TITLES.get(sheet.tab, sheet.title)
    return (sheet.tab, header or sheet.header, rows, titles(s, title) if title else [])


def write(path: Path, tabs: Sequence[Tab]) -> None:
    """Streamed (benchmark volumes); the «STT» column is numbered here, not by the row builders."""
    write_xlsx(path, [(n, h, numbered(rows) if h[0] == "STT" else rows, t) for n, h, rows, t in tabs], stream=True)


def write_school(
    s: SynthSchool, folder: Path, seed: str = SEED, sink: Callable[[Path, Sequence[Tab]], None] = write
) -> None:
    """Every file of one school; the draws from the school's generator follow the order of the files.
    ``sink`` writes them (a test fingerprints the rows instead)."""
    rng = random.Random(f"{seed}-{s.id}")
    folder.mkdir(parents=True, exist_ok=True)
    dev_rows, machines = devices(s)
    sink(folder / kinds.DEVICES_FILE, [tab(s, kinds.DEVICES, dev_rows)])
    matrix_header, matrix_rows = installed_matrix(s, machines)
    sink(
        folder / kinds.SOFTWARE_FILE,
        [
            tab(s, kinds.SOFTWARE, software_checklist(s, rng)),
            (kinds.INSTALLED_TAB, matrix_header, matrix_rows, titles(s, kinds.INSTALLED_TITLE)),
            tab(s, kinds.SOFTWARE_ISSUES, software_issues(rng)),
        ],
    )
    usage: list[Tab] = [
        (name, kinds.USAGE_HEADER, rows, titles(s, kinds.usage_title(name))) for name, rows in usage_tabs(s, rng)
    ]
    usage.append(tab(s, kinds.EVALUATIONS, evaluations(s, rng)))
    sink(folder / kinds.USAGE_FILE, usage)
    sink(folder / kinds.MAINTENANCE_FILE, [tab(s, kinds.MAINTENANCE, maintenance(s, rng))])
    sink(folder / f"{kinds.POSTS_FILE}.xlsx", [tab(s, kinds.POSTS, posts(s, rng))])
    sink(
        folder / kinds.RESOURCES_FILE,
        [
            (name, kinds.RESOURCES_HEADER, rows, titles(s, kinds.resources_title(name)))
            for name, rows in resources(s, rng).items()
        ],
    )
    sink(
        folder / kinds.DOCUMENTS_FILE,
        [
            # v2's register has no «Nơi nhận» (recipient) column
            tab(s, kinds.OUTGOING, documents(s, rng), kinds.OUTGOING.header[:-1]),
            tab(s, kinds.LEGAL, LEGAL),
        ],
    )
    sink(folder / kinds.SESSIONS_FILE, [tab(s, kinds.SESSIONS, sessions(s, rng))])
    staff_rows = staff(s, rng)
    sink(folder / kinds.STAFF_FILE, [tab(s, kinds.STAFF, staff_rows), tab(s, kinds.BOARD, board(s, staff_rows, rng))])
    sink(folder / kinds.TRAINING_FILE, [tab(s, kinds.TRAINING, training(s, len(staff_rows), rng))])
    sink(folder / kinds.CHECKLIST_FILE, [tab(s, kinds.CHECKLIST, checklist(s))])


def district_dir(root: Path = DATA, seed: str = SEED) -> Path:
    return root / (f"district-{VERSION}" if seed == SEED else f"district-{VERSION}-{seed}")


def roster_path(n: int, root: Path = DATA, seed: str = SEED) -> Path:
    return district_dir(root, seed) / f"roster-{n}.yaml"


def ensure_district(n: int, root: Path = DATA, *, log: bool = True, seed: str = SEED) -> Path:
    """Write (or reuse) the first ``n`` schools; returns the roster file of exactly those schools."""
    base = district_dir(root, seed)
    base.mkdir(parents=True, exist_ok=True)
    plan = schools(n)
    start = time.perf_counter()
    written = 0
    for s in plan:
        folder = base / s.id
        marker = folder / ".complete"
        if marker.exists():
            continue
        t0 = time.perf_counter()
        write_school(s, folder, seed)
        marker.write_text(VERSION, encoding="utf-8")
        written += 1
        if log:
            print(f"  synth: {s.id} written in {time.perf_counter() - t0:.1f}s", file=sys.stderr, flush=True)
    if log and written:
        print(f"  synth: {written} school(s) written in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    path = roster_path(n, root, seed)
    write_roster(
        path,
        "# Synthetic benchmark district (benchmarks/synth.py); regenerated at will.\n",
        "Phòng GD&ĐT quận Long Biên (tổng hợp)",
        [
            {
                "id": s.id,
                "name": s.name,
                "level": s.level,
                "pilot": s.pilot,
                "clc": False,
                "email": f"hoso{s.id.replace('-', '')}@gmail.com",
                "folder": s.id,
            }
            for s in plan
        ],
    )
    return path


def school_files(roster: Path) -> list[Path]:
    """Every spreadsheet of the roster's schools, in roster order."""
    data = yaml.safe_load(roster.read_text(encoding="utf-8"))
    out: list[Path] = []
    for school in data["schools"]:
        out.extend(sorted((roster.parent / school["folder"]).glob("*.xlsx")))
    return out
