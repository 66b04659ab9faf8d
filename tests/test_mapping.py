"""Mapping files: a school's own books mapped onto the sheet kinds, validated with line numbers,
proposed by `sheets map`, and used by `sheets lint` and `audit`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from elschool_audit.audit import audit_school
from elschool_audit.errors import ConfigError, SourceError
from elschool_audit.roster import School
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sheets.mapping import MAPPING_FILE, load_mapping
from elschool_audit.sources.local import LocalSource
from tests.realworld.layouts import (
    ASSET_BOOK,
    CLASS_LOG_BOOK,
    CMS_POSTS,
    LESSON_REGISTER_IT_ROOM,
    LESSON_REGISTER_PLAIN,
    LOAN_MASTER_DETAIL,
    OUTGOING_REGISTER,
    ROOM_BOOKING_REPORT,
    SMAS_DEVICES,
    STAFF_EXPORT,
    Layout,
    write_xlsx,
)

BOOKS: tuple[Layout, ...] = (
    SMAS_DEVICES,
    ASSET_BOOK,
    LESSON_REGISTER_IT_ROOM,
    LESSON_REGISTER_PLAIN,
    CLASS_LOG_BOOK,
    LOAN_MASTER_DETAIL,
    ROOM_BOOKING_REPORT,
    OUTGOING_REGISTER,
    CMS_POSTS,
    STAFF_EXPORT,
)


def school_folder(tmp_path: Path, books: tuple[Layout, ...] = BOOKS) -> Path:
    folder = tmp_path / "truong"
    folder.mkdir()
    for layout in books:
        write_xlsx(layout, folder)
    return folder


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("version: 1\ntabs:\n  - file: a.xlsx\n    kind: thiet_bi\n", 4, "thiet_bi"),
        ("version: 1\ntabs:\n  - kind: devices\n    fixed:\n      phong: P1\n", 3, "phong"),
        ("version: 1\ntabs:\n  - kind: usage_log\n    fixed:\n      used_it: có lẽ\n", 3, "có lẽ"),
        ("version: 1\nheaders:\n  Tên TB: ten\n", 2, "ten"),
        ("version: 1\ntabs:\n  - kind: devices\n    colums: {}\n", 4, "colums"),
        ("version: 1\ntabs:\n  - kind: devices\n   file: [\n", 4, "YAML"),
        ("version: 2\n", 1, "version"),
    ],
)
def test_a_bad_mapping_file_is_an_error_naming_its_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / MAPPING_FILE
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_mapping(path)
    assert caught.value.location.line == line, str(caught.value)
    assert says in str(caught.value)


def test_a_school_with_a_broken_mapping_is_not_audited_half_mapped(tmp_path: Path) -> None:
    folder = school_folder(tmp_path, (SMAS_DEVICES,))
    (folder / MAPPING_FILE).write_text("version: 1\ntabs:\n  - kind: devices\n    year: 1890\n", "utf-8")
    source = LocalSource(tmp_path, school_dir=folder)
    with pytest.raises(SourceError) as caught:
        source.collect(School(id="x", name="x", level="TH"))
    assert caught.value.location.line == 4
    result = audit_school(load_rubric(None), School(id="x", name="x", level="TH"), source, dt.date(2017, 1, 31))
    assert result.error is not None and result.earned == 0


def test_a_broken_district_mapping_fails_before_any_school(tmp_path: Path) -> None:
    (tmp_path / MAPPING_FILE).write_text("tabs: [\n", "utf-8")
    with pytest.raises(ConfigError):
        LocalSource(tmp_path)


def test_map_refuses_to_overwrite_without_force(run_cli, tmp_path: Path) -> None:
    folder = school_folder(tmp_path, (SMAS_DEVICES,))
    assert run_cli("sheets", "map", str(folder)).code == 0
    again = run_cli("sheets", "map", str(folder))
    assert again.code == 2 and "--force" in again.err + again.out
    assert run_cli("sheets", "map", str(folder), "--force").code == 0


def test_map_comments_follow_the_runs_language(run_cli, tmp_path: Path) -> None:
    """The IT lead reading the proposal in English sees English comments, and the file still loads."""
    folder = school_folder(tmp_path)
    assert run_cli("--lang", "en", "sheets", "map", str(folder)).code == 0
    text = (folder / MAPPING_FILE).read_text("utf-8")
    assert "# guess:" in text and "# CHECK:" in text and "đoán" not in text and "CẦN XEM" not in text
    assert load_mapping(folder / MAPPING_FILE).for_tab("DS thiet bi phong tin hoc.xlsx", "Sheet1") is not None


def test_map_round_trip_propose_edit_lint_clean_audit(run_cli, tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    before = run_cli("sheets", "lint", str(folder), "--format", "json")
    assert before.code == 1  # ambiguous and unrecognised tabs are warnings
    assert run_cli("sheets", "map", str(folder)).code == 0
    text = (folder / MAPPING_FILE).read_text("utf-8")
    assert "# đoán:" in text and "# CẦN XEM:" in text
    mapping = load_mapping(folder / MAPPING_FILE)  # the proposal itself is a valid mapping
    assert mapping.for_tab("DS thiet bi phong tin hoc.xlsx", "Sheet1") is not None

    # The IT lead's edits: the teacher's register is not a room record; the class book is kept in
    # the class's room and is not an IT-use record; the bare staff tab is the board.
    entries = text.split("\n  - file: ")
    for i, entry in enumerate(entries):
        if entry.startswith('"Bao giang co Hoa.xlsx"'):
            entries[i] = '"Bao giang co Hoa.xlsx"\n    tab: "Tuần 1"\n    kind: ignore'
        elif entry.startswith('"So dau bai lop 5A.xlsx"'):
            entries[i] = entry.replace("# room: …", 'room: "Lớp 5A"').replace("# used_it: …", "used_it: false")
        elif entry.startswith('"Ho so nhan su.xlsx"\n    tab: "Sheet2"'):
            entries[i] = entry.replace("kind: staff", "kind: board")
    (folder / MAPPING_FILE).write_text("\n  - file: ".join(entries), "utf-8")

    lint = run_cli("sheets", "lint", str(folder), "--format", "json")
    report = json.loads(lint.out)
    assert lint.code == 0, [p for p in report["problems"] if p["severity"] != "note"]
    assert {"devices", "usage_log", "documents", "posts", "staff", "board"} <= set(report["tables"])
    # the mapping's values are stated by the school, not assumed: only device types remain notes
    assumed = [p for p in report["problems"] if p["code"] == "value_assumed"]
    assert assumed and all("tên thiết bị" in p["message"] for p in assumed)

    audit = run_cli("audit", "school", str(folder), "--level", "TH", "--as-of", "2017-01-31", "--format", "json")
    assert audit.code in (0, 1, 2), audit.err  # 2: some rules lack their sheet (a partial folder)
    assert json.loads(audit.out)["kind"] == "school"


def test_real_books_audit_with_assumed_notes_and_a_score_from_their_content(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    school = School(id="x", name="x", level="TH")
    source = LocalSource(tmp_path, school_dir=folder)
    workbook = source.collect(school)
    assert {"devices", "usage_log", "documents", "posts", "staff"} <= set(workbook.tables)
    notes = [p for p in workbook.problems if p.code == "value_assumed"]
    assert notes and all(p.location.file and p.location.tab and p.location.row for p in notes)
    assert workbook.tables["devices"].frame["room_type"].notna().all()
    result = audit_school(load_rubric(None), school, source, dt.date(2017, 1, 31))
    assert result.error is None and result.earned > 0
