"""Every rule of the Long Biên rubric, with a minimal passing and a minimal failing workbook.

Workbooks are built the way a school's files are read: grids of cells (header row first) go
through the real parser (``parse_tab`` via ``WorkbookBuilder``), so a case also proves that the
headers a school would type are recognised as the sheet kind the rule reads. The rule is then
evaluated by the engine as of 31/01/2017, for a school its levels and profiles apply to.

Also here: every requirement id of REQUIREMENTS.md is a rule or a not-evidenced entry, and the
rubric agrees with Appendix 1 as recorded in the bundle's rooms.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from elschool_audit.engine import evaluate
from elschool_audit.roster import School
from elschool_audit.rubric.checks import Context, run_check
from elschool_audit.rubric.loader import bundle_rubric, load_rubric
from elschool_audit.rubric.model import Rule
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import RawTab
from elschool_audit.workbook import Workbook

REPO = Path(__file__).resolve().parents[1]
RUBRIC = load_rubric(bundle_rubric("longbien-2016-17")).rubric
AS_OF = dt.date(2017, 1, 31)
D = dt.date
MONTHS = [(2016, 9), (2016, 10), (2016, 11), (2016, 12), (2017, 1)]
FRESH = D(2017, 1, 20)
STALE = D(2016, 11, 1)

# ----------------------------------------------------------------------------- building workbooks

Tab = tuple[str, str, list[list[Any]]]
"""(expected sheet kind, tab name, grid with the header as first row)"""


def tab(kind: str, name: str, header: list[str], *rows: list[Any]) -> Tab:
    return (kind, name, [list(header), *[list(r) for r in rows]])


def build(tabs: list[Tab]) -> Workbook:
    """Parse the grids with the real parser; every tab must be recognised as its kind, cleanly."""
    builder = WorkbookBuilder()
    builder.add_file("Ho so.xlsx", [RawTab(name, grid) for _, name, grid in tabs])
    wb = builder.build()
    problems = [(p.code, p.params, p.location) for p in wb.problems if p.severity in ("error", "warning")]
    assert problems == [], problems
    recognised = sorted(k for k in wb.files[0].kinds)
    assert recognised == sorted(kind for kind, _, _ in tabs), (recognised, [k for k, _, _ in tabs])
    return wb


DEV_H = ["Mã thiết bị", "Loại thiết bị", "Phòng", "Khu/Tầng", "Tình trạng", "Phần mềm diệt virus/bảo mật"]


def devices(*rows: list[Any]) -> Tab:
    return tab("devices", "Thiết bị", DEV_H, *rows)


REQUIRED_SOFTWARE = {
    "MN": [
        "Quản lý tài chính kế toán",
        "Quản lý tài sản công",
        "Quản lý nhân sự (PMIS)",
        "Netop School",
        "Phổ cập giáo dục",
        "EMIS",
    ],
}
REQUIRED_SOFTWARE["TH"] = REQUIRED_SOFTWARE["MN"] + ["Quản lý học sinh", "Hệ thống quản lý thư viện"]
REQUIRED_SOFTWARE["THCS"] = REQUIRED_SOFTWARE["TH"]


def software(override: dict[str, tuple[str, dt.date]] | None = None, level: str = "TH") -> Tab:
    """The management software checklist: every required program in use, updated ``FRESH``."""
    rows = []
    for name in REQUIRED_SOFTWARE[level]:
        in_use, date = (override or {}).get(name, ("Có", FRESH))
        rows.append([name, in_use, date, "Nguyễn Thị Hà"])
    return tab(
        "software_checklist",
        "Danh mục phần mềm",
        ["Phần mềm", "Đang sử dụng", "Cập nhật lần cuối", "Người phụ trách"],
        *rows,
    )


def matrix(columns: list[str], *rows: list[Any]) -> Tab:
    """The wide installed-software layout: one column per program, 'x' where installed."""
    return tab("installed_software", "Phần mềm cài trên máy", ["Mã máy", "Phòng", *columns], *rows)


ISSUES = tab(
    "software_issues",
    "Nhật ký sự cố",
    ["Ngày", "Phần mềm", "Vướng mắc", "Cách khắc phục"],
    [D(2016, 10, 3), "EMIS", "Không đăng nhập được", "Đổi mật khẩu"],
)
USAGE_H = ["Ngày", "Tiết", "Lớp", "Giáo viên", "Môn học", "Phòng", "Sử dụng CNTT", "Phần mềm sử dụng"]


def usage(*rows: list[Any]) -> Tab:
    return tab("usage_log", "Nhật ký sử dụng", USAGE_H, *rows)


def monthly_usage(room: str, software: str = "PowerPoint", skip: tuple[int, int] | None = None) -> Tab:
    return usage(
        *[[D(y, m, 12), 2, "4A", "Trần Thu Hương", "Tin học", room, "x", software] for y, m in MONTHS if (y, m) != skip]
    )


def evaluations(room: str, skip: tuple[int, int] | None = None) -> Tab:
    return tab(
        "room_evaluation",
        "Đánh giá tháng",
        ["Tháng", "Phòng", "Đánh giá hiệu quả"],
        *[[f"{m:02d}/{y}", room, "Khai thác hiệu quả"] for y, m in MONTHS if (y, m) != skip],
    )


def maintenance(room: str, date: dt.date) -> Tab:
    return tab(
        "maintenance_log",
        "Bảo trì",
        ["Ngày bảo trì", "Phòng", "Nội dung bảo trì"],
        [date, room, "Vệ sinh, cập nhật phần mềm"],
    )


POSTS_H = ["Ngày đăng", "Tiêu đề", "Chuyên mục", "Số ảnh", "Chiều rộng ảnh (px)"]


def posts(*rows: list[Any]) -> Tab:
    return tab("posts", "Tin bài", POSTS_H, *rows)


def monthly_posts(
    category: str, per_month: int, short: tuple[int, int] | None = None, months: list[tuple[int, int]] = MONTHS
) -> Tab:
    rows = []
    for y, m in months:
        n = per_month - 1 if (y, m) == short else per_month
        rows += [[D(y, m, 10 + k), f"Tin {category} {k + 1} tháng {m}", category, 0, None] for k in range(n)]
    return posts(*rows)


RES_H = ["Tên học liệu", "Loại", "Khối", "Môn", "Định dạng", "Ngày đăng", "Chú thích"]


def res(*rows: list[Any]) -> Tab:
    return tab("resources", "Học liệu", RES_H, *rows)


DOC_H = ["Số", "Ngày", "Loại văn bản", "Trích yếu", "Gửi qua mạng", "Đăng lên web", "Định dạng", "Ký đóng dấu"]


def docs(*rows: list[Any]) -> Tab:
    return tab("documents", "Văn bản đi", DOC_H, *rows)


SESS_H = ["Ngày", "Tên chuyên đề", "Cấp", "Số HT dự", "Số GV dự", "Số CB CNTT dự", "Rút kinh nghiệm"]


def sessions(*rows: list[Any]) -> Tab:
    return tab("sessions", "Chuyên đề", SESS_H, *rows)


def district_sessions(*rows: list[Any]) -> Tab:
    """The session log with the host school column (Appendix 2 names the host of each session)."""
    return tab("sessions", "Chuyên đề", [*SESS_H, "Đơn vị tổ chức"], *rows)


TRAIN_H = ["Đối tượng", "Khối", "Số đã tập huấn", "Tổng số", "Tỉ lệ", "Ngày tập huấn"]


def training(*rows: list[Any]) -> Tab:
    return tab("training", "Tập huấn", TRAIN_H, *rows)


def staff(*rows: list[Any]) -> Tab:
    return tab("staff", "Danh bạ", ["Họ và tên", "Chức vụ", "Số điện thoại", "Email", "Sử dụng kho học liệu"], *rows)


def board(*rows: list[Any]) -> Tab:
    return tab(
        "board", "Ban giám hiệu", ["Họ và tên", "Năm sinh", "Chức vụ", "Số điện thoại", "Email", "Ảnh đại diện"], *rows
    )


def checklist(*items: tuple[str, str, str]) -> Tab:
    """(item id, 'Đạt'/'Không đạt', evidence link)"""
    return tab(
        "checklist",
        "Tự kiểm tra",
        ["Mã tiêu chí", "Nội dung", "Đạt", "Minh chứng"],
        *[[i, "…", met, ev] for i, met, ev in items],
    )


LINK = "https://drive.google.com/drive/folders/minh-chung"


def met(*items: str) -> Tab:
    return checklist(*[(i, "Đạt", LINK) for i in items])


# ----------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    good: list[Tab]
    bad: list[Tab]
    level: str = "TH"
    pilot: bool = True
    clc: bool = False
    email: str | None = None
    bad_email: str | None = None


def _weekly_schedule(skip: int | None = None) -> Tab:
    weeks = RUBRIC.calendar.periods("week", AS_OF, due="start")
    return posts(
        *[
            [w.start, f"Lịch công tác tuần {w.label}", "Lịch công tác", 0, None]
            for i, w in enumerate(weeks)
            if i != skip
        ]
    )


def _lecture_pairs(drop: int | None = None) -> Tab:
    rule: Any = RUBRIC.rule("RES-ELECTURE-COVERAGE")[1]  # type: ignore[index]
    pairs = rule.check.checks[0].expect.values_by_level["TH"]
    label = catalogue().enums["subject"].label
    return res(
        *[
            [f"{label(s)} {g} — Bài học số {i + 1}", "Bài giảng điện tử", g, label(s), "HTML5", D(2016, 10, 5), None]
            for i, (g, s) in enumerate(pairs)
            if i != drop
        ]
    )


def _exams(skip_literature: tuple[int, int] | None = None, skip_subject: str | None = None) -> Tab:
    rows = []
    for y, m in MONTHS:
        rows.append([f"Đề ôn tập Toán tháng {m}", "Đề thi - ôn tập", 4, "Toán", "PDF", D(y, m, 14), None])
        if (y, m) != skip_literature:
            rows.append(
                [f"Đề ôn tập Tiếng Việt tháng {m}", "Đề thi - ôn tập", 4, "Tiếng Việt", "PDF", D(y, m, 15), None]
            )
    for i, subject in enumerate(("Khoa học", "Lịch sử và Địa lí", "Tiếng Anh", "Tin học")):
        if subject != skip_subject:
            rows.append(
                [
                    f"Đề kiểm tra học kì I môn {subject} lớp 5",
                    "Đề kiểm tra",
                    5,
                    subject,
                    "PDF",
                    D(2016, 12, 20 + i),
                    None,
                ]
            )
    return res(*rows)


def _materials(short: tuple[int, int] | None = None, uncaptioned: bool = False) -> Tab:
    rows = []
    for y, m in MONTHS:
        rows.append(
            [
                f"Ảnh hoạt động tháng {m}",
                "Ảnh",
                None,
                None,
                "JPG",
                D(y, m, 9),
                "" if uncaptioned else f"Ảnh: hoạt động tháng {m}",
            ]
        )
        rows.append([f"Sách tham khảo tháng {m}", "Sách", None, None, "PDF", D(y, m, 10), None])
        if (y, m) != short:
            rows.append([f"Phim tư liệu tháng {m}", "Phim", None, None, "MP4", D(y, m, 11), None])
    return res(*rows)


LAB_PC = ["TH-01", "Máy tính", "Phòng Tin học", "Nhà B", "Hoạt động tốt", ""]
SCIENCE_PC = ["LY-01", "Máy tính", "Phòng bộ môn Lý", "Nhà C", "Tốt", ""]
MN_ROOMS = [
    [f"PC-{i:02d}", "Máy tính", room, "Nhà A", "Hoạt động tốt", ""]
    for i, room in enumerate(
        [
            *("Phòng Tin học", "Phòng Ngoại ngữ", "Phòng Đa năng", "Lớp Mẫu giáo lớn A1", "Phòng Âm nhạc"),
            *("Phòng Mỹ thuật", "Phòng Hiệu trưởng", "Phòng Phó hiệu trưởng", "Phòng Văn thư", "Phòng Thủ quỹ"),
            *("Phòng Kế toán", "Phòng Thiết bị đồ dùng", "Phòng Sinh hoạt chuyên môn", "Phòng Họp chung"),
            *("Phòng Thư viện", "Phòng Công đoàn", "Phòng Y tế"),
        ]
    )
]
"""A preschool with every room Appendix 1 gives its level (rooms 1-6, 11-21)."""
LANG_PC = ["NN-01", "Máy tính", "Phòng Ngoại ngữ", "Nhà B", "Hoạt động tốt", ""]
ALL_KINDS_GOOD: list[Tab] = [
    devices(LAB_PC),
    matrix(["Netop School"], ["TH-01", "Phòng Tin học", "x"]),
    software(),
    monthly_usage("Phòng Tin học"),
    evaluations("Phòng Tin học"),
    maintenance("Phòng Tin học", D(2016, 12, 1)),
    ISSUES,
    posts([D(2016, 9, 12), "Lịch công tác tuần", "Lịch công tác", 0, None]),
    res(["Toán 4 — Phân số", "Bài giảng điện tử", 4, "Toán", "HTML5", D(2016, 10, 5), None]),
    docs(["01/KH-TH", D(2016, 9, 9), "Kế hoạch", "Kế hoạch năm học", "Có", "Có", "PDF", "Có"]),
    sessions([D(2016, 11, 17), "Chuyên đề cấp quận", "Quận", 1, 1, 1, ""]),
    training(["CBGVNV", None, 30, 30, "100%", D(2016, 10, 20)]),
    staff(["Trần Thu Hương", "Giáo viên", "0912345678", "huongtt@gmail.com", "Có"]),
    board(["Lê Văn Dũng", 1970, "Hiệu trưởng", "0912000111", "dunglv@gmail.com", "anh/ht.jpg"]),
    met("CL-ROLES"),
]

CASES: dict[str, Case] = {
    # ------------------------------------------------------------------ I. infrastructure
    "INF-COMPUTERS-WORKING": Case(
        [devices(LAB_PC, ["SV-01", "Máy chủ", "Phòng Văn thư", "Nhà A", "Tốt", "x"])],
        [devices(LAB_PC, ["TH-02", "Máy tính", "Phòng Tin học", "Nhà B", "Hỏng", ""])],
    ),
    "INF-SOFTWARE-ISSUE-LOG": Case(
        # An empty log of a school that met no problem is a kept log; PCGD/EMIS freshness is not
        # asked (the guideline leaves them to the district's instructions).
        [software({"EMIS": ("Có", STALE)}), tab("software_issues", "Nhật ký sự cố", ISSUES[2][0])],
        [software()],
    ),
    "INF-SECURITY-SOFTWARE": Case(
        [devices(["KT-01", "Máy tính", "Phòng Kế toán", "Nhà A", "Tốt", "x"], LAB_PC)],
        [devices(["KT-01", "Máy tính", "Phòng Kế toán", "Nhà A", "Tốt", "Không"], LAB_PC)],
    ),
    "INF-OTHER-DEVICES-WORKING": Case(
        [
            devices(
                ["MC-01", "Máy chiếu", "Lớp 4A", "Nhà C", "Tốt", ""],
                ["AP-01", "Bộ phát wifi", "Hành lang", "Nhà C", "Tốt", ""],
            )
        ],
        [
            devices(
                ["MC-01", "Máy chiếu", "Lớp 4A", "Nhà C", "Tốt", ""],
                ["AP-01", "Bộ phát wifi", "Hành lang", "Nhà C", "Hỏng", ""],
            )
        ],
    ),
    "INF-INTERNET-BACKUP": Case(
        [
            devices(
                ["INT-01", "Đường truyền internet", "Phòng Văn thư", "Nhà A", "Tốt", ""],
                ["INT-02", "Cáp quang", "Phòng Văn thư", "Nhà A", "Tốt", ""],
            )
        ],
        [
            devices(["INT-01", "Đường truyền internet", "Phòng Văn thư", "Nhà A", "Tốt", ""]),
            checklist(("CL-INTERNET-BACKUP", "Không đạt", "")),
        ],
    ),
    "INF-WIFI-COVERAGE": Case(
        [
            devices(LAB_PC, ["AP-01", "Bộ phát wifi", "Hành lang", "Nhà B", "Tốt", ""]),
            checklist(("CL-WIFI-COVERAGE", "Không đạt", "")),
        ],
        [
            devices(LAB_PC, ["AP-01", "Bộ phát wifi", "Hành lang", "Nhà A", "Tốt", ""]),
            checklist(("CL-WIFI-COVERAGE", "Không đạt", "")),
        ],
    ),
    "INF-CAMERAS-WORKING": Case(
        [devices(["CAM-01", "Camera", "Cổng trường", "", "Hoạt động tốt", ""])],
        [
            devices(
                ["CAM-01", "Camera", "Cổng trường", "", "Hoạt động tốt", ""],
                ["CAM-02", "Camera", "Sân chơi", "", "Hỏng", ""],
            )
        ],
        level="MN",
        pilot=False,
    ),
    # ------------------------------------------------------------------ II. rooms
    "ROOM-APPENDIX-1": Case(
        [devices(*MN_ROOMS)],
        [devices(*MN_ROOMS[1:])],  # no computer lab
        level="MN",
    ),
    "ROOM-LESSON-IT-RATE": Case(
        [
            usage(
                *[
                    [D(2016, 10, d), 1, "4A", "Hương", "Toán", "Lớp 4A", "x" if d != 10 else "", ""]
                    for d in range(3, 15)
                ],
                [D(2016, 10, 5), 2, "4A", "Hà", "Tin học", "Phòng Tin học", "x", "Logo"],
            )
        ],
        [
            usage(
                *[
                    [D(2016, 10, d), 1, "4A", "Hương", "Toán", "Lớp 4A", "x" if d not in (10, 11) else "", ""]
                    for d in range(3, 15)
                ],
                [D(2016, 10, 5), 2, "4A", "Hà", "Tin học", "Phòng Tin học", "x", "Logo"],
            )
        ],
    ),
    "ROOM-USAGE-LOG": Case(
        [devices(LAB_PC), monthly_usage("Phòng Tin học"), evaluations("Phòng Tin học")],
        [devices(LAB_PC), monthly_usage("Phòng Tin học"), evaluations("Phòng Tin học", skip=(2016, 11))],
    ),
    "ROOM-MAINTENANCE": Case(
        [devices(LAB_PC), maintenance("Phòng Tin học", D(2016, 12, 1))],
        [devices(LAB_PC), maintenance("Phòng Tin học", D(2016, 3, 1))],
    ),
    "ROOM-ADMIN-SOFTWARE-USE": Case(
        [software(), ISSUES],
        [software({"Quản lý tài sản công": ("Không", FRESH)}), ISSUES],
    ),
    "ROOM-ROBOTICS-SOFTWARE": Case(
        [
            devices(["RB-01", "Máy tính", "Phòng Robotics", "Nhà B", "Tốt", ""]),
            matrix(["Lego WeDo"], ["RB-01", "Phòng Robotics", "x"]),
        ],
        [
            devices(["RB-01", "Máy tính", "Phòng Robotics", "Nhà B", "Tốt", ""]),
            matrix(["Lego WeDo"], ["RB-01", "Phòng Robotics", ""]),
        ],
        clc=True,
    ),
    "ROOM-GYM-DOCUMENTS": Case(
        [met("CL-GYM-RULES", "CL-GYM-PROCEDURE", "CL-GYM-SCHEDULE")],
        [checklist(("CL-GYM-RULES", "Đạt", LINK), ("CL-GYM-PROCEDURE", "Đạt", LINK), ("CL-GYM-SCHEDULE", "Đạt", ""))],
    ),
    "ROOM-PROCEDURE": Case(
        [docs(["05/QT-TH", D(2016, 9, 12), "Quy trình", "Quy trình vận hành thiết bị CNTT", "Có", "Có", "PDF", "Có"])],
        [
            docs(["05/KH-TH", D(2016, 9, 12), "Kế hoạch", "Kế hoạch năm học", "Có", "Có", "PDF", "Có"]),
            checklist(("CL-ROOM-PROCEDURE", "Không đạt", "")),
        ],
    ),
    # ------------------------------------------------------------------ III.1-2 software
    "SW-REQUIRED-IN-USE": Case([software()], [software({"Hệ thống quản lý thư viện": ("Không", FRESH)})]),
    "SW-FINANCE-UPDATED": Case([software()], [software({"Quản lý tài chính kế toán": ("Có", STALE)})]),
    "SW-ASSETS-UPDATED": Case([software()], [software({"Quản lý tài sản công": ("Có", STALE)})]),
    "SW-HR-UPDATED": Case([software()], [software({"Quản lý nhân sự (PMIS)": ("Có", STALE)})]),
    "SW-NETOP-INSTALLED": Case(
        [
            devices(LAB_PC, LANG_PC),
            matrix(
                ["Netop School", "MS Office"],
                ["TH-01", "Phòng Tin học", "x", "x"],
                ["NN-01", "Phòng Ngoại ngữ", "x", ""],
            ),
        ],
        [
            devices(LAB_PC, LANG_PC),
            matrix(
                ["Netop School", "MS Office"],
                ["TH-01", "Phòng Tin học", "", "x"],
                ["NN-01", "Phòng Ngoại ngữ", "x", ""],
            ),
        ],
    ),
    "SW-STUDENTS-UPDATED": Case([software()], [software({"Quản lý học sinh": ("Có", STALE)})]),
    "SW-LIBRARY-CATALOGUE": Case([software()], [software({"Hệ thống quản lý thư viện": ("Không", FRESH)})]),
    "SW-KIDSMART": Case(
        [
            devices(LAB_PC),
            matrix(["KidsMart"], ["TH-01", "Phòng Tin học", "x"]),
            monthly_usage("Phòng Tin học", "KidsMart"),
        ],
        [
            devices(LAB_PC),
            matrix(["KidsMart"], ["TH-01", "Phòng Tin học", "x"]),
            monthly_usage("Phòng Tin học", "KidsMart", skip=(2016, 12)),
        ],
        level="MN",
    ),
    "SW-VIRTUAL-LAB": Case(
        [
            devices(SCIENCE_PC, ["HOA-01", "Máy tính", "Phòng bộ môn Hóa", "Nhà C", "Tốt", ""]),
            matrix(["Crocodile"], ["LY-01", "Phòng bộ môn Lý", "x"], ["HOA-01", "Phòng bộ môn Hóa", "x"]),
        ],
        [
            devices(SCIENCE_PC, ["HOA-01", "Máy tính", "Phòng bộ môn Hóa", "Nhà C", "Tốt", ""]),
            matrix(["Crocodile"], ["LY-01", "Phòng bộ môn Lý", "x"], ["HOA-01", "Phòng bộ môn Hóa", ""]),
        ],
        level="THCS",
    ),
    "SW-BOARD-SOFTWARE": Case(
        [
            devices(["BTT-01", "Bảng tương tác", "Lớp 8A", "Nhà C", "Tốt", ""]),
            matrix(["ActivInspire"], ["BTT-01", "Lớp 8A", "x"]),
        ],
        [
            devices(["BTT-01", "Bảng tương tác", "Lớp 8A", "Nhà C", "Tốt", ""]),
            matrix(["ActivInspire"], ["BTT-01", "Lớp 8A", ""]),
        ],
        level="THCS",
        pilot=False,
    ),
    "SW-SHARED-MATERIALS": Case(
        [
            staff(
                ["Trần Thu Hương", "Giáo viên", "0912", "h@gmail.com", "Có"],
                ["Lê Văn Hùng", "Bảo vệ", "0913", "", "Không"],
            )
        ],
        [
            staff(
                ["Trần Thu Hương", "Giáo viên", "0912", "h@gmail.com", "Không"],
                ["Lê Văn Hùng", "Bảo vệ", "0913", "", "Không"],
            )
        ],
    ),
    "SW-ENCOURAGED": Case(
        [
            tab(
                "software_checklist",
                "Danh mục phần mềm",
                ["Phần mềm", "Đang sử dụng"],
                ["TKB 10.0", "Có"],
                ["Thư viện online", "Có"],
                ["Violet 9.0", "Có"],
            )
        ],
        [
            tab(
                "software_checklist",
                "Danh mục phần mềm",
                ["Phần mềm", "Đang sử dụng"],
                ["TKB 10.0", "Có"],
                ["Thư viện online", "Không"],
                ["Violet 9.0", "Có"],
            )
        ],
    ),
    "DOC-SENT-ONLINE": Case(
        [docs(["01/GM-TH", D(2016, 12, 1), "Giấy mời", "Giấy mời họp", "Có", "Không", "PDF", ""])],
        [docs(["01/GM-TH", D(2016, 12, 1), "Giấy mời", "Giấy mời họp", "Không", "Không", "PDF", ""])],
    ),
    # ------------------------------------------------------------------ III.3 sessions, training
    "TOPIC-MONTHLY-PILOT": Case(
        [
            sessions(
                *[
                    [D(y, m, 15), "Khai thác bảng tương tác", "Trường", 1, 10, 1, "Đã rút kinh nghiệm"]
                    for y, m in MONTHS
                ]
            )
        ],
        [
            sessions(
                *[
                    [
                        D(y, m, 15),
                        "Khai thác bảng tương tác",
                        "Trường",
                        1,
                        10,
                        1,
                        "" if m == 11 else "Đã rút kinh nghiệm",
                    ]
                    for y, m in MONTHS
                ]
            )
        ],
    ),
    "TOPIC-DISTRICT-ATTENDANCE": Case(
        [
            district_sessions(
                [D(2016, 10, 6), "Họp giao ban CNTT", "Quận", 1, 0, 0, "", "Phòng GD&ĐT"],  # not Appendix 2
                [D(2016, 11, 17), "Chuyên đề 1", "Quận", 1, 1, 1, "", "Trường TH Đô thị Việt Hưng"],
                [D(2016, 12, 15), "Chuyên đề 2", "Cấp quận", 1, 2, 1, "", "Trường TH Ái Mộ A"],
            )
        ],
        [
            district_sessions(
                [D(2016, 11, 17), "Chuyên đề 1", "Quận", 1, 1, 1, "", "Trường TH Đô thị Việt Hưng"],
                [D(2016, 12, 15), "Chuyên đề 2", "Cấp quận", 1, 2, 0, "", "Trường TH Ái Mộ A"],
            )
        ],
        pilot=False,
    ),
    "TOPIC-PROFESSIONAL-IT": Case(
        [sessions([D(2016, 10, 27), "Sinh hoạt chuyên môn trên trường học kết nối", "Trường", 1, 12, 1, "Tốt"])],
        [sessions([D(2016, 10, 27), "Khai thác bảng tương tác", "Trường", 1, 12, 1, "Tốt"])],
    ),
    "TRAIN-STAFF-WEB": Case(
        [training(["CBGVNV", None, 30, 30, "100%", D(2016, 10, 20)])],
        [training(["CBGVNV", None, 27, 30, "90%", D(2016, 10, 20)])],
        pilot=False,
    ),
    "TRAIN-STUDENTS-WEB": Case(
        [training(*[["Học sinh", g, 150, 150, "100%", D(2016, 11, 10 + g)] for g in (3, 4, 5)])],
        [
            training(
                *[
                    ["Học sinh", g, 150, 150, "100%", D(2016, 11, 10 + g) if g != 5 else D(2016, 12, 5)]
                    for g in (3, 4, 5)
                ]
            )
        ],
        pilot=False,
    ),
    "TRAIN-PARENTS-WEB": Case(
        [training(["Cha mẹ học sinh", None, 500, 500, "100%", D(2016, 12, 24)])],
        [training(["Cha mẹ học sinh", None, 460, 500, "92%", D(2016, 12, 24)])],
        pilot=False,
    ),
    # ------------------------------------------------------------------ III.4 portal
    "PORTAL-BANNER-FOOTER": Case(
        [met("CL-PORTAL-BANNER-FOOTER")], [checklist(("CL-PORTAL-BANNER-FOOTER", "Đạt", ""))], pilot=False
    ),
    "PORTAL-INTRO": Case(
        [posts([D(2015, 10, 12), "Giới thiệu chung về nhà trường", "Giới thiệu", 2, 500])],
        [posts([D(2016, 10, 12), "Hội giảng", "Chuyên môn", 2, 500]), checklist(("CL-PORTAL-INTRO", "Không đạt", ""))],
        pilot=False,
    ),
    "PORTAL-ORG-CHART": Case(
        [board(["Lê Văn Dũng", 1970, "Hiệu trưởng", "0912000111", "dunglv@gmail.com", "anh/ht.jpg"])],
        [board(["Lê Văn Dũng", 1970, "Hiệu trưởng", "0912000111", "dunglv@gmail.com", ""])],
        pilot=False,
    ),
    "PORTAL-PHONEBOOK": Case(
        [
            staff(
                ["Trần Thu Hương", "Giáo viên", "0912", "h@gmail.com", "Có"],
                ["Lê Văn Hùng", "Bảo vệ", "0913", "", "Không"],
            )
        ],
        [
            staff(
                ["Trần Thu Hương", "Tổ trưởng chuyên môn", "0912", "", "Có"],
                ["Lê Văn Hùng", "Bảo vệ", "0913", "", "Không"],
            )
        ],
        pilot=False,
    ),
    "PORTAL-WEEKLY-SCHEDULE": Case([_weekly_schedule()], [_weekly_schedule(skip=6)], pilot=False),
    "PORTAL-TIMETABLE": Case(
        [posts([D(2016, 9, 8), "Thời khóa biểu học kì I", "Thời khóa biểu", 0, None])],
        [posts([D(2016, 6, 1), "Thời khóa biểu học kì II năm 2015-2016", "Thời khóa biểu", 0, None])],
        pilot=False,
    ),
    "PORTAL-THREE-DISCLOSURES": Case(
        [posts([D(2016, 9, 10), "Ba công khai", "Ba công khai", 0, None])],
        [posts([D(2016, 9, 20), "Ba công khai", "Ba công khai", 0, None])],
        pilot=False,
    ),
    "PORTAL-RESULT-STATS": Case(
        [posts([D(2016, 6, 20), "Thống kê kết quả học tập 2015-2016", "Thống kê", 0, None])],
        [posts([D(2016, 6, 20), "Tổng kết năm học 2015-2016", "Hoạt động của trường", 0, None])],
        pilot=False,
    ),
    "NEWS-PROFESSIONAL": Case(
        [monthly_posts("Chuyên môn", 2)], [monthly_posts("Chuyên môn", 2, short=(2016, 11))], pilot=False
    ),
    "NEWS-UNIONS": Case([monthly_posts("Đoàn thể", 1)], [monthly_posts("Đoàn thể", 1, short=(2016, 12))], pilot=False),
    "NEWS-SCHOOL-ACTIVITIES": Case(
        [monthly_posts("Hoạt động của trường", 2)],
        [monthly_posts("Hoạt động của trường", 2, short=(2017, 1))],
        pilot=False,
    ),
    "NEWS-OTHER": Case(
        [monthly_posts("Tin khác", 1, months=[(2016, 9), (2016, 11), (2017, 1)])],
        [monthly_posts("Tin khác", 1, months=[(2016, 9), (2017, 1)])],
        pilot=False,
    ),
    "NEWS-NOTICES": Case(
        [posts([D(2016, 12, 1), "Thông báo nghỉ học do rét đậm", "Thông báo", 0, None])],
        [posts([D(2016, 12, 1), "Hội giảng", "Chuyên môn", 0, None])],
        pilot=False,
    ),
    "NEWS-IMAGE-WIDTH": Case(
        [
            posts(
                [D(2016, 11, 1), "Hội giảng", "Chuyên môn", 3, 500],
                [D(2016, 11, 2), "Lịch tuần", "Lịch công tác", 0, None],
            )
        ],
        [posts([D(2016, 11, 1), "Hội giảng", "Chuyên môn", 3, 800])],
        pilot=False,
    ),
    "RES-ELECTURE-HTML5": Case(
        [
            res(
                ["Toán 4 — Phân số", "Bài giảng điện tử", 4, "Toán", "HTML5 (iSpring)", D(2016, 10, 5), None],
                ["Đề Toán", "Đề thi", 4, "Toán", "PDF", D(2016, 10, 5), None],
            )
        ],
        [res(["Toán 4 — Phân số", "E-learning", 4, "Toán", "PowerPoint (.pptx)", D(2016, 10, 5), None])],
        pilot=False,
    ),
    "RES-ELECTURE-COVERAGE": Case([_lecture_pairs()], [_lecture_pairs(drop=7)], pilot=False),
    "RES-CONTEST-LECTURES": Case(
        [res(["Toán 4 — Luyện tập chung", "Bài giảng thi GVG", 4, "Toán", "HTML5", D(2016, 11, 24), None])],
        [res(["Toán 4 — Luyện tập chung", "Bài giảng điện tử", 4, "Toán", "HTML5", D(2016, 11, 24), None])],
        pilot=False,
    ),
    "RES-NAMING": Case(
        [
            res(
                ["Toán 4 — Phân số bằng nhau", "Bài giảng điện tử", 4, "Toán", "HTML5", D(2016, 10, 5), None],
                ["Bài 1", "Ảnh", None, None, "JPG", D(2016, 10, 5), "Ảnh"],
            )
        ],
        [res(["New Presentation", "Bài giảng điện tử", 4, "Toán", "HTML5", D(2016, 10, 5), None])],
        pilot=False,
    ),
    "RES-MATERIALS-MONTHLY": Case([_materials()], [_materials(uncaptioned=True)], pilot=False),
    "RES-EXAMS": Case([_exams()], [_exams(skip_literature=(2016, 10))], pilot=False),
    "DOC-LEGAL": Case(
        [docs(["22/2016/TT-BGDĐT", D(2016, 9, 22), "Thông tư", "Đánh giá học sinh tiểu học", "", "Có", "PDF", ""])],
        [docs(["86/2015/NĐ-CP", D(2015, 10, 2), "Nghị định", "Học phí", "", "Có", "PDF", ""])],
        pilot=False,
    ),
    "DOC-PDF": Case(
        [
            docs(
                ["01/KH-TH", D(2016, 9, 9), "Kế hoạch", "Kế hoạch năm học", "Có", "Có", "PDF", "Có"],
                ["02/CV-TH", D(2016, 9, 9), "Công văn", "Đề nghị", "Có", "Không", "DOCX", ""],
            )
        ],
        [docs(["01/KH-TH", D(2016, 9, 9), "Kế hoạch", "Kế hoạch năm học", "Có", "Có", "DOCX", "Có"])],
        pilot=False,
    ),
    # ------------------------------------------------------------------ IV. policy
    "POL-SCHOOL-ACCOUNT": Case(
        [met("CL-ROLES")],
        [met("CL-ROLES")],
        pilot=False,
        email="hosothaimoa@gmail.com",
        bad_email="thaimoa.longbien@gmail.com",
    ),
    "POL-DRIVE-RECORDS": Case(
        ALL_KINDS_GOOD,
        [t for t in ALL_KINDS_GOOD if t[0] not in ("usage_log", "room_evaluation", "software_issues")],
    ),
    # ------------------------------------------------------------------ V. evaluation
    "EVAL-REPORTS-SENT": Case(
        [
            tab(
                "documents",
                "Văn bản đi",
                [*DOC_H, "Nơi nhận"],
                [
                    "05/BC-TH",
                    D(2017, 1, 12),
                    "Báo cáo",
                    "Báo cáo kết quả mô hình trường học điện tử HK I",
                    "Có",
                    "",
                    "PDF",
                    "",
                    "Phòng GD&ĐT",
                ],
            )
        ],
        [
            tab(
                "documents",
                "Văn bản đi",
                [*DOC_H, "Nơi nhận"],
                [
                    "05/BC-TH",
                    D(2017, 1, 12),
                    "Báo cáo",
                    "Báo cáo kết quả mô hình trường học điện tử HK I",
                    "Có",
                    "",
                    "PDF",
                    "",
                    "Lưu VT",
                ],
            )
        ],
    ),
    "POL-ROLES": Case(
        [met("CL-ROLES", "CL-REWARDS")], [checklist(("CL-ROLES", "Đạt", LINK), ("CL-REWARDS", "Không đạt", LINK))]
    ),
}

# ----------------------------------------------------------------------------- running a rule


def _school(case: Case, bad: bool) -> School:
    email = (case.bad_email if bad and case.bad_email else case.email) or f"hoso{case.level.lower()}kiemtra@gmail.com"
    return School(id="kiem-tra", name="Trường kiểm tra", level=case.level, pilot=case.pilot, clc=case.clc, email=email)


def _one_rule_rubric(rule_id: str) -> Any:
    found = RUBRIC.rule(rule_id)
    assert found is not None
    section, rule = found
    return RUBRIC.model_copy(update={"sections": [section.model_copy(update={"rules": [rule]})]}), rule


def _run(rule_id: str, variant: str) -> tuple[str, str, Rule]:
    """(engine status, raw check status, rule) for the case's passing or failing workbook."""
    case = CASES[rule_id]
    bad = variant == "fail"
    wb = build(case.bad if bad else case.good)
    school = _school(case, bad)
    rubric, rule = _one_rule_rubric(rule_id)
    result = evaluate(rubric, school, wb, AS_OF)
    [rr] = result.results
    rooms = rubric.level_rooms(school.level, school.clc)
    raw = run_check(
        rule.check, Context(school=school, workbook=wb, as_of=AS_OF, calendar=rubric.calendar, level_rooms=rooms)
    )
    return rr.status, raw.status, rule


