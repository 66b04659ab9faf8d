"""The bundled sample district trips exactly its planted defects, and reports exactly its planted data problems.

The generator (scripts/make_sample_sheets.py) is the single source of truth: its DEFECTS list names
the (school, rule) pairs that must fail, its DATA_PROBLEMS the parser problems that must be
reported. Anything else failing is a bug in the rubric, the engine or the sample data.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from elschool_audit.audit import audit_district
from elschool_audit.results import DistrictResult
from elschool_audit.roster import Roster, load_roster
from elschool_audit.rubric.loader import LoadedRubric, bundle_rubric, load_rubric
from tests.conftest import SampleSource

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_sheets"
RUBRIC = bundle_rubric("longbien-2016-17")
AS_OF = dt.date(2017, 1, 31)


def _generator() -> ModuleType:
    name = "make_sample_sheets"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "make_sample_sheets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _generator()


@pytest.fixture(scope="module")
def loaded() -> LoadedRubric:
    return load_rubric(RUBRIC)


@pytest.fixture(scope="module")
def roster() -> Roster:
    return load_roster(SAMPLES)


@pytest.fixture(scope="module")
def source(sample_source: SampleSource) -> SampleSource:
    """Each school's folder read once per session (shared with the evidence property test)."""
    return sample_source


@pytest.fixture(scope="module")
def district(loaded: LoadedRubric, roster: Roster, source: SampleSource) -> DistrictResult:
    return audit_district(loaded, roster, source, AS_OF)


def test_every_school_is_audited(district: DistrictResult, roster: Roster) -> None:
    assert [s.school_id for s in district.schools] == [s.id for s in roster.schools]
    assert not district.failed_to_audit


def test_exactly_the_planted_defects_fail(district: DistrictResult, gen: ModuleType) -> None:
    tripped = {(s.school_id, r.rule_id) for s in district.schools for r in s.results if r.status in ("fail", "error")}
    planted = {(d.school, d.rule) for d in gen.DEFECTS}
    assert tripped - planted == set(), "unplanned failures"
    assert planted - tripped == set(), "planted defects the audit missed"


def test_planted_defects_fail_rather_than_error(district: DistrictResult) -> None:
    """A planted defect is a real shortcoming the rule detects, not a sheet the check could not read."""
    errors = [(s.school_id, r.rule_id) for s in district.schools for r in s.results if r.status == "error"]
    assert errors == []


def test_exactly_the_planted_data_problems_are_reported(district: DistrictResult, gen: ModuleType) -> None:
    reported = Counter((s.school_id, p.message.key) for s in district.schools for p in s.problems)
    planted = Counter((p.school, p.code) for p in gen.DATA_PROBLEMS)
    assert reported == planted


def test_defects_name_real_rules_and_cover_every_section(loaded: LoadedRubric, gen: ModuleType) -> None:
    section_of = {rule.id: section.id for section, rule in loaded.rubric.rules()}
    unknown = [d.rule for d in gen.DEFECTS if d.rule not in section_of]
    assert unknown == []
    covered = {section_of[d.rule] for d in gen.DEFECTS}
    assert covered == {s.id for s in loaded.rubric.sections}


def test_defects_cover_new_rules_in_every_section(loaded: LoadedRubric, gen: ModuleType) -> None:
    """Each section has at least one planted defect on a rule beyond the original 24-rule rubric."""
    original = {
        "INF-COMPUTERS-WORKING", "INF-SECURITY-SOFTWARE", "INF-OTHER-DEVICES-WORKING", "INF-CAMERAS-WORKING",
        "INF-INTERNET-BACKUP", "INF-SOFTWARE-ISSUE-LOG", "ROOM-LESSON-IT-RATE", "ROOM-USAGE-LOG",
        "ROOM-MAINTENANCE", "SW-REQUIRED-IN-USE", "SW-FINANCE-UPDATED", "SW-ASSETS-UPDATED",
        "SW-NETOP-INSTALLED", "SW-KIDSMART", "SW-ENCOURAGED", "TOPIC-MONTHLY-PILOT", "PORTAL-WEEKLY-SCHEDULE",
        "PORTAL-THREE-DISCLOSURES", "NEWS-PROFESSIONAL", "NEWS-UNIONS", "NEWS-SCHOOL-ACTIVITIES",
        "NEWS-IMAGE-WIDTH", "POL-SCHOOL-ACCOUNT", "POL-ROLES",
    }  # fmt: skip
    section_of = {rule.id: section.id for section, rule in loaded.rubric.rules()}
    new_by_section = {section_of[d.rule] for d in gen.DEFECTS if d.rule not in original}
    # A section whose only new rules judge file modification times cannot be planted: a checkout
    # gives every sample file today's time (POL-DRIVE-RECORDS, which no longer charges a missing
    # tab its own rule already charges; its cases are in test_rubric_rules and files_fresh.yaml).
    unplantable = {
        s.id
        for s in loaded.rubric.sections
        if all(r.check.type == "files_fresh" for r in s.rules if r.id not in original)
    }
    assert new_by_section == {s.id for s in loaded.rubric.sections} - unplantable
    assert unplantable == {"policy"}


