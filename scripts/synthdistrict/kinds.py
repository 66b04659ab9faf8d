"""The sheet kinds a school keeps, as both volumes write them: file, tab, header and title line.

The product reads them through ``src/elschool_audit/sheets/kinds.yaml`` (headers matched loosely);
these are the layouts schools actually use: Vietnamese headers, a «STT» number column, three title
lines above the header (office, school, register name and school year).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sheet:
    tab: str
    header: list[str]
    title: str
    """The register's name in the title rows ("" when the tab has no title rows)."""


DEVICES_FILE = "Danh muc thiet bi CNTT.xlsx"
SOFTWARE_FILE = "Phan mem.xlsx"
USAGE_FILE = "Nhat ky su dung thiet bi.xlsx"
MAINTENANCE_FILE = "Nhat ky bao tri.xlsx"
POSTS_FILE = "Thong ke tin bai"
"""Without suffix: the portal export is CSV in the samples, xlsx in the benchmark."""
RESOURCES_FILE = "Kho hoc lieu.xlsx"
DOCUMENTS_FILE = "So van ban.xlsx"
SESSIONS_FILE = "Chuyen de.xlsx"
STAFF_FILE = "Danh ba CBGV.xlsx"
TRAINING_FILE = "Tap huan khai thac Web.xlsx"
CHECKLIST_FILE = "Tu kiem tra.xlsx"

DEVICES = Sheet(
    "Thiết bị",
    [
        "STT",
        "Mã thiết bị",
        "Loại thiết bị",
        "Tên thiết bị",
        "Phòng",
        "Khu/Tầng",
        "Tình trạng",
        "Phần mềm diệt virus/bảo mật",
        "Năm đưa vào sử dụng",
    ],
    "DANH MỤC THIẾT BỊ CNTT",
)
SOFTWARE = Sheet(
    "Danh mục phần mềm",
    ["STT", "Phần mềm", "Đang sử dụng", "Cập nhật lần cuối", "Người phụ trách", "Ghi chú"],
    "DANH MỤC PHẦN MỀM QUẢN LÝ",
)
INSTALLED_TAB = "Phần mềm cài trên máy"
INSTALLED_TITLE = "PHẦN MỀM CÀI ĐẶT TRÊN MÁY TÍNH"


SOFTWARE_ISSUES = Sheet("Nhật ký sự cố", ["STT", "Ngày", "Phần mềm", "Vướng mắc", "Cách khắc phục", "Ảnh chụp lỗi"], "")
USAGE_HEADER = [
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
USAGE_TAB_FOR_CLASSROOMS = "Phòng học thường"


def usage_title(tab: str) -> str:
    return f"NHẬT KÝ SỬ DỤNG THIẾT BỊ CNTT — {tab.upper()}"


def usage_tab(room: str) -> str:
    """One usage-log tab per special room, named the way schools shorten it (31 characters at most)."""
    return room.replace("Phòng ", "P. ")[:31]


EVALUATIONS = Sheet(
    "Đánh giá tháng",
    ["STT", "Tháng", "Phòng", "Đánh giá hiệu quả", "Xếp loại", "Người đánh giá"],
    "ĐÁNH GIÁ HIỆU QUẢ THIẾT BỊ CNTT HẰNG THÁNG",
)
MAINTENANCE = Sheet(
    "Bảo trì",
    ["STT", "Ngày bảo trì", "Phòng", "Thiết bị", "Nội dung bảo trì", "Người thực hiện"],
    "NHẬT KÝ BẢO TRÌ THIẾT BỊ CNTT",
)
POSTS = Sheet("Tin bài", ["Ngày đăng", "Tiêu đề", "Chuyên mục", "Số ảnh", "Chiều rộng ảnh (px)", "Người đăng"], "")
RESOURCES_HEADER = ["STT", "Tên học liệu", "Loại", "Khối", "Môn", "Định dạng", "Cấp", "Ngày đăng", "Chú thích"]


def resources_title(tab: str) -> str:
    return f"KHO HỌC LIỆU — {tab.upper()}"


OUTGOING = Sheet(
    "Văn bản đi",
    [
        "STT",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Loại văn bản",
        "Trích yếu",
        "Gửi qua mạng",
        "Đăng lên web",
        "Định dạng",
        "Ký đóng dấu",
        "Nơi nhận",
    ],
    "SỔ VĂN BẢN ĐI",
)
LEGAL = Sheet(
    "Văn bản pháp quy",
    ["STT", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu", "Đăng lên web", "Định dạng"],
    "VĂN BẢN PHÁP QUY, VĂN BẢN QUY ĐỊNH CỦA NGÀNH",
)
SESSIONS = Sheet(
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
    "SỔ THEO DÕI CHUYÊN ĐỀ",
)
STAFF = Sheet(
    "Danh bạ",
    ["STT", "Họ và tên", "Chức vụ", "Số điện thoại", "Email", "Sử dụng kho học liệu"],
    "DANH BẠ CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN",
)
BOARD = Sheet(
    "Ban giám hiệu",
    ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Số điện thoại", "Email", "Ảnh đại diện"],
    "SƠ ĐỒ TỔ CHỨC — BAN GIÁM HIỆU",
)
TRAINING = Sheet(
    "Tập huấn",
    ["STT", "Đối tượng", "Khối", "Số đã tập huấn", "Tổng số", "Tỉ lệ", "Ngày tập huấn"],
    "TẬP HUẤN, HƯỚNG DẪN KHAI THÁC TRANG WEB",
)
CHECKLIST = Sheet("Tự kiểm tra", ["Mã tiêu chí", "Nội dung", "Đạt", "Minh chứng"], "")


def titles(school_name: str, what: str) -> list[str]:
    """The three lines schools put above a register's header."""
    return ["PHÒNG GD&ĐT QUẬN LONG BIÊN", school_name.upper(), f"{what} — NĂM HỌC 2016-2017"]


# ----------------------------------------------------------------------------- shared content

SOFTWARE_COMMON = [
    "Quản lý tài chính kế toán",
    "Quản lý tài sản công",
    "Quản lý nhân sự (PMIS)",
    "Netop School",
    "Phổ cập giáo dục",
    "EMIS",
]
"""Management software every school must keep up to date; TH and THCS add SOFTWARE_TH_THCS."""
SOFTWARE_TH_THCS = ["Quản lý học sinh", "Hệ thống quản lý thư viện"]
CHECKLIST_ITEMS = [
    ("CL-INTERNET-BACKUP", "Có phương án dự phòng khi đường truyền gặp sự cố"),
    ("CL-WIFI-COVERAGE", "Wifi phủ sóng toàn trường"),
    ("CL-ROOM-PROCEDURE", "Quy trình vận hành thiết bị CNTT các phòng"),
    ("CL-PORTAL-BANNER-FOOTER", "Banner, footer: ảnh, liên hệ, người đại diện, người phát ngôn"),
    ("CL-PORTAL-INTRO", "Bài viết giới thiệu chung nhà trường"),
    ("CL-ROLES", "Quyết định phân công nhiệm vụ CNTT"),
    ("CL-REWARDS", "Quy chế khen thưởng cá nhân đóng góp ứng dụng CNTT"),
]
"""Self-check items of every school (code, wording); TH and THCS add CHECKLIST_GYM."""
CHECKLIST_GYM = [
    ("CL-GYM-RULES", "Nhà thể chất: nội quy"),
    ("CL-GYM-PROCEDURE", "Nhà thể chất: quy trình vận hành và khai thác thiết bị CNTT"),
    ("CL-GYM-SCHEDULE", "Nhà thể chất: lịch khai thác"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
"""Family names, most frequent first."""
