"""Loading rubric and waiver files: a broken file is refused with its file, YAML line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elschool_audit.errors import RubricError
from elschool_audit.rubric.checks.presence import PresenceCheck
from elschool_audit.rubric.loader import RUBRIC_ENV, bundle_names, bundle_rubric, load_rubric, load_waivers

# Line numbers below are 1-based lines of this text.
GOOD = """\
id: test-rubric
title: {vi: Thử, en: Test}
source: "HD 99"
pass_mark: 0.8
sections:
  - id: infra
    title: {vi: Hạ tầng, en: Infrastructure}
    rules:
      - id: INF-A
        clause: B.I.1
        title: {vi: Máy tính tốt, en: Computers work}
        points: 2
        check:
          type: all_rows
          sheet: devices
          where: {type: computer}
          condition: {status: working}
      - id: INF-B
        clause: B.I.2
        title: {vi: Dự phòng, en: Backup}
        points: 1
        check: {type: checklist, items: [CL-A]}
"""
LINE = {
    "INF-A points": 12,
    "INF-A type": 14,
    "INF-A sheet": 15,
    "INF-A where": 16,
    "INF-A condition": 17,
    "INF-B id": 18,
}


def write(tmp_path: Path, text: str, name: str = "rubric.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(tmp_path: Path, old: str, new: str) -> RubricError:
    assert GOOD.count(old) == 1, old
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    err = info.value
    assert err.location.file == str(path)
    assert str(path) in str(err)
    return err


def test_a_good_rubric_loads_with_a_stable_hash(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    loaded = load_rubric(path)
    assert [r.id for _, r in loaded.rubric.rules()] == ["INF-A", "INF-B"]
    assert loaded.path == path
    assert len(loaded.hash) == 12
    assert load_rubric(path).hash == loaded.hash
    assert load_rubric(write(tmp_path, GOOD.replace("points: 2", "points: 3"), "b.yaml")).hash != loaded.hash


def test_the_bundled_rubric_loads() -> None:
    loaded = load_rubric(bundle_rubric("longbien-2016-17"))
    assert loaded.rubric.pass_mark == 0.8
    assert loaded.rubric.rule("inf-computers-working") is not None


def test_the_default_rubric_is_the_newest_bundle_with_its_room_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RUBRIC_ENV, raising=False)
    loaded = load_rubric()
    assert loaded.path == bundle_rubric(bundle_names()[-1])
    assert loaded.rubric.room_types["bo_mon_hoa"].levels == ["THCS"]


def test_a_bundle_folder_loads_its_rooms_and_hashes_them(tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    write(bundle, GOOD, "rubric.yaml")
    alone = load_rubric(bundle)
    assert alone.rubric.room_types == {}
    (bundle / "rooms.yaml").write_text("room_types:\n  tin_hoc: {number: 1, levels: [TH], group: teaching}\n")
    loaded = load_rubric(bundle)
    assert loaded.path == bundle / "rubric.yaml"
    assert loaded.rubric.room_types["tin_hoc"].levels == ["TH"]
    assert loaded.hash != alone.hash  # the table is part of the rubric a run used


def test_a_room_table_names_known_room_types_and_is_given_once(tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    write(bundle, GOOD + "room_types:\n  tin_hoc: {number: 1, levels: [TH], group: teaching}\n", "rubric.yaml")
    assert load_rubric(bundle).rubric.room_types["tin_hoc"].number == 1
    (bundle / "rooms.yaml").write_text("room_types:\n  phong_bay: {number: 1, levels: [TH], group: x}\n")
    with pytest.raises(RubricError) as exc:
        load_rubric(bundle)
    assert "phong_bay" in str(exc.value) and "rooms.yaml:2" in str(exc.value)
    (bundle / "rooms.yaml").write_text("room_types:\n  tin_hoc: {number: 1, levels: [TH], group: teaching}\n")
    with pytest.raises(RubricError, match=r"có cả trong rubric và trong rooms\.yaml"):
        load_rubric(bundle)


def test_an_unknown_bundle_lists_the_known_ones() -> None:
    with pytest.raises(RubricError, match="longbien-2016-17"):
        bundle_rubric("longbien-1999-00")


def test_bad_indentation(tmp_path: Path) -> None:
    err = broken(tmp_path, "        points: 2\n", "         points: 2\n")
    assert "YAML không hợp lệ" in err.message and "invalid YAML" in err.text("en")
    assert err.location.line == LINE["INF-A points"]
    assert err.location.field == "sections.0.rules.0.title"  # the last field read before the mistake
    assert f":{LINE['INF-A points']}" in str(err)


def test_duplicate_key(tmp_path: Path) -> None:
    err = broken(tmp_path, "        points: 2\n", "        points: 2\n        points: 3\n")
    assert "duplicate key 'points'" in err.message
    assert err.location.line == LINE["INF-A points"] + 1
    assert err.location.field == "sections.0.rules.0.points"


def test_unknown_check_type(tmp_path: Path) -> None:
    err = broken(tmp_path, "type: all_rows", "type: all_row")
    assert "all_row" in err.message and "'presence'" in err.message
    assert (err.location.line, err.location.field) == (LINE["INF-A type"], "sections.0.rules.0.check.type")


def test_unknown_rule_field(tmp_path: Path) -> None:
    err = broken(tmp_path, "        points: 2\n", "        points: 2\n        weight: 3\n")
    assert "không phải mục được biết" in err.text("vi") and "is not a known field" in err.text("en")
    assert (err.location.line, err.location.field) == (LINE["INF-A points"] + 1, "sections.0.rules.0.weight")


def test_unknown_check_field(tmp_path: Path) -> None:
    err = broken(tmp_path, "          sheet: devices\n", "          sheet: devices\n          minimum: 1\n")
    assert err.location.line == LINE["INF-A sheet"] + 1
    assert err.location.field is not None and err.location.field.endswith("check.all_rows.minimum")


def test_unknown_column_for_the_sheet_kind(tmp_path: Path) -> None:
    err = broken(tmp_path, "condition: {status: working}", "condition: {colour: red}")
    assert "sheet 'devices' has no column 'colour'" in err.text("en")
    assert err.location.line == LINE["INF-A condition"]
    assert err.location.field is not None and err.location.field.endswith(".condition")
    assert err.location.field.startswith("sections.0.rules.0.check")


def test_unknown_enum_code(tmp_path: Path) -> None:
    err = broken(tmp_path, "where: {type: computer}", "where: {type: Máy tính}")
    assert "column 'type' has no value 'Máy tính'" in err.text("en")
    assert err.location.line == LINE["INF-A where"]
    assert err.location.field is not None and err.location.field.endswith(".where")


def test_unknown_sheet_kind(tmp_path: Path) -> None:
    err = broken(tmp_path, "sheet: devices", "sheet: computers")
    assert "unknown sheet kind 'computers'" in err.text("en")
    assert err.location.line == LINE["INF-A sheet"]
    assert err.location.field is not None and err.location.field.endswith(".sheet")


def test_bad_operator(tmp_path: Path) -> None:
    err = broken(tmp_path, "where: {type: computer}", "where: {type: {is: computer}}")
    assert "unknown operator 'is'" in err.text("en")
    assert err.location.line == LINE["INF-A where"]
    assert err.location.field is not None and err.location.field.endswith(".where")


def test_duplicate_rule_id(tmp_path: Path) -> None:
    err = broken(tmp_path, "- id: INF-B", "- id: INF-A")
    assert "duplicate rule id INF-A" in err.text("en")
    assert (err.location.line, err.location.field) == (LINE["INF-B id"], "sections.0.rules.1.id")


def test_bad_value(tmp_path: Path) -> None:
    err = broken(tmp_path, "points: 2", "points: -2")
    assert (err.location.line, err.location.field) == (LINE["INF-A points"], "sections.0.rules.0.points")


def test_bad_nested_column_in_a_groups_reference(tmp_path: Path) -> None:
    check = """\
          type: count_per_period
          sheet: usage_log
          date_column: date
          period: month
          group_by: room
          groups:
            sheet: devices
            column: rooom
