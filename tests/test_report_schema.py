"""docs/report-schema.json is generated from the record types: the committed file may not drift
from them, and what the generator makes of the types is the documented shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from elschool_audit.i18n import Lang
from elschool_audit.reports.schema import dumps, report_schema
from tests.report_fixtures import district_report, school_report

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
