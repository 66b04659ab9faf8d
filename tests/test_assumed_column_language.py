"""A column the tab does not have, whose values the parser took from names, is named in the
report's language: "Phòng (giả định: lấy từ tên trang tính)" in Vietnamese, "Phòng (assumed: taken
from the tab name)" in English — in every report format, in lint and in error messages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from elschool_audit.engine import evaluate
from elschool_audit.errors import AuditError, describe
from elschool_audit.i18n import shown_column
from elschool_audit.lint import LintItem, LintReport
from elschool_audit.reports import records
from elschool_audit.reports.render import render
from elschool_audit.results import DataProblem, Location
from elschool_audit.roster import School
from elschool_audit.rubric.model import Rubric
from elschool_audit.sources.local import LocalSource
from tests.builders import Sheet, rubric, workbook

VI = "Phòng (giả định: lấy từ tên trang tính)"
EN = "Phòng (assumed: taken from the tab name)"


def _school_with_room_from_tab_name(tmp_path: Path) -> tuple[Path, Rubric, Path]:
    """A school folder whose device list has no room column (its tab is named after the room) and
    a rubric whose one rule fails on that room, so the findings point at the assumed column."""
    folder = tmp_path / "truong"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phòng Tin học 1"
    for row in (
        ["DANH MỤC THIẾT BỊ"],
        ["Mã thiết bị", "Loại thiết bị", "Tên thiết bị", "Tình trạng"],
        ["TB-01", "Máy tính", "Máy tính Dell", "Tốt"],
        ["TB-02", "Máy chiếu", "Máy chiếu Epson", "Tốt"],
    ):
        sheet.append(row)
    book.save(folder / "Thiet bi.xlsx")
    room_rule = {
        "id": "R-ROOM",
        "points": 1,
        "check": {
            "type": "pattern",
            "sheet": "devices",
            "column": "room",
            "regex": "^Phòng học",
            "means": {"vi": "phòng học", "en": "a classroom"},
        },
    }
    rub = rubric({"id": "a", "rules": [room_rule]})
    data = rub.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    rubric_file = tmp_path / "rubric.yaml"
    rubric_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return folder, rub, rubric_file


def test_the_assumed_column_of_a_finding_is_named_in_the_report_language(run_cli: Any, tmp_path: Path) -> None:
    folder, _, rubric_file = _school_with_room_from_tab_name(tmp_path)
    args = ("audit", "school", str(folder), "--level", "TH", "--rubric", str(rubric_file), "--as-of", "2017-01-31")
    for lang, says, other in (("en", EN, "giả định"), ("vi", VI, "assumed:")):
        as_json = run_cli("--lang", lang, *args, "--no-record", "--format", "json")
        assert as_json.code == 1, as_json.err
        findings = json.loads(as_json.out)["rules"][0]["findings"]
        assert [f["column"] for f in findings] == [says, says]
        assert other not in as_json.out
        as_text = run_cli("--lang", lang, *args, "--no-record")
        text = " ".join(as_text.out.split())
        assert says in text and other not in text


def test_every_report_format_and_lint_name_it_in_their_language(tmp_path: Path) -> None:
    folder, rub, _ = _school_with_room_from_tab_name(tmp_path)
    school = School(id="truong", name="Trường Thử", level="TH")
    book = LocalSource(folder.parent, school_dir=folder).collect(school)
    result = evaluate(rub, school, book, dt.date(2017, 1, 31))
    for lang, says, other in (("en", EN, "giả định"), ("vi", VI, "assumed:")):
        report = records.school_report(result, rub, lang)
        for fmt in ("json", "md", "csv", "html", "table", "plan"):
            text = " ".join(str(render(report, "school", fmt, lang)).split())
            assert says in text and other not in text, (fmt, lang)
        out = tmp_path / f"r.{lang}.xlsx"
        out.write_bytes(render(report, "school", "xlsx", lang))  # type: ignore[arg-type]
        cells = [str(c.value) for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row]
        assert says in cells and not any(other in c for c in cells), lang
        room = book.tables["devices"].sources[0].location(row=3, column="room")
        linted = LintReport(
            "truong", 1, items=[LintItem(DataProblem("warning", "room_unrecognised", {"room": "?"}, room))]
        )
        assert [p["column"] for p in linted.record(lang)["problems"]] == [says]
        assert (says in describe(room, lang)) and (says in AuditError("plain", room).text(lang))


def test_a_value_stated_by_the_mapping_file_says_so_in_each_language() -> None:
    stated = Location(tab="Sheet1", row=3, header="Phòng", origin="mapping")
    assert shown_column(stated, "vi") == "Phòng (theo tệp ánh xạ)"
    assert shown_column(stated, "en") == "Phòng (from the mapping file)"
    assert shown_column(Location(letter="C", header="Phòng"), "en") == "C (Phòng)"  # a read column: as typed


def test_a_wide_tab_keeps_what_it_assumed_from_its_name() -> None:
    rows = [{"Mã máy": "PC-01", "Netop School": "x", "Kaspersky": ""}]
    book = workbook(installed_software=Sheet(rows, tab="Phòng Tin học 1"))
    source = book.tables["installed_software"].sources[0]
    assert source.assumed == {"room": "tab"}
    assert shown_column(source.location(row=3, column="room"), "en") == EN
