"""The message catalogue: every label and message the tool shows, in Vietnamese and English.

Vietnamese is the default. Results carry ``Msg(key, params)``; rendering picks the language at
the last moment, so one audit can be reported in both. Parameters named ``x_vi``/``x_en`` provide
``{x}`` in the matching language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from elschool_audit.results import Location, Msg

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- input problems
    "sheet_missing": (
        "Không có trang tính loại «{kind}» trong hồ sơ",
        "No tab of kind “{kind}” in the records",
    ),
    "column_missing": (
        "Trang «{kind}» thiếu cột «{header}»",
        "The “{kind}” tab has no “{header}” column",
    ),
    "value_unreadable": (
        "Không đọc được giá trị; cần {expected}",
        "Cannot read the value; expected {expected}",
    ),
    "rate_disagrees": (
        "Tỉ lệ ghi {found} nhưng {trained}/{total} là {expected}: dùng tỉ lệ tính từ số liệu ({expected})",
        "The rate typed is {found} but {trained}/{total} is {expected}: the counts' share ({expected}) is used",
    ),
    "value_unknown": (
        "Giá trị chưa có trong danh mục ({count} dòng): không được tính cho tiêu chí nào",
        "Value not in the known list ({count} rows): not counted by any rule",
    ),
    "legacy_encoding": (
        "Chữ có vẻ gõ bằng phông cũ {encoding}, không phải Unicode (ví dụ đọc thành «{example}»); chưa được chuyển mã",
        "The text looks typed in the legacy {encoding} encoding, not Unicode (e.g. it reads «{example}»);"
        " not converted",
    ),
    "tab_unrecognised": (
        "Không nhận ra trang tính (tiêu đề cột không khớp mẫu nào)",
        "Tab not recognised (its headers match no sheet template)",
    ),
    "tab_unrecognised_closest": (
        "Không nhận ra trang tính; gần nhất là «{kind}», còn thiếu cột: {missing}",
        "Tab not recognised; it comes closest to “{kind}”, which still needs: {missing}",
    ),
    "tab_ambiguous": (
        "Không rõ trang tính là loại nào: có thể là {kinds}; chưa đọc trang này",
        "Cannot tell which kind this tab is: it looks like {kinds}; the tab is not read",
    ),
    "tab_not_audited": (
        "Trang tính là «{kind}», loại sổ không có tiêu chí nào chấm: không đọc",
        "The tab is a “{kind}”, a book no rule reads: not read",
    ),
    "value_assumed": (
        "Trang không có cột «{column}»: giả định «{value}» cho mọi dòng ({origin}{text_note})",
        "The tab has no “{column}” column: “{value}” is assumed for every row ({origin}{text_note})",
    ),
    "year_assumed": (
        "{count} ngày viết dd/mm không có năm: năm {origin}{text_note}",
        "{count} dates written dd/mm without a year: the year is {origin}{text_note}",
    ),
    "posts_counted_twice": (
        "Bảng đếm tin bài theo tháng trùng với danh sách tin bài các tháng {months}: tin bài bị tính hai lần",
        "This month × category count table covers the same months as the post list ({months}): posts are counted twice",
    ),
    "room_not_for_level": (
        "Phòng «{room}» được nhận là «{type}», loại phòng mà cấp {level} không có (Phụ lục 1): kiểm tra lại tên phòng",
        "Room “{room}” reads as “{type}”, a room type level {level} does not have (Appendix 1): check its name",
    ),
    "file_stale": (
        "«{kind}» cập nhật lần cuối {date}, cách ngày kiểm tra {days} ngày; tối đa {max}",
        "“{kind}” last modified {date}, {days} days before the audit; at most {max}",
    ),
    "files_fresh_measured": (
        "{ok}/{n} loại hồ sơ có và được cập nhật trong {max} ngày",
        "{ok}/{n} record kinds present and modified within {max} days",
    ),
    "files_fresh_measured_elsewhere": (
        "{ok}/{n} loại hồ sơ có được cập nhật trong {max} ngày; thiếu {absent} loại ({names}) đã bị tính ở"
        " tiêu chí đọc loại đó, không tính lại ở đây",
        "{ok}/{n} record kinds present were modified within {max} days; {absent} missing ({names}) are"
        " charged by the rules that read them, not again here",
    ),
    "file_unreadable": ("Không đọc được tệp: {reason}", "Cannot read the file: {reason}"),
    # --- what an unreadable cell should have held (sheets/values.py EXPECT_*, sheets/parser.py)
    "expect_date": ("ngày dạng dd/mm/yyyy", "a date (dd/mm/yyyy)"),
    "expect_date_year": ("ngày có ghi năm (dd/mm/yyyy)", "a date with a year"),
    "expect_valid_date": ("một ngày có thật trên lịch (dd/mm/yyyy)", "a valid calendar date"),
    "expect_serial": (
        "ngày dạng dd/mm/yyyy (ngày lưu dạng số phải nằm trong các năm {low}–{high})",
        "a date (a date serial number must fall in {low}-{high})",
    ),
    "expect_not_time": (
        "ngày dạng dd/mm/yyyy (ô chỉ có giờ, không có ngày)",
        "a date (the cell holds only a time of day)",
    ),
    "expect_month": ("tháng dạng mm/yyyy", "a month (mm/yyyy)"),
    "expect_month_year": ("tháng có ghi năm (mm/yyyy)", "a month with a year"),
    "expect_bool": ("có/không (hoặc x)", "yes/no (có/không)"),
    "expect_int": ("số nguyên", "a whole number"),
    "expect_number": ("số", "a number"),
    "expect_no_unit": ("số, không kèm đơn vị", "a number without units"),
    "expect_finite": ("một số thông thường (không phải vô cực)", "a finite number"),
    "expect_percent": ("tỉ lệ phần trăm", "a percentage"),
    "expect_percent_positive": ("tỉ lệ phần trăm từ 0 trở lên", "a percentage of at least 0"),
    "expect_text": ("chữ", "text"),
    "expect_one_of": ("một trong: {values}", "one of: {values}"),
    "expect_one_mark": ("chỉ đánh dấu một cột", "one marked column"),
    "expect_count": ("số tin bài (số nguyên từ 0 đến {max})", "a number of posts (a whole number from 0 to {max})"),
    # --- errors (errors.AuditError): plain text from a library is shown as it is
    "plain_text": ("{text}", "{text}"),
    "path_missing": (
        "không tìm thấy tệp hoặc thư mục",
        "no such file or folder",
    ),
    "file_exists_use_force": (
        "tệp đã có; thêm --force để ghi đè",
        "the file already exists; add --force to overwrite it",
    ),
    "not_a_spreadsheet": (
        "không phải bảng tính ({known})",
        "not a spreadsheet ({known})",
    ),
    "path_or_school_needed": (
        "cho một đường dẫn hoặc --school ID",
        "give a PATH or --school ID",
    ),
    "source_is_a_file": (
        "--source {source} là một tệp; --source cần thư mục quận (hoặc «drive»), roster dùng --roster",
        "--source {source} is a file; --source takes the district folder (or 'drive'), a roster goes to --roster",
    ),
    "history_is_a_folder": (
        "--history {path} là một thư mục; cần một tệp .sqlite",
        "--history {path} is a folder; give a .sqlite file",
    ),
    "history_not_sqlite": (
        "--history {path}: không phải tệp SQLite",
        "--history {path}: not a SQLite file",
    ),
    "format_needs_output": (
        "định dạng {format} cần --output FILE",
        "format {format} needs --output FILE",
    ),
    "output_is_a_folder": (
        "--output là một thư mục; cần tên tệp",
        "--output is a folder; give a file name",
    ),
    "history_failed_after_report": (
        "đã ghi báo cáo nhưng không ghi được lịch sử: {reason}",
        "the report is written but the history is not: {reason}",
    ),
    "selfcheck_options_only": (
        "{names}: chỉ dùng khi tự kiểm tra một thư mục; trường trong roster lấy thông tin từ roster",
        "{names}: only for a folder self-check; a roster school's details come from the roster",
    ),
    "spreadsheet_unopenable": (
        "không mở được tệp bảng tính ({reason})",
        "cannot open the spreadsheet ({reason})",
    ),
    "tabs_unlistable": (
        "không đọc được danh sách trang tính ({reason})",
        "cannot list the tabs ({reason})",
    ),
    "tab_unreadable": (
        "không đọc được trang tính ({reason})",
        "cannot read the tab ({reason})",
    ),
    "file_os_error": (
        "không đọc được tệp ({reason})",
        "cannot read the file ({reason})",
    ),
    "not_regular_file": (
        "không phải tệp thông thường",
        "not a regular file",
    ),
    "csv_encoding_unknown": (
        "không nhận ra bảng mã của tệp CSV (UTF-8, UTF-16, cp1258)",
        "cannot tell the CSV file's encoding (UTF-8, UTF-16, cp1258)",
    ),
    "csv_malformed": (
        "tệp CSV hỏng ({reason})",
        "malformed CSV ({reason})",
    ),
    "xls_html_no_table": (
        "tệp .xls là trang HTML/XML nhưng không có bảng nào; mở bằng Excel và lưu lại dạng .xlsx",
        "the .xls file is an HTML/XML page without a table; open it in Excel and save it as .xlsx",
    ),
    "yaml_too_deep": (
        "lồng quá sâu",
        "nested too deeply",
    ),
    "yaml_too_many_values": (
        "quá nhiều giá trị (bí danh lồng nhau?)",
        "too many values (nested aliases?)",
    ),
    "yaml_file_too_large": (
        "tệp quá lớn (> {limit} byte)",
        "file too large (> {limit} bytes)",
    ),
    "yaml_file_missing": (
        "không tìm thấy tệp",
        "file not found",
    ),
    "yaml_file_unreadable": (
        "không đọc được tệp: {reason}",
        "cannot read the file: {reason}",
    ),
    "yaml_invalid_reason": (
        "YAML không hợp lệ: {reason}",
        "invalid YAML: {reason}",
    ),
    "yaml_file_empty": (
        "tệp rỗng",
        "the file is empty",
    ),
    "google_quota_exhausted": (
        "Google từ chối vì vượt hạn mức truy cập, đã thử lại {attempts} lần; hãy chạy lại sau ít phút ({reason})",
        "Google quota exceeded after {attempts} attempts; run again in a few minutes ({reason})",
    ),
    "google_kept_failing": (
        "Google đang lỗi, đã thử lại {attempts} lần ({reason})",
        "Google kept failing after {attempts} attempts ({reason})",
    ),
    "google_unreachable": (
        "không kết nối được tới Google sau {attempts} lần thử ({reason})",
        "cannot reach Google after {attempts} attempts ({reason})",
    ),
    "google_refused_credentials": (
        "Google không cấp quyền truy cập: {reason}",
        "Google refused the credentials: {reason}",
    ),
    "google_no_token": (
        "không lấy được mã truy cập Google: {reason}",
        "cannot get a Google token: {reason}",
    ),
    "drive_not_a_folder": (
        "mã Drive không phải một thư mục ({mime})",
        "the Drive id is not a folder ({mime})",
    ),
    "drive_folder_trashed": (
        "thư mục Drive đã bị xoá vào thùng rác",
        "the Drive folder is in the trash",
    ),
    "roster_no_drive_root": (
        "roster không có drive_root",
        "the roster has no drive_root",
    ),
    "drive_shortcut_no_folder": (
        "lối tắt «{shortcut}» trong drive_root không trỏ tới một thư mục đọc được: {reason}",
        "the shortcut “{shortcut}” in drive_root does not lead to a readable folder: {reason}",
    ),
    "school_no_drive_folder": (
        "trường chưa có drive_folder và roster không có drive_root",
        "the school has no drive_folder and the roster has no drive_root",
    ),
    "drive_folders_ambiguous": (
        "nhiều thư mục khớp tên trường: {names}; đặt drive_folder trong roster",
        "several folders match the school: {names}; set drive_folder in the roster",
    ),
    "drive_folder_unmatched": (
        "không có thư mục nào trong drive_root khớp tên «{name}»; đổi tên thư mục hoặc đặt drive_folder",
        "no sub-folder of the district root matches “{name}”; rename the folder or set drive_folder",
    ),
    "drive_shortcut_no_target": (
        "lối tắt không có tệp đích",
        "the shortcut has no target",
    ),
    "drive_shortcut_target_trashed": (
        "tệp đích của lối tắt đã bị xoá",
        "the shortcut's target is in the trash",
    ),
    "drive_shortcut_target_unreadable": (
        "không đọc được tệp đích của lối tắt (HTTP {status}): {reason}",
        "cannot read the shortcut's target (HTTP {status}): {reason}",
    ),
    "drive_file_unreadable": (
        "không đọc được tệp trên Drive (HTTP {status}): {reason}",
        "cannot read the Drive file (HTTP {status}): {reason}",
    ),
    # --- a mapping file's or a portal profile's own validators (yamlfile.Invalid)
    "mapping_kind_no_column": ("«{kind}» không có cột {column}", "kind {kind} has no column {column}"),
    "mapping_no_kind_has_column": ("không có cột {column} trong loại nào", "no kind has a column {column}"),
    "mapping_unknown_kind": ("không có loại {kind} (một trong: {known})", "unknown kind {kind} (one of: {known})"),
    "mapping_year_implausible": ("năm {year} không hợp lệ", "year {year} is not plausible"),
    "mapping_ignored_takes_nothing": (
        "trang bỏ qua không cần cột hay giá trị",
        "an ignored tab takes no columns or values",
    ),
    "mapping_value_not_in_list": ("{value} không có trong danh mục", "{value} is not in the list of known values"),
    "mapping_value_unreadable": ("{value}: cần {expected}", "{value}: expected {expected}"),
    "mapping_version_unsupported": ("chỉ hỗ trợ version: 1", "only version 1 is supported"),
    "roster_clc_needs_th": (
        "clc (chất lượng cao, có phòng robotics) chỉ áp dụng cho trường tiểu học (TH)",
        "clc (chất lượng cao, with a robotics room) applies to primary (TH) schools only",
    ),
    "portal_not_a_selector": ("{selector} không phải một bộ chọn CSS", "not a CSS selector: {selector}"),
    "roster_not_a_domain": (
        "{value} không phải tên miền (ví dụ pgdlongbien.edu.vn)",
        "not a domain name: {value} (e.g. pgdlongbien.edu.vn)",
    ),
    "roster_duplicate_id": ("mã trường {id} bị trùng", "duplicate school id {id}"),
    # --- a rubric's own validators (shown as "không hợp lệ: …" at the file, line and field)
    "rubric_need_month_day": ("cần dạng MM-DD (tháng-ngày), đang là {value}", "expected MM-DD, got {value}"),
    "rubric_component_empty": (
        "một thành phần phải nêu 'sections' hoặc 'rules'",
        "a component names its 'sections' or 'rules'",
    ),
    "rubric_unknown_room_type": (
        "không có loại phòng '{code}' (các mã: {codes})",
        "unknown room type '{code}' (codes: {codes})",
    ),
    "rubric_duplicate_rule": ("mã tiêu chí {id} bị trùng", "duplicate rule id {id}"),
    "rubric_component_no_section": ("không có phần '{id}'", "no section '{id}'"),
    "rubric_component_no_rule": ("không có tiêu chí '{id}'", "no rule '{id}'"),
    "rubric_unknown_sheet": (
        "không có loại sổ '{sheet}' (các loại: {kinds})",
        "unknown sheet kind '{sheet}' (kinds: {kinds})",
    ),
    "rubric_sheet_no_room_type": ("trang '{sheet}' không có cột room_type", "sheet '{sheet}' has no room_type column"),
    "rubric_expect_one_of": (
        "ghi đúng một trong: values, values_by_level, from, rooms_of_level",
        "give exactly one of: values, values_by_level, from, rooms_of_level",
    ),
    "rubric_rooms_of_level_true": (
        "rooms_of_level chỉ nhận true (nếu không thì bỏ đi)",
        "rooms_of_level takes true (leave it out otherwise)",
    ),
    "rubric_rooms_of_level_key": (
        "'expect: {{rooms_of_level: true}}' cần 'key: room_type'",
        "'expect: {{rooms_of_level: true}}' needs 'key: room_type'",
    ),
    "rubric_from_columns": (
        "'expect.from.column' phải nêu số cột bằng 'key'",
        "'expect.from.column' must name as many columns as 'key'",
    ),
    "rubric_groups_need_group_by": (
        "'groups' và 'group_values' cần 'group_by'",
        "'groups' and 'group_values' need 'group_by'",
    ),
    "rubric_groups_or_values": (
        "ghi 'groups' hoặc 'group_values', không ghi cả hai",
        "give 'groups' or 'group_values', not both",
    ),
    "rubric_groups_from_sheet": (
        "nhóm lấy từ trang khác viết là 'groups: {{sheet, column}}'",
        "groups from another sheet are written 'groups: {{sheet, column}}'",
    ),
    "rubric_expect_needs_group_by": ("'expect' cần 'group_by'", "'expect' needs 'group_by'"),
    "rubric_all_rows_no_min": (
        "all_rows không nhận min: mọi dòng phải thỏa điều kiện",
        "all_rows takes no min: every row must satisfy the condition",
    ),
    "rubric_per_needs_date_column": ("'per' cần 'date_column'", "'per' needs 'date_column'"),
    "rubric_pattern_target": (
        "ghi 'school_field', hoặc 'sheet' kèm 'column'",
        "give either 'school_field' or 'sheet' with 'column'",
    ),
    "rubric_sheet_needs_column": ("'sheet' cần 'column'", "'sheet' needs 'column'"),
    "rubric_bad_regex": ("biểu thức chính quy sai: {error}", "bad regular expression: {error}"),
    "cond_not_a_mapping": (
        "điều kiện phải là một ánh xạ dạng {{cột: giá trị}}, đang là {value}",
        "a condition must be a mapping like {{column: value}}, got {value}",
    ),
    "cond_needs_list": (
        "'{name}' cần một danh sách điều kiện không rỗng",
        "'{name}' takes a non-empty list of conditions",
    ),
    "cond_unknown_operator": (
        "không có toán tử '{op}' cho cột '{column}' (dùng một trong: {ops})",
        "unknown operator '{op}' for column '{column}' (use one of: {ops})",
    ),
    "cond_op_takes_list": ("'{op}' cho cột '{column}' cần một danh sách", "'{op}' for column '{column}' takes a list"),
    "cond_between_two": (
        "'between' cho cột '{column}' cần danh sách hai giá trị [thấp, cao]",
        "'between' for column '{column}' takes a list of two values [low, high]",
    ),
    "cond_matches_form": (
        "'matches' cho cột '{column}' cần một regex hoặc {{regex: ..., means: {{vi, en}}}}",
        "'matches' for column '{column}' takes a regex or {{regex: ..., means: {{vi, en}}}}",
    ),
    "cond_means_form": (
        "'means' cho cột '{column}' cần {{vi: ..., en: ...}}",
        "'means' for column '{column}' takes {{vi: ..., en: ...}}",
    ),
    "cond_bad_regex": (
        "biểu thức chính quy sai ở cột '{column}': {error}",
        "bad regular expression for column '{column}': {error}",
    ),
    "cond_blank_bool": (
        "'blank' cho cột '{column}' nhận true hoặc false",
        "'blank' for column '{column}' takes true or false",
    ),
    "cond_no_such_value": (
        "cột '{column}' không có giá trị {value} (các mã: {codes})",
        "column '{column}' has no value {value} (codes: {codes})",
    ),
    "cond_need_date": (
        "cột '{column}' cần một ngày (2016-11-30) hoặc một ngày trong năm học (\"11-30\"), không phải {value}",
        "column '{column}' takes a date (2016-11-30) or a day of the school year (\"11-30\"), not {value}",
    ),
    "cond_no_such_column": (
        "trang '{kind}' không có cột '{column}' (các cột: {columns})",
        "sheet '{kind}' has no column '{column}' (columns: {columns})",
    ),
    "drive_what_folder": ("thư mục Drive", "Drive folder"),
    "drive_what_root": ("thư mục gốc Drive (drive_root)", "Drive root folder (drive_root)"),
    "drive_folder_not_found": (
        "không tìm thấy {what} hoặc chưa chia sẻ cho {who}: {reason}",
        "the {what} does not exist or is not shared with {who}: {reason}",
    ),
    "drive_folder_forbidden": (
        "không có quyền đọc {what} (HTTP {status}): {reason}",
        "no permission to read the {what} (HTTP {status}): {reason}",
    ),
    "drive_folder_unreadable": (
        "không đọc được {what} (HTTP {status}): {reason}",
        "cannot read the {what} (HTTP {status}): {reason}",
    ),
    "env_choice": (
        "{name} phải là một trong {choices}, không phải {value}",
        "{name} must be one of {choices}, got {value}",
    ),
    "env_positive_int": (
        "{name} phải là số nguyên dương, không phải {value}",
        "{name} must be a positive whole number, got {value}",
    ),
    "google_no_credentials": (
        "chưa cấu hình tài khoản Google: đặt GOOGLE_APPLICATION_CREDENTIALS là đường dẫn tệp khoá tài khoản dịch vụ,"
        " hoặc đặt {key_file} hay {client_file} vào {folder} rồi chạy «elschool-audit auth login»",
        "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file,"
        " or put {key_file} or {client_file} in {folder} and run 'elschool-audit auth login'",
    ),
    "google_key_unreadable": (
        "không đọc được tệp khoá tài khoản dịch vụ: {reason}",
        "cannot read the service-account key: {reason}",
    ),
    "google_key_not_json": (
        "tệp khoá không phải JSON",
        "the key file is not JSON",
    ),
    "google_key_not_service_account": (
        "tệp không phải khoá tài khoản dịch vụ",
        "not a service-account key file",
    ),
    "google_key_is_oauth_client": (
        "tệp không phải khoá tài khoản dịch vụ (có vẻ là tệp OAuth client: dùng {env})",
        "not a service-account key file (this looks like an OAuth client file: use {env})",
    ),
    "google_key_invalid": (
        "khoá tài khoản dịch vụ không hợp lệ: {reason}",
        "invalid service-account key: {reason}",
    ),
    "google_oauth_client_needed": (
        "cần tệp OAuth client: đặt {env} hoặc để {file} trong {folder}",
        "an OAuth client file is needed: set {env} or put {file} in {folder}",
    ),
    "google_sign_in_failed": (
        "đăng nhập Google không thành công: {reason}",
        "Google sign-in failed: {reason}",
    ),
    "history_newer": (
        "cơ sở dữ liệu lịch sử mới hơn phiên bản này (schema {schema}); hãy cập nhật elschool-audit",
        "the history database is newer than this version of the tool (schema {schema}); update elschool-audit",
    ),
    "history_two_runs_needed": (
        "cần ít nhất hai lần chạy toàn quận đã ghi để so sánh",
        "need at least two recorded district runs to compare",
    ),
    "no_default_rubric": (
        "không có bộ tiêu chí mặc định; dùng --rubric FILE hoặc đặt {env}",
        "no default rubric: pass --rubric FILE or set {env}",
    ),
    "folder_not_empty": (
        "thư mục đã có nội dung; dùng --force để ghi đè",
        "the folder is not empty: pass --force to overwrite it",
    ),
    "format_unsupported": (
        "định dạng không hỗ trợ: {name} (có: {known})",
        "unsupported format {name} (known: {known})",
    ),
    "format_from_extension": (
        "không biết định dạng từ đuôi tệp; dùng --format ({known})",
        "cannot tell the format from the extension; use --format ({known})",
    ),
    "report_kind_mismatch": (
        "báo cáo loại {kind} không phải báo cáo {scope}",
        "the report of kind {kind} is not a {scope} report",
    ),
    "plan_not_ours": (
        "không phải kế hoạch khắc phục do elschool-audit tạo (thiếu cột)",
        "not an action plan written by elschool-audit (columns missing)",
    ),
    "plan_no_sheet": (
        "tệp không có trang kế hoạch",
        "the workbook has no plan sheet",
    ),
    "plan_unreadable": (
        "không đọc được kế hoạch: {reason}",
        "cannot read the plan: {reason}",
    ),
    "report_kind_unknown": (
        "không rõ loại báo cáo {kind}",
        "unknown report kind {kind}",
    ),
    "portal_profile_unknown": (
        "không có hồ sơ cổng «{ref}» (có sẵn: {known})",
        "no portal profile “{ref}” (shipped: {known})",
    ),
    "portal_not_declared": (
        "trường chưa khai báo cổng TTĐT (portal:) trong roster",
        "the school has no portal: in the roster",
    ),
    "portal_unreadable": (
        "không đọc được cổng TTĐT: {why}",
        "the portal cannot be read: {why}",
    ),
    "source_needs_roster": (
        "--source {source} cần --roster FILE (roster.yaml)",
        "--source {source} needs --roster FILE (roster.yaml)",
    ),
    "sharing_needs_drive": (
        "--sharing chỉ dùng với --source drive",
        "--sharing needs --source drive",
    ),
    "drive_mapping_unreadable": (
        "không đọc được tệp ánh xạ trên Drive (HTTP {status}): {reason}",
        "cannot read the mapping file from Drive (HTTP {status}): {reason}",
    ),
    "drive_mapping_not_utf8": (
        "tệp ánh xạ không phải văn bản UTF-8: {reason}",
        "the mapping file is not UTF-8 text: {reason}",
    ),
    "source_or_roster_needed": (
        "cần --source (thư mục quận) hoặc --roster",
        "give --source (district folder) or --roster",
    ),
    "email_invalid": (
        "địa chỉ e-mail không hợp lệ: {address}",
        "invalid e-mail address {address}",
    ),
    "smtp_not_configured": (
        "thiếu cấu hình SMTP: đặt ELSCHOOL_AUDIT_SMTP_HOST và ELSCHOOL_AUDIT_SMTP_FROM",
        "SMTP is not configured: set ELSCHOOL_AUDIT_SMTP_HOST and ELSCHOOL_AUDIT_SMTP_FROM",
    ),
    "smtp_security_bad": (
        "ELSCHOOL_AUDIT_SMTP_SECURITY phải là starttls, ssl hoặc none (đang là {value})",
        "ELSCHOOL_AUDIT_SMTP_SECURITY must be starttls, ssl or none (got {value})",
    ),
    "env_not_a_number": (
        "{name} không phải số: {value}",
        "{name} is not a number: {value}",
    ),
    "env_negative": (
        "{name} phải ≥ 0: {value}",
        "{name} must be ≥ 0: {value}",
    ),
    "smtp_deadline": (
        "hết thời hạn gửi ({per_message} s cho mỗi thư, {run} s cho cả lần chạy): {last}",
        "sending deadline passed ({per_message} s per message, {run} s per run): {last}",
    ),
    "smtp_recipients_refused": (
        "máy chủ từ chối người nhận: {recipients}",
        "the server refused the recipients: {recipients}",
    ),
    "smtp_failed": (
        "không gửi được sau {attempts} lần thử: {last}",
        "failed after {attempts} attempts: {last}",
    ),
    "folder_unlistable": (
        "không đọc được thư mục: {reason}",
        "cannot list the folder: {reason}",
    ),
    "school_folder_missing": (
        "không tìm thấy thư mục hồ sơ của trường",
        "the school's folder does not exist",
    ),
    "bundles_not_on_disk": (
        "các bộ tiêu chí kèm theo không đọc được (gói cài dạng nén?)",
        "the bundled rubrics are not on disk (a zipped install?)",
    ),
    "bundle_unknown": (
        "không có bộ tiêu chí {name} (có: {known})",
        "no bundled rubric {name} (known: {known})",
    ),
    "room_types_twice": (
        "room_types có cả trong rubric và trong {file}",
        "room_types given twice: in the rubric and in {file}",
    ),
    "waiver_unknown_school": (
        "miễn trừ cho trường không có trong roster: {school}{hint}",
        "waiver for a school not in the roster: {school}{hint}",
    ),
    "yaml_invalid": ("{problem}", "{problem}"),
    "waiver_unknown_rule": (
        "miễn trừ cho tiêu chí không có trong rubric: {rule}",
        "waiver for a rule the rubric does not have: {rule}",
    ),
    "school_year_format": (
        "năm học phải có dạng 2017-18, không phải {value}",
        "the school year must look like 2017-18, not {value}",
    ),
    "bundle_name_no_year": (
        "tên bộ tiêu chí {name} không kết thúc bằng năm học",
        "the bundle name {name} does not end with a school year",
    ),
    "school_ambiguous": (
        "«{key}» khớp nhiều trường: {matches}",
        "“{key}” matches several schools: {matches}",
    ),
    "school_unknown": (
        "không có trường «{key}» trong danh sách ({known})",
        "no school “{key}” in the roster ({known})",
    ),
    "roster_missing": (
        "không tìm thấy thư mục quận hoặc tệp roster",
        "no such district folder or roster file",
    ),
    "roster_not_in_folder": (
        "thư mục không có roster.yaml",
        "the folder has no roster.yaml",
    ),
    "history_unopenable": (
        "không mở được cơ sở dữ liệu lịch sử: {reason}",
        "cannot open the history database: {reason}",
    ),
    "history_folder_uncreatable": (
        "không tạo được thư mục lịch sử: {reason}",
        "cannot create the history folder: {reason}",
    ),
    "rubric_no_rule": (
        "Bộ tiêu chí không có tiêu chí {rule}; xem danh sách: elschool-audit rubric show",
        "No rule {rule} in the rubric; see the list: elschool-audit rubric show",
    ),
    "rubric_no_rule_close": (
        "Bộ tiêu chí không có tiêu chí {rule}; có phải {close}?",
        "No rule {rule} in the rubric; did you mean {close}?",
    ),
    # --- how to fix a structural problem (`sheets lint`): hint_<problem code>
    "hint_tab_unrecognised": (
        "Đặt hàng tiêu đề cột theo mẫu (elschool-audit sheets template) — gõ có dấu hay không dấu đều được; "
        "nếu trang này không phải hồ sơ, có thể bỏ qua",
        "Use the template's header row (elschool-audit sheets template), with or without diacritics; "
        "ignore this if the tab is not part of the records",
    ),
    "hint_tab_unrecognised_closest": (
        "Thêm các cột còn thiếu, hoặc khai báo cột và giá trị cố định trong tệp ánh xạ (elschool-audit sheets map)",
        "Add the missing columns, or declare columns and fixed values in a mapping file (elschool-audit sheets map)",
    ),
    "hint_tab_ambiguous": (
        "Ghi loại của trang này trong tệp ánh xạ (elschool-audit sheets map), hoặc đổi tiêu đề cột theo mẫu",
        "Name this tab's kind in a mapping file (elschool-audit sheets map), or use the template's headers",
    ),
    "hint_tab_not_audited": ("Không cần làm gì nếu đúng là sổ này", "Nothing to do if this is indeed that book"),
    "hint_value_assumed": (
        "Kiểm tra giá trị giả định; nếu sai, thêm cột này hoặc ghi giá trị cố định trong tệp ánh xạ",
        "Check the assumed value; if wrong, add the column or set a fixed value in a mapping file",
    ),
    "hint_year_assumed": (
        "Ghi đủ năm (dd/mm/yyyy), hoặc ghi năm trong tệp ánh xạ",
        "Write the full date (dd/mm/yyyy), or set the year in a mapping file",
    ),
    "hint_column_missing": (
        "Thêm cột «{header}» vào hàng tiêu đề của trang này",
        "Add a “{header}” column to this tab's header row",
    ),
    "hint_value_unreadable": ("Sửa ô này thành {expected}", "Change this cell to {expected}"),
    "hint_value_unknown": (
        "Dùng một giá trị có trong danh sách thả xuống của mẫu, hoặc đề nghị Phòng bổ sung cách viết này",
        "Use a value from the template's drop-down list, or ask the district to add this spelling",
    ),
    "hint_file_unreadable": (
        "Mở tệp bằng Excel/Google Sheets và lưu lại dưới dạng .xlsx",
        "Open the file in Excel or Google Sheets and save it again as .xlsx",
    ),
    "hint_legacy_encoding": (
        "Chuyển phông sang Unicode (Unikey: công cụ chuyển mã TCVN3/VNI → Unicode)",
        "Convert the text to Unicode (e.g. Unikey's TCVN3/VNI → Unicode converter)",
    ),
    "hint_posts_counted_twice": (
        "Chỉ nộp một trong hai: danh sách tin bài (có ngày đăng) hoặc bảng đếm theo tháng",
        "Submit one or the other: the post list (with dates) or the monthly count table",
    ),
    "hint_sheet_missing": (
        "Thêm trang «{kind}» (tạo từ mẫu: elschool-audit sheets template --level {level})",
        "Add a “{kind}” tab (from the template: elschool-audit sheets template --level {level})",
    ),
    "history_no_run": (
        "không có lần chạy số {run}",
        "no run {run}",
    ),
    "report_not_regular_file": (
        "không ghi đè: đường dẫn không phải tệp thông thường (liên kết, thiết bị, thư mục)",
        "refusing to replace something that is not a regular file (symlink, device, folder)",
    ),
    "report_unwritable": (
        "không ghi được báo cáo: {reason}",
        "cannot write the report: {reason}",
    ),
    "run_locked": (
        "một lần chạy khác đang diễn ra",
        "another run is in progress",
    ),
    "lock_uncreatable": (
        "không tạo được tệp khoá: {reason}",
        "cannot create the run lock: {reason}",
    ),
    "reader_timeout": (
        "đọc tệp quá {seconds} giây (nâng bằng biến môi trường ELSCHOOL_AUDIT_MAX_READ_SECONDS)",
        "reading the file took over {seconds} s (raise it with ELSCHOOL_AUDIT_MAX_READ_SECONDS)",
    ),
    "reader_out_of_memory": (
        "đọc tệp cần hơn {mb} MB bộ nhớ (nâng bằng biến môi trường ELSCHOOL_AUDIT_MAX_READER_MB)",
        "reading the file needs over {mb} MB of memory (raise it with ELSCHOOL_AUDIT_MAX_READER_MB)",
    ),
    "reader_crashed": (
        "trình đọc bảng tính dừng đột ngột ({how}): tệp hỏng, không an toàn hoặc cần hơn {mb} MB bộ nhớ"
        " (nâng bằng biến môi trường ELSCHOOL_AUDIT_MAX_READER_MB)",
        "the spreadsheet reader crashed ({how}): the file is damaged, unsafe or needs over {mb} MB of memory"
        " (raise it with ELSCHOOL_AUDIT_MAX_READER_MB)",
    ),
    "reader_not_started": (
        "không chạy được trình đọc bảng tính: {reason}",
        "cannot start the spreadsheet reader: {reason}",
    ),
    "file_too_large": (
        "tệp quá lớn hoặc không an toàn: {what} {found} vượt giới hạn {limit} (nâng bằng biến môi trường {env})",
        "file too large or unsafe: {what} {found} over the limit {limit} (raise it with {env})",
    ),
    "limit_part_size": ("phần «{part}» (byte)", "part “{part}” (bytes)"),
    "limit_zip_entries": ("số phần trong tệp zip", "zip entries"),
    "limit_inflated": ("dung lượng giải nén (byte)", "inflated size (bytes)"),
    "limit_outside": ("ô ngoài phạm vi trang tính", "cells outside the sheet"),
    "limit_declared_cells": ("số ô khai báo", "declared cells"),
    "limit_cells": ("số ô", "cells"),
    "limit_merged_cells": ("số ô gộp", "merged cells"),
    "limit_file_size": ("kích thước tệp (byte)", "file size (bytes)"),
    "limit_cell_chars": ("độ dài một ô", "characters in a field"),
    "limit_counted_rows": ("số dòng từ bảng đếm", "rows counted"),
    "value_unreadable_as": ("không đọc được {value} thành {expected}", "cannot read {value} as {expected}"),
    # --- the school's portal (sources/portal.py, sources/crosscheck.py)
    "portal_unreachable": (
        "Không đọc được cổng TTĐT của trường: {reason}; hồ sơ bảng tính vẫn được kiểm tra",
        "The school's portal could not be read: {reason}; its spreadsheets are still audited",
    ),
    "portal_page_unreadable": (
        "Không đọc được trang của cổng TTĐT: {why}",
        "A portal page could not be read: {why}",
    ),
    "portal_fetch_robots": ("robots.txt của trang không cho phép đọc", "the site's robots.txt forbids it"),
    "portal_fetch_timeout": ("máy chủ không trả lời kịp", "the server did not answer in time"),
    "portal_fetch_status": ("máy chủ trả lời mã lỗi {detail}", "the server answered with error {detail}"),
    "portal_fetch_redirect_loop": ("trang chuyển hướng vòng quanh", "the page redirects in a loop"),
    "portal_fetch_too_large": ("trang lớn hơn {detail} byte", "the page is larger than {detail} bytes"),
    "portal_fetch_network": ("lỗi kết nối mạng ({detail})", "network error ({detail})"),
    "portal_uncategorised": (
        "{count} bài trên cổng TTĐT không rõ chuyên mục hoặc ngày đăng: không được tính",
        "{count} portal articles have no recognisable category or date: not counted",
    ),
    "portal_count_differs": (
        "Bảng thống kê ghi {sheet} {kind}{group} tháng {month}; cổng TTĐT ({site}) có {portal}",
        "The sheet records {sheet} {kind}{group} in {month}; the portal ({site}) has {portal}",
    ),
    "own_output_skipped": (
        "Bỏ qua: đây là báo cáo hoặc kế hoạch khắc phục do elschool-audit tạo, không phải hồ sơ của trường",
        "Skipped: a report or action plan made by elschool-audit, not the school's records",
    ),
    "file_skipped": (
        "Bỏ qua: không phải tệp thông thường (FIFO, thiết bị, socket), không được mở",
        "Skipped: not a regular file (a FIFO, device or socket); not opened",
    ),
    # --- Google Drive (sources/drive)
    "drive_shortcut_followed": (
        "«{name}» là lối tắt trên Drive; đã đọc tệp/thư mục đích «{target}»",
        "“{name}” is a Drive shortcut; its target “{target}” was read",
    ),
    "drive_shared": (
        "«{file}»: {how}{why} — {link}",
        "“{file}”: {how}{why} — {link}",
    ),
    "drive_sharing_limited": (
        "Chia sẻ: đã kiểm tra chia sẻ qua đường liên kết và cho cả tên miền của {total} tệp và thư mục; "
        "với {count} tệp {who} không được xem quyền chi tiết (chỉ là người xem, hoặc tệp trong bộ nhớ dùng "
        "chung), nên chia sẻ cho tài khoản ngoài quận và tên miền nào chưa kiểm tra được; «xuất bản lên web» "
        "không được kiểm tra. Không thấy chia sẻ không có nghĩa là tệp không được chia sẻ",
        "Sharing: link and domain-wide sharing was checked for {total} files and folders; for {count} of them "
        "{who} may not see the permissions (a viewer, or a shared drive), so shares with outside accounts and "
        "which domain were not checked; “published to the web” is not checked. Not seeing a share does not "
        "mean the file is not shared",
    ),
    "drive_sharing_failed": (
        "Không kiểm tra được chia sẻ của thư mục trường: {reason}",
        "The school folder's sharing could not be checked: {reason}",
    ),
    "drive_copy_pair": (
        "«{kept}» và «{other}» là hai bản của cùng một tệp (Excel và Google Trang tính): chỉ đọc «{kept}»",
        "“{kept}” and “{other}” are two copies of one file (Excel and Google Sheets): only “{kept}” was read",
    ),
    "drive_duplicate_files": (
        "Các tệp trùng tên đều được đọc: {files}; nếu là bản sao của nhau, số liệu bị tính hai lần",
        "Files with the same name were all read: {files}; if they are copies, their rows are counted twice",
    ),
    "school_unreadable": (
        "Không đọc được hồ sơ của trường: {reason}",
        "Could not read the school's records: {reason}",
    ),
    "school_worker_died": (
        "Tiến trình đọc hồ sơ của trường bị dừng đột ngột (hết bộ nhớ hoặc trình đọc tệp bị lỗi), "
        "hai lần: trường này chưa được chấm; các trường khác vẫn được chấm",
        "The process reading this school's records died (out of memory or a reader crash), twice: "
        "the school was not audited; the other schools were",
    ),
    "internal_error": (
        "Lỗi nội bộ khi kiểm tra: {error}",
        "Internal error while checking: {error}",
    ),
    # --- command line: self-check, templates, options
    "selfcheck_needs_level": (
        "tự kiểm tra một thư mục cần --level MN|TH|THCS hoặc tệp {file} trong thư mục",
        "a folder self-check needs --level MN|TH|THCS or a {file} in the folder",
    ),
    "selfcheck_district_folder": (
        "{folder} là thư mục của cả quận (có roster.yaml hoặc nhiều trường), không phải một trường: "
        "dùng «audit district --source {folder}» hoặc «audit school MÃ-TRƯỜNG --source {folder}»",
        "{folder} is a district folder (a roster.yaml or several schools), not one school: "
        "use “audit district --source {folder}” or “audit school SCHOOL-ID --source {folder}”",
    ),
    "selfcheck_nothing": (
        "không có gì để kiểm tra: {folder} không có bảng tính nào (.xlsx, .xls, .ods, .csv)",
        "nothing to audit: {folder} holds no spreadsheet (.xlsx, .xls, .ods, .csv)",
    ),
    "template_would_overwrite": (
        "không ghi đè tệp đã có (dùng --force nếu thật sự muốn thay bằng mẫu trống): {files}",
        "will not overwrite existing files (use --force to replace them with blank templates): {files}",
    ),
    "template_written": ("{n} mẫu cho cấp {level}", "{n} templates for level {level}"),
    "identity_written": (
        "→ {path} (thông tin trường cho tự kiểm tra: kiểm tra lại mã, e-mail, thí điểm, CLC)",
        "→ {path} (the school's identity for self-checks: check the id, e-mail, pilot and CLC)",
    ),
    "output_in_school_folder": (
        "báo cáo được lưu trong thư mục hồ sơ của trường ({folder}); lần kiểm tra sau sẽ bỏ qua nó, "
        "nhưng nên lưu ở ngoài",
        "the report is saved inside the school's records folder ({folder}); the next audit skips it, "
        "but better keep it outside",
    ),
    "date_bad": (
        "ngày {value!r} không hợp lệ; cần YYYY-MM-DD hoặc DD/MM/YYYY",
        "bad date {value!r}; expected YYYY-MM-DD or DD/MM/YYYY",
    ),
    "date_both": ("dùng --as-of hoặc --month, không dùng cả hai", "give --as-of or --month, not both"),
    "month_bad": ("--month cần dạng YYYY-MM, không phải {value!r}", "--month needs YYYY-MM, got {value!r}"),
    "date_outside_year": (
        "hôm nay ({today}) không thuộc năm học của bộ tiêu chí ({start}–{end}): chọn ngày kiểm tra, "
        "ví dụ --month {month} (hoặc --as-of NGÀY)",
        "today ({today}) is outside the rubric's school year ({start}–{end}): choose the audit date, "
        "e.g. --month {month} (or --as-of DATE)",
    ),
    "date_before_year": (
        "ngày kiểm tra {date} trước khi năm học bắt đầu ({start}): chưa có gì đến hạn, không chấm điểm",
        "the audit date {date} is before the school year starts ({start}): nothing is due yet, nothing scored",
    ),
    "fail_under_school": (
        "{school}: {score}% dưới ngưỡng --fail-under {min}%",
        "{school}: {score}% is under --fail-under {min}%",
    ),
    "option_deprecated": ("{old} đã cũ, dùng {new}", "{old} is deprecated, use {new}"),
    "as_of_outside_year": (
        "Ngày kiểm tra {as_of} nằm ngoài năm học của bộ tiêu chí ({first} – {last}): chọn ngày trong năm học"
        " đó, hoặc dùng bộ tiêu chí của năm học khác (--rubric)",
        "The audit date {as_of} is outside the rubric's school year ({first} – {last}): pick a date in that"
        " year, or use another year's rubric (--rubric)",
    ),
    # --- measurements
    "rows_count": ("{n} dòng", "{n} rows"),
    "share_measured": ("{share} ({ok}/{n}; cần ≥ {min})", "{share} ({ok}/{n}; need ≥ {min})"),
    "groups_measured": (
        "{ok}/{n} nhóm đạt; chung {share}",
        "{ok}/{n} groups meet it; overall {share}",
    ),
    "periods_measured": ("{ok}/{n} kỳ đạt", "{ok}/{n} periods met"),
    "latest_measured": (
        "cập nhật gần nhất {date} ({days} ngày trước)",
        "last updated {date} ({days} days ago)",
    ),
    "groups_fresh": ("{ok}/{n} cập nhật trong {max} ngày", "{ok}/{n} updated within {max} days"),
    "coverage_measured": ("{ok}/{n} đạt", "{ok}/{n} present"),
    "deadline_met": ("đăng ngày {date} (hạn {due})", "posted {date} (due {due})"),
    "deadline_not_yet": ("chưa hết hạn {due}", "not due until {due} has ended"),
    "deadline_missed": ("không có trước hạn {due}", "nothing by the deadline {due}"),
    "pattern_value": ("{value}", "{value}"),
    "no_rows_selected": ("không có dòng nào ({cond})", "no rows ({cond})"),
    "blank_required": (
        "Ô «{header}» để trống: dòng này được tính là chưa đạt",
        "“{header}” is blank: this row counts as not met",
    ),
    "room_unrecognised": (
        "Không nhận ra phòng «{room}»: không phải tên một phòng của Phụ lục 1 và danh mục thiết bị không"
        " ghi loại phòng của nó — ghi đúng tên phòng (ví dụ «Lớp 4A», «Phòng Tin học»); các dòng của phòng"
        " này được tính là chưa đạt",
        "Room “{room}” not recognised: it is not a name of Appendix 1's rooms and the device inventory"
        " gives no room type for it — write the room's name (e.g. «Lớp 4A», «Phòng Tin học»); its rows"
        " count as not met",
    ),
    "room_missing": (
        "Thiếu {item}: Phụ lục 1 quy định cấp {level} có phòng này, nhưng Danh mục thiết bị không có dòng nào"
        " của phòng",
        "Missing {item}: Appendix 1 gives level {level} this room, but the device inventory has no row for it",
    ),
    "room_required_missing": (
        "Thiếu {room}: Phụ lục 1 yêu cầu cấp {level} có phòng này, nhưng không có dòng nào ({cond})",
        "Missing {room}: Appendix 1 requires this room at level {level}, but there is no row ({cond})",
    ),
    "no_period_due": ("chưa có kỳ nào đến hạn", "no period is due yet"),
    "universe_empty": ("không có đối tượng cần kiểm tra", "nothing to check"),
    "joined": ("{parts}", "{parts}"),
    # --- findings
    "too_few_rows": ("{count}{where}; cần ≥ {min}", "{count}{where}; need ≥ {min}"),
    "row_failed": ("Không đạt: cần {cond}", "Fails: needs {cond}"),
    "group_share_low": (
        "{group}: {share} ({ok}/{n}); cần ≥ {min}",
        "{group}: {share} ({ok}/{n}); need ≥ {min}",
    ),
    "period_count_low": (
        "{group}{period}: có {n}, cần ít nhất {min}",
        "{group}{period}: {n} found, at least {min} needed",
    ),
    "period_count_low_late": (
        "{group}{period}: có {n}, cần ít nhất {min} — dòng này ghi ngày sau hạn {due} nên không được tính",
        "{group}{period}: {n} found, at least {min} needed — this row is dated after the deadline {due}, so it"
        " does not count",
    ),
    "period_count_low_undated": (
        "{group}{period}: có {n}, cần ít nhất {min} — dòng này không có ngày đọc được nên không được tính",
        "{group}{period}: {n} found, at least {min} needed — this row has no readable date, so it does not count",
    ),
    "no_dated_rows": ("Không có dòng nào có ngày", "No dated rows"),
    "stale": (
        "Cập nhật lần cuối cách đây {days} ngày; tối đa {max}",
        "Last updated {days} days ago; at most {max}",
    ),
    "stale_group": (
        "{group}: cập nhật lần cuối cách đây {days} ngày; tối đa {max}",
        "{group}: last updated {days} days ago; at most {max}",
    ),
    "group_missing": ("{group}: không có dòng nào", "{group}: no rows at all"),
    "deadline_late_row": ("Đăng sau hạn {due}", "Posted after the deadline {due}"),
    "deadline_row_fails": (
        "Dòng này chưa đạt — ô này cần {cond} trước hạn {due}",
        "This row does not qualify — this cell needs {cond} by {due}",
    ),
    "deadline_none": ("Không có dòng nào ({cond}) trước hạn {due}", "No row ({cond}) by {due}"),
    "expected_missing": ("Thiếu: {item} (cần {cond})", "Missing: {item} (needs {cond})"),
    "expected_row_fails": (
        "{item}: dòng này chưa đạt — ô này cần {cond}",
        "{item}: this row does not qualify — this cell needs {cond}",
    ),
    "pattern_school_failed": (
        "{field} của trường chưa đúng quy định: cần {rule}",
        "The school's {field} does not follow the rule: needs {rule}",
    ),
    "pattern_row_failed": ("Chưa đúng quy định: cần {rule}", "Does not follow the rule: needs {rule}"),
    "school_field_email": ("địa chỉ e-mail", "e-mail address"),
    "school_field_name": ("tên", "name"),
    "school_field_id": ("mã", "id"),
    "checklist_missing": (
        "Chưa có mục tự kiểm tra «{item}»",
        "Self-check item “{item}” is missing",
    ),
    "checklist_not_met": ("Mục «{item}» chưa đạt", "Item “{item}” is not met"),
    "checklist_no_evidence": ("Mục «{item}» chưa có minh chứng", "Item “{item}” has no evidence"),
    # --- applicability and waivers
    "na_level": ("Không áp dụng cho cấp {level}", "Does not apply to level {level}"),
    "na_profile": ("Không áp dụng cho mô hình {profile}", "Does not apply to the {profile} model"),
    "na_partial_level": (
        "Mô hình một phần của cấp {level} không gồm tiêu chí này",
        "The partial model for level {level} does not include this rule",
    ),
    "na_pilot": ("Chỉ áp dụng cho trường thí điểm", "Pilot schools only"),
    "na_clc": ("Chỉ áp dụng cho trường chất lượng cao", "High-quality (CLC) schools only"),
    "na_due": ("Chưa hết hạn ({due})", "Not due until {due} has ended"),
    "waived": ("Được miễn: {reason} (đến {expires})", "Waived: {reason} (until {expires})"),
    "waived_open": ("Được miễn: {reason} (không thời hạn)", "Waived: {reason} (no end date)"),
    "waiver_expired": (
        "Miễn trừ đã hết hạn ngày {expires}: {reason}",
        "Waiver expired on {expires}: {reason}",
    ),
}

LABELS: dict[str, tuple[str, str]] = {
    "waiver_notice_expired": (
        "Miễn trừ tiêu chí {rule} đã hết hạn ngày {date}: tiêu chí được chấm lại",
        "The waiver of {rule} expired on {date}: the rule is scored again",
    ),
    "waiver_notice_expiring": (
        "Miễn trừ tiêu chí {rule} hết hạn ngày {date} (còn {days} ngày): sau đó tiêu chí được chấm lại",
        "The waiver of {rule} expires on {date} (in {days} days): the rule is scored again after that",
    ),
    "waiver_notice": ("Miễn trừ", "Waiver"),
    "rubric_new_written": (
        "✓ Đã ghi {path}. Cần sửa các dòng «CẦN SỬA» (ngày nghỉ Tết, số và ngày của hướng dẫn), "
        "rồi kiểm tra: elschool-audit rubric check {path}",
        "✓ Wrote {path}. Edit the lines marked “TO EDIT” (the Tết break, the guideline's number and date), "
        "then validate: elschool-audit rubric check {path}",
    ),
    # --- `history` and `diff` (cli/history.py)
    "hist_run": ("Lần", "Run"),
    "hist_started": ("Lúc", "Started"),
    "hist_as_of": ("Tính đến", "As of"),
    "hist_kind": ("Loại", "Kind"),
    "hist_schools": ("Trường", "Schools"),
    "hist_meet": ("Đạt chuẩn", "Meet"),
    "hist_mean": ("Điểm TB", "Mean"),
    "hist_rubric": ("Rubric", "Rubric"),
    "hist_meets": ("Đạt chuẩn", "Meets"),
    "hist_below": ("Chưa đạt", "Below"),
    "hist_none": ("Chưa có lần chạy nào được ghi.", "No runs recorded yet."),
    "diff_comparing": (
        "So sánh lần {a} ({a_as_of}) → {b} ({b_as_of})",
        "Comparing run {a} ({a_as_of}) → {b} ({b_as_of})",
    ),
    "diff_rubric_differs": ("Lưu ý: rubric khác nhau giữa hai lần chạy", "Note: the rubric differs between the runs"),
    "diff_nothing": ("Không có thay đổi.", "Nothing changed."),
    "diff_newly_failing": ("Mới không đạt", "Newly failing"),
    "diff_fixed": ("Đã khắc phục", "Fixed"),
    "diff_rule_error": ("{rule} (lỗi)", "{rule} (error)"),
    "diff_added": ("Trường mới: {schools}", "New schools: {schools}"),
    "diff_removed": ("Không còn trong lần sau: {schools}", "Not in the later run: {schools}"),
    # --- `rubric show | explain | check` (cli/rubric.py)
    "rubric_caption": (
        "Ngưỡng đạt chuẩn {pass_mark}% tổng điểm áp dụng; tổng điểm tối đa {total}."
        " TP = toàn phần, MP = một phần (A.5)",
        "Pass mark {pass_mark}% of applicable points; {total} points in all",
    ),
    "rubric_col_title": ("Nội dung", "Title"),
    "rubric_col_levels": ("Cấp", "Levels"),
    "rubric_col_points": ("Điểm", "Points"),
    "profile_short_full": ("TP", "full"),
    "profile_short_partial": ("MP", "partial"),
    "profile_word_full": ("toàn phần", "full"),
    "profile_word_partial": ("một phần", "partial"),
    "did_you_mean": (" (có phải {name}?)", " (did you mean {name}?)"),
    "quoted": ("«{text}»", "“{text}”"),
    "noun_posts": ("tin", "posts"),
    "noun_resources": ("học liệu", "resources"),
    "noun_documents": ("văn bản", "documents"),
    "exit_signal": ("tín hiệu {n}", "signal {n}"),
    "exit_code": ("mã {n}", "code {n}"),
    "rubric_flag_pilot": ("thí điểm", "pilot"),
    "rubric_not_evidenced": ("Không kiểm chứng được bằng hồ sơ:", "Not evidenced by records:"),
    "explain_levels": ("Áp dụng cho cấp", "Levels"),
    "explain_partial_only": ("một phần chỉ với cấp {levels}", "partial only for {levels}"),
    "explain_pilot_only": ("chỉ trường thí điểm", "pilot schools only"),
    "explain_clc_only": ("chỉ trường CLC", "CLC schools only"),
    "explain_bonus": ("điểm thưởng", "bonus"),
    "explain_checks": ("Kiểm tra", "Checks"),
    "explain_checks_partial": ("Mô hình một phần (A.5)", "Partial model (A.5)"),
    "explain_how_to_pass": ("Cách đạt", "How to pass"),
    "rubric_check_ok": (
        "✓ {file}: {rules} tiêu chí, {not_evidenced} yêu cầu không kiểm chứng được, tổng {total} điểm,"
        " ngưỡng {pass_mark}% (hash {hash})",
        "✓ {file}: {rules} rules, {not_evidenced} not evidenced, total {total} points, pass mark {pass_mark}%"
        " (hash {hash})",
    ),
    # --- `sheets template | lint` (cli/sheets.py)
    "template_school_line": ("Trường: {school}", "School: {school}"),
    "lint_files_read": ("{files} tệp; đã nhận: {read}", "{files} files; recognised: {read}"),
    "lint_none": ("không có", "none"),
    "lint_clean": ("✓ Không có vấn đề về cấu trúc", "✓ No structural problems"),
    "lint_problem": ("Vấn đề", "Problem"),
    "lint_how_to_fix": ("Cách sửa", "How to fix"),
    "lint_row": ("dòng {row}", "row {row}"),
    "severity_error": ("Lỗi", "Error"),
    "severity_warning": ("Cảnh báo", "Warning"),
    "severity_note": ("Lưu ý", "Note"),
    "lint_notes_only_one": ("✓ {n} lưu ý, không có lỗi", "✓ {n} note, no problems"),
    "lint_notes_only": ("✓ {n} lưu ý, không có lỗi", "✓ {n} notes, no problems"),
    "lint_problems_one": ("{n} vấn đề", "{n} problem"),
    "lint_problems": ("{n} vấn đề", "{n} problems"),
    # --- blank templates (sheets/templates.py): a header's comment, the title rows
    "template_type_text": ("chữ", "text"),
    "template_type_date": ("ngày dd/mm/yyyy", "date dd/mm/yyyy"),
    "template_type_month": ("tháng mm/yyyy", "month mm/yyyy"),
    "template_type_bool": ("có / không (hoặc x)", "có / không (or x)"),
    "template_type_int": ("số nguyên", "whole number"),
    "template_type_number": ("số", "number"),
    "template_type_percent": ("tỉ lệ %, ví dụ 90%", "percentage, e.g. 90%"),
    "template_type_enum": ("chọn trong danh sách", "pick from the list"),
    "template_type_open_enum": ("chọn trong danh sách (hoặc gõ tên khác)", "pick from the list (or type another)"),
    "template_required": ("Bắt buộc", "Required"),
    "template_also_accepted": ("Cũng nhận: {aliases}", "Also accepted: {aliases}"),
    "template_school_blank": ("Trường: ……………………", "School: ……………"),
    "template_instructions": (
        "Điền từ dòng 5; không đổi tên cột (gõ không dấu vẫn được); cột có ★ là bắt buộc; "
        "ngày theo dạng dd/mm/yyyy; di chuột lên tiêu đề cột để xem hướng dẫn.",
        "Fill in from row 5; keep the column names; ★ marks required columns; dates as dd/mm/yyyy; "
        "hover over a header for help.",
    ),
    "template_not_in_list": ("Giá trị không có trong danh sách", "Not in the list"),
    # --- log lines (shown on stderr; -q hides the informational ones)
    "log_run_recorded": ("đã ghi lần chạy {run} vào {path}", "recorded run {run} in {path}"),
    "log_cache_discarded": ("bỏ mục bộ nhớ đệm {name}: {why}", "discarding cache entry {name}: {why}"),
    "log_drive_export_refused": (
        "{path}: Drive từ chối xuất .xlsx (HTTP {status}: {reason}); đọc qua Sheets API",
        "{path}: Drive refused the .xlsx export (HTTP {status}: {reason}); reading it through the Sheets API",
    ),
    "log_drive_files_read": (
        "{school}: đã đọc {n} tệp từ Drive ({how})",
        "{school}: {n} files read from Drive ({how})",
    ),
    "mail_no_address": ("chưa có e-mail trong roster", "no e-mail in the roster"),
    "log_mail_not_sent_to": ("không gửi cho {school}: {why}", "not sending to {school}: {why}"),
    "log_mail_skipped": ("bỏ qua {mail} (đã gửi tháng {month})", "skipped {mail} (already sent for {month})"),
    "log_mail_sent": ("đã gửi {mail} tới {to}", "sent {mail} to {to}"),
    "log_mail_failed": ("không gửi được {mail}: {why}", "could not send {mail}: {why}"),
    "log_mail_written": ("đã ghi thư {path} (--dry-run, không gửi)", "wrote {path} (--dry-run, not sent)"),
    "log_smtp_plaintext_password": (
        "mật khẩu SMTP sẽ được gửi không mã hoá (ELSCHOOL_AUDIT_SMTP_SECURITY=none): hãy dùng starttls hoặc ssl",
        "the SMTP password would travel without TLS (ELSCHOOL_AUDIT_SMTP_SECURITY=none): use starttls or ssl",
    ),
    "log_smtp_recipients_later": (
        "người nhận tạm thời bị từ chối ({codes}), thử lại {n}/{of}",
        "recipients refused for now ({codes}), retry {n}/{of}",
    ),
    "log_smtp_failed_try": ("gửi lỗi lần {n}/{of}: {why}", "sending failed, try {n}/{of}: {why}"),
    # --- `auth` and `cache` (cli/auth.py, cli/cache.py)
    "auth_account": ("Tài khoản: [bold]{account}[/bold]", "Account: [bold]{account}[/bold]"),
    "auth_root": ("Thư mục gốc: {name} ({link})", "District root: {name} ({link})"),
    "auth_unmatched": (
        "[yellow]![/yellow] Thư mục không khớp trường nào: {names}",
        "[yellow]![/yellow] Folders matching no school: {names}",
    ),
    "auth_readable": ("{ok}/{total} thư mục đọc được", "{ok}/{total} folders readable"),
    "auth_open_url": ("Mở địa chỉ này để đăng nhập:\n{url}", "Open this URL to sign in:\n{url}"),
    "auth_token_saved": ("Đã lưu phiên đăng nhập: {path}", "Sign-in token saved: {path}"),
    "cache_cleared": ("Đã xoá {files} tệp ({kb} KB) — {root}", "Removed {files} files ({kb} KB) — {root}"),
    "pass": ("Đạt", "Pass"),
    "sharing_section": ("Ai mở được tệp của trường (chia sẻ)", "Who can open the schools' files (sharing)"),
    "assumed_passes": ("Tiêu chí đạt dựa trên giá trị suy đoán", "Rules passing on assumed values"),
    "pass_assumed": (
        "Đạt — dựa trên giá trị suy đoán ({columns})",
        "Pass — resting on assumed values ({columns})",
    ),
    "fail": ("Không đạt", "Fail"),
    "error": ("Lỗi dữ liệu", "Error"),
    "waived": ("Miễn", "Waived"),
    "not_applicable": ("Không áp dụng", "N/A"),
    "info": ("Thông tin", "Info"),
    "meets": ("Đạt chuẩn", "Meets the standard"),
    "below": ("Chưa đạt chuẩn", "Below the standard"),
    "unaudited": ("Không kiểm tra được", "Could not be audited"),
    "school": ("Trường", "School"),
    "level": ("Cấp", "Level"),
    "profile": ("Mô hình", "Model"),
    "full": ("Toàn phần", "Full"),
    "partial": ("Một phần", "Partial"),
    "score": ("Điểm", "Score"),
    "points": ("Điểm số", "Points"),
    "result": ("Kết quả", "Result"),
    "rule": ("Tiêu chí", "Rule"),
    "clause": ("Mục", "Clause"),
    "status": ("Trạng thái", "Status"),
    "measured": ("Đo được", "Measured"),
    "findings": ("Phát hiện", "Findings"),
    "where": ("Vị trí", "Where"),
    "file": ("Tệp", "File"),
    "tab": ("Trang", "Tab"),
    "row": ("Dòng", "Row"),
    "column": ("Cột", "Column"),
    "value": ("Giá trị", "Value"),
    "message": ("Nội dung", "Message"),
    "rank": ("Hạng", "Rank"),
    "as_of": ("Tính đến ngày", "As of"),
    "rubric": ("Bộ tiêu chí", "Rubric"),
    "district": ("Đơn vị", "District"),
    "section": ("Phần", "Section"),
    "problems": ("Vấn đề về dữ liệu", "Data problems"),
    "rules_counts": ("Đ/K/L", "P/F/E"),
    "trend": ("Diễn biến qua các tháng", "Month by month"),
    "trend_mean": ("Điểm trung bình", "Mean score"),
    "trend_meets": ("Tỉ lệ trường đạt chuẩn", "Share of schools meeting the standard"),
    "problems_short": ("Vấn đề", "Issues"),
    "district_legend": (
        "Đ/K/L: số tiêu chí đạt / không đạt / lỗi (không chấm được). Vấn đề: số vấn đề dữ liệu (tệp, trang tính,"
        " ô) trong báo cáo từng trường. Toàn phần / Một phần: mô hình của trường (mục A.5).",
        "P/F/E: rules passed / failed / in error (could not be checked). Issues: data problems (file, tab, cell)"
        " in each school's report. Full / Partial: the school's model (section A.5).",
    ),
    "more_findings": ("… và {n} phát hiện khác", "… and {n} more findings"),
    "more_problems": ("… và {n} vấn đề khác", "… and {n} more problems"),
    "pass_mark": ("Ngưỡng đạt", "Pass mark"),
    "bonus": ("Điểm thưởng", "Bonus"),
    "summary_line": (
        "{audited}/{total} trường đã kiểm tra; {meets} đạt chuẩn, {below} chưa đạt, {errors} không kiểm tra được",
        "{audited}/{total} schools audited; {meets} meet the standard, {below} below, {errors} could not be audited",
    ),
    "warning": ("Cảnh báo", "Warning"),
    "note": ("Ghi chú", "Note"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "pilot": ("Thí điểm", "Pilot"),
    "clc": ("CLC", "CLC"),
    # --- report files (XLSX, HTML, CSV, Markdown)
    "level_MN": ("Mầm non", "Preschool"),
    "level_TH": ("Tiểu học", "Primary"),
    "level_THCS": ("THCS", "Lower secondary"),
    "sheet_summary": ("Tổng hợp", "Summary"),
    "sheet_findings": ("Phát hiện", "Findings"),
    "sheet_rules": ("Tiêu chí", "Rules"),
    "sheet_problems": ("Vấn đề dữ liệu", "Data problems"),
    "sheet_about": ("Thông tin", "About"),
    "school_id": ("Mã trường", "School ID"),
    "rule_title": ("Tên tiêu chí", "Title"),
    "earned_possible": ("Điểm đạt/tối đa", "Earned/possible"),
    "link": ("Liên kết", "Link"),
    "severity": ("Mức độ", "Severity"),
    "how_to_fix": ("Cách khắc phục", "How to fix"),
    "evidence": ("Minh chứng", "Evidence"),
    "failing_rules": ("Tiêu chí chưa đạt", "Rules not met"),
    "all_rules": ("Tất cả tiêu chí", "All rules"),
    "no_failing_rules": ("Không có tiêu chí nào chưa đạt.", "Every applicable rule is met."),
    "ranking": ("Xếp hạng", "Ranking"),
    "by_level": ("So sánh theo cấp học", "By school level"),
    "section_heatmap": ("Điểm theo từng phần", "Scores by section"),
    "school_details": ("Chi tiết từng trường", "School details"),
    "schools_count": ("Số trường", "Schools"),
    "average": ("Trung bình", "Average"),
    "lowest": ("Thấp nhất", "Lowest"),
    "highest": ("Cao nhất", "Highest"),
    "audited": ("Đã kiểm tra", "Audited"),
    "report_school_title": ("Báo cáo kiểm tra trường học điện tử", "E-school audit report"),
    "report_district_title": ("Báo cáo tổng hợp kiểm tra trường học điện tử", "E-school audit: district summary"),
    "report_kind": ("Loại báo cáo", "Report"),
    "kind_school": ("Một trường", "One school"),
    "kind_district": ("Toàn đơn vị", "District"),
    "generated_by": ("Tạo bởi {tool} {version}", "Made by {tool} {version}"),
    "rubric_hash": ("Mã phiên bản bộ tiêu chí", "Rubric fingerprint"),
    "open_file": ("Mở tệp", "Open the file"),
    "summary": ("Tóm tắt", "Summary"),
    # --- action plan (reports/formats/plan.py)
    "sheet_plan": ("Kế hoạch khắc phục", "Action plan"),
    "plan_found": ("Giá trị tìm thấy", "Found"),
    "plan_expected": ("Yêu cầu", "Expected"),
    "plan_reason": ("Lý do chưa đạt", "Reason"),
    "plan_responsible": ("Người phụ trách", "Person responsible"),
    "plan_date": ("Ngày dự kiến hoàn thành", "Planned date"),
    "plan_note": ("Kế hoạch của trường", "School's plan"),
    # --- the scoring model (issue 14): stated beside every score
    "scoring_model": (
        "Cách tính: điểm = điểm đạt ÷ điểm các tiêu chí áp dụng ({profile}); đạt chuẩn khi ≥ {pass_mark}"
        "{components}; điểm thưởng tính riêng, không quyết định đạt chuẩn; điểm tiêu chí do Phòng GD đặt"
        " (hướng dẫn 99/HD-PGD&ĐT không cho điểm)",
        "Scoring: score = points earned ÷ points of the rules that apply ({profile}); meets the standard at"
        " ≥ {pass_mark}{components}; bonus counted separately, never decides the verdict; rule points set by the"
        " district (guideline 99/HD-PGD&ĐT gives none)",
    ),
    "scoring_model_district": (
        "Cách tính: điểm = điểm đạt ÷ điểm các tiêu chí áp dụng cho từng trường; đạt chuẩn khi ≥ {pass_mark}"
        " và, với mô hình một phần (mục A.5), đạt từng phần bắt buộc; điểm thưởng tính riêng, không quyết định"
        " đạt chuẩn; điểm tiêu chí do Phòng GD đặt (hướng dẫn 99/HD-PGD&ĐT không cho điểm)",
        "Scoring: score = points earned ÷ points of the rules that apply to each school; meets the standard at"
        " ≥ {pass_mark} and, under the partial model (clause A.5), with each must-pass part passing; bonus counted"
        " separately, never decides the verdict; rule points set by the district (guideline 99/HD-PGD&ĐT gives none)",
    ),
    "scoring_components": (" và đạt từng phần: {parts}", " with each part passing: {parts}"),
    "scoring_profile_full": ("mô hình toàn phần", "full model"),
    "scoring_profile_partial": ("mô hình một phần, mục A.5", "partial model, clause A.5"),
    "score_waivers": (
        "Trước miễn trừ: {before} · sau miễn trừ: {after} ({n} tiêu chí được miễn)",
        "Before waivers: {before} · after waivers: {after} ({n} rules waived)",
    ),
    "score_before_waivers": ("Điểm trước miễn trừ", "Score before waivers"),
    "score_with_bonus": ("Điểm kể cả điểm thưởng", "Score with bonus"),
    "component_failed": (
        "Chưa đạt phần «{title}»: {score} (cần ≥ {min})",
        "Part “{title}” not met: {score} (need ≥ {min})",
    ),
    "components": ("Các phần bắt buộc", "Must-pass parts"),
    "scoring_header": ("Cách tính điểm", "Scoring model"),
    # --- conditions and periods in words (rubric/describe.py)
    "cond_yes": ("có", "yes"),
    "cond_no": ("không", "no"),
    "every_row": ("mọi dòng", "every row"),
    "and": ("và", "and"),
    "or": ("hoặc", "or"),
    "not_cond": ("không phải {cond}", "not {cond}"),
    "is_blank": ("{name} để trống", "{name} is blank"),
    "is_filled": ("{name} có nội dung", "{name} is filled in"),
    "follows_form": ("{name} đúng mẫu quy định", "{name} follows the prescribed form"),
    "rows_where": (" (dòng: {cond})", " (rows where {cond})"),
    "op_equals": ("là", "is"),
    "op_not_equals": ("khác", "is not"),
    "op_in": ("thuộc", "is one of"),
    "op_not_in": ("không thuộc", "is none of"),
    "op_between": ("trong khoảng", "is between"),
    "op_gte": ("≥", "≥"),
    "op_gt": (">", ">"),
    "op_lte": ("≤", "≤"),
    "op_lt": ("<", "<"),
    "op_contains": ("chứa", "contains"),
    "period_week": ("mỗi tuần", "every week"),
    "period_month": ("mỗi tháng", "every month"),
    "period_two_months": ("mỗi 2 tháng", "every two months"),
    "period_semester": ("mỗi học kì", "every semester"),
    "period_year": ("mỗi năm học", "every school year"),
    # --- what a rule checks, as `rubric show | explain` and reports word it (rubric/checks/*.describe)
    "desc_presence": ("Có ít nhất {min} dòng trong {rows}", "At least {min} row(s) in {rows}"),
    "desc_rows_none": ("Không có dòng nào", "No rows"),
    "desc_rows_only_one": ("Chỉ có {n} dòng", "Only {n} row"),
    "desc_rows_only": ("Chỉ có {n} dòng", "Only {n} rows"),
    "desc_all_rows": ("Mọi dòng của {rows} có {cond}", "Every row of {rows} has {cond}"),
    "desc_share": (
        "Tỉ lệ dòng có {cond} trong {rows} ≥ {need}{scope}",
        "Share of rows with {cond} in {rows} ≥ {need}{scope}",
    ),
    "desc_share_others": ("còn lại", "others"),
    "desc_per_columns": (" theo {columns}", " per {columns}"),
    "desc_count_per_period": (
        "Ít nhất {min} dòng {per}{group} trong {rows}",
        "At least {min} row(s) {per}{group} in {rows}",
    ),
    "desc_for_every": (" cho từng {column}", " for every {column}"),
    "desc_listed_in": (" có trong {sheet}", " listed in {sheet}"),
    "desc_freshness": (
        "Ngày gần nhất{group} trong {rows} không quá {days} ngày trước ngày kiểm tra",
        "The latest date{group} in {rows} is at most {days} days before the audit date",
    ),
    "desc_of_every": (" của từng {column}", " of every {column}"),
    "desc_deadline": (
        "Ít nhất {min} dòng trong {rows} có ngày không muộn hơn {day}",
        "At least {min} row(s) in {rows} dated no later than {day}",
    ),
    "desc_coverage": ("{rows} có đủ {keys}: {expected}", "{rows} covers every {keys}: {expected}"),
    "desc_rooms_of_level": (
        "mọi phòng Phụ lục 1 quy định cho cấp học của trường",
        "every room Appendix 1 lists for the school's level",
    ),
    "desc_every_in": ("mọi {keys} trong {sheet}", "every {keys} in {sheet}"),
    "desc_files_fresh": (
        "Có đủ các hồ sơ {names}, mỗi loại có tệp được sửa trong {days} ngày trước ngày kiểm tra",
        "Every record kind is present ({names}), each with a file modified within {days} days",
    ),
    "desc_checklist": (
        "Bảng «Tự kiểm tra» đánh dấu đạt các mục {items}{evidence}",
        "The self-check sheet marks items {items} as met{evidence}",
    ),
    "desc_checklist_evidence": (" kèm minh chứng", " with evidence"),
    "desc_pattern_roster": ("{field} (danh sách trường)", "{field} (roster)"),
    "desc_prescribed_form": ("đúng mẫu quy định", "follows the prescribed form"),
    "rule_prescribed_form": ("đúng mẫu quy định", "the prescribed form"),
    # --- how a Drive file reaches past the district, and what it holds (sources/drive/sharing.py)
    "drive_exposed_anyoneCanFind": (
        "ai trên Internet cũng tìm thấy và mở được",
        "anyone on the Internet can find and open it",
    ),
    "drive_exposed_anyoneWithLink": ("ai có đường liên kết cũng mở được", "anyone with the link can open it"),
    "drive_exposed_domainCanFind": ("cả một tên miền tìm thấy và mở được", "a whole domain can find and open it"),
    "drive_exposed_domainWithLink": (
        "cả một tên miền có liên kết mở được",
        "a whole domain can open it with the link",
    ),
    "drive_exposed_otherDomain": ("chia sẻ cho cả tên miền {whom}", "shared with the whole domain {whom}"),
    "drive_exposed_outsideAccount": (
        "chia sẻ cho tài khoản ngoài quận {whom}",
        "shared with an account outside the district: {whom}",
    ),
    "drive_sensitive_directory": ("danh bạ có số điện thoại, e-mail", "a directory with phone numbers and e-mails"),
    "drive_sensitive_pupils": ("danh sách học sinh / phụ huynh", "a student or parent list"),
    # --- where a value the tab does not state was found instead (sheets/context.py ORIGINS)
    "origin_title": ("lấy từ dòng tiêu đề", "taken from the title rows"),
    "origin_tab": ("lấy từ tên trang tính", "taken from the tab name"),
    "origin_file": ("lấy từ tên tệp", "taken from the file name"),
    "origin_book": ("suy ra từ loại sổ", "implied by the kind of book"),
    "origin_class_book": ("sổ của một lớp: lớp là phòng", "a class's own book: the class is the room"),
    "origin_device_name": ("suy ra từ tên thiết bị", "inferred from the device name"),
    "origin_mapping": ("theo tệp ánh xạ", "from the mapping file"),
    "origin_master": ("lấy từ dòng nhóm phía trên", "taken from the group row above"),
    "assumed_header": ("{header} (giả định: {origin})", "{header} (assumed: {origin})"),
    "stated_header": ("{header} ({origin})", "{header} ({origin})"),
    "by_device_name": ("theo tên từng thiết bị", "from each device's name"),
    # --- the comments of a proposed mapping file (`sheets map`, sheets/propose.py)
    "map_title": (
        "Ánh xạ sổ sách của trường ({file}) — elschool-audit sheets map đề xuất ngày {day}",
        "The school's own books mapped ({file}) — proposed by elschool-audit sheets map on {day}",
    ),
    "map_review": (
        "cho {where}. Xem từng dòng «đoán» / «CẦN XEM», sửa nếu sai, rồi chạy:",
        "for {where}. Review every “guess” / “CHECK” line, correct it if wrong, then run:",
    ),
    "map_lint_command": ("elschool-audit sheets lint <thư mục>", "elschool-audit sheets lint <folder>"),
    "map_docs": (
        "Tài liệu: docs/sheets.md, mục «Sổ sách sẵn có của trường».",
        "Documentation: docs/sheets.md, section “Sổ sách sẵn có của trường” (a school's own books).",
    ),
    "map_headers": (
        "tiêu đề cột của trường → cột, dùng cho mọi trang (ví dụ «Tên TB»: name)",
        "the school's column headers → column, for every tab (e.g. «Tên TB»: name)",
    ),
    "map_guess_other": (
        "đoán: đây là «{kind}», sổ không có tiêu chí nào chấm",
        "guess: this is a “{kind}”, a book no rule reads",
    ),
    "map_guess_kind": ("đoán: «{kind}» theo tiêu đề cột ({read})", "guess: “{kind}” from the column headers ({read})"),
    "map_guess_fixed": ("đoán: {origin}{where}", "guess: {origin}{where}"),
    "map_guess_year": (
        "đoán: năm học {year}-{next}, {origin} «{text}»",
        "guess: school year {year}-{next}, {origin} «{text}»",
    ),
    "map_check_ambiguous": (
        "CẦN XEM: có thể là {kinds}; giữ một, hoặc ghi {ignore}",
        "CHECK: it could be {kinds}; keep one, or write {ignore}",
    ),
    "map_check_closest": (
        "CẦN XEM: gần nhất là «{kind}»; nếu không phải, ghi {ignore}",
        "CHECK: it comes closest to “{kind}”; if it is not one, write {ignore}",
    ),
    "map_fixed_hint": (
        "điền giá trị chung cho cả trang, hoặc thêm cột vào trang và xoá dòng",
        "one value for the whole tab, or add the column to the tab and delete this line",
    ),
    "map_missing": ("còn thiếu «{header}» ({type})", "still missing “{header}” ({type})"),
    "map_unrecognised": (
        "không nhận ra trang này; nếu là hồ sơ, ghi loại của nó",
        "tab not recognised; if it is a record, write its kind",
    ),
    # --- comments in files written for the district or a school to edit (both languages at once)
    "to_edit": ("CẦN SỬA", "TO EDIT"),
    "bundle_breaks_note": (
        "ngày nghỉ Tết đổi theo âm lịch; các ngày dưới đây chỉ được dời một năm.",
        "Tết follows the lunar calendar: the dates below were only moved by a year.",
    ),
    "bundle_source_note": (
        "số và ngày của hướng dẫn năm học mới.",
        "the new year's guideline number and date.",
    ),
    "identity_file_head": (
        "Thông tin trường cho elschool-audit (tự kiểm tra thư mục hồ sơ); sửa cho đúng với danh sách của Phòng.",
        "School identity for elschool-audit folder self-checks; keep it as the district's roster has it.",
    ),
    "identity_unnamed_school": ("Trường …", "School …"),
    # --- what is wrong with a value in a YAML file (yamlfile.py: pydantic's error types, in words)
    "yaml_missing": ("thiếu, cần khai báo", "is required but missing"),
    "yaml_extra": ("không phải mục được biết (gõ sai tên?)", "is not a known field (a typo?)"),
    "yaml_need_text": ("cần một đoạn chữ", "must be text"),
    "yaml_need_int": ("cần một số nguyên", "must be a whole number"),
    "yaml_need_number": ("cần một số", "must be a number"),
    "yaml_need_bool": ("cần true hoặc false", "must be true or false"),
    "yaml_need_date": ("cần một ngày, dạng YYYY-MM-DD hoặc DD/MM/YYYY", "must be a date, YYYY-MM-DD or DD/MM/YYYY"),
    "yaml_need_choice": ("cần một trong: {expected}", "must be one of: {expected}"),
    "yaml_text_too_short": ("cần ít nhất {min_length} ký tự", "needs at least {min_length} characters"),
    "yaml_text_too_long": ("dài quá {max_length} ký tự", "is longer than {max_length} characters"),
    "yaml_too_few_items": ("cần ít nhất {min_length} mục", "needs at least {min_length} items"),
    "yaml_too_many_items": ("nhiều quá {max_length} mục", "has more than {max_length} items"),
    "yaml_need_ge": ("cần ≥ {ge}", "must be ≥ {ge}"),
    "yaml_need_gt": ("cần > {gt}", "must be > {gt}"),
    "yaml_need_le": ("cần ≤ {le}", "must be ≤ {le}"),
    "yaml_need_lt": ("cần < {lt}", "must be < {lt}"),
    "yaml_need_list_lines": (
        "cần một danh sách (các dòng bắt đầu bằng «- »)",
        "must be a list (lines starting with “- ”)",
    ),
    "yaml_need_list": ("cần một danh sách", "must be a list"),
    "yaml_need_mapping": ("cần các cặp «khoá: giá trị»", "must be “key: value” pairs"),
    "yaml_no_such_type": (
        "không có loại «{tag}»; cần một trong: {expected_tags}",
        "there is no type “{tag}”; use one of: {expected_tags}",
    ),
    "yaml_type_missing": ("thiếu «{discriminator}»", "needs a “{discriminator}”"),
    "yaml_invalid_because": ("không hợp lệ: {error}", "is not valid: {error}"),
    "yaml_not_valid": ("không hợp lệ", "is not valid"),
    "yaml_found": (" (đang là «{text}»)", " (found “{text}”)"),
    "yaml_more_errors": (" (và {more} lỗi khác)", " (and {more} more)"),
    # --- the monthly e-mails (notify/)
    "mail_e_school_audit_for": (
        "Kiểm tra mô hình trường học điện tử tháng",
        "E-school audit for",
    ),
    "mail_schools_meet_the_standard": (
        "trường đạt chuẩn",
        "schools meet the standard",
    ),
    "mail_changes_since_last_month": (
        "Thay đổi so với tháng trước",
        "Changes since last month",
    ),
    "mail_no_earlier_run_to_compare": (
        "Chưa có lần chạy trước để so sánh.",
        "No earlier run to compare with.",
    ),
    "mail_nothing_changed": (
        "Không có thay đổi.",
        "Nothing changed.",
    ),
    "mail_newly_failing": (
        "mới không đạt",
        "newly failing",
    ),
    "mail_fixed": (
        "đã khắc phục",
        "fixed",
    ),
    "mail_ranking": (
        "Xếp hạng",
        "Ranking",
    ),
    "mail_as_of": (
        "tính đến ngày",
        "as of",
    ),
    "mail_could_not_be_audited": (
        "trường không kiểm tra được",
        "could not be audited",
    ),
    "mail_note_the_rubric_changed_between": (
        "Lưu ý: rubric đã thay đổi giữa hai lần chạy.",
        "Note: the rubric changed between the two runs.",
    ),
    "mail_school": (
        "Trường",
        "School",
    ),
    "mail_score": (
        "Điểm",
        "Score",
    ),
    "mail_newly_failing_2": (
        "Mới không đạt",
        "Newly failing",
    ),
    "mail_fixed_2": (
        "Đã khắc phục",
        "Fixed",
    ),
    "mail_new_schools": (
        "Trường mới:",
        "New schools:",
    ),
    "mail_no_longer_audited": (
        "Không còn trong danh sách:",
        "No longer audited:",
    ),
    "mail_level": (
        "Cấp",
        "Level",
    ),
    "mail_result": (
        "Kết quả",
        "Result",
    ),
    "mail_details_the_attached_xlsx_csv": (
        "Chi tiết: tệp XLSX, CSV và báo cáo HTML đính kèm.",
        "Details: the attached XLSX, CSV and HTML report.",
    ),
    "mail_not_audited": (
        "không kiểm tra được",
        "could not be audited",
    ),
    "mail_meets": (
        "Đạt chuẩn",
        "meets the standard",
    ),
    "mail_below": (
        "Chưa đạt chuẩn",
        "below the standard",
    ),
    "mail_school_subject": (
        "[{district}] Kết quả kiểm tra mô hình trường học điện tử tháng {month} — {name}: ",
        "[{district}] E-school audit, {month} — {name}: ",
    ),
    "mail_district_subject": (
        "[{district}] Tổng hợp kiểm tra mô hình trường học điện tử tháng {month}: {ok}/{total} trường đạt chuẩn",
        "[{district}] E-school audit summary, {month}: {ok}/{total} schools meet the standard",
    ),
    # --- what a rule checks, in words (`rubric show`; the YAML's check type stays in --format json)
    "check_type_presence": ("có ít nhất số dòng quy định", "at least so many rows"),
    "check_type_share": ("tỉ lệ dòng đạt", "share of rows that pass"),
    "check_type_all_rows": ("mọi dòng đều đạt", "every row passes"),
    "check_type_count_per_period": ("số lần trong mỗi kỳ", "count in every period"),
    "check_type_freshness": ("cập nhật gần đây", "recently updated"),
    "check_type_deadline": ("xong trước hạn", "done by a deadline"),
    "check_type_coverage": ("đủ mọi mục cần có", "every required item present"),
    "check_type_pattern": ("đúng mẫu quy định", "follows the prescribed form"),
    "check_type_checklist": ("bảng tự kiểm tra", "self-check list"),
    "check_type_files_fresh": ("tệp hồ sơ được cập nhật", "record files kept up to date"),
    "check_type_all": ("đạt mọi điều kiện", "meets every condition"),
    "check_type_any": ("đạt một trong các điều kiện", "meets one of the conditions"),
    # --- where a problem is (errors.Location.describe)
    "where_line": ("dòng {line}", "line {line}"),
    "where_tab": ("trang «{value}»", "tab '{value}'"),
    "where_row": ("hàng {value}", "row {value}"),
    "where_column": ("cột {value}", "column {value}"),
    "where_field": ("trường «{value}»", "field '{value}'"),
    "where_value": ("giá trị {value}", "value {value}"),
    "error_prefix": ("Lỗi", "Error"),
    "internal_error": ("Lỗi nội bộ", "Internal error"),
    "internal_error_hint": (
        "Chạy lại với --debug để xem chi tiết",
        "Run again with --debug for details",
    ),
    "aborted": ("Đã huỷ", "Aborted"),
}


_CURRENT: list[Lang] = ["vi"]


def set_language(lang: Lang) -> None:
    """The language of messages rendered without an explicit one (errors' ``str``, log lines):
    the CLI sets it once from ``--lang``; reports always pass theirs."""
    _CURRENT[0] = lang


def current_language() -> Lang:
    return _CURRENT[0]


HELP: dict[str, tuple[str, str]] = {
    "root_lang": ("Ngôn ngữ: vi (mặc định) hoặc en.", "Language: vi (default) or en."),
    "click_usage": ("Cách dùng: ", "Usage: "),
    "click_options": ("Tuỳ chọn", "Options"),
    "click_commands": ("Lệnh", "Commands"),
    "click_arguments": ("Tham số", "Arguments"),
    "click_help": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "click_install_completion": (
        "Cài tự động điền lệnh (phím Tab) cho shell đang dùng.",
        "Install completion for the current shell.",
    ),
    "click_show_completion": (
        "In đoạn mã tự động điền lệnh cho shell đang dùng, để chép hoặc tự cài.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    # --- groups and commands (their one-line help is what `--help` lists)
    "app": ("Kiểm tra hồ sơ mô hình trường học điện tử.", "Audit schools against the e-school guideline."),
    "debug": ("Hiện traceback khi có lỗi.", "Show tracebacks for errors."),
    "version": ("In phiên bản.", "Print the version."),
    "audit": ("Chấm điểm một trường hoặc cả quận.", "Audit one school or the whole district."),
    "audit_school": (
        "Chấm một trường: theo mã trong roster, hoặc một thư mục bảng tính (tự kiểm tra).",
        "Audit one school: from the roster by id, or a folder of spreadsheets (self-check).",
    ),
    "audit_district": (
        "Chấm mọi trường trong roster; một trường không đọc được không làm dừng các trường khác.",
        "Audit every school of the roster; one unreadable school never stops the others.",
    ),
    "rubric": ("Xem, giải thích và kiểm tra bộ tiêu chí.", "Show, explain and validate the rubric."),
    "rubric_show": (
        "Mọi tiêu chí (mã, mục, cấp, mô hình, điểm, cách kiểm tra) và các yêu cầu không kiểm chứng được bằng hồ sơ.",
        "Every rule (id, clause, levels, model, points, check) and every requirement no record can show.",
    ),
    "rubric_explain": (
        "Một tiêu chí kiểm tra gì, đọc trang và cột nào, làm sao để đạt.",
        "What one rule checks, which sheets and columns it reads, and how to pass it.",
    ),
    "rubric_check": (
        "Kiểm tra một bộ tiêu chí tự soạn: mã 0 và tóm tắt nếu hợp lệ, mã 2 và dòng lỗi nếu không.",
        "Validate a custom rubric: exit 0 and a summary when it is sound, exit 2 with the line when not.",
    ),
    "rubric_new": (
        "Tạo bộ tiêu chí năm học mới để Phòng sửa: năm và ngày được dời, nghỉ Tết được đánh dấu.",
        "Write next year's rubric bundle for the district to edit: years and dates moved, Tết marked.",
    ),
    "sheets": ("Mẫu bảng tính và tự kiểm tra cấu trúc.", "Sheet templates and structural self-checks."),
    "sheets_template": (
        "Mẫu .xlsx trống cho mọi loại sổ cấp học cần, và truong.yaml.",
        "Blank .xlsx templates for every sheet kind the rubric reads at this level, and truong.yaml.",
    ),
    "sheets_kinds": (
        "Mọi loại sổ và các cột (tiêu đề, cách viết được chấp nhận, kiểu).",
        "Every sheet kind and its columns (the Vietnamese header, accepted spellings, type).",
    ),
    "sheets_map": (
        "Đề xuất tệp ánh xạ cho sổ riêng của trường, có chú thích cho mỗi phỏng đoán.",
        "Propose a mapping file for a school's own books, with a comment on every guess.",
    ),
    "sheets_lint": (
        "Chỉ kiểm tra cấu trúc: trang nhận ra, cột bắt buộc, giá trị đọc được. Mã 0 nếu sạch, 1 nếu có vấn đề.",
        "Structure only: tabs recognised, required columns found, values readable. Exit 0 clean, 1 problems.",
    ),
    "history": ("Các lần chạy đã ghi và điểm, cũ nhất trước.", "Recorded runs and their scores, oldest first."),
    "diff": (
        "Thay đổi giữa hai lần chạy: điểm, tiêu chí mới không đạt hoặc đã khắc phục.",
        "What changed between two runs: scores, rules newly failing or fixed.",
    ),
    "auth": (
        "Kiểm tra quyền truy cập thư mục Google Drive của các trường.",
        "Check access to the schools' Google Drive folders.",
    ),
    "auth_check": (
        "Tài khoản đang dùng, và thư mục trường nào đọc được hoặc thiếu.",
        "Who am I, and which school folders are readable or missing.",
    ),
    "auth_login": (
        "Đăng nhập Google trong trình duyệt (chỉ đọc); phiên được giữ cho các lần sau.",
        "Sign in with a Google account in the browser (read-only); the token is kept for later runs.",
    ),
    "cache": ("Bộ nhớ đệm Google Drive.", "The Google Drive cache."),
    "cache_clear": ("Xoá mọi tệp Drive đã lưu đệm.", "Remove every cached Drive file."),
    "cache_path": ("In vị trí bộ nhớ đệm.", "Print where the cache lives."),
    # --- options shared by several commands
    "opt_lang": ("Ngôn ngữ: vi (mặc định) hoặc en.", "Language: vi (default) or en."),
    "opt_fmt": ("table hoặc json.", "table or json."),
    "opt_rubric": (
        "Tệp rubric YAML hoặc thư mục bộ tiêu chí (mặc định: năm học mới nhất kèm theo; biến ELSCHOOL_AUDIT_RUBRIC).",
        "Rubric YAML or bundle folder (default: the newest bundled guideline year; env ELSCHOOL_AUDIT_RUBRIC).",
    ),
    "opt_history": (
        "Tệp lịch sử SQLite (mặc định: thư mục dữ liệu người dùng; biến ELSCHOOL_AUDIT_HISTORY).",
        "SQLite history file (default: user data dir; env ELSCHOOL_AUDIT_HISTORY).",
    ),
    # --- audit options
    "opt_source": (
        "Thư mục quận (roster.yaml + thư mục từng trường), hoặc 'drive', 'portal'.",
        "District folder (roster.yaml + a folder per school), or 'drive', 'portal'.",
    ),
    "opt_roster": ("roster.yaml (mặc định: <source>/roster.yaml).", "roster.yaml (default: <source>/roster.yaml)."),
    "opt_as_of": (
        "Ngày kiểm tra, YYYY-MM-DD hoặc DD/MM/YYYY (mặc định: hôm nay, nếu trong năm học của rubric).",
        "Audit date, YYYY-MM-DD or DD/MM/YYYY (default: today, when inside the rubric's school year).",
    ),
    "opt_month": ("Kiểm tra tính đến cuối tháng này, YYYY-MM.", "Audit as of the end of this month, YYYY-MM."),
    "opt_waivers": ("Tệp miễn trừ YAML: các ngoại lệ đã được chấp nhận.", "Waiver YAML: known, accepted exceptions."),
    "opt_format": ("{formats} (mặc định: theo đuôi tệp --output).", "{formats} (default: from --output's extension)."),
    "opt_output": ("Ghi báo cáo vào tệp này.", "Write the report to this file."),
    "opt_plan": (
        "Kế hoạch khắc phục trường đã điền (.csv hoặc .xlsx): hiện bên cạnh các phát hiện còn mở.",
        "A returned action plan (.csv or .xlsx): shown beside open findings.",
    ),
    "opt_profile": (
        "full hoặc partial cho mọi trường (mặc định: trường thí điểm → full, còn lại partial).",
        "full or partial for every school (default: pilot → full, others partial).",
    ),
    "opt_profile_school": (
        "full hoặc partial (mặc định: trường thí điểm → full).",
        "full or partial (default: pilot → full).",
    ),
    "opt_quiet": ("Chỉ in một dòng tóm tắt (cho cron).", "Print only a one-line summary (for cron)."),
    "opt_log_file": ("Ghi thêm nhật ký vào tệp này.", "Also write the log to this file."),
    "opt_no_cache": ("Google Drive: đọc lại mọi tệp, bỏ qua bộ nhớ đệm.", "Google Drive: re-read every file."),
    "opt_portal": (
        "Đọc cả cổng TTĐT của trường (portal: trong roster) và đối chiếu với bảng tính.",
        "Also read each school's portal (portal: in the roster) and cross-check it with the sheets.",
    ),
    "opt_sharing": (
        "Với --source drive: liệt kê tệp mà ai có liên kết, cả tên miền hoặc tài khoản ngoài quận mở được.",
        "With --source drive: list files anyone with the link, a whole domain or outside accounts can open.",
    ),
    "opt_fail_under": (
        "Mã thoát 1 nếu có trường dưới mức này (0-100), thay cho ngưỡng đạt của rubric.",
        "Exit 1 if any school scores under this (0-100), instead of the rubric's pass mark.",
    ),
    "arg_school": (
        "Mã trường trong roster, hoặc đường dẫn thư mục hồ sơ để tự kiểm tra.",
        "A school's id in the roster, or the path of a folder of records to self-check.",
    ),
    "opt_level": ("Tự kiểm tra thư mục: cấp MN, TH hoặc THCS.", "For a folder self-check: MN, TH or THCS."),
    "opt_name": ("Tự kiểm tra thư mục: tên trường.", "For a folder self-check: the school's name."),
    "opt_pilot": (
        "Tự kiểm tra thư mục: trường thí điểm (mô hình toàn phần).",
        "For a folder self-check: a pilot (full-model) school.",
    ),
    "opt_clc": ("Tự kiểm tra thư mục: trường tiểu học CLC.", "For a folder self-check: a CLC primary school."),
    "opt_id": (
        "Tự kiểm tra thư mục: mã trường trong roster.",
        "For a folder self-check: the school's id in the roster.",
    ),
    "opt_email": (
        "Tự kiểm tra thư mục: tài khoản e-mail của trường.",
        "For a folder self-check: the school's e-mail account.",
    ),
    "opt_record": ("Ghi kết quả vào lịch sử.", "Record the run in the history."),
    "opt_only": ("Chỉ chấm các trường này (lặp lại được).", "Audit only these schools (repeatable)."),
    "opt_jobs": (
        "Số tiến trình đọc và chấm các trường song song (mặc định: ELSCHOOL_AUDIT_JOBS, "
        "hoặc số nhân CPU, tối đa 8; 1 = chấm lần lượt trong tiến trình này).",
        "Worker processes reading and scoring schools side by side (default: ELSCHOOL_AUDIT_JOBS, "
        "else the CPU cores, at most 8; 1 = one after another in this process).",
    ),
    "opt_send_email": (
        "Gửi mỗi trường báo cáo của mình (và bản tổng hợp tới --email-to).",
        "E-mail each school its report (and --email-to the summary).",
    ),
    "opt_email_to": ("Người nhận bản tổng hợp của quận (lặp lại được).", "District summary recipients (repeatable)."),
    "opt_dry_run": ("Ghi thư thành tệp .eml thay vì gửi.", "Write the e-mails as .eml files instead of sending."),
    "opt_outbox": ("Thư mục cho các tệp .eml của --dry-run.", "Folder for --dry-run .eml files."),
    "opt_force_email": ("Gửi lại một tháng đã gửi.", "E-mail again a month already e-mailed."),
    "opt_tpl_level": ("Cấp học: MN, TH hoặc THCS.", "Level: MN, TH or THCS."),
    "opt_tpl_output": ("Thư mục ghi mẫu.", "Folder to write the templates into."),
    "opt_deprecated_out": ("Đã thay bằng -o/--output.", "Deprecated: use -o/--output."),
    "opt_tpl_name": (
        "Tên trường, in ở dòng thứ hai của mẫu.",
        "The school's name, printed on the templates' second row.",
    ),
    "opt_tpl_id": ("Mã trường trong roster của quận.", "The school's id in the district roster."),
    "opt_tpl_email": ("Tài khoản e-mail của trường.", "The school's e-mail account."),
    "opt_tpl_pilot": ("Trường thí điểm (mô hình toàn phần).", "A pilot (full-model) school."),
    "opt_tpl_clc": ("Trường tiểu học CLC.", "A CLC primary school."),
    "opt_tpl_force": ("Ghi đè các tệp đã có trong thư mục.", "Overwrite files already in the folder."),
    "arg_map_path": (
        "Thư mục hồ sơ của trường (hoặc một tệp bảng tính).",
        "A school's folder (or one spreadsheet file).",
    ),
    "opt_map_out": ("Mặc định: PATH/elschool-mapping.yaml.", "Default: PATH/elschool-mapping.yaml."),
    "opt_map_force": ("Ghi đè tệp ánh xạ đã có.", "Overwrite an existing mapping file."),
    "arg_lint_path": (
        "Thư mục hồ sơ của trường, hoặc một tệp bảng tính.",
        "A school's folder, or one spreadsheet file.",
    ),
    "opt_lint_school": (
        "Một trường trong roster (cùng --source/--roster).",
        "A roster school (with --source/--roster).",
    ),
    "opt_lint_source": ("Thư mục quận (hoặc 'drive').", "District folder (or 'drive')."),
    "opt_lint_roster": ("Tệp roster.yaml.", "The roster.yaml file."),
    "opt_lint_level": (
        "Liệt kê thêm các sổ cấp học này cần mà còn thiếu.",
        "Also list the sheets this level needs and lacks.",
    ),
    "opt_fmt_text": ("table (chữ) hoặc json.", "table (text) or json."),
    "arg_rule_id": ("Mã tiêu chí, ví dụ ROOM-USAGE-LOG.", "A rule id, e.g. ROOM-USAGE-LOG."),
    "arg_rubric_file": ("Tệp rubric YAML cần kiểm tra.", "Rubric YAML to validate."),
    "opt_new_year": ("Năm học mới, ví dụ 2017-18.", "The new school year, e.g. 2017-18."),
    "opt_new_out": ("Thư mục ghi bộ tiêu chí.", "Folder to write it into."),
    "opt_new_from": ("Bộ tiêu chí gốc (mặc định: mới nhất).", "Bundle to start from (default: the newest)."),
    "opt_new_force": ("Ghi đè thư mục đã có nội dung.", "Overwrite a non-empty folder."),
    "opt_hist_school": ("Điểm của một trường qua các lần chạy.", "One school's scores over time."),
    "opt_hist_last": ("Chỉ N lần chạy gần nhất.", "Only the last N runs."),
    "arg_run_a": (
        "Mã lần chạy trước (mặc định: lần chạy tháng trước).",
        "Earlier run id (default: the previous month's run).",
    ),
    "arg_run_b": ("Mã lần chạy sau (mặc định: lần mới nhất).", "Later run id (default: the latest run)."),
    "opt_auth_roster": ("roster.yaml có drive_folder / drive_root.", "roster.yaml with drive_folder / drive_root."),
    "opt_no_browser": ("In địa chỉ thay vì mở trình duyệt.", "Print the URL instead of opening a browser."),
}
"""Command-line help, in the language chosen with ``--lang`` or ELSCHOOL_AUDIT_LANG (read before
the options are parsed, since help texts are fixed when the commands are declared)."""


def help_text(key: str, lang: Lang, **params: Any) -> str:
    vi, en = HELP.get(key, (key, key))
    text = vi if lang == "vi" else en
    return text.format(**params) if params else text


def label(key: str, lang: Lang, **params: Any) -> str:
    vi, en = LABELS.get(key, (key, key))
    text = vi if lang == "vi" else en
    return text.format(**params) if params else text


def _resolve(params: dict[str, Any], lang: Lang) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Msg):
            value = render(value, lang)
        elif isinstance(value, list) and value and all(isinstance(v, Msg) for v in value):
            value = "; ".join(render(v, lang) for v in value)
        out[key] = value
    for key in list(params):
        for suffix in ("_vi", "_en"):
            if key.endswith(suffix) and suffix == f"_{lang}":
                out[key[: -len(suffix)]] = params[key]
    return out


def both_languages(key: str, sep: str = " / ", **params: Any) -> str:
    """A label in Vietnamese then English: for comments in a file both audiences edit (a new
    year's rubric, a school's truong.yaml), written once whatever the run's language."""
    return sep.join(label(key, lang, **params) for lang in LANGS)


def each_language(name: str, text: Callable[[Lang], str]) -> dict[str, str]:
    """Parameters ``{name}_vi`` and ``{name}_en`` made by ``text`` in each language: for a message
    holding text made now (an error's words, with its place) and rendered later in a report's
    language, which need not be the language of the run."""
    return {f"{name}_{lang}": text(lang) for lang in LANGS}


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(msg: Msg, lang: Lang) -> str:
    """A message in the given language; unknown keys render as the key (never crash a report)."""
    vi, en = MESSAGES.get(msg.key, (msg.key, msg.key))
    template = vi if lang == "vi" else en
    return template.format_map(_Default(_resolve(msg.params, lang)))


def column_header(header: str, origin: str | None, lang: Lang) -> str:
    """A column's header as a person reads it. A column the tab does not have says where its
    values came from: "Phòng (giả định: lấy từ tên trang tính)", the mapping file's
    "Phòng (theo tệp ánh xạ)"; a group row above (``master``) is its own header."""
    if origin is None or origin == "master":
        return header
    key = "stated_header" if origin == "mapping" else "assumed_header"
    return label(key, lang, header=header, origin=label(f"origin_{origin}", lang))


def shown_column(loc: Location, lang: Lang) -> str | None:
    """``Location.column`` in ``lang``: "G (Phần mềm diệt virus)", "Phòng (assumed: taken from the
    tab name)". Every place that shows a person a location's column goes through here."""
    if loc.origin is None or loc.header is None:
        return loc.column
    return replace(loc, header=column_header(loc.header, loc.origin, lang), origin=None).column


def shown_date(date: dt.date) -> str:
    """A date as people in Vietnam write it (31/01/2017), the same in both languages: one format
    for every message and report."""
    return date.strftime("%d/%m/%Y")