RULE_IDS = [rule.id for _, rule in RUBRIC.rules()]


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(RULE_IDS)


@pytest.mark.parametrize("variant", ["pass", "fail"])
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule(rule_id: str, variant: str) -> None:
    status, raw, rule = _run(rule_id, variant)
    # The check itself passes or fails; the engine then scores it: an encouraged (bonus) rule never
    # fails (missing it is information), an informational rule is only shown.
    assert raw == variant, (rule_id, variant, raw)
    if rule.informational or (rule.bonus and variant == "fail"):
        assert status == "info"
    else:
        assert status == variant


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_applies_to_the_case_school(rule_id: str) -> None:
    """Guard: the case's school is one the rule applies to (else 'pass' could be a silent N/A)."""
    from elschool_audit.engine import applicability

    case = CASES[rule_id]
    school = _school(case, False)
    rule = RUBRIC.rule(rule_id)[1]  # type: ignore[index]
    assert applicability(rule, school, school.profile, AS_OF, RUBRIC) is None


# ----------------------------------------------------------------------------- rubric as a whole

REQUIREMENTS = REPO.parent / "shared" / "REQUIREMENTS.md"
REQUIREMENT_IDS: list[str] = re.findall(
    r"\S+",
    """
INF-COMPUTERS-WORKING INF-SOFTWARE-ISSUE-LOG INF-SECURITY-SOFTWARE INF-OTHER-DEVICES-WORKING INF-INTERNET-BACKUP
INF-WIFI-COVERAGE INF-CAMERAS-WORKING ROOM-LESSON-IT-RATE ROOM-USAGE-LOG ROOM-MAINTENANCE ROOM-ADMIN-SOFTWARE-USE
ROOM-ROBOTICS-SOFTWARE ROOM-GYM-DOCUMENTS ROOM-PROCEDURE SW-REQUIRED-IN-USE SW-FINANCE-UPDATED SW-ASSETS-UPDATED
SW-HR-UPDATED SW-NETOP-INSTALLED SW-STUDENTS-UPDATED SW-LIBRARY-CATALOGUE SW-KIDSMART SW-VIRTUAL-LAB SW-BOARD-SOFTWARE
SW-SHARED-MATERIALS SW-ENCOURAGED DOC-SENT-ONLINE TOPIC-MONTHLY-PILOT TOPIC-DISTRICT-ATTENDANCE TRAIN-STAFF-WEB
TRAIN-STUDENTS-WEB TRAIN-PARENTS-WEB PORTAL-BANNER-FOOTER PORTAL-INTRO PORTAL-ORG-CHART PORTAL-PHONEBOOK
PORTAL-WEEKLY-SCHEDULE PORTAL-TIMETABLE PORTAL-THREE-DISCLOSURES PORTAL-RESULT-STATS NEWS-PROFESSIONAL NEWS-UNIONS
NEWS-SCHOOL-ACTIVITIES NEWS-OTHER NEWS-NOTICES NEWS-IMAGE-WIDTH RES-ELECTURE-HTML5 RES-ELECTURE-COVERAGE
RES-CONTEST-LECTURES RES-NAMING RES-MATERIALS-MONTHLY RES-EXAMS DOC-LEGAL DOC-PDF POL-SCHOOL-ACCOUNT POL-DRIVE-RECORDS
POL-ROLES
""",
)


