"""The YAML pass/fail cases of every check type (``rubric/checks/cases/<type>.yaml``).

Each case is a small school (rows typed as a school types them, under Vietnamese headers), one
check as a rubric writes it, and the outcome expected: status, measured value, findings (only the
fields a case names are compared; the list of findings is compared in full, in order). The model
is sqlfluff's rule test cases: a check type is its module plus this file, and every registered
type must have at least one passing and one failing case.

    - name: a missing row fails and points at the tab
      as_of: 2016-11-30                # optional (default 30/11/2016)
      school: {level: THCS}            # optional, tests.builders.school's fields
      sheets:
        devices:                       # a sheet kind: a list of rows, or {file, tab, rows}
          - {Mã thiết bị: PC-1, Loại thiết bị: Máy tính, Phòng: Phòng Tin học, Tình trạng: Hỏng}
      check: {type: presence, sheet: devices, where: {status: working}}
      expect:
        status: fail
        measured: {key: rows_count, params: {n: 0}}
        findings:
          - {key: too_few_rows, tab: Thiết bị}
        total: 1                       # optional: findings counted, kept or not
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from elschool_audit.results import Finding, Msg
from elschool_audit.rubric.checks import REGISTRY
from tests.builders import Sheet, run, school, workbook

CASES_DIR = Path(str(resources.files("elschool_audit.rubric.checks") / "cases"))
FINDING_FIELDS = ("file", "tab", "row", "column", "value", "link")


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((path.stem, case))
    return out


CASES = _load()


def _plain(value: Any) -> Any:
    """Messages as {key, params} (nested ones too), so a case can write them as YAML."""
    if isinstance(value, Msg):
        return {"key": value.key, "params": _plain(value.params)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _sheet(spec: Any) -> Any:
    if isinstance(spec, dict):
        return Sheet(rows=spec["rows"], file=spec.get("file"), tab=spec.get("tab"), headers=spec.get("headers"))
    return spec


def _finding(f: Finding, want: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {"key": f.message.key}
    if "params" in want:
        got["params"] = {k: _plain(f.message.params.get(k)) for k in want["params"]}
    for name in FINDING_FIELDS:
        if name in want:
            got[name] = getattr(f.location, name)
    return got


@pytest.mark.parametrize(("check_type", "case"), CASES, ids=[f"{t}: {c['name']}" for t, c in CASES])
def test_check_case(check_type: str, case: dict[str, Any]) -> None:
    assert case["check"]["type"] == check_type, "a case file holds the cases of its own check type"
    wb = workbook(**{kind: _sheet(spec) for kind, spec in (case.get("sheets") or {}).items()})
    as_of = case.get("as_of", dt.date(2016, 11, 30))
    out = run(case["check"], wb, as_of, sch=school(**case.get("school", {})))
    expect = case["expect"]
    assert out.status == expect["status"], out
    if "measured" in expect:
        want = expect["measured"]
        got = _plain(out.measured)
        assert got["key"] == want["key"], got
        assert {k: got["params"].get(k) for k in want.get("params", {})} == want.get("params", {}), got
    if "findings" in expect:
        assert [_finding(f, w) for f, w in zip(out.findings, expect["findings"], strict=False)] == expect["findings"]
        assert len(out.findings) == len(expect["findings"]), out.findings
    if "total" in expect:
        assert out.total == expect["total"]


def test_every_check_type_has_a_passing_and_a_failing_case() -> None:
    statuses: dict[str, set[str]] = {}
    for check_type, case in CASES:
        statuses.setdefault(check_type, set()).add(case["expect"]["status"])
    for name in REGISTRY:
        assert {"pass", "fail"} <= statuses.get(name, set()), f"{name}: add cases/{name}.yaml with pass and fail"
