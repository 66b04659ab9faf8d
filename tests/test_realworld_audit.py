"""A school folder of real-layout books (tests/realworld) against the template version of the same
data: with a mapping file it audits to the same verdict on every rule; without one, with located
"assumed" notes; a rule that passes only on assumed values says so in every report format; and the
mapping is read from the school's Drive folder too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import yaml

from elschool_audit.audit import audit_school
from elschool_audit.engine import evaluate
from elschool_audit.i18n import render as render_msg
from elschool_audit.reports import records
from elschool_audit.reports.render import render
from elschool_audit.results import DistrictResult, SchoolResult
from elschool_audit.roster import School, load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sheets.mapping import MAPPING_FILE
from elschool_audit.sources.local import LocalSource
from tests.builders import rubric
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.district import source_for
from tests.realworld.layouts import CMS_POSTS, LESSON_REGISTER_IT_ROOM, SELF_CHECK, SMAS_DEVICES, write_xlsx

AS_OF = dt.date(2016, 9, 30)
SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text("utf-8"))
SCHOOL = School(id="th-thu", name="Trường Tiểu học Thử", level="TH")
REAL = (SMAS_DEVICES, LESSON_REGISTER_IT_ROOM, CMS_POSTS, SELF_CHECK)

# The same rows as the real books above, typed into the templates (kinds.yaml headers), with the
# values the real books leave to their names written out.
TEMPLATE: dict[str, dict[str, list[list[Any]]]] = {
    "Danh muc thiet bi CNTT.xlsx": {
        "Thiết bị": [
            ["Mã thiết bị", "Loại thiết bị", "Tên thiết bị", "Phòng", "Tình trạng", "Năm đưa vào sử dụng"],
            ["00010001", "Máy tính", "Máy tính để bàn Dell Optiplex", "Phòng Tin học 1", "Tốt", 2015],
            ["00010002", "Máy chiếu", "Máy chiếu Epson EB-X05", "Phòng Tin học 1", "Hỏng", 2014],
            ["00010003", "Tivi", "Smart TV Samsung 55 inch", "Phòng Tin học 1", "Tốt", 2016],
        ]
    },
    "Nhat ky su dung thiet bi.xlsx": {
        "Nhật ký": [
            ["Ngày", "Tiết", "Môn", "Lớp", "Tên bài", "Phòng", "Sử dụng CNTT"],
            [dt.datetime(2016, 9, 19), 1, "Tin học", "4A", "Làm quen với máy tính", "Phòng Tin học", "Có"],
            [dt.datetime(2016, 9, 19), 2, "Tin học", "4B", "Làm quen với máy tính", "Phòng Tin học", "Có"],
            [dt.datetime(2016, 9, 20), 1, "Tin học", "5A", "Soạn thảo văn bản", "Phòng Tin học", "Có"],
        ]
    },
    "Thong ke tin bai.xlsx": {
        "Tin bài": [
            ["Ngày đăng", "Tiêu đề", "Chuyên mục", "Người đăng", "Lượt xem"],
            [dt.datetime(2016, 9, 5, 7, 45), "Lịch họp phụ huynh đầu năm", "Thông báo", "admin", 120],
            [dt.datetime(2016, 8, 30, 8, 10), "Thông báo nghỉ lễ 2/9", "Thông báo", "admin", 300],
            [dt.datetime(2016, 9, 20, 14, 2), "Chuyên đề Toán lớp 4", "Chuyên môn", "gv.hoa", 45],
        ]
    },
    "Tu kiem tra.xlsx": {
        "Tự kiểm tra": [
            ["Mã tiêu chí", "Nội dung", "Đạt", "Minh chứng"],
            ["1.1", "Có kế hoạch ứng dụng CNTT", "Có", "KH số 12"],
        ]
    },
}


def _real_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "real" / SCHOOL.id
    folder.mkdir(parents=True)
    for layout in REAL:
        write_xlsx(layout, folder)
    return folder


def _template_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "template" / SCHOOL.id
    folder.mkdir(parents=True)
    for name, tabs in TEMPLATE.items():
        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for title, rows in tabs.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(folder / name)
    return folder


def _audit(folder: Path) -> SchoolResult:
    return audit_school(load_rubric(None), SCHOOL, LocalSource(folder.parent, school_dir=folder), AS_OF)


def _verdicts(result: SchoolResult) -> dict[str, tuple[str, Any]]:
    return {r.rule_id: (r.status, r.measured) for r in result.results}


def _mapped(run_cli: Any, folder: Path) -> None:
    """`sheets map` proposes; the IT lead names the lesson register's room as the school does."""
    assert run_cli("sheets", "map", str(folder)).code == 0
    path = folder / MAPPING_FILE
    path.write_text(path.read_text("utf-8").replace('room: "phong Tin hoc"', 'room: "Phòng Tin học"'), "utf-8")


