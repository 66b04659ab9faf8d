"""The ``sample`` volume: sample_sheets/, a small, realistic Long Biên district for demos and tests.

Six schools (two per level: a pilot school running the full model and a partial-model school; one
primary school is CLC), semester I of 2016-2017 (5 Sept 2016 - 31 Jan 2017, no lessons over Tết),
Vietnamese throughout, laid out the way schools really keep these files (title rows above the
header, one usage-log tab per room, a wide one-column-per-software matrix, a portal export as CSV
with "HH:MM:SS dd/mm/yyyy" dates, a file typed without diacritics, two registers in one workbook).

Every sheet kind of the guideline is there: device inventory, installed software, management
software checklist, usage logs with monthly evaluations, maintenance, software issues, portal
posts, learning resources, document register, thematic sessions, web training, staff directory,
principal board and the self-check list.

Defects are planted on purpose and listed in DEFECTS (each naming the rule it must trip; one
defect may trip several rules, each listed); data problems the parser must report are listed in
DATA_PROBLEMS. sample_sheets/README.md is written from both lists, and tests/test_sample_district.py
checks that an audit trips exactly these rules and reports exactly these problems.

    python scripts/make_sample_sheets.py [--seed 2016] [--out sample_sheets]

Seeded: the same seed always writes the same data (the committed district is seed 2016).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elschool_audit.rubric.calendar import Calendar
from elschool_audit.text import fold
from synthdistrict import kinds
from synthdistrict.kinds import FAMILY, SOFTWARE_COMMON, SOFTWARE_TH_THCS
from synthdistrict.schoolyear import TET, SchoolYear
from synthdistrict.workbook import Tab, write_csv, write_roster, write_xlsx

AS_OF = dt.date(2017, 1, 31)
YEAR_START = dt.date(2016, 9, 5)
CALENDAR = Calendar(breaks=[{"from": TET[0], "to": TET[1], "name": "Tết"}])
HOLIDAYS = {dt.date(2017, 1, 2)}  # New Year holiday (Monday)
YEAR = SchoolYear(YEAR_START, AS_OF, frozenset(HOLIDAYS))
"""Semester I: the span the sample district covers."""
SEED = "2016"


@dataclass(frozen=True)
class Defect:
    school: str
    rule: str
    what: str
    where: str


@dataclass(frozen=True)
class DataProblem:
    school: str
    code: str
    """The parser's problem code (value_unreadable, tab_unrecognised, …)."""
    what: str
    where: str


@dataclass
class SchoolSpec:
    id: str
    name: str
    short: str
    abbr: str
    """Initials used in document numbers (12/KH-THCSAM)."""
    level: str
    pilot: bool
    clc: bool = False
    email: str = ""
    rooms: list[tuple[str, int]] = field(default_factory=list)
    """(room name, computers in it)"""
    classrooms: list[str] = field(default_factory=list)


DEFECTS: list[Defect] = [
    # ---------------------------------------------------------------- mn-phuc-dong (MN, pilot)
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
        "Không có nhật ký vướng mắc khi sử dụng phần mềm (tính một lần, ở tiêu chí này)",
        "(thiếu trang «Nhật ký sự cố» trong Phan mem.xlsx)",
    ),
    Defect(
        "mn-phuc-dong",
        "SW-SHARED-MATERIALS",
        "Giáo viên Bùi Thị Yến chưa sử dụng kho học liệu dùng chung",
        "Danh ba CBGV.xlsx › Danh bạ, cột «Sử dụng kho học liệu»",
    ),
    Defect(
        "mn-phuc-dong",
        "PORTAL-PHONEBOOK",
        "Giáo viên Đỗ Thu Hương không có email trong danh bạ",
        "Danh ba CBGV.xlsx › Danh bạ, cột «Email»",
    ),
    Defect(
        "mn-phuc-dong",
        "EVAL-REPORTS-SENT",
        "Không có báo cáo kết quả thực hiện mô hình trường học điện tử học kì I gửi Phòng GD",
        "So van ban.xlsx › Văn bản đi, cột «Nơi nhận»",
    ),
    # ---------------------------------------------------------------- mn-hoa-sua (MN, partial)
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
        "mn-hoa-sua",
        "TRAIN-PARENTS-WEB",
        "Hướng dẫn khai thác Web cho cha mẹ học sinh mới đạt 92% (họp CMHS 24/12/2016)",
        "Tap huan khai thac Web.xlsx, cột «Tỉ lệ»",
    ),
    Defect(
        "mn-hoa-sua",
        "RES-NAMING",
        "Một bài giảng điện tử đặt tên chung chung «Bài 1»",
        "Kho hoc lieu.xlsx › Bài giảng, cột «Tên học liệu»",
    ),
    Defect(
        "mn-hoa-sua",
        "DOC-PDF",
        "Kế hoạch đăng lên Web ở định dạng Word (DOCX), chưa chuyển PDF",
        "So van ban.xlsx › Văn bản đi, cột «Định dạng»",
    ),
    # ---------------------------------------------------------------- th-do-thi-viet-hung (TH, pilot, CLC)
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
        "th-do-thi-viet-hung",
        "ROOM-ROBOTICS-SOFTWARE",
        "Máy RB-03 phòng Robotics chưa cài phần mềm lập trình robot (Lego WeDo)",
        "Phan mem.xlsx › Phần mềm cài trên máy, dòng RB-03",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "SW-STUDENTS-UPDATED",
        "Phần mềm Quản lý học sinh cập nhật lần cuối 15/11/2016 (quá 31 ngày)",
        "Phan mem.xlsx › Danh mục phần mềm, dòng Quản lý học sinh",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "DOC-SENT-ONLINE",
        "Giấy mời họp cha mẹ học sinh số 45/GM chỉ gửi bản giấy",
        "So van ban.xlsx › Văn bản đi, cột «Gửi qua mạng»",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "RES-MATERIALS-MONTHLY",
        "Một ảnh tư liệu tháng 12/2016 không có chú thích",
        "Kho hoc lieu.xlsx › Tư liệu, cột «Chú thích»",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "POL-ROLES",
        "Mục CL-REWARDS (quy chế khen thưởng) ghi Đạt nhưng không có minh chứng",
        "Tu kiem tra.xlsx, cột «Minh chứng»",
    ),
    # ---------------------------------------------------------------- th-ai-mo-a (TH, partial)
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
        "th-ai-mo-a",
        "NEWS-OTHER",
        "Tháng 11-12/2016 không có tin nào chuyên mục «Tin khác»",
        "Thong ke tin bai.csv",
    ),
    Defect(
        "th-ai-mo-a",
        "PORTAL-ORG-CHART",
        "Phó hiệu trưởng thứ hai chưa có ảnh đại diện",
        "Danh ba CBGV.xlsx › Ban giám hiệu, cột «Ảnh đại diện»",
    ),
    Defect(
        "th-ai-mo-a",
        "TRAIN-STUDENTS-WEB",
        "Học sinh khối 5 tập huấn ngày 05/12/2016, sau hạn 30/11",
        "Tap huan khai thac Web.xlsx, dòng khối 5",
    ),
    Defect(
        "th-ai-mo-a",
        "RES-ELECTURE-COVERAGE",
        "Chưa có bài giảng điện tử môn Đạo đức khối 2",
        "Kho hoc lieu.xlsx › Bài giảng",
    ),
    # ---------------------------------------------------------------- thcs-ai-mo (THCS, pilot)
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
        "thcs-ai-mo",
        "INF-WIFI-COVERAGE",
        "Nhà C (phòng bộ môn, lớp học) không có bộ phát wifi; mục CL-WIFI-COVERAGE ghi Không đạt",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Khu/Tầng»; Tu kiem tra.xlsx",
    ),
    Defect(
        "thcs-ai-mo",
        "ROOM-GYM-DOCUMENTS",
        "Nhà thể chất chưa có lịch khai thác thiết bị CNTT (CL-GYM-SCHEDULE Không đạt)",
        "Tu kiem tra.xlsx",
    ),
    Defect(
        "thcs-ai-mo",
        "SW-REQUIRED-IN-USE",
        "Phần mềm Phổ cập giáo dục ghi «Không» sử dụng",
        "Phan mem.xlsx › Danh mục phần mềm, cột «Đang sử dụng»",
    ),
    Defect(
        "thcs-ai-mo",
        "ROOM-ADMIN-SOFTWARE-USE",
        "Cùng lỗi trên: một phần mềm quản lý bắt buộc không được sử dụng",
        "Phan mem.xlsx › Danh mục phần mềm, cột «Đang sử dụng»",
    ),
    Defect(
        "thcs-ai-mo",
        "SW-VIRTUAL-LAB",
        "Máy HOA-01 phòng bộ môn Hóa chưa cài phần mềm thí nghiệm ảo",
        "Phan mem.xlsx › Phần mềm cài trên máy, dòng HOA-01",
    ),
    Defect(
        "thcs-ai-mo",
        "TOPIC-DISTRICT-ATTENDANCE",
        "Chuyên đề cấp quận 15/12/2016: không cử cán bộ phụ trách CNTT",
        "Chuyen de.xlsx, cột «Số CB CNTT dự»",
    ),
    Defect(
        "thcs-ai-mo",
        "RES-EXAMS",
        "Tháng 11/2016 không có đề thi - ôn tập môn Toán",
        "Kho hoc lieu.xlsx › Đề thi",
    ),
    # ---------------------------------------------------------------- thcs-do-thi-viet-hung (THCS, partial)
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
        "PORTAL-TIMETABLE",
        "Không đăng thời khóa biểu năm học 2016-2017",
        "Thong ke tin bai.csv",
    ),
    Defect(
        "thcs-do-thi-viet-hung",
        "SW-BOARD-SOFTWARE",
        "Bảng tương tác BTT-03 (lớp 8A) chưa cài phần mềm bảng tương tác",
        "Phan mem.xlsx › Phần mềm cài trên máy, dòng BTT-03",
    ),
    Defect(
        "thcs-do-thi-viet-hung",
        "RES-ELECTURE-HTML5",
        "Một bài giảng điện tử ở định dạng PowerPoint (.pptx), không chạy trên HTML5",
        "Kho hoc lieu.xlsx › Bài giảng, cột «Định dạng»",
    ),
    Defect(
        "mn-phuc-dong",
        "ROOM-APPENDIX-1",
        "Thiếu 6 phòng của Phụ lục 1: Mỹ thuật, Thủ quỹ, Thiết bị đồ dùng, Sinh hoạt chuyên môn, Họp chung, Công đoàn",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Phòng»",
    ),
    Defect(
        "th-do-thi-viet-hung",
        "ROOM-APPENDIX-1",
        "Thiếu 7 phòng của Phụ lục 1: Thủ quỹ, Thiết bị đồ dùng, Sinh hoạt chuyên môn, Họp chung, Công đoàn, "
        "Y tế, Nhà thể chất",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Phòng»",
    ),
    Defect(
        "thcs-ai-mo",
        "ROOM-APPENDIX-1",
        "Thiếu 10 phòng của Phụ lục 1: Âm nhạc, Mỹ thuật, bộ môn Công nghệ, Thủ quỹ, Sinh hoạt chuyên môn, "
        "Họp chung, Công đoàn, Y tế, Đoàn đội, Nhà thể chất",
        "Danh muc thiet bi CNTT.xlsx › Thiết bị, cột «Phòng»",
    ),
]
"""Every planted defect, with the rule it must trip (a defect tripping two rules is listed twice)."""