"""
    old = "          type: all_rows\n          sheet: devices\n          where: {type: computer}\n"
    old += "          condition: {status: working}\n"
    err = broken(tmp_path, old, check)
    assert "has no column 'rooom'" in err.text("en")
    assert err.location.line == 13 + 8
    assert err.location.field is not None and err.location.field.endswith("groups.column")


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="không tìm thấy tệp"):
        load_rubric(tmp_path / "nope.yaml")
    with pytest.raises(RubricError, match="tệp rỗng"):
        load_rubric(write(tmp_path, "# nothing\n"))


def test_a_check_model_round_trips_its_condition() -> None:
    check = PresenceCheck.model_validate({"type": "presence", "sheet": "devices", "where": {"status": ["working"]}})
    assert check.model_dump()["where"] == {"status": {"in": ["working"]}}


# ---------------------------------------------------------------- waivers


def test_waivers_load(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, GOOD)).rubric
    path = write(
        tmp_path,
        "waivers:\n  - school: th-a\n    rule: inf-a\n    reason: Máy hỏng chờ thanh lý\n    expires: 2016-12-31\n",
        "waivers.yaml",
    )
    (waiver,) = load_waivers(path, rubric).waivers
    assert (waiver.school, waiver.rule, waiver.expires) == ("th-a", "inf-a", dt.date(2016, 12, 31))


def test_a_waiver_for_an_unknown_rule_is_refused_at_its_line(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, GOOD)).rubric
    text = (
        "waivers:\n"
        "  - school: th-a\n"
        "    rule: INF-A\n"
        "    reason: ok, known\n"
        "  - school: th-b\n"
        "    rule: INF-Z\n"  # line 6
        "    reason: no such rule\n"
    )
    path = write(tmp_path, text, "waivers.yaml")
    with pytest.raises(RubricError) as info:
        load_waivers(path, rubric)
    err = info.value
    assert "INF-Z" in err.message
    assert (err.location.file, err.location.line, err.location.field) == (str(path), 6, "waivers.1.rule")
    assert f"{path}:6" in str(err)


def test_a_malformed_waiver_is_refused_at_its_line(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, GOOD)).rubric
    path = write(tmp_path, "waivers:\n  - school: th-a\n    rule: INF-A\n    reason: x\n", "waivers.yaml")
    with pytest.raises(RubricError) as info:
        load_waivers(path, rubric)
    assert (info.value.location.line, info.value.location.field) == (4, "waivers.0.reason")
    path = write(tmp_path, "waivers:\n  - school: th-a\n    rule: INF-A\n    rule: INF-B\n", "dup.yaml")
    with pytest.raises(RubricError) as info:
        load_waivers(path, rubric)
    assert (info.value.location.line, info.value.location.field) == (4, "waivers.0.rule")