def test_partial_model_schools_have_planted_defects(district: DistrictResult, gen: ModuleType) -> None:
    partial = {s.school_id for s in district.schools if s.profile == "partial"}
    assert partial and partial <= {d.school for d in gen.DEFECTS}


def test_district_shape(roster: Roster) -> None:
    """Six schools or more: two per level, a pilot and a partial-model school per level, one CLC primary."""
    for level in ("MN", "TH", "THCS"):
        schools = [s for s in roster.schools if s.level == level]
        assert len(schools) >= 2
        assert {s.pilot for s in schools} == {True, False}
    assert any(s.clc and s.level == "TH" for s in roster.schools)


def test_usage_logs_are_plausible_and_tet_aware(roster: Roster, loaded: LoadedRubric, source: SampleSource) -> None:
    for school in roster.schools:
        wb = source.collect(school)
        log = wb.table("usage_log")
        assert log is not None
        assert len(log) >= 200, f"{school.id}: only {len(log)} usage-log rows"
        dates = log.frame["date"].dropna()
        assert dates.min() >= dt.datetime(2016, 9, 5) and dates.max() <= dt.datetime(2017, 1, 31)
        for brk in loaded.rubric.calendar.breaks:
            inside = dates[
                (dates >= dt.datetime.combine(brk.start, dt.time()))
                & (dates <= dt.datetime.combine(brk.end, dt.time()))
            ]
            assert inside.empty, f"{school.id}: lessons logged during {brk.name}"
        assert (dates.dt.day_of_week < 5).all(), f"{school.id}: lessons logged at the weekend"


def test_every_sheet_kind_is_in_the_sample(roster: Roster, source: SampleSource) -> None:
    from elschool_audit.sheets.kinds import catalogue

    seen: set[str] = set()
    for school in roster.schools:
        seen |= set(source.collect(school).tables)
    assert seen == set(catalogue().kinds)


def test_committed_readme_matches_the_generator(gen: ModuleType, tmp_path: Path) -> None:
    """sample_sheets/README.md is generated: a DEFECTS change without regenerating shows up here."""
    gen.write_readme(tmp_path)
    assert (SAMPLES / "README.md").read_text(encoding="utf-8") == (tmp_path / "README.md").read_text(encoding="utf-8")


CELL_RULES = {
    # rules whose planted defect is a cell the school can fix: the finding names file, tab, row and
    # column, and shows the value found there (the expected one is in the message)
    "INF-COMPUTERS-WORKING", "SW-KIDSMART", "SW-NETOP-INSTALLED", "SW-VIRTUAL-LAB", "SW-BOARD-SOFTWARE",
    "SW-REQUIRED-IN-USE", "ROOM-ADMIN-SOFTWARE-USE", "ROOM-ROBOTICS-SOFTWARE", "TRAIN-STUDENTS-WEB",
    "TOPIC-DISTRICT-ATTENDANCE", "PORTAL-THREE-DISCLOSURES", "NEWS-IMAGE-WIDTH", "DOC-PDF", "DOC-SENT-ONLINE",
    "SW-FINANCE-UPDATED", "SW-STUDENTS-UPDATED", "ROOM-MAINTENANCE", "RES-NAMING", "RES-ELECTURE-HTML5",
}  # fmt: skip


def test_findings_point_at_the_cell_with_the_value_found(district: DistrictResult) -> None:
    """Issue 14: a finding says where (file, tab, row, column) and what was found, for every rule
    whose defect is one cell; every finding of any failing rule names at least its file."""
    seen = set()
    for school in district.schools:
        for result in school.results:
            if result.status not in ("fail", "error"):
                continue
            for f in result.findings:
                where = (school.school_id, result.rule_id)
                assert f.location.file or f.message.key == "sheet_missing", where
                if result.rule_id in CELL_RULES and f.location.row is not None:
                    seen.add(result.rule_id)
                    assert f.location.tab and f.location.column and f.location.value, (where, f)
    assert seen == CELL_RULES
