"""What Drive hides from a naive reader — merged cells, shortcuts, an .xlsx next to its Google
Sheets copy — must not change the audit: the Drive source gives the local source's workbook."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from elschool_audit.i18n import render
from elschool_audit.roster import load_roster
from elschool_audit.sources.cache import DriveCache
from elschool_audit.sources.local import LocalSource
from elschool_audit.workbook import SRC, Workbook
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.district import source_for, write_roster

DRIVE_ONLY = {"drive_shortcut_followed", "drive_copy_pair", "drive_duplicate_files"}
NATIVE = "mn-phuc-dong"  # its .xlsx become native Sheets (merges travel with them)
SHORTCUT_FILE = ("th-ai-mo-a", "Danh muc thiet bi CNTT.xlsx")
SHORTCUT_SCHOOL = "thcs-ai-mo"
COPY_PAIR = (NATIVE, "Phan mem.xlsx")


def merge_dates_down(path: Path) -> int:
    """Merge each run of equal dates in the "Ngày" column, as schools do for a day's lessons."""
    book = openpyxl.load_workbook(path)
    merged = 0
    for ws in book.worksheets:
        if ws.cell(5, 2).value != "Ngày":
            continue
        start = 6
        for row in range(7, ws.max_row + 2):
            if row <= ws.max_row and ws.cell(row, 2).value == ws.cell(start, 2).value:
                continue
            if row - start > 1:
                for r in range(start + 1, row):
                    ws.cell(r, 2).value = None
                ws.merge_cells(start_row=start, end_row=row - 1, start_column=2, end_column=2)
                merged += row - start - 1
            start = row
    book.save(path)
    return merged


def assert_same(got: Workbook, want: Workbook, school: str) -> None:
    assert list(got.tables) == list(want.tables), school
    for kind, table in got.tables.items():
        pd.testing.assert_frame_equal(table.frame.drop(columns=[SRC]), want.tables[kind].frame.drop(columns=[SRC]))
    drive = [(p.code, p.location.tab, p.location.row) for p in got.problems if p.code not in DRIVE_ONLY]
    assert drive == [(p.code, p.location.tab, p.location.row) for p in want.problems], school


@pytest.mark.parametrize("export", [True, False], ids=["xlsx-export", "sheets-api"])
def test_merges_shortcuts_and_copies_read_from_drive_as_from_disk(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path, export: bool
) -> None:
    assert merge_dates_down(district / NATIVE / "Nhat ky su dung thiet bi.xlsx") > 100
    roster = load_roster(district / "roster.yaml")
    root = fake_google.add_folder("Phòng GD&ĐT Long Biên")
    elsewhere = fake_google.add_folder("Lưu trữ của Phòng")
    for school in roster.schools:
        directory = district / school.id
        if school.id == SHORTCUT_SCHOOL:  # the school's folder lives elsewhere; the root has a shortcut
            target = fake_google.mirror_directory(directory, elsewhere, convert_xlsx=False)
            fake_google.add_shortcut(school.id, root, target)
            continue
        folder = fake_google.mirror_directory(directory, root, convert_xlsx=school.id == NATIVE)
        if school.id == SHORTCUT_FILE[0]:  # the inventory is a shortcut to a file kept elsewhere
            name = SHORTCUT_FILE[1]
            moved = next(f for f in fake_google.files.values() if f.name == name and folder in f.parents)
            moved.parents = [elsewhere]
            fake_google.add_shortcut(name, folder, moved.id, target_mime="text/csv")  # stale type
        if school.id == COPY_PAIR[0]:  # the uploaded .xlsx next to its "Open with Google Sheets" copy
            fake_google.add_file_from_path(directory / COPY_PAIR[1], folder)
    roster_path = write_roster(tmp_path / "roster.yaml", drive_root=root, samples=district)
    drive = source_for(fake_google, service_account_file, load_roster(roster_path), use_cache=False, export=export)
    drive.prepare(drive.roster.schools if drive.roster else [])
    local = LocalSource(district)
    notes: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for school in roster.schools:
        got = drive.collect(school)
        assert_same(got, local.collect(school), school.id)
        notes[school.id] = [(p.code, p.params) for p in got.problems if p.code in DRIVE_ONLY]
    assert notes[SHORTCUT_SCHOOL] == [("drive_shortcut_followed", {"name": SHORTCUT_SCHOOL, "target": SHORTCUT_SCHOOL})]
    assert notes[SHORTCUT_FILE[0]] == [
        ("drive_shortcut_followed", {"name": SHORTCUT_FILE[1], "target": SHORTCUT_FILE[1]})
    ]
    assert notes[NATIVE] == [("drive_copy_pair", {"kept": "Phan mem.xlsx", "other": "Phan mem"})]
    reads = sum(fake_google.calls[op] for op in ("sheets.spreadsheets.get", "sheets.values.batchGet"))
    assert (fake_google.calls["drive.files.export"] > 0, reads == 0) == (export, export)
    assert fake_google.write_attempts == []


