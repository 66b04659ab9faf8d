"""POL-DRIVE-RECORDS: every record kind present, each file modified within 31 days of the audit."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from elschool_audit.audit import audit_school
from elschool_audit.roster import load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.local import LocalSource

AS_OF = dt.date(2017, 1, 31)


def _result(district: Path, school_id: str = "thcs-ai-mo"):  # a pilot school: the full model
    roster = load_roster(district)
    result = audit_school(load_rubric(None), roster.find(school_id), LocalSource(district), AS_OF)
    return next(r for r in result.results if r.rule_id == "POL-DRIVE-RECORDS")


def _set_mtime(path: Path, day: dt.date) -> None:
    stamp = dt.datetime.combine(day, dt.time(12)).timestamp()
    os.utime(path, (stamp, stamp))


def test_files_modified_within_31_days_pass(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, AS_OF - dt.timedelta(days=10))
    rule = _result(district)
    assert rule.status == "pass", rule.findings
    assert rule.measured is not None and rule.measured.params["ok"] == rule.measured.params["n"] == 15


def test_a_stale_file_fails_and_is_named(district: Path) -> None:
    folder = district / "thcs-ai-mo"
    for path in folder.iterdir():
        _set_mtime(path, AS_OF - dt.timedelta(days=3))
    _set_mtime(folder / "Nhat ky bao tri.xlsx", dt.date(2016, 11, 2))
    rule = _result(district)
    assert rule.status == "fail"
    (finding,) = rule.findings
    assert finding.file == "Nhat ky bao tri.xlsx"
    assert finding.value == "02/11/2016"
    assert finding.message.params["days"] == 90 and finding.message.params["max"] == 31


def test_a_file_modified_after_the_audit_date_counts_as_kept_up(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, dt.date(2017, 3, 1))  # auditing January today: later edits are not staleness
    assert _result(district).status == "pass"


def test_a_missing_kind_fails(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, AS_OF)
    (district / "thcs-ai-mo" / "Chuyen de.xlsx").unlink()
    rule = _result(district)
    assert rule.status == "fail"
    assert {f.message.key for f in rule.findings} == {"sheet_missing"}
