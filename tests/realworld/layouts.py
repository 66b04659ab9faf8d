"""Real book layouts met in Vietnamese schools, reproduced with invented rows (MANIFEST.md names
where each layout comes from). Each is written as a real .xlsx by the tests and read back through
the same reader and parser an audit uses.

``expect`` is what the tool must make of each tab: ``("kind", k)`` read as kind *k*; ``("other",
k)`` recognised as a book no rule reads; ``("ambiguous", (a, b))``; ``("unrecognised", k)`` with
*k* its closest kind. Never a wrong kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Grid = list[list[Any]]


@dataclass(frozen=True)
class Layout:
    name: str
    file: str
    tabs: dict[str, Grid]
    expect: dict[str, tuple[str, Any]]
    """tab → (what, kind or kinds)"""


def _pad(rows: Grid) -> Grid:
    width = max(len(r) for r in rows)
    return [list(r) + [None] * (width - len(r)) for r in rows]


SMAS_DEVICES = Layout(
    "smas_devices_export",
    "DS thiet bi phong tin hoc.xlsx",
    {
        "Sheet1": _pad(
            [
                ["TRƯỜNG TIỂU HỌC ÁI MỘ A"],
                [],
                ["DANH SÁCH TRANG THIẾT BỊ - PHÒNG TIN HỌC 1"],
                [],
                ["STT", "Mã TB\n(Dạng Text, 8 ký tự số)", "Tên thiết bị", "Tình trạng", "Năm đưa vào sử dụng"],
                [1, "00010001", "Máy tính để bàn Dell Optiplex", "Tốt", 2015],
                [2, "00010002", "Máy chiếu Epson EB-X05", "Hỏng", 2014],
                [3, "00010003", "Smart TV Samsung 55 inch", "Tốt", 2016],
            ]
        )
    },
    {"Sheet1": ("kind", "devices")},
)

ASSET_BOOK = Layout(
    "asset_book_per_room",
    "So theo doi tai san 2016-2017.xlsx",
    {
        "P.Tin học 2": _pad(
            [
                ["SỔ THEO DÕI TÀI SẢN, THIẾT BỊ - NĂM HỌC 2016-2017"],
                ["STT", "Chứng từ", None, "Tên tài sản", "Mã số", "Năm đưa vào sử dụng", "Tình trạng", "Ghi chú"],
                [None, "Số hiệu", "Ngày tháng", None, None, None, None, None],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
                [1, "PN01", "15/09", "Máy tính xách tay Asus", "TS001", 2016, "Tốt", None],
                [2, "PN02", "03/03", "Máy soi bài Hitachi", "TS002", 2017, "Đang sửa", None],
            ]
        ),
        "Phòng Ngoại ngữ": _pad(
            [
                ["SỔ THEO DÕI TÀI SẢN, THIẾT BỊ - NĂM HỌC 2016-2017"],
                ["STT", "Chứng từ", None, "Tên tài sản", "Mã số", "Năm đưa vào sử dụng", "Tình trạng", "Ghi chú"],
                [None, "Số hiệu", "Ngày tháng", None, None, None, None, None],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
                [1, "PN07", "20/10", "Bảng tương tác Promethean", "TS010", 2016, "Tốt", None],
            ]
        ),
    },
    {"P.Tin học 2": ("kind", "devices"), "Phòng Ngoại ngữ": ("kind", "devices")},
)

LESSON_REGISTER_IT_ROOM = Layout(
    "bao_giang_it_room",
    "Bao giang phong Tin hoc.xlsx",
    {
        "Tuần 3": _pad(
            [
                ["LỊCH BÁO GIẢNG"],
                ["Tuần học thứ 3 (Từ 19/09/2016 đến 24/09/2016)"],
                ["Thứ", "Ngày dạy", "Tiết", "Môn", "Lớp", "Tiết theo PPCT", "Đầu bài dạy", "Chuẩn bị, điều chỉnh"],
                ["Hai", "19/09", 1, "Tin học", "4A", 5, "Làm quen với máy tính", "Máy chiếu"],
                [None, None, 2, "Tin học", "4B", 5, "Làm quen với máy tính", None],
                ["Ba", "20/09", 1, "Tin học", "5A", 5, "Soạn thảo văn bản", None],
            ]
        )
    },
    {"Tuần 3": ("kind", "usage_log")},
)

LESSON_REGISTER_PLAIN = Layout(
    "bao_giang_teacher",
    "Bao giang co Hoa.xlsx",
    {
        "Tuần 1": _pad(
            [
                ["LỊCH BÁO GIẢNG"],
                ["Họ, tên giáo viên: Nguyễn Thị Hoa"],
                ["Thứ", "Tiết", "Môn", "Lớp", "Tiết theo PPCT", "Đầu bài dạy", "Chuẩn bị, điều chỉnh"],
                ["Hai", 1, "Toán", "3A", 1, "Ôn tập các số đến 1000", None],
                [None, 2, "Tiếng Việt", "3A", 1, "Cậu bé thông minh", None],
            ]
        )
    },
    {"Tuần 1": ("unrecognised", "usage_log")},
)

CLASS_LOG_BOOK = Layout(
    "so_dau_bai_class",
    "So dau bai lop 5A.xlsx",
    {
        "Tuần 1": _pad(
            [
                ["SỔ ĐẦU BÀI"],
                ["Tuần: 1   Từ ngày: 05/09/2016 Đến ngày: 10/09/2016"],
                ["Thứ, ngày", "Tiết", "Môn", "Tiết CT", "Học sinh vắng", "Tên đầu bài, nội dung công việc"],
                ["05/09/2016", 1, "Toán", 1, None, "Ôn tập"],
                [None, 2, "Tiếng Việt", 1, "An", "Tập đọc"],
            ]
        )
    },
    {"Tuần 1": ("unrecognised", "usage_log")},
)

LOAN_MASTER_DETAIL = Layout(
    "emis_loan_detail",
    "Chi tiet muon thiet bi.xlsx",
    {
        "Sheet1": _pad(
            [
                ["CHI TIẾT PHIẾU MƯỢN THIẾT BỊ"],
                ["Mã thiết bị", "Tên thiết bị", "Số lượng", "Người mượn", "Ngày mượn", "Ngày trả", "Tình trạng"],
                ["Mã: PM0001 - Ngày lập: 05-09-2016 - Đơn vị thực hiện: Tổ Toán"],
                ["TB01", "Bộ thước thẳng", 2, "Nguyễn Thị Hoa", "05/09/2016", "06/09/2016", "Tốt"],
                ["TB02", "Máy chiếu Epson", 1, "Nguyễn Thị Hoa", "05/09/2016", "06/09/2016", "Tốt"],
                ["Mã: PM0002 - Ngày lập: 07-09-2016 - Đơn vị thực hiện: Tổ Tiếng Anh"],
                ["TB09", "Loa kéo", 1, "Trần Văn Nam", "07/09/2016", None, "Tốt"],
            ]
        )
    },
    {"Sheet1": ("other", "device_loans")},
)

USAGE_BOOK_FORM4 = Layout(
    "device_use_book_form4",
    "So theo doi su dung thiet bi day hoc.xlsx",
    {
        "To KHTN": _pad(
            [
                ["SỔ THEO DÕI SỬ DỤNG THIẾT BỊ DẠY HỌC"],
                ["Ngày mượn", "Tên thiết bị", "Số lượng", "Dạy lớp", "Tiết", "Tên bài dạy", "Người mượn", "Ngày trả"],
                ["05/09/2016", "Bộ thí nghiệm quang học", 1, "9A", 2, "Khúc xạ ánh sáng", "Lê Văn Tú", "05/09/2016"],
            ]
        )
    },
    {"To KHTN": ("other", "device_loans")},
)

ROOM_BOOKING_FORM = Layout(
    "google_form_room_booking",
    "Dang ky su dung phong (cau tra loi).xlsx",
    {
        "Câu trả lời biểu mẫu 1": _pad(
            [
                [
                    "Dấu thời gian",
                    "Người đăng ký",
                    "Phòng đăng ký",
                    "Ngày sử dụng",
                    "Thời gian sử dụng",
                    "Mục đích sử dụng",
                    "Duyệt",
                ],
                ["05/09/2016 07:45:10", "Trần Văn Nam", "Phòng Đa năng", "08/09/2016", "Tiết 3", "Họp tổ", "Đã duyệt"],
            ]
        )
    },
    {"Câu trả lời biểu mẫu 1": ("other", "room_bookings")},
)

ROOM_BOOKING_REPORT = Layout(
    "subject_room_booking_report",
    "Bao cao dang ky phong bo mon.xlsx",
    {
        "Báo cáo": _pad(
            [
                ["BÁO CÁO ĐĂNG KÝ SỬ DỤNG PHÒNG BỘ MÔN"],
                ["STT", "Mã", "Người đăng ký", "Phòng chức năng", "Ngày", "Tiết", "Nội dung", "Kết quả"],
                [1, "DK01", "Lê Văn Tú", "Phòng Tin học 1", "06/09/2016", "2", "Dạy Tin 4A", "Đã duyệt"],
            ]
        )
    },
    {"Báo cáo": ("other", "room_bookings")},
)

OUTGOING_REGISTER = Layout(
    "outgoing_documents_nd30",
    "So dang ky van ban di 2016.xlsx",
    {
        "VB đi": _pad(
            [
                ["SỔ ĐĂNG KÝ VĂN BẢN ĐI"],
                [
                    "Số, ký hiệu văn bản",
                    "Ngày tháng văn bản",
                    "Tên loại và trích yếu nội dung",
                    "Người ký",
                    "Nơi nhận văn bản",
                    "Đơn vị, người nhận bản lưu",
                    "Số lượng bản",
                    "Ghi chú",
                ],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
                ["12/KH-THAMA", "2016-09-05", "Kế hoạch ứng dụng CNTT năm học 2016-2017", "HT", "PGD", "VT", 2, None],
                ["13/TB-THAMA", "07/09/2016", "Thông báo lịch họp phụ huynh", "HT", "GV", "VT", 1, None],
            ]
        )
    },
    {"VB đi": ("kind", "documents")},
)

INCOMING_REGISTER = Layout(
    "incoming_documents_nd30",
    "So dang ky van ban den 2016.xlsx",
    {
        "VB đến": _pad(
            [
                ["SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"],
                [
                    "Ngày đến",
                    "Số đến",
                    "Tác giả",
                    "Số, ký hiệu",
                    "Ngày tháng",
                    "Tên loại và trích yếu nội dung",
                    "Đơn vị hoặc người nhận",
                    "Ký nhận",
                    "Ghi chú",
                ],
                [
                    "06/09/2016",
                    101,
                    "PGD Long Biên",
                    "345/PGD-VP",
                    "05/09/2016",
                    "CV hướng dẫn nhiệm vụ CNTT",
                    "HT",
                    None,
                    None,
                ],
            ]
        )
    },
    {"VB đến": ("kind", "documents")},
)

CMS_POSTS = Layout(
    "portal_cms_post_list",
    "Tin bai cong thong tin.xlsx",
    {
        "Thông báo": _pad(
            [
                ["Tiêu đề", "Người tạo", "Ngày tạo", "Lượt xem"],
                ["Lịch họp phụ huynh đầu năm", "admin", "07:45 05/09/16", 120],
                ["Thông báo nghỉ lễ 2/9", "admin", "08:10\n30/08/2016", 300],
            ]
        ),
        "Chuyên môn": _pad(
            [
                ["Tiêu đề", "Người tạo", "Ngày tạo", "Lượt xem"],
                ["Chuyên đề Toán lớp 4", "gv.hoa", "2016-09-20 14:02", 45],
            ]
        ),
    },
    {"Thông báo": ("kind", "posts"), "Chuyên môn": ("kind", "posts")},
)

STAFF_EXPORT = Layout(
    "vnedu_staff_export",
    "Ho so nhan su.xlsx",
    {
        "Cán bộ giáo viên": _pad(
            [
                ["TRƯỜNG TIỂU HỌC ÁI MỘ A"],
                ["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"],
                [],
                ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Điện thoại", "Email"],
                [1, "Nguyễn Thị Hoa", "12/03/1980", "Nữ", "Giáo viên", "0912345678", "hoa@example.edu.vn"],
            ]
        ),
        "Sheet2": _pad(
            [
                ["STT", "Họ và tên", "Chức vụ", "Điện thoại"],
                [1, "Trần Văn Nam", "Hiệu trưởng", "0987654321"],
            ]
        ),
    },
    {"Cán bộ giáo viên": ("kind", "staff"), "Sheet2": ("ambiguous", ("staff", "board"))},
)

MAINTENANCE_MASTER_DETAIL = Layout(
    "maintenance_master_detail",
    "Bao tri thiet bi.xlsx",
    {
        "Sheet1": _pad(
            [
                ["DANH SÁCH PHIẾU BẢO TRÌ"],
                ["Tên thiết bị", "Phòng", "Nội dung bảo trì"],
                ["Mã: BT01 - Ngày lập: 12-09-2016 - Đơn vị thực hiện: Công ty ABC"],
                ["Máy tính 01", "Phòng Tin học 1", "Vệ sinh, cài lại hệ điều hành"],
                ["Máy chiếu", "Phòng Đa năng", "Thay bóng đèn"],
            ]
        )
    },
    {"Sheet1": ("kind", "maintenance_log")},
)

SELF_CHECK = Layout(
    "district_self_check_form",
    "Bieu tu kiem tra.xlsx",
    {
        "Tự kiểm tra": _pad(
            [
                ["BIỂU TỰ KIỂM TRA ỨNG DỤNG CNTT"],
                ["Mã tiêu chí", "Nội dung tiêu chí", "Đạt/Không đạt", "Minh chứng"],
                ["1.1", "Có kế hoạch ứng dụng CNTT", "Đạt", "KH số 12"],
            ]
        )
    },
    {"Tự kiểm tra": ("kind", "checklist")},
)

LAYOUTS: tuple[Layout, ...] = (
    SMAS_DEVICES,
    ASSET_BOOK,
    LESSON_REGISTER_IT_ROOM,
    LESSON_REGISTER_PLAIN,
    CLASS_LOG_BOOK,
    LOAN_MASTER_DETAIL,
    USAGE_BOOK_FORM4,
    ROOM_BOOKING_FORM,
    ROOM_BOOKING_REPORT,
    OUTGOING_REGISTER,
    INCOMING_REGISTER,
    CMS_POSTS,
    STAFF_EXPORT,
    MAINTENANCE_MASTER_DETAIL,
    SELF_CHECK,
)


def write_xlsx(layout: Layout, folder: Any) -> Any:
    """The layout as a real .xlsx in ``folder`` (a pathlib.Path); returns its path."""
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for tab, grid in layout.tabs.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = tab[:31]
        first = False
        for row in grid:
            sheet.append(row)
    path = folder / layout.file
    book.save(path)
    return path