def test_a_refused_export_falls_back_to_the_sheets_api_and_the_cache_keeps_either(
    fake_google: FakeGoogle,
    service_account_file: Path,
    tmp_path: Path,
    district: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    roster = load_roster(district / "roster.yaml")
    school = next(s for s in roster.schools if s.id == NATIVE)
    folder = fake_google.mirror_directory(district / school.id, None, convert_xlsx=True)
    roster_path = write_roster(tmp_path / "roster.yaml", folders={school.id: folder}, samples=district)
    sheets = sum(1 for f in fake_google.files.values() if folder in f.parents and f.is_sheet)
    fake_google.export_limit_bytes = 9000  # the inventory and the usage log are "too large to export"
    cache = DriveCache(tmp_path / "cache")
    school = next(s for s in load_roster(roster_path).schools if s.id == NATIVE)
    caplog.set_level(logging.INFO, logger="elschool_audit.sources.drive")
    got = source_for(fake_google, service_account_file, load_roster(roster_path), cache=cache).collect(school)
    assert_same(got, LocalSource(district).collect(school), school.id)
    refused = [r for r in caplog.records if "Drive từ chối xuất .xlsx" in r.getMessage()]
    assert 0 < len(refused) < sheets
    assert fake_google.calls["drive.files.export"] == sheets  # each Sheet tried once
    assert fake_google.calls["sheets.spreadsheets.get"] == len(refused)
    assert fake_google.calls["sheets.values.batchGet"] == len(refused)
    assert any("export" in r.getMessage() and "sheets-api" in r.getMessage() for r in caplog.records)
    fake_google.reset_counts()
    warm = source_for(fake_google, service_account_file, load_roster(roster_path), cache=cache).collect(school)
    assert_same(warm, got, school.id)
    assert {op: n for op, n in fake_google.calls.items() if op != "token"} == {
        "drive.files.get": 1,
        "drive.files.list": 1,
    }


def test_a_shortcut_whose_target_is_gone_is_a_located_problem(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path
) -> None:
    roster = load_roster(district / "roster.yaml")
    school = roster.schools[0]
    folder = fake_google.mirror_directory(district / school.id, None, convert_xlsx=False)
    fake_google.add_shortcut("Danh ba CBGV", folder, "1NoSuchFile0000000000000000000000")
    roster_path = write_roster(tmp_path / "roster.yaml", folders={school.id: folder}, samples=district)
    drive = source_for(fake_google, service_account_file, load_roster(roster_path), use_cache=False)
    got = drive.collect(load_roster(roster_path).schools[0])
    broken = [p for p in got.problems if p.location.file == "Danh ba CBGV"]
    assert [(p.severity, p.code) for p in broken] == [("error", "file_unreadable")]
    assert "404" in render(broken[0].message, "en") and "404" in render(broken[0].message, "vi")


def test_other_files_sharing_a_name_are_all_read_with_a_warning(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path
) -> None:
    roster = load_roster(district / "roster.yaml")
    school = roster.schools[0]
    folder = fake_google.mirror_directory(district / school.id, None, convert_xlsx=False)
    data = (district / school.id / "Danh muc thiet bi CNTT.xlsx").read_bytes()
    fake_google.add_file("Danh muc thiet bi CNTT (1).xlsx", folder, data, modified_time=dt.datetime(2017, 1, 3))
    roster_path = write_roster(tmp_path / "roster.yaml", folders={school.id: folder}, samples=district)
    drive = source_for(fake_google, service_account_file, load_roster(roster_path), use_cache=False)
    got = drive.collect(load_roster(roster_path).schools[0])
    want = LocalSource(district).collect(school)
    warned = [p for p in got.problems if p.code == "drive_duplicate_files"]
    assert len(warned) == 1 and "(1)" in str(warned[0].params["files"])
    link = warned[0].location.link  # the warning opens one of the files it names
    assert link is not None and link.startswith("https://")
    # Both are read (not silently dropped): the inventory has twice the local rows, and a warning says so.
    assert len(got.tables["devices"].frame) == 2 * len(want.tables["devices"].frame)