def _requirement_ids() -> list[str]:
    """Ids of REQUIREMENTS.md sections 1-6 (the file when present, else the list above)."""
    if not REQUIREMENTS.is_file():
        return REQUIREMENT_IDS
    text = REQUIREMENTS.read_text(encoding="utf-8")
    text = text.split("## 7.")[0]
    return re.findall(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|", text, flags=re.MULTILINE)


def test_requirement_ids_parsed() -> None:
    ids = _requirement_ids()
    assert len(ids) == len(set(ids)) >= 57
    assert set(REQUIREMENT_IDS) <= set(ids)


def test_every_requirement_is_a_rule_or_not_evidenced() -> None:
    covered = set(RULE_IDS) | {n.id for n in RUBRIC.not_evidenced}
    assert [i for i in _requirement_ids() if i not in covered] == []


def test_not_evidenced_entries_give_reasons_in_both_languages() -> None:
    assert RUBRIC.not_evidenced
    for entry in RUBRIC.not_evidenced:
        assert entry.clause and len(entry.reason.vi) > 20 and len(entry.reason.en) > 20
        assert entry.id not in RULE_IDS


def test_every_rule_explains_how_to_pass() -> None:
    for _, rule in RUBRIC.rules():
        assert rule.explain is not None, rule.id
        assert rule.explain.vi.strip() and rule.explain.en.strip(), rule.id
        assert rule.title.vi.strip() and rule.title.en.strip(), rule.id


def test_encouraged_software_is_bonus_only() -> None:
    rule = RUBRIC.rule("SW-ENCOURAGED")[1]  # type: ignore[index]
    assert rule.bonus
    bonus = [r.id for _, r in RUBRIC.rules() if r.bonus]
    assert bonus == ["SW-ENCOURAGED"]


def test_partial_model_matches_clause_a5() -> None:
    """Partial model: MN portal + cameras, TH portal, THCS portal + classroom IT equipment."""
    partial: dict[str, set[str]] = {"MN": set(), "TH": set(), "THCS": set()}
    for section, rule in RUBRIC.rules():
        if "partial" not in rule.profiles or rule.bonus or rule.informational:
            continue
        for level in rule.levels:
            if rule.partial_levels is None or level in rule.partial_levels:
                partial[level].add(section.id)
    assert partial["MN"] == {"infrastructure", "sessions", "portal", "policy"}
    assert partial["TH"] == {"sessions", "portal", "policy"}
    assert partial["THCS"] == {"infrastructure", "rooms", "software", "sessions", "portal", "policy"}
    mn_infra = {
        r.id
        for s, r in RUBRIC.rules()
        if s.id == "infrastructure"
        and "partial" in r.profiles
        and (r.partial_levels is None or "MN" in r.partial_levels)
    }
    assert mn_infra == {"INF-CAMERAS-WORKING"}


def test_clc_only_rules_are_the_robotics_room() -> None:
    assert [r.id for _, r in RUBRIC.rules() if r.clc_only] == ["ROOM-ROBOTICS-SOFTWARE"]


# ----------------------------------------------------------------------------- Appendix 1 as data


def _appendix() -> dict[str, dict[str, Any]]:
    return {code: room.model_dump() for code, room in RUBRIC.room_types.items()}


def test_appendix_1_lists_24_rooms_all_known_room_types() -> None:
    rooms = _appendix()
    assert sorted(r["number"] for r in rooms.values()) == list(range(1, 25))
    assert set(rooms) <= set(catalogue().enums["room_type"].values)
    assert rooms["robotics"]["levels"] == ["TH"] and rooms["robotics"].get("clc_only")
    assert "MN" not in rooms["doan_doi"]["levels"] and "MN" not in rooms["the_chat"]["levels"]
    assert all(rooms[c]["levels"] == ["THCS"] for c in ("bo_mon_ly", "bo_mon_sinh", "bo_mon_cong_nghe", "bo_mon_hoa"))


def test_lesson_it_thresholds_match_appendix_1() -> None:
    """The guideline: 100% of lessons with IT in rooms 1-3, at least 90% in rooms 4-10 (stored once,
    in the rule's min_by; the room table says which rooms teach)."""
    rooms = _appendix()
    rule = RUBRIC.rule("ROOM-LESSON-IT-RATE")[1]  # type: ignore[index]
    with_software, classroom = rule.check.checks  # type: ignore[union-attr]
    teaching = {c for c, r in rooms.items() if r["group"] == "teaching"}
    assert {r["number"] for c, r in rooms.items() if c in teaching} == set(range(1, 11))
    # rooms 1-3 and 5-10 need devices and teaching software; room 4 devices only (>= 90%)
    assert set(with_software.where.value) == {c for c in teaching if rooms[c]["number"] != 4}
    assert set(classroom.where.value if isinstance(classroom.where.value, list) else [classroom.where.value]) == {
        c for c in teaching if rooms[c]["number"] == 4
    }
    assert classroom.min == 0.9
    applied = {c: with_software.min_by.values.get(c, with_software.min_by.default) for c in with_software.where.value}
    assert applied == {c: 1.0 if rooms[c]["number"] <= 3 else 0.9 for c in with_software.where.value}


def test_usage_log_and_maintenance_rooms_match_appendix_1() -> None:
    rooms = _appendix()
    by_no = {r["number"]: c for c, r in rooms.items()}
    usage = RUBRIC.rule("ROOM-USAGE-LOG")[1].check.checks[0].groups.where.value  # type: ignore[index,union-attr]
    assert set(usage) == {by_no[n] for n in [*range(1, 11), *range(16, 23)]}
    maint: Any = RUBRIC.rule("ROOM-MAINTENANCE")[1].check.expect.from_.where  # type: ignore[index,union-attr]
    assert set(maint.value) == {"khac", "the_chat"}  # rooms 1-23: everything but the gym and non-appendix rooms
