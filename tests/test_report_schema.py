"""docs/report-schema.json is generated from the record types: the committed file may not drift
from them, and what the generator makes of the types is the documented shape."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from elschool_audit.history import HistoryStore
from elschool_audit.i18n import Lang
from elschool_audit.reports.formats import plan
from elschool_audit.reports.schema import dumps, report_schema
from tests.report_fixtures import (
    AS_OF,
    district_report,
    failing_school,
    passing_school,
    school_report,
    unreadable_school,
)

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "report-schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == dumps(), "run: python scripts/make_report_schema.py"


def test_the_script_checks_and_writes_the_same_text() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_report_schema.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_types_become_strict_objects() -> None:
    defs = report_schema()["$defs"]
    problem = defs["problem_record"]
    assert problem["additionalProperties"] is False
    assert "link" in problem["properties"] and "link" not in problem["required"]  # optional key
    assert problem["properties"]["row"] == {"type": ["integer", "null"]}
    assert defs["rule_record"]["properties"]["status"] == {
        "enum": ["pass", "fail", "error", "waived", "not_applicable", "info"]
    }
    assert defs["section_record"]["properties"]["score"]["maximum"] == 1  # a ratio, from Annotated metadata


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_built_reports_validate_and_a_stray_key_does_not(lang: Lang) -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    school, district = school_report(lang), district_report(lang)
    jsonschema.validate(school, schema)
    jsonschema.validate(district, schema)
    district["schools"][0]["rules"][0]["findings"][0]["stray"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(district, schema)


def test_keys_added_after_the_records_layer_are_the_documented_shape_too(tmp_path: Path) -> None:
    """A returned plan's answers (``apply_plan``) and the history's trend (the CLI) go into a report
    records already built: a school's stray or blank plan cells must not reach it, and both must
    still validate."""
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    report = district_report("vi")
    plan_file = tmp_path / "ke-hoach.csv"
    plan_file.write_text(plan.dumps(report, "vi"), encoding="utf-8")
    rows = list(csv.reader(plan_file.open(encoding="utf-8-sig")))
    rows[0].append("Ghi chú")  # a column the school added
    rows[1][-3:] = ["  Chờ sửa  ", "   ", ""]
    rows[1].append("không phải câu trả lời")
    with plan_file.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)

    assert plan.apply_plan(report, plan.read_plan(plan_file)) == 1
    answered = [f for s in report["schools"] for r in s["rules"] for f in r["findings"] if "plan" in f]
    assert [f["plan"] for f in answered] == [{"plan_reason": "Chờ sửa"}]

    schools = [failing_school(), passing_school(), unreadable_school()]
    with HistoryStore.open(tmp_path / "history.sqlite") as store:
        for month in ("2016-12", "2017-01"):
            store.record(
                schools, as_of=AS_OF, month=month, rubric_id="tiny-2017", rubric_hash="0123456789ab",
                source="x", scope="district",
            )  # fmt: skip
        report["trend"] = store.trend()
    assert [(p["period"], p["schools"]) for p in report["trend"]] == [("2016-12", 3), ("2017-01", 3)]
    jsonschema.validate(report, schema)
    report["trend"][0]["scores"]["x"] = "80%"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema)
