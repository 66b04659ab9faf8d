"""Golden files for the JSON and Markdown shapes, and the JSON checked against docs/report-schema.json.

A change to either shape shows up as a readable diff of tests/golden/. When the change is
intended, regenerate with ``ELSCHOOL_AUDIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reports_golden.py``
and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from elschool_audit.reports.formats import json as json_report
from elschool_audit.reports.formats import markdown
from tests.report_fixtures import SCRIPT_NAME, district_report, school_report

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "report-schema.json"
UPDATE = bool(os.environ.get("ELSCHOOL_AUDIT_UPDATE_GOLDEN"))


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """The tool version changes with every release; the shape does not."""
    return {**report, "tool": {**report["tool"], "version": "X.Y.Z"}}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run with ELSCHOOL_AUDIT_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


CASES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("school.vi", lambda: school_report("vi")),
    ("school.en", lambda: school_report("en")),
    ("district.vi", lambda: district_report("vi")),
    ("district.en", lambda: district_report("en")),
]


@pytest.mark.parametrize(("name", "build"), CASES, ids=[c[0] for c in CASES])
def test_json_matches_golden(name: str, build: Callable[[], dict[str, Any]]) -> None:
    check_golden(f"{name}.json", json_report.dumps(_stable(build())))


@pytest.mark.parametrize(("name", "build"), CASES, ids=[c[0] for c in CASES])
def test_markdown_matches_golden(name: str, build: Callable[[], dict[str, Any]]) -> None:
    lang = build()["lang"]
    check_golden(f"{name}.md", markdown.dumps(build(), lang))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("name", "build"), CASES, ids=[c[0] for c in CASES])
def test_json_validates_against_the_documented_schema(
    validator: jsonschema.Draft202012Validator, name: str, build: Callable[[], dict[str, Any]]
) -> None:
    report = json.loads(json_report.dumps(build()))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
    assert errors == []


def test_golden_files_validate_too(validator: jsonschema.Draft202012Validator) -> None:
    for path in sorted(GOLDEN.glob("*.json")):
        assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == [], path.name


def test_schema_rejects_an_undocumented_field(validator: jsonschema.Draft202012Validator) -> None:
    """additionalProperties/unevaluatedProperties are closed: a new field must be documented."""
    report = district_report()
    report["schools"][0]["rules"][0]["surprise"] = 1
    assert not validator.is_valid(report)
    report = school_report()
    report["surprise"] = 1
    assert not validator.is_valid(report)


def test_schema_rejects_a_wrong_status(validator: jsonschema.Draft202012Validator) -> None:
    report = school_report()
    report["rules"][0]["status"] = "passed"
    assert not validator.is_valid(report)


def test_json_key_order_is_stable() -> None:
    """Keys in the documented order (not sorted), so diffs of two months' reports line up."""
    report = json.loads(json_report.dumps(school_report()))
    assert list(report)[:7] == ["schema", "schema_version", "kind", "tool", "lang", "rubric", "school"]
    assert list(report["rules"][0]["findings"][0]) == ["message", "file", "tab", "row", "column", "value", "link"]


def test_json_carries_how_to_fix() -> None:
    rules = {r["id"]: r for r in school_report("en")["rules"]}
    assert rules["INF-COMPUTERS"]["explain"] == "Repair broken computers, then update the Status column."
    assert rules["INF-INTERNET"]["explain"] is None
    assert rules["INF-COMPUTERS"]["points"] == 3


def test_markdown_escapes_school_provided_markup() -> None:
    text = markdown.dumps(district_report("vi", first_name=SCRIPT_NAME + " | *x*"), "vi")
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"\| \*x\*" in text
    for line in text.splitlines():
        if line.startswith("| ") and "alert" in line:
            assert line.count(" | ") == 5  # the escaped pipe did not add a column


def test_report_dates_are_written_day_first_and_odd_values_pass_through() -> None:
    from elschool_audit.reports.cells import day

    assert day("2017-01-31") == "31/01/2017"
    assert day("sometime") == "sometime"
