"""The command line as users run it: real files in tmp_path, real exit codes, real output."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from elschool_audit.rubric.loader import bundle_rubric

SCHOOLS = ["mn-phuc-dong", "mn-hoa-sua", "th-do-thi-viet-hung", "th-ai-mo-a", "thcs-ai-mo", "thcs-do-thi-viet-hung"]


def test_district_table_lists_every_school_and_exit_code_says_some_below_standard(run_cli, district: Path) -> None:
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01")
    assert r.code in (0, 1)
    for school in SCHOOLS:
        assert school[:12] in r.out
    assert "6/6 trường đã kiểm tra" in r.out


def test_district_json_shape_and_exit_code_agree(run_cli, district: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "-o", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == "elschool-audit/report"
    assert report["kind"] == "district"
    assert report["as_of"] == "2017-01-31"
    assert [s["school"]["id"] for s in report["schools"]] == SCHOOLS
    below = [s for s in report["schools"] if not s["meets_standard"]]
    assert r.code == (1 if below else 0)
    rule = report["schools"][0]["rules"][0]
    for key in ("id", "clause", "title", "status", "points_earned", "points_possible", "findings"):
        assert key in rule


def test_findings_point_at_file_tab_row_and_column(run_cli, district: Path) -> None:
    r = run_cli("audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01", "--format", "json")
    report = json.loads(r.out)
    broken = next(x for x in report["rules"] if x["id"] == "INF-COMPUTERS-WORKING")
    assert broken["status"] == "fail"
    finding = broken["findings"][0]
    assert finding["file"] == "Danh muc thiet bi CNTT.xlsx"
    assert finding["tab"] == "Thiết bị"
    assert isinstance(finding["row"], int) and finding["row"] > 1
    assert finding["column"].endswith("(Tình trạng)")
    assert finding["value"] == "Hỏng"


def test_school_found_by_name_without_diacritics(run_cli, district: Path) -> None:
    r = run_cli(
        "audit", "school", "tieu hoc ai mo a", "--source", str(district), "--month", "2017-01", "--format", "json"
    )
    assert json.loads(r.out)["school"]["id"] == "th-ai-mo-a"


def test_english_labels(run_cli, district: Path) -> None:
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--lang", "en")
    assert "schools audited" in r.out or "audited" in r.out
    assert "Đạt chuẩn" not in r.out


def test_self_check_of_an_exported_folder(run_cli, district: Path) -> None:
    folder = district / "th-ai-mo-a"
    r = run_cli("audit", "school", str(folder), "--level", "TH", "--month", "2017-01", "--format", "json")
    report = json.loads(r.out)
    assert report["school"]["level"] == "TH"
    assert r.code in (0, 1)
    need_level = run_cli("audit", "school", str(folder), "--month", "2017-01")
    assert need_level.code == 2
    assert "--level" in need_level.err


def test_fail_under_turns_a_passing_score_into_exit_1(run_cli, district: Path) -> None:
    base = ["audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01", "--format", "json"]
    score = json.loads(run_cli(*base).out)["score"] * 100
    assert run_cli(*base, "--fail-under", f"{score + 1:.1f}").code == 1


def test_a_missing_school_folder_is_reported_and_the_others_are_still_audited(run_cli, district: Path) -> None:
    (district / "mn-hoa-sua").rename(district / "elsewhere")
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--format", "json")
    assert r.code == 2
    report = json.loads(r.out)
    by_id = {s["school"]["id"]: s for s in report["schools"]}
    assert by_id["mn-hoa-sua"]["error"]
    assert "mn-hoa-sua" in by_id["mn-hoa-sua"]["error"]
    audited = [s for s in report["schools"] if not s["error"]]
    assert len(audited) == 5 and all(s["rules"] for s in audited)


def test_a_corrupt_workbook_is_a_located_problem_and_exit_2(run_cli, district: Path) -> None:
    (district / "thcs-ai-mo" / "Phan mem.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--format", "json")
    assert r.code == 2
    school = next(s for s in json.loads(r.out)["schools"] if s["school"]["id"] == "thcs-ai-mo")
    problems = [p for p in school["problems"] if p["code"] == "file_unreadable"]
    assert problems and problems[0]["file"] == "Phan mem.xlsx"
    # the rules that needed that file are errors, not silent passes
    assert any(x["status"] == "error" for x in school["rules"])


def test_broken_rubric_names_file_and_line_and_exits_2(run_cli, district: Path, tmp_path: Path) -> None:
    text = (bundle_rubric("longbien-2016-17")).read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "type: share" in line)
    lines[at] = lines[at].replace("type: share", "type: nonsense")
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_cli("audit", "district", "--source", str(district), "--rubric", str(rubric))
    assert r.code == 2
    assert f"bad.yaml:{at + 1}" in r.err, r.err
    assert "nonsense" in r.err or "type" in r.err
    assert "Traceback" not in r.err
    assert r.out == ""  # a broken rubric stops the run before any school is read


def test_broken_roster_is_exit_2_with_the_line(run_cli, district: Path) -> None:
    roster = district / "roster.yaml"
    data = yaml.safe_load(roster.read_text(encoding="utf-8"))
    data["schools"][1]["level"] = "DH"
    roster.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01")
    assert r.code == 2
    assert "roster.yaml" in r.err and "level" in r.err


def test_usage_errors_exit_2_without_traceback(run_cli) -> None:
    r = run_cli("audit", "school", "--bogus")
    assert r.code == 2
    assert "Traceback" not in r.err


def test_bad_month_is_a_clear_error(run_cli, district: Path) -> None:
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-13")
    assert r.code == 2
    assert "YYYY-MM" in r.err


def test_an_audit_date_outside_the_rubrics_year_is_a_clear_message(run_cli, district: Path) -> None:
    r = run_cli("audit", "district", "--source", str(district), "--as-of", "2018-01-31", "--lang", "en")
    assert r.code == 2
    assert "outside the rubric's school year (05/09/2016 – 04/09/2017)" in r.err
    assert "Error:" in r.err and "Lỗi" not in r.err  # one language: the one asked for
    assert "Đạt chuẩn" not in r.out  # no verdict


def test_unknown_output_extension_asks_for_format(run_cli, district: Path, tmp_path: Path) -> None:
    r = run_cli("audit", "district", "--source", str(district), "--month", "2016-11", "-o", str(tmp_path / "x.docx"))
    assert r.code == 2
    assert "--format" in r.err
    assert not (tmp_path / "x.docx").exists()


def test_version_and_module_entry_point(run_cli) -> None:
    r = run_cli("--version")
    assert r.code == 0 and "elschool-audit" in r.out


def test_exit_0_when_every_audited_school_meets_the_standard(run_cli, district: Path) -> None:
    base = ["audit", "district", "--source", str(district), "--month", "2017-01", "--format", "json"]
    report = json.loads(run_cli(*base).out)
    meeting = [s["school"]["id"] for s in report["schools"] if s["meets_standard"]]
    failing = [s["school"]["id"] for s in report["schools"] if not s["meets_standard"]]
    assert meeting and failing, "the sample district should hold both kinds of school"
    only_meeting = [arg for school in meeting for arg in ("--school", school)]
    assert run_cli(*base, *only_meeting).code == 0
    assert run_cli(*base, "--school", failing[0]).code == 1


def test_a_rule_that_cannot_be_checked_makes_the_audit_incomplete(run_cli, district: Path) -> None:
    (district / "thcs-ai-mo" / "Nhat ky bao tri.xlsx").unlink()
    r = run_cli("audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01", "--format", "json")
    assert r.code == 2
    rule = next(x for x in json.loads(r.out)["rules"] if x["id"] == "ROOM-MAINTENANCE")
    assert rule["status"] == "error"
    assert "Nhật ký bảo trì" in rule["findings"][0]["message"]


def test_option_errors_are_in_the_chosen_language_only(run_cli, district: Path, tmp_path: Path) -> None:
    args = (
        "audit",
        "district",
        "--source",
        str(district),
        "--month",
        "2017-01",
        "--format",
        "json",
        "-o",
        str(tmp_path),
    )
    vi = run_cli(*args)
    assert vi.code == 2 and "Lỗi: --output là một thư mục; cần tên tệp" in vi.err and "give a file" not in vi.err
    en = run_cli(*args, "--lang", "en")
    assert en.code == 2 and "Error: --output is a folder; give a file name" in en.err and "thư mục" not in en.err