DATA_PROBLEMS: list[DataProblem] = [
    DataProblem(
        "thcs-do-thi-viet-hung",
        "value_unreadable",
        "Một dòng nhật ký ghi ngày «31/11/2016» (không có ngày này): báo lỗi dữ liệu, dòng không được tính",
        "Nhat ky su dung thiet bi.xlsx › Phòng học thường",
    ),
    DataProblem(
        "th-ai-mo-a",
        "tab_unrecognised",
        "Trang «Ghi chú» không phải mẫu hồ sơ nào: cảnh báo, bỏ qua",
        "Phan mem.xlsx › Ghi chú",
    ),
]
"""Problems the parser must report, and no others."""


def _schools() -> list[SchoolSpec]:
    return [
        SchoolSpec(
            "mn-phuc-dong",
            "Trường Mầm non Phúc Đồng",
            "phucdong",
            "MNPĐ",
            "MN",
            pilot=True,
            email="hosomnphucdong@gmail.com",
            rooms=[
                ("Phòng Tin học", 6),
                ("Phòng Ngoại ngữ", 2),
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
            "MNHS",
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
            "THĐTVH",
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
            "THAMA",
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
            "THCSAM",
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
            "THCSĐTVH",
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


def days_of(month: dt.date) -> list[dt.date]:
    return YEAR.days_of(month)


def school_days() -> list[dt.date]:
    return YEAR.days


def months() -> list[dt.date]:
    return YEAR.months


def titles(school: SchoolSpec, what: str) -> list[str]:
    return kinds.titles(school.name, what)


def without_diacritics(text: str) -> str:
    """ "Sử dụng CNTT" → "Su dung CNTT" (case kept, unlike the product's ``fold``)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


# ----------------------------------------------------------------------------- per sheet

ROOM_CODE = {
    "Phòng Tin học": "TH",
    "Phòng Tin học 1": "TH1",
    "Phòng Ngoại ngữ": "NN",
    "Phòng Robotics": "RB",
    "Phòng Đa năng": "DN",
    "Phòng Âm nhạc": "AN",
    "Phòng Mỹ thuật": "MT",
    "Phòng bộ môn Lý": "LY",
    "Phòng bộ môn Hóa": "HOA",
    "Phòng bộ môn Sinh": "SINH",
    "Phòng Hiệu trưởng": "HT",
    "Phòng Phó hiệu trưởng": "PHT",
    "Phòng Kế toán": "KT",
    "Phòng Văn thư": "VT",
    "Phòng Y tế": "YT",
    "Phòng Thư viện": "TV",
    "Phòng Đoàn đội": "DD",
    "Phòng Thiết bị đồ dùng": "TB",
}
ADMIN_ROOMS = {
    "Phòng Hiệu trưởng",
    "Phòng Phó hiệu trưởng",
    "Phòng Kế toán",
    "Phòng Văn thư",
    "Phòng Y tế",
    "Phòng Thư viện",
    "Phòng Đoàn đội",
    "Phòng Thiết bị đồ dùng",
}
LABS = {"Phòng Tin học", "Phòng Tin học 1", "Phòng Ngoại ngữ"}
SCIENCE_ROOMS = {"Phòng bộ môn Lý", "Phòng bộ môn Hóa"}


def area_of(room: str) -> str:
    """Buildings: offices in Nhà A, labs and special rooms in Nhà B, subject rooms and classes in Nhà C."""
    if room in ADMIN_ROOMS:
        return "Nhà A"
    if room.startswith("Lớp") or room.startswith("Phòng bộ môn"):
        return "Nhà C"
    return "Nhà B"


@dataclass
class MatrixEntry:
    code: str
    room: str
    what: str
    """lab, robotics, science, board, office"""


def devices(s: SchoolSpec) -> tuple[list[list[Any]], list[MatrixEntry]]:
    """Inventory rows, and the devices the installed-software matrix lists."""
    rows: list[list[Any]] = []
    matrix: list[MatrixEntry] = []
    for room, n in s.rooms:
        code = ROOM_CODE[room]
        for i in range(1, n + 1):
            c = f"{code}-{i:02d}"
            status = "Hoạt động tốt"
            antivirus = "x" if room in ADMIN_ROOMS or room == "Phòng Đa năng" else ""
            if s.id == "thcs-ai-mo" and c == "TH1-07":
                status = "Hỏng"
            if s.id == "mn-phuc-dong" and c == "KT-01":
                antivirus = ""
            rows.append([c, "Máy tính", f"Dell Optiplex 30{i % 10}0", room, area_of(room), status, antivirus, 2015])
            if room in LABS:
                matrix.append(MatrixEntry(c, room, "lab"))
            elif room == "Phòng Robotics":
                matrix.append(MatrixEntry(c, room, "robotics"))
            elif room in SCIENCE_ROOMS:
                matrix.append(MatrixEntry(c, room, "science"))
        if room not in ADMIN_ROOMS:
            rows.append([f"MC-{code}", "Máy chiếu", "Panasonic PT-LB", room, area_of(room), "Tốt", "", 2014])
    for j, cls in enumerate(s.classrooms, start=1):
        rows.append([f"MC-L{j:02d}", "Máy chiếu", "Sony VPL", cls, area_of(cls), "Hoạt động tốt", "", 2015])
        rows.append([f"BTT-{j:02d}", "Bảng tương tác", "Promethean", cls, area_of(cls), "Hoạt động tốt", "", 2016])
        matrix.append(MatrixEntry(f"BTT-{j:02d}", cls, "board"))
    names = [r for r, _ in s.rooms]
    office = next(r for r in ("Phòng Văn thư", "Phòng Kế toán", "Phòng Hiệu trưởng") if r in names)
    rows.append(["SV-01", "Máy chủ", "Dell PowerEdge", office, "Nhà A", "Hoạt động tốt", "x", 2014])
    rows.append(["INT-01", "Đường truyền internet", "FPT 40Mbps", office, "Nhà A", "Hoạt động tốt", "", 2016])
    rows.append(["INT-02", "Đường truyền internet", "Viettel 30Mbps", office, "Nhà A", "Hoạt động tốt", "", 2016])
    buildings = sorted({area_of(r) for r in names + s.classrooms})
    for k, building in enumerate(buildings, start=1):
        if s.id == "thcs-ai-mo" and building == "Nhà C":
            continue  # planted: no access point in building C
        rows.append(
            [
                f"AP-{k:02d}",
                "Bộ phát wifi",
                "TP-Link EAP",
                f"Hành lang tầng 2 {building.lower()}",
                building,
                "Hoạt động tốt",
                "",
                2016,
            ]
        )
    for k, place in enumerate(["Cổng trường", "Sân trường", "Sân chơi", "Hành lang tầng 2"], start=1):
        status = "Hỏng" if (s.id == "mn-hoa-sua" and k == 3) else "Hoạt động tốt"
        rows.append([f"CAM-{k:02d}", "Camera", "Hikvision", place, "", status, "", 2016])
    loa_room = "Phòng Đa năng" if "Phòng Đa năng" in names else "Phòng Hiệu trưởng"
    rows.append(["LOA-01", "Âm thanh", "Loa kéo Temeisheng", loa_room, area_of(loa_room), "Hoạt động tốt", "", 2016])
    rows = [[i, *r] for i, r in enumerate(rows, start=1)]
    return rows, matrix


def software_checklist(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    names = SOFTWARE_COMMON + (SOFTWARE_TH_THCS if s.level != "MN" else [])
    rows: list[list[Any]] = []
    for name in names:
        updated = AS_OF - dt.timedelta(days=rng.randint(1, 20))
        in_use = "Có"
        if s.id == "mn-phuc-dong" and name.startswith("Quản lý tài chính"):
            updated = dt.date(2016, 12, 10)
        if s.id == "th-do-thi-viet-hung" and name == "Quản lý học sinh":
            updated = dt.date(2016, 11, 15)
        if s.id == "thcs-ai-mo" and name == "Phổ cập giáo dục":
            in_use = "Không"
        rows.append([name, in_use, updated, rng.choice(["Nguyễn Thị Hà", "Trần Văn Nam", "Lê Thu Trang"]), ""])
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


def installed_matrix(s: SchoolSpec, entries: list[MatrixEntry]) -> tuple[list[str], list[list[Any]]]:
    """The wide layout schools use: one column per program, 'x' where installed."""
    header = ["STT", "Mã máy", "Phòng", "Netop School"]
    if s.level == "MN":
        header.append("KidsMart")
    if s.level == "THCS":
        header.append("Crocodile")
    if s.clc:
        header.append("Lego WeDo")
    header += ["ActivInspire", "Violet", "MS Office", "BKAV"]
    rows: list[list[Any]] = []
    for i, e in enumerate(entries, start=1):
        computer = e.what != "board"
        cells = {
            "Netop School": "x" if e.what == "lab" and not (s.id == "thcs-ai-mo" and e.code == "NN-03") else "",
            "KidsMart": "x"
            if e.what == "lab" and e.room == "Phòng Tin học" and not (s.id == "mn-phuc-dong" and e.code == "TH-05")
            else "",
            "Crocodile": "x" if e.what == "science" and not (s.id == "thcs-ai-mo" and e.code == "HOA-01") else "",
            "Lego WeDo": "x"
            if e.what == "robotics" and not (s.id == "th-do-thi-viet-hung" and e.code == "RB-03")
            else "",
            "ActivInspire": "x"
            if e.what == "board" and not (s.id == "thcs-do-thi-viet-hung" and e.code == "BTT-03")
            else "",
            "Violet": "x" if computer else "",
            "MS Office": "x" if computer else "",
            "BKAV": "x" if computer else "",
        }
        rows.append([i, e.code, e.room, *(cells[h] for h in header[3:])])
    return header, rows


SUBJECT_LABEL = {
    "toan": "Toán",
    "tieng_viet": "Tiếng Việt",
    "ngu_van": "Ngữ văn",
    "tieng_anh": "Tiếng Anh",
    "dao_duc": "Đạo đức",
    "tnxh": "Tự nhiên và Xã hội",
    "khoa_hoc": "Khoa học",
    "lich_su_dia_li": "Lịch sử và Địa lí",
    "lich_su": "Lịch sử",
    "dia_li": "Địa lí",
    "vat_li": "Vật lí",
    "hoa_hoc": "Hóa học",
    "sinh_hoc": "Sinh học",
    "gdcd": "Giáo dục công dân",
    "cong_nghe": "Công nghệ",
    "tin_hoc": "Tin học",
    "am_nhac": "Âm nhạc",
    "my_thuat": "Mỹ thuật",
    "the_duc": "Thể dục",
    "thu_cong": "Thủ công",
    "ky_thuat": "Kĩ thuật",
    "lam_quen_toan": "Làm quen với Toán",
    "lam_quen_chu_cai": "Làm quen chữ cái",
    "van_hoc": "Làm quen văn học",
    "kham_pha": "Khám phá khoa học",
    "tao_hinh": "Tạo hình",
    "phat_trien_the_chat": "Phát triển thể chất",
}


def curriculum(level: str) -> list[tuple[int | None, str]]:
    """(grade, subject code) pairs an e-lecture must exist for; the rubric lists the same pairs."""
    if level == "MN":
        return [
            (None, c)
            for c in (
                "lam_quen_toan",
                "lam_quen_chu_cai",
                "van_hoc",
                "kham_pha",
                "tao_hinh",
                "am_nhac",
                "phat_trien_the_chat",
            )
        ]
    pairs: list[tuple[int | None, str]] = []
    if level == "TH":
        for g in (1, 2, 3, 4, 5):
            subs = ["tieng_viet", "toan", "dao_duc"]
            subs += ["tnxh"] if g <= 3 else ["khoa_hoc", "lich_su_dia_li"]
            subs += ["am_nhac", "my_thuat"]
            subs += ["thu_cong"] if g <= 3 else ["ky_thuat"]
            subs += ["the_duc"]
            subs += ["tieng_anh", "tin_hoc"] if g >= 3 else []
            pairs += [(g, x) for x in subs]
        return pairs
    for g in (6, 7, 8, 9):
        subs = ["toan", "ngu_van", "tieng_anh", "vat_li"]
        subs += ["hoa_hoc"] if g >= 8 else []
        subs += ["sinh_hoc", "lich_su", "dia_li", "gdcd", "cong_nghe", "tin_hoc", "am_nhac", "my_thuat", "the_duc"]
        pairs += [(g, x) for x in subs]
    return pairs


LESSON_TOPICS = {
    "toan": [
        "Phép cộng trong phạm vi 10",
        "Bảng nhân 6",
        "Phân số bằng nhau",
        "Diện tích hình thang",
        "Phương trình bậc nhất một ẩn",
        "Định lí Py-ta-go",
    ],
    "tieng_viet": [
        "Tập đọc: Cây bàng",
        "Luyện từ và câu: Từ chỉ sự vật",
        "Tập làm văn: Tả cây cối",
        "Chính tả: Mùa thu em",
    ],
    "ngu_van": ["Thánh Gióng", "Bài học đường đời đầu tiên", "Lão Hạc", "Truyện Kiều: Chị em Thúy Kiều"],
    "tieng_anh": ["Unit 3: My friends", "Unit 5: Natural wonders of the world", "Unit 2: Health"],
    "vat_li": ["Đo độ dài", "Sự nở vì nhiệt của chất rắn", "Định luật Ôm", "Áp suất chất lỏng"],
    "hoa_hoc": ["Oxi - Sự cháy", "Tính chất hóa học của axit", "Dãy hoạt động hóa học của kim loại"],
    "sinh_hoc": ["Cấu tạo tế bào thực vật", "Hệ tuần hoàn", "Nhiễm sắc thể"],
    "lich_su": ["Nhà nước Văn Lang", "Chiến thắng Bạch Đằng năm 938", "Cách mạng tháng Tám năm 1945"],
    "dia_li": ["Trái Đất trong hệ Mặt Trời", "Vùng Đồng bằng sông Hồng", "Khí hậu Việt Nam"],
}
GENERIC_TOPICS = ["Ôn tập chương I", "Bài mở đầu", "Thực hành tổng hợp", "Ôn tập học kì I", "Em yêu trường em"]


def resources(s: SchoolSpec, rng: random.Random) -> dict[str, list[list[Any]]]:
    """Tabs of the learning-resource workbook: lectures, materials, exams, contest lectures."""
    days = school_days()
    lectures: list[list[Any]] = []
    for grade, subject in curriculum(s.level):
        if s.id == "th-ai-mo-a" and (grade, subject) == (2, "dao_duc"):
            continue
        for _ in range(rng.choice([1, 1, 2])):
            topic = rng.choice(LESSON_TOPICS.get(subject, GENERIC_TOPICS))
            label = SUBJECT_LABEL[subject]
            title = f"{label} {grade} — {topic}" if grade else f"{label} — {topic}"
            lectures.append(
                [
                    title,
                    rng.choice(["Bài giảng điện tử", "Bài giảng điện tử", "E-learning"]),
                    grade,
                    label,
                    rng.choice(["HTML5 (iSpring Suite)", "HTML5 (Adobe Presenter)", "HTML5"]),
                    "Cấp trường",
                    rng.choice(days),
                ]
            )
    if s.id == "mn-hoa-sua":
        lectures.append(
            [
                "Bài 1",
                "Bài giảng điện tử",
                None,
                "Tạo hình",
                "HTML5 (iSpring Suite)",
                "Cấp trường",
                dt.date(2016, 10, 12),
            ]
        )
    if s.id == "thcs-do-thi-viet-hung":
        lectures.append(
            [
                "Toán 7 — Tổng ba góc của một tam giác",
                "Bài giảng điện tử",
                7,
                "Toán",
                "PowerPoint (.pptx)",
                "Cấp trường",
                dt.date(2016, 11, 9),
            ]
        )
    lectures.sort(key=lambda r: r[6])

    materials: list[list[Any]] = []
    photo_subjects = [
        "Lễ khai giảng năm học 2016-2017",
        "Vui Tết Trung thu",
        "Hội giảng chào mừng 20/11",
        "Ngày hội đọc sách",
        "Hoạt động ngoại khóa",
    ]
    for m in months():
        mdays = days_of(m)
        for k in range(rng.randint(3, 5)):
            day = rng.choice(mdays)
            if k % 2 == 0:
                what = rng.choice(photo_subjects)
                caption = f"Ảnh: {what} ({day:%d/%m/%Y})"
                if s.id == "th-do-thi-viet-hung" and m.month == 12 and k == 0:
                    caption = ""
                materials.append([f"Ảnh {what.lower()}", "Ảnh", None, None, "JPG", "", day, caption])
            else:
                title, kind = rng.choice(
                    [
                        ("Sách tham khảo: Kĩ năng sống cho học sinh", "Sách"),
                        ("Báo Giáo dục và Thời đại: đổi mới phương pháp dạy học", "Báo"),
                        ("Phim tư liệu: Hà Nội mùa thu", "Phim"),
                        ("Video hướng dẫn an toàn giao thông", "Video"),
                        ("Tạp chí Thế giới trong ta", "Tạp chí"),
                    ]
                )
                materials.append([title, kind, None, None, rng.choice(["PDF", "MP4"]), "", day, ""])
    materials.sort(key=lambda r: r[6])

    exams: list[list[Any]] = []
    if s.level != "MN":
        grades = [3, 4, 5] if s.level == "TH" else [6, 7, 8, 9]
        literature = "tieng_viet" if s.level == "TH" else "ngu_van"
        for m in months():
            mdays = [d for d in days_of(m) if d <= dt.date(2017, 1, 20)]
            for subject in ("toan", literature):
                if s.id == "thcs-ai-mo" and subject == "toan" and m.month == 11:
                    continue
                g = rng.choice(grades)
                exams.append(
                    [
                        f"Đề ôn tập {SUBJECT_LABEL[subject]} lớp {g} tháng {m.month}/{m.year}",
                        "Đề thi - ôn tập",
                        g,
                        SUBJECT_LABEL[subject],
                        "PDF",
                        "Cấp trường",
                        rng.choice(mdays),
                    ]
                )
        others = (
            ["tieng_anh", "khoa_hoc", "lich_su_dia_li"]
            if s.level == "TH"
            else ["tieng_anh", "vat_li", "hoa_hoc", "sinh_hoc", "lich_su", "dia_li"]
        )
        for subject in others:
            g = rng.choice(grades if subject not in ("khoa_hoc", "lich_su_dia_li", "hoa_hoc") else grades[-2:])
            exams.append(
                [
                    f"Đề kiểm tra học kì I môn {SUBJECT_LABEL[subject]} lớp {g}",
                    "Đề kiểm tra",
                    g,
                    SUBJECT_LABEL[subject],
                    "PDF",
                    "Cấp trường",
                    dt.date(2016, 12, rng.randint(12, 23)),
                ]
            )
        # Every other subject has a semester exam of its own (RES-EXAMS counts per subject); these
        # draw nothing from rng, so the rest of the generated district is unchanged.
        more = ["tin_hoc"] if s.level == "TH" else ["gdcd", "cong_nghe", "tin_hoc"]
        for i, subject in enumerate(more):
            g = grades[-1]
            exams.append(
                [
                    f"Đề kiểm tra học kì I môn {SUBJECT_LABEL[subject]} lớp {g}",
                    "Đề kiểm tra",
                    g,
                    SUBJECT_LABEL[subject],
                    "PDF",
                    "Cấp trường",
                    dt.date(2016, 12, 14 + i),
                ]
            )
        exams.sort(key=lambda r: r[6])

    contest: list[list[Any]] = [
        [
            "Bài giảng thi GVG cấp quận: "
            + ("Khám phá: Các con vật nuôi trong gia đình" if s.level == "MN" else "Toán — Luyện tập chung"),
            "Bài giảng thi GVG",
            None if s.level == "MN" else (4 if s.level == "TH" else 8),
            "Khám phá khoa học" if s.level == "MN" else "Toán",
            "HTML5",
            "Cấp quận",
            dt.date(2016, 11, 24),
        ],
        [
            "Chuyên đề: Khai thác bảng tương tác trong giờ học",
            "Bài giảng chuyên đề",
            None,
            None,
            "HTML5",
            "Cấp trường",
            dt.date(2016, 10, 20),
        ],
    ]
    return {
        "Bài giảng": [[i, *r, ""] for i, r in enumerate(lectures, start=1)],
        "Tư liệu": [[i, *r] for i, r in enumerate(materials, start=1)],
        "Đề thi": [[i, *r, ""] for i, r in enumerate(exams, start=1)],
        "Chuyên đề - GVG": [[i, *r, ""] for i, r in enumerate(contest, start=1)],
    }


MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Thúy", "Phương"]
MIDDLE_M = ["Văn", "Minh", "Đức", "Quang", "Xuân", "Hữu"]
GIVEN_F = [
    "Hà",
    "Lan",
    "Hương",
    "Mai",
    "Trang",
    "Hoa",
    "Hạnh",
    "Linh",
    "Phương",
    "Thảo",
    "Nga",
    "Huyền",
    "Dung",
    "Loan",
    "Oanh",
]
GIVEN_M = ["Dũng", "Nam", "Tuấn", "Quang", "Hải", "Sơn", "Long", "Thắng", "Hùng"]


def staff(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    """The staff directory: managers, teachers, support staff (name, position, phone, email, e-repository)."""
    n_teachers = {"MN": 14, "TH": 18, "THCS": 22}[s.level]
    positions = ["Hiệu trưởng", "Phó hiệu trưởng", "Phó hiệu trưởng"]
    positions += ["Tổ trưởng chuyên môn", "Tổ trưởng chuyên môn"] + ["Giáo viên"] * n_teachers
    if s.level != "MN":
        positions.append("Giáo viên - Tổng phụ trách Đội" if s.level == "TH" else "Giáo viên Tin học")
    positions += ["Kế toán", "Văn thư - Thủ quỹ", "Nhân viên y tế", "Bảo vệ"]
    if s.level == "MN":
        positions += ["Nhân viên nuôi dưỡng", "Nhân viên nuôi dưỡng"]
    rows: list[list[Any]] = []
    used: set[str] = set()
    for k, pos in enumerate(positions):
        while True:
            female = s.level == "MN" or rng.random() < 0.75
            if pos == "Bảo vệ":
                female = False
            name = " ".join(
                [
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                ]
            )
            if name not in used:
                used.add(name)
                break
        if s.id == "mn-phuc-dong" and k == 6:
            name = "Bùi Thị Yến"
        if s.id == "mn-phuc-dong" and k == 9:
            name = "Đỗ Thu Hương"
        parts = fold(name).split()
        email = f"{parts[-1]}{''.join(p[0] for p in parts[:-1])}.{s.short}@gmail.com"
        phone = f"09{rng.randint(10000000, 99999999)}"
        uses = "Có"
        if pos == "Bảo vệ":
            email, uses = "", "Không"
        if s.id == "mn-phuc-dong" and k == 6:
            uses = "Không"
        if s.id == "mn-phuc-dong" and k == 9:
            email = ""
        rows.append([k + 1, name, pos, phone, email, uses])
    return rows


def board(s: SchoolSpec, staff_rows: list[list[Any]], rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for k, r in enumerate(staff_rows[:3]):
        photo = f"https://{s.short}.longbien.edu.vn/anh-dai-dien/bgh-{k + 1}.jpg"
        if s.id == "th-ai-mo-a" and k == 2:
            photo = ""
        rows.append([k + 1, r[1], rng.randint(1965, 1982), r[2], r[3], r[4], photo])
    return rows


def training(s: SchoolSpec, n_staff: int, rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = [["CBGVNV", None, n_staff, n_staff, "100%", dt.date(2016, 10, 20)]]
    if s.level != "MN":
        for g in [3, 4, 5] if s.level == "TH" else [6, 7, 8, 9]:
            total = rng.randint(120, 210)
            day = dt.date(2016, 11, rng.randint(7, 25))
            if s.id == "th-ai-mo-a" and g == 5:
                day = dt.date(2016, 12, 5)
            rows.append(["Học sinh", g, total, total, "100%", day])
    parents = {"MN": 260, "TH": 540, "THCS": 620}[s.level]
    trained = parents
    if s.id == "mn-hoa-sua":
        trained = round(parents * 0.92)
    rows.append(
        ["Cha mẹ học sinh", None, trained, parents, f"{round(trained * 100 / parents)}%", dt.date(2016, 12, 24)]
    )
    return [[i, *r] for i, r in enumerate(rows, start=1)]


DISTRICT_HOSTS = {
    "MN": ("Trường MN Phúc Đồng", "Trường MN Đô thị Việt Hưng"),
    "TH": ("Trường TH Đô thị Việt Hưng", "Trường TH Ái Mộ A"),
    "THCS": ("Trường THCS Ái Mộ", "Trường THCS Đô thị Việt Hưng"),
}


def sessions(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = []
    if s.pilot:
        for m in months():
            if s.id == "th-do-thi-viet-hung" and m.month == 12:
                continue
            day = next(d for d in days_of(m) if d.weekday() == 3)
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
    if s.pilot:
        # B.III.3.2: a school session on professional activities using IT (no rng: the rest of the
        # generated district is unchanged)
        rows.append(
            [
                dt.date(2016, 10, 27),
                "Sinh hoạt chuyên môn có ứng dụng CNTT trên trang trường học kết nối",
                "Trường",
                "Tổ chuyên môn",
                1,
                12,
                1,
                "Đã rút kinh nghiệm",
            ]
        )
    nov_host, dec_host = DISTRICT_HOSTS[s.level]
    rows.append(
        [
            dt.date(2016, 11, 17),
            "Khai thác hệ thống máy tính, máy chiếu, camera, trang Website",
            "Quận",
            nov_host,
            1,
            1,
            1,
            "",
        ]
    )
    rows.append(
        [
            dt.date(2016, 12, 15),
            "Khai thác phần mềm trên bảng tương tác thông minh và kho học liệu dùng chung",
            "Quận",
            dec_host,
            1,
            1,
            0 if s.id == "thcs-ai-mo" else 1,
            "",
        ]
    )
    rows.sort(key=lambda r: r[0])
    return [[i, *r] for i, r in enumerate(rows, start=1)]


RECIPIENT = {
    "KH": "Các tổ chuyên môn; Lưu VT",
    "BC": "Phòng GD&ĐT quận Long Biên",
    "TB": "CBGVNV; Lưu VT",
    "GM": "Cha mẹ học sinh",
    "QĐ": "Như điều 3; Lưu VT",
    "CV": "Phòng GD&ĐT quận Long Biên",
}


def documents(s: SchoolSpec, rng: random.Random) -> tuple[list[list[Any]], list[list[Any]]]:
    """The outgoing register (school documents) and the sector legal documents posted on the portal."""
    kinds = [
        ("KH", "Kế hoạch", "Kế hoạch thực hiện mô hình trường học điện tử năm học 2016-2017", True),
        ("KH", "Kế hoạch", "Kế hoạch giáo dục nhà trường học kì I", True),
        ("BC", "Báo cáo", "Báo cáo tổng kết tháng", False),
        ("TB", "Thông báo", "Thông báo lịch nghỉ Tết Nguyên đán Đinh Dậu", True),
        ("GM", "Giấy mời", "Giấy mời họp cha mẹ học sinh cuối học kì I", False),
        ("QĐ", "Quyết định", "Quyết định phân công nhiệm vụ ứng dụng CNTT năm học 2016-2017", True),
        ("CV", "Công văn", "Công văn đề nghị sửa chữa thiết bị CNTT", False),
        ("BC", "Báo cáo", "Báo cáo thống kê đầu năm học", False),
        ("TB", "Thông báo", "Thông báo kết quả kiểm tra nội bộ", True),
    ]
    out: list[list[Any]] = []
    days = school_days()
    number = 1
    for k in range(rng.randint(24, 32)):
        abbr, kind, title, posted = kinds[k % len(kinds)] if k < len(kinds) else rng.choice(kinds)
        day = days[min(len(days) - 1, k * len(days) // 32 + rng.randint(0, 2))]
        sent = "Không" if (abbr == "GM" and s.id == "th-do-thi-viet-hung" and k == 4) else "Có"
        fmt = "PDF" if posted else rng.choice(["PDF", "DOCX"])
        if s.id == "mn-hoa-sua" and k == 1:
            fmt = "DOCX"
        out.append(
            [
                f"{number:02d}/{abbr}-{s.abbr}",
                day,
                kind,
                title,
                sent,
                "Có" if posted else "Không",
                fmt,
                "Có" if posted else "",
                RECIPIENT[abbr],
            ]
        )
        number += 1
    if s.id != "mn-phuc-dong":  # B.V.1.1: the semester's report on the model, sent to the district
        out.append(
            [
                f"{number + 1:02d}/BC-{s.abbr}",
                dt.date(2017, 1, 12),
                "Báo cáo",
                "Báo cáo kết quả thực hiện mô hình trường học điện tử học kì I năm học 2016-2017",
                "Có",
                "Không",
                "PDF",
                "",
                RECIPIENT["BC"],
            ]
        )
    out.append(
        [
            f"{number:02d}/QT-{s.abbr}",
            dt.date(2016, 9, 12),
            "Quy trình",
            "Quy trình vận hành thiết bị CNTT các phòng học",
            "Có",
            "Có",
            "PDF",
            "Có",
            "Các tổ chuyên môn; Lưu VT",
        ]
    )
    out.sort(key=lambda r: r[1])
    outgoing = [[i, *r] for i, r in enumerate(out, start=1)]
    legal = [
        [
            "3031/CT-BGDĐT",
            dt.date(2016, 8, 26),
            "Chỉ thị",
            "Về nhiệm vụ chủ yếu năm học 2016-2017 của ngành Giáo dục",
            "Có",
            "PDF",
        ],
        [
            "22/2016/TT-BGDĐT",
            dt.date(2016, 9, 22),
            "Thông tư",
            "Sửa đổi, bổ sung Quy định đánh giá học sinh tiểu học",
            "Có",
            "PDF",
        ],
        ["86/2015/NĐ-CP", dt.date(2015, 10, 2), "Nghị định", "Quy định về cơ chế thu, quản lý học phí", "Có", "PDF"],
        [
            "36/2013/TT-BGDĐT",
            dt.date(2013, 10, 10),
            "Thông tư",
            "Quy định về chế độ làm việc đối với giáo viên",
            "Có",
            "PDF",
        ],
    ]
    return outgoing, [[i, *r] for i, r in enumerate(legal, start=1)]


TEACHERS = ["Nguyễn Thị Mai", "Trần Thu Hương", "Lê Văn Dũng", "Phạm Thị Hồng", "Vũ Thanh Hà", "Đặng Quốc Bảo"]
TEACHING_PREFIXES = ("Phòng Tin", "Phòng Ngoại", "Phòng Đa", "Phòng Âm", "Phòng Mỹ", "Phòng bộ môn", "Phòng Robotics")
SUPPORT_ROOMS = ("Phòng Thư viện", "Phòng Đoàn đội", "Phòng Thiết bị đồ dùng", "Phòng Y tế")


def usage_log(s: SchoolSpec, rng: random.Random) -> list[tuple[str, list[list[Any]]]]:
    """One tab per special room, one for all ordinary classrooms (one row per lesson)."""
    subjects = {
        "MN": [
            "Làm quen với Tin học",
            "Tiếng Anh",
            "Âm nhạc",
            "Khám phá khoa học",
            "Làm quen chữ cái",
            "Làm quen với Toán",
        ],
        "TH": ["Tin học", "Tiếng Anh", "Toán", "Tiếng Việt", "Âm nhạc", "Mỹ thuật", "Tự nhiên và Xã hội", "Khoa học"],
        "THCS": ["Tin học", "Tiếng Anh", "Toán", "Ngữ văn", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí"],
    }[s.level]
    days = school_days()
    teaching = [r for r, _ in s.rooms if r.startswith(TEACHING_PREFIXES)]
    support = [r for r, _ in s.rooms if r in SUPPORT_ROOMS]

    def class_name() -> str:
        if s.level == "MN":
            return rng.choice(s.classrooms).replace("Lớp ", "")
        grade = rng.randint(6, 9) if s.level == "THCS" else rng.randint(1, 5)
        return f"{grade}A{rng.randint(1, 3)}"

    tabs: list[tuple[str, list[list[Any]]]] = []
    for room in teaching + support:
        rows: list[list[Any]] = []
        per_week = 1.5 if room in support else 4
        for d in days:
            for _ in range(2 if room.startswith(("Phòng Tin", "Phòng Ngoại")) else 1):
                if rng.random() >= per_week / 5:
                    continue
                if "Tin" in room:
                    subj = "Làm quen với Tin học" if s.level == "MN" else "Tin học"
                elif "Ngoại" in room:
                    subj = "Tiếng Anh"
                elif "Robotics" in room:
                    subj = "Lắp ghép robot"
                elif "Lý" in room:
                    subj = "Vật lí"
                elif "Hóa" in room:
                    subj = "Hóa học"
                elif "Sinh" in room:
                    subj = "Sinh học"
                elif room in support:
                    subj = "Sinh hoạt/khai thác thiết bị"
                else:
                    subj = rng.choice(subjects)
                software = "PowerPoint"
                if "Tin" in room and s.level == "MN":
                    software = "KidsMart"
                elif "Robotics" in room:
                    software = "Lego WeDo"
                elif room in SCIENCE_ROOMS:
                    software = "Crocodile"
                rows.append(
                    [
                        d,
                        rng.randint(1, 5),
                        class_name() if room not in support else "",
                        rng.choice(TEACHERS),
                        subj,
                        room,
                        "x",
                        "Máy tính, máy chiếu",
                        software,
                    ]
                )
        # every month has at least one row
        for m in months():
            if not any(r[0].month == m.month and r[0].year == m.year for r in rows):
                first = days_of(m)[0]
                software = "KidsMart" if ("Tin" in room and s.level == "MN") else ""
                rows.append([first, 1, "", rng.choice(TEACHERS), subjects[0], room, "x", "Máy tính", software])
        rows.sort(key=lambda r: (r[0], r[1]))
        tabs.append((kinds.usage_tab(room), [[i, *r] for i, r in enumerate(rows, start=1)]))
    # ordinary classrooms, all in one tab: every lesson where a teacher used (or not) the room's IT
    rows = []
    for d in days:
        for cls in s.classrooms:
            for period in sorted(rng.sample(range(1, 6), rng.choice([1, 1, 2, 2, 3]))):
                used = "x"
                if rng.random() < 0.03:
                    used = ""
                rows.append(
                    [
                        d,
                        period,
                        cls.replace("Lớp ", ""),
                        rng.choice(TEACHERS),
                        rng.choice(subjects),
                        cls,
                        used,
                        "Máy chiếu, bảng tương tác" if used else "",
                        "Bài giảng điện tử" if used else "",
                    ]
                )
    if s.id == "thcs-do-thi-viet-hung":
        rows.insert(40, ["31/11/2016", 2, "8A", "Lê Văn Dũng", "Toán", "Lớp 8A", "x", "Máy chiếu", ""])
    tabs.append((kinds.USAGE_TAB_FOR_CLASSROOMS, [[i, *r] for i, r in enumerate(rows, start=1)]))
    return tabs


def fix_classroom_rates(tab_rows: list[list[Any]], s: SchoolSpec) -> list[list[Any]]:
    """Keep ordinary classrooms at ≥ 90% per month except the planted defect (≈ 80%)."""
    by_key: dict[tuple[str, int, int], list[list[Any]]] = {}
    for r in tab_rows:
        if isinstance(r[1], dt.date):
            by_key.setdefault((r[6], r[1].year, r[1].month), []).append(r)
    for (cls, _y, month), rows in by_key.items():
        planted = s.id == "th-do-thi-viet-hung" and cls == "Lớp 4A" and month == 10
        if planted:
            target = int(len(rows) * 0.8)
            for r in rows:
                r[7] = "x" if target > 0 else ""
                r[8] = "Máy chiếu, bảng tương tác" if target > 0 else ""
                target -= 1
            continue
        used = sum(1 for r in rows if r[7] == "x")
        for r in rows:
            if used / len(rows) >= 0.9:
                break
            if r[7] != "x":
                r[7] = "x"
                used += 1
    return tab_rows


def evaluations(s: SchoolSpec, rooms: Iterable[str], rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = []
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
                            "Máy chiếu hơi mờ, đã đề nghị thay bóng; khai thác tốt",
                        ]
                    ),
                    rng.choice(["Tốt", "Khá"]),
                    "Phó hiệu trưởng",
                ]
            )
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def maintenance(s: SchoolSpec, rooms: Iterable[str], rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for room in rooms:
        date = dt.date(2016, rng.choice([8, 10, 11, 12]), rng.randint(1, 28))
        if s.id == "thcs-ai-mo" and room == "Phòng bộ môn Hóa":
            date = dt.date(2016, 3, 15)
        rows.append([date, room, "Toàn bộ thiết bị CNTT", "Vệ sinh, kiểm tra, cập nhật phần mềm", "Công ty Hoàng Long"])
    rows.sort(key=lambda r: str(r[0]))
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def posts(s: SchoolSpec, rng: random.Random) -> list[list[Any]]:
    rows: list[tuple[dt.datetime, str, str, int, int | str]] = []

    def add(day: dt.date, title: str, category: str, pictures: int = 0, width: int | str = "") -> None:
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
        rows.append((at, title, category, pictures, width if pictures else ""))

    add(dt.date(2015, 10, 12), f"Giới thiệu chung về {s.name}", "Giới thiệu", 3, 500)
    if s.level != "MN":
        add(dt.date(2016, 6, 20), "Thống kê kết quả học tập của học sinh năm học 2015-2016", "Thống kê")
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
        add(day, f"Lịch công tác tuần từ {monday:%d/%m} đến {monday + dt.timedelta(days=5):%d/%m/%Y}", "Lịch công tác")
    disclosure = dt.date(2016, 9, 20) if s.id == "thcs-do-thi-viet-hung" else dt.date(2016, 9, rng.randint(6, 14))
    add(disclosure, "Thực hiện ba công khai năm học 2016-2017", "Ba công khai")
    if s.level == "MN":
        add(dt.date(2016, 9, 8), "Chế độ sinh hoạt một ngày của trẻ năm học 2016-2017", "Thời gian biểu")
    elif s.id != "thcs-do-thi-viet-hung":
        add(dt.date(2016, 9, 8), "Thời khóa biểu học kỳ I năm học 2016-2017", "Thời khóa biểu")
    topics = {
        "Chuyên môn": ["Chuyên đề đổi mới phương pháp dạy học", "Hội giảng chào mừng 20/11", "Sinh hoạt chuyên môn tổ"],
        "Đoàn thể": ["Công đoàn tổ chức hội thao", "Liên đội ra quân", "Hội nghị cán bộ công chức"],
        "Hoạt động của trường": ["Lễ khai giảng năm học mới", "Vui Tết Trung thu", "Ngày hội đến trường"],
        "Tin khác": ["Tuyên truyền an toàn giao thông", "Hưởng ứng Ngày Pháp luật Việt Nam"],
        "Thông báo": ["Thông báo nghỉ học do thời tiết", "Thông báo trang phục mùa đông"],
    }
    minimum = {"Chuyên môn": 2, "Đoàn thể": 1, "Hoạt động của trường": 2, "Tin khác": 1, "Thông báo": 0}
    for m in months():
        days = days_of(m)
        for cat, n in minimum.items():
            count = n + (1 if rng.random() < 0.4 else 0)
            if cat == "Tin khác" and m.month % 2 == 0:
                count = 0
            if cat == "Tin khác" and s.id == "th-ai-mo-a" and m.month == 11:
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


def checklist(s: SchoolSpec) -> list[list[Any]]:
    link = f"https://drive.google.com/drive/folders/{s.id}"
    portal = f"https://{s.short}.longbien.edu.vn"
    evidence = {
        "CL-PORTAL-BANNER-FOOTER": portal,
        "CL-PORTAL-INTRO": f"{portal}/gioi-thieu",
        "CL-REWARDS": "" if s.id == "th-do-thi-viet-hung" else link,
    }
    failed = {"CL-WIFI-COVERAGE", "CL-GYM-SCHEDULE"} if s.id == "thcs-ai-mo" else set()
    items = kinds.CHECKLIST_ITEMS + (kinds.CHECKLIST_GYM if s.level != "MN" else [])
    return [[code, text, "Không đạt" if code in failed else "Đạt", evidence.get(code, link)] for code, text in items]


def software_issues(s: SchoolSpec) -> list[list[Any]]:
    return [
        [1, dt.date(2016, 10, 3), "EMIS", "Không đăng nhập được", "Liên hệ Phòng GD, đổi mật khẩu", "loi-emis.png"],
        [2, dt.date(2016, 11, 21), "Quản lý tài sản công", "Lỗi khi xuất báo cáo", "Cập nhật phiên bản mới", ""],
        [
            3,
            dt.date(2017, 1, 9),
            "Phổ cập giáo dục",
            "Không nhập được số liệu trẻ 5 tuổi",
            "Chờ hướng dẫn của Phòng GD",
            "",
        ],
    ]


# ----------------------------------------------------------------------------- write


def build(out: Path, seed: str = SEED) -> None:
    remove_stale(out, [s.id for s in _schools()])
    out.mkdir(parents=True, exist_ok=True)
    roster: list[dict[str, Any]] = []
    for s in _schools():
        roster.append(
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
        write_school(s, out / s.id, random.Random(f"{s.id}-{seed}"))
    write_roster(
        out / "roster.yaml",
        "# Danh sách trường của quận (mẫu). Sinh bởi scripts/make_sample_sheets.py — không sửa tay.\n",
        "Phòng GD&ĐT quận Long Biên",
        roster,
    )
    write_readme(out)


FILES = [
    kinds.DEVICES_FILE,
    kinds.SOFTWARE_FILE,
    kinds.USAGE_FILE,
    kinds.MAINTENANCE_FILE,
    f"{kinds.POSTS_FILE}.csv",
    kinds.RESOURCES_FILE,
    kinds.DOCUMENTS_FILE,
    kinds.SESSIONS_FILE,
    kinds.STAFF_FILE,
    kinds.TRAINING_FILE,
    kinds.CHECKLIST_FILE,
]
"""What write_school writes in every school's folder."""


def remove_stale(out: Path, ids: list[str]) -> None:
    """Remove what the generator no longer writes; unchanged files stay as they are (same bytes)."""
    if not out.exists():
        return
    for child in out.iterdir():
        if child.is_dir() and child.name not in ids:
            shutil.rmtree(child)
        elif child.is_dir():
            for f in child.iterdir():
                if f.name not in FILES:
                    f.unlink()


def write_school(s: SchoolSpec, folder: Path, rng: random.Random) -> None:
    """Every file of one school; the draws from ``rng`` follow the order of the files."""
    dev_rows, matrix = devices(s)
    sheet = kinds.DEVICES
    write_xlsx(folder / kinds.DEVICES_FILE, [(sheet.tab, sheet.header, dev_rows, titles(s, sheet.title))])

    matrix_header, matrix_rows = installed_matrix(s, matrix)
    sw_tabs: list[Tab] = [
        (kinds.SOFTWARE.tab, kinds.SOFTWARE.header, software_checklist(s, rng), titles(s, kinds.SOFTWARE.title)),
        (kinds.INSTALLED_TAB, matrix_header, matrix_rows, titles(s, kinds.INSTALLED_TITLE)),
    ]
    if s.id != "mn-phuc-dong":
        sw_tabs.append((kinds.SOFTWARE_ISSUES.tab, kinds.SOFTWARE_ISSUES.header, software_issues(s), []))
    if s.id == "th-ai-mo-a":
        note = [["Cần bổ sung máy chiếu cho phòng 5A1", "Tổ CNTT"]]
        sw_tabs.append(("Ghi chú", ["Ghi chú của tổ CNTT", "Người ghi"], note, []))
    write_xlsx(folder / kinds.SOFTWARE_FILE, sw_tabs)

    usage_header = kinds.USAGE_HEADER
    if s.id == "mn-hoa-sua":
        usage_header = [without_diacritics(h) for h in usage_header]  # typed so, as some schools do
    xl_tabs: list[Tab] = []
    for name, rows in usage_log(s, rng):
        if name == kinds.USAGE_TAB_FOR_CLASSROOMS:
            rows = fix_classroom_rates(rows, s)
        xl_tabs.append((name, usage_header, rows, titles(s, kinds.usage_title(name))))
    logged_rooms = [r for r, _ in s.rooms if r.startswith(TEACHING_PREFIXES) or r in SUPPORT_ROOMS] + s.classrooms
    sheet = kinds.EVALUATIONS
    xl_tabs.append((sheet.tab, sheet.header, evaluations(s, logged_rooms, rng), titles(s, sheet.title)))
    write_xlsx(folder / kinds.USAGE_FILE, xl_tabs)

    maint_rooms = list(dict.fromkeys(row[4] for row in dev_rows))  # every room that has devices
    sheet = kinds.MAINTENANCE
    write_xlsx(
        folder / kinds.MAINTENANCE_FILE,
        [(sheet.tab, sheet.header, maintenance(s, maint_rooms, rng), titles(s, sheet.title))],
    )

    write_csv(folder / f"{kinds.POSTS_FILE}.csv", kinds.POSTS.header, posts(s, rng))

    res = resources(s, rng)
    write_xlsx(
        folder / kinds.RESOURCES_FILE,
        [
            (tab, kinds.RESOURCES_HEADER, rows, titles(s, kinds.resources_title(tab)))
            for tab, rows in res.items()
            if rows
        ],
    )

    outgoing, legal = documents(s, rng)
    write_xlsx(
        folder / kinds.DOCUMENTS_FILE,
        [
            (kinds.OUTGOING.tab, kinds.OUTGOING.header, outgoing, titles(s, kinds.OUTGOING.title)),
            (kinds.LEGAL.tab, kinds.LEGAL.header, legal, titles(s, kinds.LEGAL.title)),
        ],
    )

    sheet = kinds.SESSIONS
    write_xlsx(folder / kinds.SESSIONS_FILE, [(sheet.tab, sheet.header, sessions(s, rng), titles(s, sheet.title))])

    staff_rows = staff(s, rng)
    write_xlsx(
        folder / kinds.STAFF_FILE,
        [
            (kinds.STAFF.tab, kinds.STAFF.header, staff_rows, titles(s, kinds.STAFF.title)),
            (kinds.BOARD.tab, kinds.BOARD.header, board(s, staff_rows, rng), titles(s, kinds.BOARD.title)),
        ],
    )

    sheet = kinds.TRAINING
    write_xlsx(
        folder / kinds.TRAINING_FILE,
        [(sheet.tab, sheet.header, training(s, len(staff_rows), rng), titles(s, sheet.title))],
    )

    write_xlsx(folder / kinds.CHECKLIST_FILE, [(kinds.CHECKLIST.tab, kinds.CHECKLIST.header, checklist(s), [])])


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
        "Each school folder holds: `Danh muc thiet bi CNTT.xlsx` (devices), `Phan mem.xlsx` (software checklist,",
        "installed-software matrix, software issue log), `Nhat ky su dung thiet bi.xlsx` (usage log, one tab per",
        "room, and the monthly evaluations), `Nhat ky bao tri.xlsx` (maintenance), `Thong ke tin bai.csv` (portal",
        "posts), `Kho hoc lieu.xlsx` (resources), `So van ban.xlsx` (document register and legal documents),",
        "`Chuyen de.xlsx` (sessions), `Tap huan khai thac Web.xlsx` (training), `Danh ba CBGV.xlsx` (staff",
        "directory and principal board) and `Tu kiem tra.xlsx` (self-check items).",
        "",
        "## Planted defects",
        "",
        "Each row is a deliberate defect and the rule it must trip (a defect that trips two rules has two rows).",
        "The test suite (`tests/test_sample_district.py`) checks that an audit as of 31/01/2017 fails exactly",
        "these rules and nothing else.",
        "",
        "| school | rule | defect | where |",
        "|---|---|---|---|",
    ]
    for d in DEFECTS:
        lines.append(f"| `{d.school}` | {d.rule} | {d.what} | {d.where} |")
    lines += ["", "## Planted data problems", "", "| school | problem | what | where |", "|---|---|---|---|"]
    for p in DATA_PROBLEMS:
        lines.append(f"| `{p.school}` | {p.code} | {p.what} | {p.where} |")
    lines += [
        "",
        'Also on purpose: `mn-hoa-sua` types its usage-log headers without diacritics ("Ngay", "Su dung CNTT"),',
        'usage logs keep one tab per room, the software matrix has one column per program ("x" = installed),',
        "the portal export is CSV with `HH:MM:SS dd/mm/yyyy` dates, and most tabs have title rows above their header.",
        "",
    ]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
