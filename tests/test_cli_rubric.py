"""`rubric show | explain | check` as a district officer runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from elschool_audit.rubric.bundles import shift_years
from elschool_audit.rubric.loader import bundle_rubric, load_rubric

RUBRIC = bundle_rubric("longbien-2016-17")


def test_show_json_lists_every_rule_with_its_metadata(run_cli) -> None:
    r = run_cli("rubric", "show", "--format", "json")
    assert r.code == 0
    record = json.loads(r.out)
    assert record["pass_mark"] == 0.8
    ids = [x["id"] for x in record["rules"]]
    assert len(ids) == len(set(ids)) >= 24
    for rule in record["rules"]:
        assert set(rule) >= {"id", "clause", "title", "levels", "profiles", "clc_only", "points", "check_type"}
        assert rule["title"]["vi"] and rule["title"]["en"]
        assert rule["sheets"] or rule["check_type"] == "pattern", f"{rule['id']} reads no sheet"
    assert isinstance(record["not_evidenced"], list)


def test_show_table_in_both_languages(run_cli) -> None:
    vi = run_cli("rubric", "show")
    en = run_cli("rubric", "show", "--lang", "en")
    assert vi.code == en.code == 0
    assert "ROOM-USAGE-LOG" in vi.out and "Ngưỡng đạt chuẩn 80%" in vi.out
    assert "Pass mark 80%" in en.out


def test_explain_names_sheets_columns_and_how_to_pass(run_cli) -> None:
    r = run_cli("rubric", "explain", "room-lesson-it-rate")
    assert r.code == 0
    assert "ROOM-LESSON-IT-RATE" in r.out
    assert "Nhật ký sử dụng thiết bị" in r.out
    assert "«Sử dụng CNTT»" in r.out
    assert "Cách đạt" in r.out
    data = json.loads(run_cli("rubric", "explain", "ROOM-LESSON-IT-RATE", "--format", "json").out)
    assert data["check_type"] == "all"  # lessons with software (rooms 1-3, 5-10) and classroom lessons (room 4)
    assert {c["column"] for c in data["sheet_details"][0]["columns"]} >= {"room", "used_it", "software", "date"}


def test_explain_says_the_partial_models_scope(run_cli) -> None:
    data = json.loads(run_cli("rubric", "explain", "INF-COMPUTERS-WORKING", "--format", "json").out)
    assert data["checks_partial"] and data["checks_partial"] != data["checks"]
    assert "Mô hình một phần" in run_cli("rubric", "explain", "INF-COMPUTERS-WORKING").out


def test_explain_unknown_rule_suggests_a_close_one(run_cli) -> None:
    r = run_cli("rubric", "explain", "ROOM-USAGE-LOGS")
    assert r.code == 2
    assert "ROOM-USAGE-LOG" in r.err


def test_check_accepts_the_bundled_rubric(run_cli) -> None:
    r = run_cli("rubric", "check", str(RUBRIC))
    assert r.code == 0 and "✓" in r.out


def test_check_refuses_a_duplicate_key_with_its_line(run_cli, tmp_path: Path) -> None:
    lines = RUBRIC.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("points:"))
    lines.insert(at + 1, lines[at])  # the same key twice in one rule
    bad = tmp_path / "dup.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_cli("rubric", "check", str(bad))
    assert r.code == 2
    assert f"dup.yaml:{at + 2}" in r.err, r.err
    assert "points" in r.err


def test_check_refuses_an_unknown_column(run_cli, tmp_path: Path) -> None:
    text = RUBRIC.read_text(encoding="utf-8")
    assert "used_it: true" in text
    bad = tmp_path / "col.yaml"
    bad.write_text(text.replace("used_it: true", "used_computer: true", 1), encoding="utf-8")
    r = run_cli("rubric", "check", str(bad))
    assert r.code == 2
    assert "col.yaml:" in r.err and "used_computer" in r.err


def test_check_refuses_an_unknown_enum_code_in_expected_values(run_cli, tmp_path: Path) -> None:
    text = RUBRIC.read_text(encoding="utf-8")
    assert "online_library" in text
    bad = tmp_path / "typo.yaml"
    bad.write_text(text.replace("online_library", "online_libary", 1), encoding="utf-8")
    r = run_cli("rubric", "check", str(bad))
    assert r.code == 2
    assert "online_libary" in r.err and "typo.yaml:" in r.err


def test_new_writes_next_years_bundle_and_refuses_to_overwrite_it(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "longbien-2017-18"
    r = run_cli("rubric", "new", "--from", "longbien-2016-17", "--year", "2017-18", "-o", str(out), "--lang", "en")
    assert r.code == 0, r.err
    assert "TO EDIT" in r.out
    text = (out / "rubric.yaml").read_text(encoding="utf-8")
    assert "id: longbien-e-school-2017-18" in text
    assert "between: [2017-11-01, 2017-11-30]" in text and "2016-11" not in text
    assert "CẦN SỬA / TO EDIT" in text.split("breaks:")[0].splitlines()[-2]  # Tết is marked for editing
    assert (out / "rooms.yaml").read_bytes() == (RUBRIC.parent / "rooms.yaml").read_bytes()
    loaded = load_rubric(out)
    assert loaded.rubric.calendar.breaks[0].start == dt.date(2018, 1, 26)
    assert loaded.rubric.room_types and len(loaded.rubric.rules()) == len(load_rubric(RUBRIC).rubric.rules())
    assert run_cli("rubric", "check", str(out / "rubric.yaml")).code == 0

    (out / "rubric.yaml").write_text(text.replace("pass_mark: 0.8", "pass_mark: 0.7"), encoding="utf-8")
    again = run_cli("rubric", "new", "--year", "2017-18", "-o", str(out))
    assert again.code == 2 and "--force" in again.err
    assert "pass_mark: 0.7" in (out / "rubric.yaml").read_text(encoding="utf-8")  # the district's edit survives
    assert run_cli("rubric", "new", "--year", "2017-18", "-o", str(out), "--force").code == 0
    assert "pass_mark: 0.8" in (out / "rubric.yaml").read_text(encoding="utf-8")


def test_new_refuses_a_year_that_is_not_a_school_year(run_cli, tmp_path: Path) -> None:
    r = run_cli("rubric", "new", "--year", "2017-19", "-o", str(tmp_path / "x"))
    assert r.code == 2 and "2017-18" in r.err
    assert not (tmp_path / "x").exists()


def test_shifting_years_keeps_dates_of_a_month_apart_from_school_year_labels() -> None:
    assert shift_years("2016-17 2016-2017 2016-11-30 2016-11 30/11/2016 Nov 2016", 2) == (
        "2018-19 2018-2019 2018-11-30 2018-11 30/11/2018 Nov 2018"
    )
