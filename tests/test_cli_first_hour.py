"""Issue 17: a user's first hour — nothing overwritten, a self-check that scores what the district
scores, the tool's own reports never read back as school data. Real files in fresh tmp_path folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from openpyxl import load_workbook

SCHOOL = "th-ai-mo-a"


def _roster_entry(district: Path, school_id: str) -> dict[str, object]:
    roster = yaml.safe_load((district / "roster.yaml").read_text(encoding="utf-8"))
    return next(s for s in roster["schools"] if s["id"] == school_id)


def test_template_refuses_to_overwrite_filled_in_templates(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "ho-so"
    first = run_cli("sheets", "template", "--level", "TH", "-o", str(folder), "--name", "Trường Tiểu học Ái Mộ A")
    assert first.code == 0, first.err
    assert (folder / "truong.yaml").is_file()
    filled = next(folder.glob("*.xlsx"))
    wb = load_workbook(filled)
    ws = wb.worksheets[0]
    ws.cell(5, 1, "Máy tính của cô Lan")  # the school's own work
    wb.save(filled)
    before = filled.read_bytes()

    again = run_cli("sheets", "template", "--level", "TH", "-o", str(folder))
    assert again.code == 2
    assert "--force" in again.err and filled.name in again.err
    assert filled.read_bytes() == before

    forced = run_cli("sheets", "template", "--level", "TH", "-o", str(folder), "--force")
    assert forced.code == 0
    assert load_workbook(filled).worksheets[0].cell(5, 1).value is None


def test_template_out_is_a_deprecated_alias_of_output(run_cli, tmp_path: Path) -> None:
    r = run_cli("sheets", "template", "--level", "MN", "--out", str(tmp_path / "m"))
    assert r.code == 0
    assert "--out" in r.err and "-o/--output" in r.err
    assert list((tmp_path / "m").glob("*.xlsx"))


def test_template_writes_the_identity_the_self_check_reads(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    r = run_cli(
        "sheets", "template", "--level", "TH", "-o", str(folder), "--name", "Trường Tiểu học Ái Mộ A",
        "--id", "th-ai-mo-a", "--email", "thaimoa.longbien@gmail.com", "--clc",
    )  # fmt: skip
    assert r.code == 0, r.err
    ident = yaml.safe_load((folder / "truong.yaml").read_text(encoding="utf-8"))
    assert ident == {
        "id": "th-ai-mo-a",
        "name": "Trường Tiểu học Ái Mộ A",
        "level": "TH",
        "email": "thaimoa.longbien@gmail.com",
        "pilot": False,
        "clc": True,
    }


def test_self_check_with_truong_yaml_scores_exactly_what_the_district_scores(run_cli, district: Path) -> None:
    entry = _roster_entry(district, SCHOOL)
    folder = district / SCHOOL
    ident = {k: entry[k] for k in ("id", "name", "level", "email", "pilot", "clc")}
    (folder / "truong.yaml").write_text(yaml.safe_dump(ident, allow_unicode=True), encoding="utf-8")
    month = ("--month", "2017-01")
    via_roster = run_cli("audit", "school", SCHOOL, "--source", str(district), *month, "--format", "json")
    alone = shutil.copytree(folder, district.parent / "exported")  # as the school has it: no roster
    via_folder = run_cli("audit", "school", str(alone), *month, "--format", "json")
    a, b = json.loads(via_roster.out), json.loads(via_folder.out)
    assert b["school"]["id"] == SCHOOL
    assert a["score"] == b["score"]
    assert [(r["id"], r["status"]) for r in a["rules"]] == [(r["id"], r["status"]) for r in b["rules"]]
    assert via_roster.code == via_folder.code


def test_self_check_options_override_truong_yaml(run_cli, district: Path) -> None:
    folder = district / SCHOOL
    (folder / "truong.yaml").write_text("id: th-ai-mo-a\nname: Ái Mộ A\nlevel: TH\n", encoding="utf-8")
    r = run_cli("audit", "school", str(folder), "--month", "2017-01", "--format", "json", "--level", "THCS")
    assert json.loads(r.out)["school"]["level"] == "THCS"


def test_a_district_folder_is_not_one_school(run_cli, district: Path) -> None:
    r = run_cli("audit", "school", str(district), "--level", "TH", "--month", "2017-01")
    assert r.code == 2
    assert "audit district" in r.err
    assert r.out == ""


def test_an_empty_folder_has_nothing_to_audit(run_cli, tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    r = run_cli("audit", "school", str(empty), "--level", "TH", "--month", "2017-01", "--lang", "en")
    assert r.code == 2
    assert "không có gì để kiểm tra" in r.err or "nothing to audit" in r.err
    assert len(r.err.strip().splitlines()) <= 2


def test_reports_saved_in_the_school_folder_are_never_read_as_school_data(run_cli, district: Path) -> None:
    folder = district / SCHOOL
    base = ("audit", "school", str(folder), "--level", "TH", "--month", "2017-01")
    first = json.loads(run_cli(*base, "--format", "json").out)
    for name in ("bao-cao.xlsx", "phat-hien.csv"):
        r = run_cli(*base, "-o", str(folder / name))
        assert "thư mục hồ sơ của trường" in r.err  # -o into the school's folder warns
        assert (folder / name).is_file()
    again = json.loads(run_cli(*base, "--format", "json").out)
    assert again["score"] == first["score"]
    skipped = {p["file"] for p in again["problems"] if p.get("severity") == "note"}
    assert {"bao-cao.xlsx", "phat-hien.csv"} <= skipped
    assert not any(p.get("code") == "tab_unrecognised" and p["file"] == "bao-cao.xlsx" for p in again["problems"])


def test_audit_date_defaults_to_today_only_inside_the_rubrics_school_year(run_cli, district: Path) -> None:
    # the README's own example, run today against the 2016-17 rubric: stop and suggest --month
    r = run_cli("audit", "school", "tieu hoc ai mo a", "--source", str(district))
    assert r.code == 2
    assert "--month 2017-05" in r.err
    assert r.out == ""
    early = run_cli("audit", "school", "th-ai-mo-a", "--source", str(district), "--as-of", "15/08/2016")
    assert early.code == 2
    assert "05/09/2016" in early.err and "trước khi năm học bắt đầu" in early.err
    assert early.out == ""


def test_resolve_as_of_inside_and_outside_the_year() -> None:
    import datetime as dt

    from elschool_audit.auditdate import resolve_as_of
    from elschool_audit.rubric.loader import load_rubric

    rubric = load_rubric(None).rubric
    assert resolve_as_of(rubric, None, None, today=dt.date(2016, 12, 3)) == dt.date(2016, 12, 3)
    assert resolve_as_of(rubric, "31/03/2017", None) == dt.date(2017, 3, 31)
    assert resolve_as_of(rubric, None, "2016-11") == dt.date(2016, 11, 30)


def test_fail_under_is_independent_of_the_pass_mark_and_names_the_schools(run_cli, district: Path) -> None:
    base = ["audit", "district", "--source", str(district), "--month", "2017-01", "--no-record"]
    report = json.loads(run_cli(*base, "--format", "json").out)
    scores = {s["school"]["id"]: s["score"] * 100 for s in report["schools"]}
    lowest = min(scores, key=lambda k: scores[k])
    assert any(not s["meets_standard"] for s in report["schools"])  # below the rubric's pass mark …
    loose = run_cli(*base, "--fail-under", f"{scores[lowest] - 1:.1f}")
    assert loose.code == 0  # … but --fail-under sets the bar
    strict = run_cli(*base, "--fail-under", f"{scores[lowest] + 0.05:.2f}")
    assert strict.code == 1
    assert lowest in strict.err
    for bad in ("150", "-5"):
        r = run_cli(*base, "--fail-under", bad)
        assert r.code == 2 and "--fail-under" in r.err


def test_waivers_accept_day_first_dates_and_record_the_approver(run_cli, district: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "mien-tru.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {school: thcs-ai-mo, rule: INF-COMPUTERS-WORKING, reason: 'Phòng Tin 1 đang sửa chữa',\n"
        "     expires: 31/03/2017, approved_by: 'Phó trưởng phòng', granted: 15/12/2016}\n",
        encoding="utf-8",
    )
    r = run_cli(
        "audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01",
        "--waivers", str(waivers), "--format", "json",
    )  # fmt: skip
    rule = next(x for x in json.loads(r.out)["rules"] if x["id"] == "INF-COMPUTERS-WORKING")
    assert rule["status"] == "waived" and "31/03/2017" in rule["note"]
