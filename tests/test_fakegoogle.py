"""The fake Google server, exercised through the real client libraries over loopback HTTP.

These tests pin down two things the Drive source will rely on: that the fake answers the way
Google does (shapes copied from the recorded exchanges in gspread's cassettes, MIT), and how
google-api-python-client / google-auth / gspread behave against it (URLs, JWT flow, retries,
error types).  If a library upgrade changes that behaviour, these fail first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import google.auth.exceptions
import gspread
import openpyxl
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseDownload

from tests.fakegoogle import (
    CSV_MIME,
    DRIVE_METADATA_READONLY,
    FOLDER_MIME,
    SHEET_MIME,
    XLSX_MIME,
    CellInput,
    FakeGoogle,
    GoogleClients,
    TabSpec,
    google_clients,
    to_serial,
)
from tests.fakegoogle.plugin import SocketBlockedError, SocketGuard

LIST_FIELDS = "nextPageToken,files(id,name,mimeType,modifiedTime,version,md5Checksum,parents)"
META_FIELDS = "properties.title,sheets.properties(sheetId,title,index,sheetType,gridProperties,hidden)"


def _error_body(err: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(err.content)
    return body


def _xlsx_bytes(path: Path) -> bytes:
    """A small real workbook: typed values, a date, a datetime, ragged rows, a hidden sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Học sinh"
    ws.append(["Mã HS", "Họ và tên", "Ngày sinh", "Điểm", "Đạt"])
    ws.append(["00123", "Nguyễn Văn An", dt.date(2015, 3, 4), 8.5, True])
    ws.append([])
    ws.append(["00124", "Trần Thị Bình", dt.datetime(2015, 5, 6, 12, 0), 9, False, None, None])
    ws["C2"].number_format = "dd/mm/yyyy"
    ws["C4"].number_format = "dd/mm/yyyy hh:mm"
    hidden = wb.create_sheet("Ẩn")
    hidden.append(["bí mật"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path.read_bytes()


# ---- Drive: listing ------------------------------------------------------------------------


def test_list_folder_paginates_walks_nested_and_respects_trashed(
    fake_google: FakeGoogle, google: GoogleClients
) -> None:
    school = fake_google.add_folder("THCS Long Biên")
    nested = fake_google.add_folder("Hồ sơ 2024", school)
    names = [f"Sổ {i}" for i in range(5)]
    for name in names:
        fake_google.add_google_sheet(name, school, {"Sheet1": [["x"]]})
    deep = fake_google.add_file("ke-hoach.xlsx", nested, b"PK-data", XLSX_MIME)
    binned = fake_google.add_file("cu.csv", school, b"a,b\r\n", CSV_MIME)
    fake_google.trash(binned)
    elsewhere = fake_google.add_folder("Trường khác")
    fake_google.add_google_sheet("không liên quan", elsewhere, {"Sheet1": [["y"]]})

    files = google.drive.files()
    request = files.list(
        q=f"'{school}' in parents and trashed = false",
        fields=LIST_FIELDS,
        pageSize=2,
        supportsAllDrives=True,
        includeItemsFromAllDrives=True,
    )
    pages: list[list[dict[str, Any]]] = []
    while request is not None:
        response = request.execute()
        pages.append(response["files"])
        request = files.list_next(request, response)
    assert [len(p) for p in pages] == [2, 2, 2]
    listed = [f for page in pages for f in page]
    assert [f["name"] for f in listed] == ["Hồ sơ 2024", *names]
    assert listed[0]["mimeType"] == FOLDER_MIME
    assert {f["mimeType"] for f in listed[1:]} == {SHEET_MIME}
    assert all(f["parents"] == [school] for f in listed)
    # Native sheets have no md5Checksum (as on Drive); version is an int-as-string.
    assert all("md5Checksum" not in f and f["version"].isdigit() for f in listed)
    assert fake_google.calls["drive.files.list"] == 3

    # Several folders in one query with `or`; the nested upload carries its md5.
    both = files.list(
        q=f"('{school}' in parents or '{nested}' in parents) and trashed = false and mimeType != '{FOLDER_MIME}'",
        fields=LIST_FIELDS,
        pageSize=1000,
    ).execute()["files"]
    assert {f["name"] for f in both} == {*names, "ke-hoach.xlsx"}
    (upload,) = [f for f in both if f["id"] == deep]
    assert upload["md5Checksum"] == hashlib.md5(b"PK-data").hexdigest()

    # Drive lists trashed files unless the query says otherwise.
    everything = files.list(q=f"'{school}' in parents", fields="files(name,trashed)").execute()
    assert {"name": "cu.csv", "trashed": True} in everything["files"]


def test_list_shared_drive_needs_all_drives_flags(fake_google: FakeGoogle, google: GoogleClients) -> None:
    drive_id = fake_google.add_shared_drive("Phòng GD")
    folder = fake_google.add_folder("Trường A", drive_id)
    sheet = fake_google.add_google_sheet("Danh sách", folder, {"Sheet1": [["a"]]})
    q = f"'{folder}' in parents"
    hidden = google.drive.files().list(q=q).execute()
    assert hidden["files"] == []
    shown = (
        google.drive.files()
        .list(q=q, supportsAllDrives=True, includeItemsFromAllDrives=True, fields="files(id,driveId)")
        .execute()
    )
    assert shown["files"] == [{"id": sheet, "driveId": drive_id}]
    with pytest.raises(HttpError) as info:
        google.drive.files().get(fileId=sheet).execute()
    assert info.value.status_code == 404
    got = google.drive.files().get(fileId=sheet, supportsAllDrives=True, fields="id").execute()
    assert got == {"id": sheet}


def test_bad_query_and_field_mask_are_rejected_like_drive(fake_google: FakeGoogle, google: GoogleClients) -> None:
    with pytest.raises(HttpError) as info:
        google.drive.files().list(q="parents has 'x'").execute()
    assert info.value.status_code == 400
    assert _error_body(info.value)["error"]["errors"][0]["location"] == "q"
    with pytest.raises(HttpError) as info:
        google.drive.files().list(fields="files(id,nmae)").execute()
    assert info.value.status_code == 400
    assert "nmae" in info.value.reason


# ---- Sheets ----------------------------------------------------------------------------------


def test_spreadsheet_get_and_batch_get_return_ragged_rows_and_serial_dates(
    fake_google: FakeGoogle, google: GoogleClients
) -> None:
    rows: list[list[CellInput]] = [
        ["Mã HS", "Họ và tên", "Ngày sinh", "Điểm", "Đạt", "Ghi chú"],
        ["00123", "Nguyễn Văn An", dt.date(2015, 3, 4), 8.5, True, None],
        [],
        [None, "Trần Thị Bình", dt.datetime(2015, 5, 6, 12, 0), 9.0, False, ""],
    ]
    sheet = fake_google.add_google_sheet(
        "Danh sách học sinh",
        None,
        {"Học sinh": rows, "Trống": [], "Cũ": TabSpec([["x"]], hidden=True)},
    )

    meta = google.sheets.spreadsheets().get(spreadsheetId=sheet, fields=META_FIELDS).execute()
    assert meta["properties"] == {"title": "Danh sách học sinh"}
    props = [s["properties"] for s in meta["sheets"]]
    assert [p["title"] for p in props] == ["Học sinh", "Trống", "Cũ"]
    assert props[0]["sheetId"] == 0 and props[0]["sheetType"] == "GRID"
    assert props[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    assert "hidden" not in props[0] and props[2]["hidden"] is True

    result = (
        google.sheets.spreadsheets()
        .values()
        .batchGet(
            spreadsheetId=sheet,
            ranges=[f"'{p['title']}'" for p in props],
            valueRenderOption="UNFORMATTED_VALUE",
            dateTimeRenderOption="SERIAL_NUMBER",
            majorDimension="ROWS",
        )
        .execute()
    )
    first, empty, hidden = result["valueRanges"]
    assert first["range"] == "'Học sinh'!A1:Z1000"
    assert first["values"] == [
        rows[0],
        ["00123", "Nguyễn Văn An", 42067, 8.5, True],  # trailing empty cell dropped
        [],  # empty row inside the data
        ["", "Trần Thị Bình", 42130.5, 9, False],  # 9.0 arrives as 9, as in Google's JSON
    ]
    assert to_serial(dt.date(2015, 3, 4)) == 42067
    assert empty == {"range": "'Trống'!A1:Z1000", "majorDimension": "ROWS"}  # no "values"
    assert hidden["values"] == [["x"]]
    assert fake_google.calls["sheets.spreadsheets.get"] == 1
    assert fake_google.calls["sheets.values.batchGet"] == 1

    formatted = google.sheets.spreadsheets().values().get(spreadsheetId=sheet, range="'Học sinh'!C2:E2").execute()
    assert formatted == {
        "range": "'Học sinh'!C2:E2",
        "majorDimension": "ROWS",
        "values": [["3/4/2015", "8.5", "TRUE"]],
    }


# Bodies below are verbatim from gspread's recorded cassettes (/work/shared/google-cassettes).
CASSETTE_GET_ALL_VALUES = {  # WorksheetTest.test_get_all_values: GET .../values/%27Sheet1%27
    "range": "Sheet1!A1:D4",
    "majorDimension": "ROWS",
    "values": [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4", "B4", "", "D4"]],
}
CASSETTE_BATCH_GET_VALUE_RANGES = [  # SpreadsheetTest.test_values_batch_get
    {
        "range": "'🌵 test_values_batch_get 1'!A1:A10",
        "majorDimension": "ROWS",
        "values": [["🍇"], ["🍐"]],
    },
    {
        "range": "'🌵 test_values_batch_get 1'!B1:B10",
        "majorDimension": "ROWS",
        "values": [["🍉"], ["🍎"]],
    },
    {
        "range": "'🌵 test_values_batch_get 1'!C1:C10",
        "majorDimension": "ROWS",
        "values": [["🍋"], ["🍓"]],
    },
]
CASSETTE_PRIVATE_SHEET = {  # ClientTest.test_access_private_spreadsheet
    "error": {
        "code": 403,
        "message": "The caller does not have permission",
        "status": "PERMISSION_DENIED",
    }
}


def test_values_match_recorded_google_responses(fake_google: FakeGoogle, google: GoogleClients) -> None:
    grid = fake_google.add_google_sheet(
        "t",
        None,
        {
            "Sheet1": TabSpec(
                [
                    ["A1", "B1", "", "D1"],
                    ["", "b2", "", ""],
                    ["", "", "", ""],
                    ["A4", "B4", "", "D4"],
                ],
                row_count=4,
                column_count=4,
            )
        },
    )
    values = google.sheets.spreadsheets().values()
    assert values.get(spreadsheetId=grid, range="'Sheet1'").execute() == CASSETTE_GET_ALL_VALUES

    title = "🌵 test_values_batch_get 1"
    emoji = fake_google.add_google_sheet(
        "t",
        None,
        {
            "Sheet1": [],
            title: TabSpec([["🍇", "🍉", "🍋"], ["🍐", "🍎", "🍓"]], row_count=10, column_count=10),
        },
    )
    # gspread sends the tab name unquoted: '🌵 test_values_batch_get 1!A:A'
    got = values.batchGet(spreadsheetId=emoji, ranges=[f"{title}!{c}:{c}" for c in "ABC"]).execute()
    assert got == {"spreadsheetId": emoji, "valueRanges": CASSETTE_BATCH_GET_VALUE_RANGES}

    fake_google.unshare(emoji)
    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().get(spreadsheetId=emoji).execute()
    assert _error_body(info.value) == CASSETTE_PRIVATE_SHEET


def test_gspread_reaches_the_fake_and_pads_rows(fake_google: FakeGoogle, google: GoogleClients) -> None:
    sheet = fake_google.add_google_sheet("Sổ điểm", None, {"Lớp 6A": [["Mã HS", "Điểm"], ["00123", 8], [], ["00124"]]})
    worksheet = google.gspread.open_by_key(sheet).worksheet("Lớp 6A")
    # gspread pads to a rectangle and reads FORMATTED_VALUE: everything is a string.
    assert worksheet.get_all_values() == [
        ["Mã HS", "Điểm"],
        ["00123", "8"],
        ["", ""],
        ["00124", ""],
    ]
    assert [s.title for s in google.gspread.openall()] == ["Sổ điểm"]
    # The naive path costs 2 metadata reads + 1 values read for one tab.
    assert fake_google.calls["sheets.spreadsheets.get"] >= 2
    assert fake_google.calls["sheets.values.get"] == 1


def test_xlsx_converted_to_native_sheet_like_google(
    fake_google: FakeGoogle, google: GoogleClients, tmp_path: Path
) -> None:
    path = tmp_path / "Danh sách.xlsx"
    _xlsx_bytes(path)
    sheet = fake_google.add_google_sheet_from_xlsx(path, None)
    assert fake_google.file(sheet).name == "Danh sách"
    meta = google.sheets.spreadsheets().get(spreadsheetId=sheet, fields=META_FIELDS).execute()
    assert [(p["properties"]["title"], p["properties"].get("hidden", False)) for p in meta["sheets"]] == [
        ("Học sinh", False),
        ("Ẩn", True),
    ]
    got = (
        google.sheets.spreadsheets()
        .values()
        .batchGet(spreadsheetId=sheet, ranges=["'Học sinh'"], valueRenderOption="UNFORMATTED_VALUE")
        .execute()
    )
    assert got["valueRanges"][0]["values"] == [
        ["Mã HS", "Họ và tên", "Ngày sinh", "Điểm", "Đạt"],
        ["00123", "Nguyễn Văn An", 42067, 8.5, True],
        [],
        ["00124", "Trần Thị Bình", 42130.5, 9, False],
    ]
    # The xlsx number format is kept for FORMATTED_VALUE.
    shown = google.sheets.spreadsheets().values().get(spreadsheetId=sheet, range="'Học sinh'!C2").execute()
    assert shown["values"] == [["04/03/2015"]]

    formulas = tmp_path / "formulas.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([1, 2, "=A1+B1"])
    wb.save(formulas)
    with pytest.raises(ValueError, match="cached value"):
        fake_google.add_google_sheet_from_xlsx(formulas, None)


def test_mirror_directory_converts_xlsx_and_uploads_the_rest(
    fake_google: FakeGoogle, google: GoogleClients, tmp_path: Path
) -> None:
    school = tmp_path / "th-ai-mo-a"
    (school / "Lưu trữ").mkdir(parents=True)
    _xlsx_bytes(school / "Danh sách.xlsx")
    (school / "Lưu trữ" / "tin bài.csv").write_bytes("Tiêu đề\r\nKhai giảng\r\n".encode())
    root = fake_google.mirror_directory(school)
    listed = (
        google.drive.files()
        .list(q=f"'{root}' in parents", fields="files(id,name,mimeType)", orderBy="name")
        .execute()["files"]
    )
    assert [(f["name"], f["mimeType"]) for f in listed] == [
        ("Danh sách", SHEET_MIME),
        ("Lưu trữ", FOLDER_MIME),
    ]
    (archive,) = [f["id"] for f in listed if f["mimeType"] == FOLDER_MIME]
    (csv_file,) = google.drive.files().list(q=f"'{archive}' in parents").execute()["files"]
    assert csv_file["mimeType"] == CSV_MIME
    assert google.drive.files().get_media(fileId=csv_file["id"]).execute().decode() == ("Tiêu đề\r\nKhai giảng\r\n")


# ---- Drive: content ---------------------------------------------------------------------------


def test_get_media_returns_identical_bytes_and_honours_ranges(
    fake_google: FakeGoogle, google: GoogleClients, tmp_path: Path
) -> None:
    data = _xlsx_bytes(tmp_path / "ke-hoach.xlsx")
    file_id = fake_google.add_file("ke-hoach.xlsx", None, data, XLSX_MIME)
    meta = google.drive.files().get(fileId=file_id, fields="id,name,mimeType,version,md5Checksum,size").execute()
    assert meta["md5Checksum"] == hashlib.md5(data).hexdigest()
    assert meta["size"] == str(len(data)) and meta["mimeType"] == XLSX_MIME

    assert google.drive.files().get_media(fileId=file_id).execute() == data

    buffer = io.BytesIO()
    downloader = MediaIoBaseDownload(buffer, google.drive.files().get_media(fileId=file_id), chunksize=1024)
    done, chunks = False, 0
    while not done:
        _, done = downloader.next_chunk()
        chunks += 1
    assert buffer.getvalue() == data
    assert chunks == -(-len(data) // 1024)  # one ranged request (206) per chunk

    fake_google.touch(file_id, data=data + b"\0")
    again = google.drive.files().get(fileId=file_id, fields="version,md5Checksum").execute()
    assert int(again["version"]) == int(meta["version"]) + 1
    assert again["md5Checksum"] != meta["md5Checksum"]


def test_export_native_sheet_to_xlsx_and_csv(fake_google: FakeGoogle, google: GoogleClients) -> None:
    sheet = fake_google.add_google_sheet(
        "Sổ",
        None,
        {"Đầu": [["Tên", "Ngày"], ["An", dt.date(2024, 9, 5)], ["Bình"]], "Sau": [["z"]]},
    )
    xlsx = google.drive.files().export(fileId=sheet, mimeType=XLSX_MIME).execute()
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Đầu", "Sau"]
    first = wb["Đầu"]
    assert first["A2"].value == "An"
    assert first["B2"].value == dt.datetime(2024, 9, 5)
    assert first["B2"].is_date

    csv_text = google.drive.files().export(fileId=sheet, mimeType=CSV_MIME).execute()
    assert csv_text.decode("utf-8") == "Tên,Ngày\r\nAn,9/5/2024\r\nBình,\r\n"
    assert fake_google.calls["drive.files.export"] == 2

    upload = fake_google.add_file("a.csv", None, b"a\n")
    with pytest.raises(HttpError) as info:
        google.drive.files().export(fileId=upload, mimeType=CSV_MIME).execute()
    assert info.value.status_code == 403


# ---- errors, retries, writes --------------------------------------------------------------


def test_error_shapes_reach_the_library_as_http_errors(
    fake_google: FakeGoogle, google: GoogleClients, no_backoff: list[float]
) -> None:
    with pytest.raises(HttpError) as info:
        google.drive.files().get(fileId="1nope").execute(num_retries=2)
    assert info.value.status_code == 404
    assert _error_body(info.value)["error"]["errors"][0]["reason"] == "notFound"
    assert info.value.reason == "File not found: 1nope."

    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().get(spreadsheetId="1nope").execute()
    assert info.value.status_code == 404
    assert _error_body(info.value)["error"]["status"] == "NOT_FOUND"

    sheet = fake_google.add_google_sheet("s", None, {"Sheet1": [["a"]]})
    with pytest.raises(HttpError) as info:
        google.drive.files().get_media(fileId=sheet).execute(num_retries=2)
    assert info.value.status_code == 403
    assert _error_body(info.value)["error"]["errors"][0]["reason"] == "fileNotDownloadable"

    upload = fake_google.add_file("a.xlsx", None, b"PK")
    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().values().get(spreadsheetId=upload, range="A1").execute()
    assert info.value.status_code == 400
    assert _error_body(info.value)["error"]["status"] == "FAILED_PRECONDITION"

    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().values().get(spreadsheetId=sheet, range="'Nope'!A1").execute()
    assert info.value.status_code == 400
    assert info.value.reason == "Unable to parse range: 'Nope'!A1"

    fake_google.inject("drive.files.list", 403, reason="forbidden")
    with pytest.raises(HttpError) as info:
        google.drive.files().list().execute(num_retries=2)
    assert info.value.status_code == 403

    # None of these is retryable: each was attempted exactly once, with no back-off.
    assert fake_google.calls["drive.files.get"] == 1
    assert fake_google.calls["drive.files.get_media"] == 1
    assert fake_google.calls["drive.files.list"] == 1
    assert no_backoff == []

    # gspread maps the 404 to its own exception (not an APIError subclass).
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        google.gspread.open_by_key("1nope")


def test_injected_rate_limits_are_retried_by_execute(
    fake_google: FakeGoogle, google: GoogleClients, no_backoff: list[float]
) -> None:
    sheet = fake_google.add_google_sheet("s", None, {"Sheet1": [["a"]]})
    fault = fake_google.inject("sheets.values.batchGet", 429, times=2)
    got = google.sheets.spreadsheets().values().batchGet(spreadsheetId=sheet, ranges=["Sheet1"]).execute(num_retries=2)
    assert got["valueRanges"][0]["values"] == [["a"]]
    assert fault.hits == 2 and fault.exhausted
    assert fake_google.calls["sheets.values.batchGet"] == 3
    assert [r.status for r in fake_google.requests if r.operation == "sheets.values.batchGet"] == [
        429,
        429,
        200,
    ]
    assert len(no_backoff) == 2  # googleapiclient backed off before each retry

    fake_google.inject("drive.files.list", 403, reason="userRateLimitExceeded")
    fake_google.inject(r"^/drive/v3/files\?", 500)
    listed = google.drive.files().list().execute(num_retries=2)
    assert listed["files"][0]["id"] == sheet
    assert fake_google.calls["drive.files.list"] == 3

    fake_google.inject("sheets.spreadsheets.get", 429, times=None)
    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().get(spreadsheetId=sheet).execute(num_retries=1)
    assert info.value.status_code == 429
    assert _error_body(info.value)["error"]["status"] == "RESOURCE_EXHAUSTED"


def test_injected_delay_trips_client_timeout(fake_google: FakeGoogle, google: GoogleClients) -> None:
    sheet = fake_google.add_google_sheet("s", None, {"Sheet1": [["a"]]})
    slow = fake_google.inject("sheets.spreadsheets.get", None, delay=0.2)
    started = time.monotonic()
    google.sheets.spreadsheets().get(spreadsheetId=sheet).execute()  # delay only: succeeds
    assert time.monotonic() - started >= 0.2 and slow.exhausted

    fake_google.inject("sheets.spreadsheets.get", None, delay=0.5)
    google.gspread.set_timeout(0.1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        google.gspread.open_by_key(sheet)


def test_writes_are_refused_and_recorded(fake_google: FakeGoogle, google: GoogleClients) -> None:
    folder = fake_google.add_folder("Trường")
    sheet = fake_google.add_google_sheet("s", folder, {"Sheet1": [["a"]]})

    with pytest.raises(HttpError) as info:
        google.drive.files().delete(fileId=sheet).execute()
    assert info.value.status_code == 405
    with pytest.raises(HttpError) as info:
        google.drive.files().update(fileId=sheet, body={"name": "x"}).execute()
    assert info.value.status_code == 405
    with pytest.raises(HttpError) as info:
        google.sheets.spreadsheets().values().update(
            spreadsheetId=sheet, range="A1", valueInputOption="RAW", body={"values": [["b"]]}
        ).execute()
    assert info.value.status_code == 405
    with pytest.raises(gspread.exceptions.APIError):
        google.gspread.open_by_key(sheet).sheet1.update_acell("A1", "c")

    methods = [(w.method, w.path) for w in fake_google.write_attempts]
    assert methods == [
        ("DELETE", f"/drive/v3/files/{sheet}"),
        ("PATCH", f"/drive/v3/files/{sheet}"),
        ("PUT", f"/v4/spreadsheets/{sheet}/values/A1"),
        ("PUT", f"/v4/spreadsheets/{sheet}/values/'Sheet1'!A1"),
    ]
    assert json.loads(fake_google.write_attempts[1].body) == {"name": "x"}
    assert fake_google.file(sheet).name == "s" and not fake_google.file(sheet).trashed


# ---- auth ---------------------------------------------------------------------------------------


def test_service_account_jwt_flow_scopes_and_delegation(
    fake_google: FakeGoogle, google: GoogleClients, service_account_file: Path
) -> None:
    assert google.drive.about().get(fields="user").execute()["user"]["emailAddress"] == (
        "elschool-audit@elschool-test.iam.gserviceaccount.com"
    )
    (grant,) = fake_google.token_grants
    assert grant.subject is None
    assert grant.scopes == {
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
    }
    token_request = next(r for r in fake_google.requests if r.operation == "token")
    assert token_request.method == "POST" and token_request.status == 200

    delegated = google_clients(fake_google.base_url, service_account_file, subject="hieutruong@truong.edu.vn")
    about = delegated.drive.about().get(fields="user(emailAddress)").execute()
    assert about == {"user": {"emailAddress": "hieutruong@truong.edu.vn"}}
    assert fake_google.subjects == ["hieutruong@truong.edu.vn"]

    # Expired tokens: the library gets a 401, refreshes through /token and retries.
    calls_before = fake_google.calls["token"]
    fake_google.expire_tokens()
    assert google.drive.files().list().execute()["files"] == []
    assert fake_google.calls["token"] == calls_before + 1
    assert [r.status for r in fake_google.requests[-3:]] == [401, 200, 200]


def test_token_endpoint_refuses_write_scopes_and_foreign_keys(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path
) -> None:
    writer = google_clients(
        fake_google.base_url,
        service_account_file,
        scopes=["https://www.googleapis.com/auth/drive"],
    )
    with pytest.raises(google.auth.exceptions.RefreshError, match="invalid_scope"):
        writer.drive.files().list().execute()

    # A key file for the same e-mail but a key the server never saw: bad signature.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    info = json.loads(service_account_file.read_text())
    info["private_key"] = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(info))
    intruder = google_clients(fake_google.base_url, forged)
    with pytest.raises(google.auth.exceptions.RefreshError, match="Invalid JWT Signature"):
        intruder.drive.files().list().execute()
    assert fake_google.token_grants == []

    # Metadata-only scope: listing works, downloading content is a 403 like Google's.
    lister = google_clients(fake_google.base_url, service_account_file, scopes=[DRIVE_METADATA_READONLY])
    file_id = fake_google.add_file("a.csv", None, b"a\n")
    assert lister.drive.files().list().execute()["files"][0]["id"] == file_id
    with pytest.raises(HttpError) as denied:
        lister.drive.files().get_media(fileId=file_id).execute()
    assert denied.value.status_code == 403
    assert _error_body(denied.value)["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_requests_without_a_token_get_401(fake_google: FakeGoogle) -> None:
    for path, shape in (("/drive/v3/files", "errors"), ("/v4/spreadsheets/x", "status")):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(fake_google.base_url + path, timeout=5)
        assert info.value.code == 401
        body = json.loads(info.value.read())
        assert body["error"]["status"] == "UNAUTHENTICATED" and shape in body["error"]
    assert fake_google.calls["drive.files.list"] == 1


# ---- quota ----------------------------------------------------------------------------------


def test_quota_mode_throttles_sheets_reads_per_sliding_minute(fake_google: FakeGoogle, google: GoogleClients) -> None:
    sheet = fake_google.add_google_sheet("s", None, {"Sheet1": [["a"]]})
    fake_google.enforce_quota(reads_per_minute=3)
    values = google.sheets.spreadsheets().values()
    for _ in range(3):
        values.get(spreadsheetId=sheet, range="Sheet1").execute()
    with pytest.raises(HttpError) as info:
        values.get(spreadsheetId=sheet, range="Sheet1").execute()
    assert info.value.status_code == 429
    assert "Read requests per minute per user" in info.value.reason
    assert fake_google.quota_rejections == 1
    google.drive.files().list().execute()  # Drive is not counted against the Sheets quota

    fake_google.clock.advance(61)
    assert fake_google.simulated_seconds >= 61
    values.get(spreadsheetId=sheet, range="Sheet1").execute()

    # A scaled clock: 0.15 real seconds is 90 simulated seconds, the window has slid.
    fake_google.enforce_quota(reads_per_minute=1, clock_scale=600)
    values.get(spreadsheetId=sheet, range="Sheet1").execute()
    with pytest.raises(HttpError):
        values.get(spreadsheetId=sheet, range="Sheet1").execute()
    time.sleep(0.15)
    values.get(spreadsheetId=sheet, range="Sheet1").execute()
    assert fake_google.quota_rejections == 2


# ---- instrumentation --------------------------------------------------------------------------


def test_call_counters_log_and_reset(fake_google: FakeGoogle, google: GoogleClients) -> None:
    folder = fake_google.add_folder("f")
    sheet = fake_google.add_google_sheet("s", folder, {"Sheet1": [["a"]]})
    google.drive.files().list(q=f"'{folder}' in parents").execute()
    google.drive.files().get(fileId=sheet).execute()
    google.sheets.spreadsheets().get(spreadsheetId=sheet).execute()
    google.sheets.spreadsheets().values().batchGet(spreadsheetId=sheet, ranges=["A1"]).execute()
    assert dict(fake_google.calls) == {
        "token": 1,
        "drive.files.list": 1,
        "drive.files.get": 1,
        "sheets.spreadsheets.get": 1,
        "sheets.values.batchGet": 1,
    }
    listing = fake_google.requests[1]
    assert (listing.method, listing.path) == ("GET", "/drive/v3/files")
    assert listing.query["q"] == [f"'{folder}' in parents"]
    assert listing.query["alt"] == ["json"]
    fake_google.reset_counts()
    assert not fake_google.calls and not fake_google.requests
    google.drive.files().get(fileId=sheet).execute()
    assert dict(fake_google.calls) == {"drive.files.get": 1}  # token cached by the credentials


# ---- socket guard -----------------------------------------------------------------------------


def test_socket_guard_blocks_non_loopback_addresses_and_names(socket_guard: SocketGuard) -> None:
    with (
        socket_guard.expected() as blocked,
        pytest.raises(SocketBlockedError, match=re.escape("192.0.2.1")),
    ):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert len(blocked) == 1
    with socket_guard.expected() as blocked, pytest.raises(SocketBlockedError, match="googleapis"):
        socket.create_connection(("www.googleapis.com", 443), timeout=1)
    assert len(blocked) == 1
    with socket_guard.expected(), pytest.raises(SocketBlockedError):
        socket.gethostbyname("example.com")
    with socket_guard.expected(), socket.socket() as sock, pytest.raises(SocketBlockedError):
        sock.connect_ex(("10.0.0.1", 53))
    assert socket_guard.violations == []


def test_socket_guard_catches_a_client_without_endpoint_override(
    fake_google: FakeGoogle, google: GoogleClients, socket_guard: SocketGuard
) -> None:
    # Same credentials (token from the fake), but the default https://www.googleapis.com base.
    drive = build("drive", "v3", credentials=google.credentials, static_discovery=True, cache_discovery=False)
    with socket_guard.expected() as blocked, pytest.raises(SocketBlockedError):
        drive.files().list().execute(num_retries=3)
    assert blocked and "www.googleapis.com" in blocked[0]
    # Loopback keeps working.
    assert google.drive.files().list().execute()["files"] == []