def test_real_books_with_a_mapping_audit_like_the_template_version_and_without_one_with_notes(
    run_cli: Any, tmp_path: Path
) -> None:
    real, template = _real_folder(tmp_path), _template_folder(tmp_path)
    want = _audit(template)
    assert not [p for p in want.problems if p.severity != "note"], want.problems

    bare = _audit(real)
    assumed = [p for p in bare.problems if p.message.key == "value_assumed"]
    assert {p.message.params["column_en"] for p in assumed} >= {"Room", "Used IT", "Category", "Device type"}
    assert all(
        p.location.file and p.location.tab and p.location.row for p in assumed
    )  # located at the tab's header row

    _mapped(run_cli, real)
    mapped = _audit(real)
    assert _verdicts(mapped) == _verdicts(want)
    assert mapped.score == want.score
    # what the mapping states is no longer a guess; only each device's type (per row) still is
    left = [p for p in mapped.problems if p.severity != "note" or p.message.key == "value_assumed"]
    assert [p.message.params["column_en"] for p in left] == ["Device type"]


def _rubric_reading_rooms() -> Any:
    """One rule that passes on the usage log's room and IT use, and one on the device inventory."""
    usage = {
        "id": "T-USE",
        "points": 1,
        "title": {"vi": "Sử dụng", "en": "Use"},
        "check": {"type": "presence", "sheet": "usage_log", "where": {"used_it": True}},
    }
    devices = {
        "id": "T-DEV",
        "points": 1,
        "title": {"vi": "Thiết bị", "en": "Devices"},
        "check": {"type": "presence", "sheet": "devices"},
    }
    return rubric({"id": "a", "title": {"vi": "A", "en": "A"}, "rules": [usage, devices]})


def test_a_pass_resting_on_assumed_values_says_so_in_every_format(tmp_path: Path) -> None:
    folder = _real_folder(tmp_path)
    workbook = LocalSource(folder.parent, school_dir=folder).collect(SCHOOL)
    rub = _rubric_reading_rooms()
    result = evaluate(rub, SCHOOL, workbook, dt.date(2016, 9, 30))
    got = {r.rule_id: r for r in result.results}
    assert got["T-USE"].status == "pass" and got["T-USE"].assumed == ("usage_log.used_it",)
    assert got["T-DEV"].status == "pass" and got["T-DEV"].assumed == ()  # read, not assumed

    district = DistrictResult("X", result.as_of, rub.id, "h", (result,))
    for lang, says in (("vi", "Đạt — dựa trên giá trị suy đoán (Sử dụng CNTT)"), ("en", "Pass — resting on")):
        report = records.district_report(district, rub, lang)
        school = records.school_report(result, rub, lang)
        rule = next(r for r in school["rules"] if r["id"] == "T-USE")
        assert rule["status_label"].startswith(says) and rule["assumed"]
        for rep in (school, report):  # the optional key is in the documented shape
            jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(json.dumps(rep, default=str)))
        for fmt in ("json", "md", "csv", "html", "table"):
            for rep in (school, report):
                text = render(rep, rep["kind"], fmt, lang)
                assert says in " ".join(str(text).split()), (fmt, rep["kind"], lang)
        assert says in _xlsx_text(school, lang, tmp_path)


def _xlsx_text(report: dict[str, Any], lang: str, tmp_path: Path) -> str:
    out = tmp_path / "r.xlsx"
    out.write_bytes(render(report, "school", "xlsx", lang))  # type: ignore[arg-type]
    book = openpyxl.load_workbook(out)
    return " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)


def test_a_mapping_file_in_the_school_drive_folder_is_used_and_a_broken_one_stops_that_school(
    run_cli: Any, fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path
) -> None:
    real = _real_folder(tmp_path)
    _mapped(run_cli, real)
    good = fake_google.mirror_directory(real, None, convert_xlsx=True)
    assert any(f.name == MAPPING_FILE for f in fake_google.files.values() if good in f.parents)
    broken_dir = tmp_path / "broken" / "th-hong"
    broken_dir.mkdir(parents=True)
    write_xlsx(SMAS_DEVICES, broken_dir)
    (broken_dir / MAPPING_FILE).write_text("version: 1\ntabs:\n  - file: a.xlsx\n    kind: thiet_bi\n", "utf-8")
    broken = fake_google.mirror_directory(broken_dir, None, convert_xlsx=True)
    roster_path = tmp_path / "roster.yaml"
    roster_path.write_text(
        yaml.safe_dump(
            {
                "district": "X",
                "schools": [
                    {"id": SCHOOL.id, "name": SCHOOL.name, "level": "TH", "drive_folder": good},
                    {"id": "th-hong", "name": "Trường Tiểu học Hỏng", "level": "TH", "drive_folder": broken},
                ],
            },
            allow_unicode=True,
        ),
        "utf-8",
    )
    roster = load_roster(roster_path)
    drive = source_for(fake_google, service_account_file, roster, use_cache=False)
    drive.prepare(roster.schools)
    loaded = load_rubric(None)
    from_drive = audit_school(loaded, roster.schools[0], drive, AS_OF)
    local = _audit(real)
    assert _verdicts(from_drive) == _verdicts(local)
    assert [p.message.params["column_en"] for p in from_drive.problems if p.message.key == "value_assumed"] == [
        "Device type"
    ]
    failed = audit_school(loaded, roster.schools[1], drive, AS_OF)
    assert failed.error is not None and not failed.results
    for lang in ("vi", "en"):  # the reason is kept in both languages (issue 12)
        reason = render_msg(failed.error, lang)
        assert "thiet_bi" in reason and MAPPING_FILE in reason
    assert fake_google.write_attempts == []
