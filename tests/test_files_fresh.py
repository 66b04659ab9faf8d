"""POL-DRIVE-RECORDS: the three records the guideline names (usage log, monthly evaluation, issue
log), each file modified within 31 days of the audit; a missing one is charged once, elsewhere."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from elschool_audit.audit import audit_school
from elschool_audit.roster import load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.local import LocalSource

AS_OF = dt.date(2017, 1, 31)


def _result(district: Path, school_id: str = "thcs-ai-mo", rule_id: str = "POL-DRIVE-RECORDS"):
    roster = load_roster(district)  # thcs-ai-mo is a pilot school: the full model
    result = audit_school(load_rubric(None), roster.find(school_id), LocalSource(district), AS_OF)
    return next(r for r in result.results if r.rule_id == rule_id)


def _set_mtime(path: Path, day: dt.date) -> None:
    stamp = dt.datetime.combine(day, dt.time(12)).timestamp()
    os.utime(path, (stamp, stamp))


def test_files_modified_within_31_days_pass(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, AS_OF - dt.timedelta(days=10))
    rule = _result(district)
    assert rule.status == "pass", rule.findings
    assert rule.measured is not None and rule.measured.params["ok"] == rule.measured.params["n"] == 3


def test_a_stale_file_fails_and_is_named(district: Path) -> None:
    folder = district / "thcs-ai-mo"
    for path in folder.iterdir():
        _set_mtime(path, AS_OF - dt.timedelta(days=3))
    _set_mtime(folder / "Nhat ky su dung thiet bi.xlsx", dt.date(2016, 11, 2))
    rule = _result(district)
    assert rule.status == "fail"
    assert rule.findings and {f.location.file for f in rule.findings} == {"Nhat ky su dung thiet bi.xlsx"}
    finding = rule.findings[0]
    assert finding.location.value == "02/11/2016"
    assert finding.message.params["days"] == 90 and finding.message.params["max"] == 31


def test_a_file_modified_after_the_audit_date_counts_as_kept_up(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, dt.date(2017, 3, 1))  # auditing January today: later edits are not staleness
    assert _result(district).status == "pass"


def test_a_missing_record_is_charged_once_by_the_rule_that_reads_it(district: Path) -> None:
    for path in (district / "thcs-ai-mo").iterdir():
        _set_mtime(path, AS_OF)
    (district / "thcs-ai-mo" / "Nhat ky su dung thiet bi.xlsx").unlink()
    assert _result(district, rule_id="ROOM-USAGE-LOG").status == "error"  # no log: cannot be checked
    rule = _result(district)
    assert rule.status != "fail" and not any(f.message.key == "sheet_missing" for f in rule.findings)
