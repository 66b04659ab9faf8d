"""The engine: which rules apply to a school, waivers, bonus and informational rules, scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from elschool_audit.engine import applicability, evaluate, month_end
from elschool_audit.i18n import render
from elschool_audit.results import RuleResult, SchoolResult
from elschool_audit.roster import School
from elschool_audit.rubric import checks
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.rubric.model import Waiver
from tests.builders import checklist_item, device, post, row_of, rubric, school, workbook

D = dt.date
NOV_30 = D(2016, 11, 30)

WORKING = {"type": "all_rows", "sheet": "devices", "condition": {"status": "working"}}
CHECKLIST_A = {"type": "checklist", "items": ["CL-A"]}


def rule(rule_id: str, points: float = 1, check: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return {"id": rule_id, "points": points, "check": check or WORKING, **kw}


def by_id(result: SchoolResult) -> dict[str, RuleResult]:
    return {r.rule_id: r for r in result.results}


# ---------------------------------------------------------------- applicability

APPLICABILITY = rubric(
    {
        "id": "infra",
        "rules": [
            rule("ALL-LEVELS"),
            rule("TH-ONLY", levels=["TH"]),
            rule("FULL-ONLY", profiles=["full"]),
            rule("PARTIAL-MN", partial_levels=["MN"]),
            rule("PILOT-ONLY", pilot_only=True),
            rule("CLC-ONLY", levels=["TH"], clc_only=True),
            rule("DUE-DEC", due="12-01"),
        ],
    }
)


def reason(rule_id: str, sch: Any, as_of: dt.date = NOV_30, profile: Any = None) -> tuple[str, dict[str, Any]] | None:
    found = APPLICABILITY.rule(rule_id)
    assert found is not None
    msg = applicability(found[1], sch, profile or sch.profile, as_of, APPLICABILITY)
    return None if msg is None else (msg.key, msg.params)


def test_a_rule_for_every_level_applies_to_everyone() -> None:
    for level in ("MN", "TH", "THCS"):
        for pilot in (True, False):
            assert reason("ALL-LEVELS", school(level, pilot=pilot)) is None


def test_levels() -> None:
    assert reason("TH-ONLY", school("TH")) is None
    assert reason("TH-ONLY", school("THCS")) == ("na_level", {"level": "THCS"})


def test_profiles() -> None:
    assert reason("FULL-ONLY", school("TH", pilot=True)) is None
    key, params = reason("FULL-ONLY", school("TH", pilot=False)) or ("", {})
    assert key == "na_profile"
    assert params["profile"] == "partial"
    assert reason("FULL-ONLY", school("TH", pilot=False), profile="full") is None  # explicit override


def test_partial_levels_only_restrict_the_partial_model() -> None:
    assert reason("PARTIAL-MN", school("MN", pilot=False)) is None
    assert reason("PARTIAL-MN", school("TH", pilot=False)) == ("na_partial_level", {"level": "TH"})
    assert reason("PARTIAL-MN", school("TH", pilot=True)) is None


def test_pilot_only() -> None:
    assert reason("PILOT-ONLY", school(pilot=True)) is None
    assert reason("PILOT-ONLY", school(pilot=False)) == ("na_pilot", {})


def test_clc_only() -> None:
    assert reason("CLC-ONLY", school("TH", clc=True)) is None
    assert reason("CLC-ONLY", school("TH", clc=False)) == ("na_clc", {})


def test_due_dates() -> None:
    assert reason("DUE-DEC", school(), D(2016, 11, 30)) == ("na_due", {"due": "01/12/2016"})
    # the due day itself is the school's to the last hour: still pending, judged from the next day
    assert reason("DUE-DEC", school(), D(2016, 12, 1)) == ("na_due", {"due": "01/12/2016"})
    assert reason("DUE-DEC", school(), D(2016, 12, 2)) is None
    assert reason("DUE-DEC", school(), D(2017, 3, 1)) is None


def test_not_applicable_rules_are_left_out_of_the_total() -> None:
    wb = workbook(devices=[device("PC-1")])
    result = evaluate(APPLICABILITY, school("THCS", pilot=False), wb, NOV_30)
    statuses = {r.rule_id: r.status for r in result.results}
    assert statuses == {
        "ALL-LEVELS": "pass",
        "TH-ONLY": "not_applicable",
        "FULL-ONLY": "not_applicable",
        "PARTIAL-MN": "not_applicable",
        "PILOT-ONLY": "not_applicable",
        "CLC-ONLY": "not_applicable",
        "DUE-DEC": "not_applicable",
    }
    assert (result.earned, result.possible) == (1, 1)
    na = by_id(result)["TH-ONLY"]
    assert (na.points_earned, na.points_possible, na.findings) == (0, 0, ())
    assert na.note is not None and na.note.key == "na_level"


# ---------------------------------------------------------------- scoring

SCORING = rubric(
    {"id": "infra", "rules": [rule("INF-A", 3), rule("INF-B", 2, CHECKLIST_A)]},
    {
        "id": "portal",
        "rules": [
            rule("POR-A", 4, {"type": "presence", "sheet": "posts"}),
            rule("POR-BONUS", 2, CHECKLIST_A | {"items": ["CL-BONUS"]}, bonus=True),
            rule("POR-INFO", 5, {"type": "presence", "sheet": "posts"}, informational=True),
        ],
    },
    pass_mark=0.75,
)


def test_scores_per_section_and_total() -> None:
    wb = workbook(
        devices=[device("PC-1"), device("PC-2", status="Hỏng")],
        checklist=[checklist_item("CL-A", "Có")],
        posts=[post("05/09/2016", "Chuyên môn")],
    )
    result = evaluate(SCORING, school(), wb, NOV_30)
    r = by_id(result)
    assert (r["INF-A"].status, r["INF-A"].points_earned, r["INF-A"].points_possible) == ("fail", 0, 3)
    assert (r["INF-B"].status, r["INF-B"].points_earned, r["INF-B"].points_possible) == ("pass", 2, 2)
    assert [(s.section, s.earned, s.possible) for s in result.sections] == [("infra", 2, 5), ("portal", 4, 4)]
    assert (result.earned, result.possible, result.bonus) == (6, 9, 0)
    assert result.score == pytest.approx(6 / 9)
    assert not result.meets_standard  # 66.7% < 75%
    f = r["INF-A"].findings[0]
    assert (f.location.row, f.location.value) == (row_of(1), "Hỏng")
    assert r["INF-A"].findings_total == 1


def test_meets_the_standard_exactly_at_the_pass_mark() -> None:
    wb = workbook(
        devices=[device("PC-1"), device("PC-2", status="Hỏng")],
        checklist=[checklist_item("CL-A", "Có")],
        posts=[post("05/09/2016", "Chuyên môn")],
    )
    result = evaluate(SCORING.model_copy(update={"pass_mark": 6 / 9}), school(), wb, NOV_30)
    assert result.meets_standard
    fixed = workbook(
        devices=[device("PC-1")],
        checklist=[checklist_item("CL-A", "Có")],
        posts=[post("05/09/2016", "Chuyên môn")],
    )
    result = evaluate(SCORING, school(), fixed, NOV_30)
    assert (result.earned, result.possible, result.score, result.meets_standard) == (9, 9, 1.0, True)


def test_bonus_rule_not_earned_is_information_not_a_failure() -> None:
    wb = workbook(devices=[device("PC-1")], checklist=[checklist_item("CL-A", "Có")], posts=[post("05/09/2016", "X")])
    bonus = by_id(evaluate(SCORING, school(), wb, NOV_30))["POR-BONUS"]
    assert (bonus.status, bonus.points_earned, bonus.points_possible, bonus.bonus) == ("info", 0, 0, True)
    assert [f.message.key for f in bonus.findings] == ["checklist_missing"]  # still says what to do


def test_bonus_rule_earned_adds_to_earned_not_to_possible() -> None:
    wb = workbook(
        devices=[device("PC-1"), device("PC-2", status="Hỏng")],
        checklist=[checklist_item("CL-A", "Có"), checklist_item("CL-BONUS", "Có")],
        posts=[post("05/09/2016", "Chuyên môn")],
    )
    result = evaluate(SCORING, school(), wb, NOV_30)
    bonus = by_id(result)["POR-BONUS"]
    assert (bonus.status, bonus.points_earned, bonus.points_possible) == ("pass", 2, 0)
    assert (result.earned, result.possible, result.bonus) == (6, 9, 2)
    # Bonus is shown beside the score, never in it: 66.7% (+2 bonus) stays below the 75% pass mark.
    assert result.score == pytest.approx(6 / 9)
    assert result.score_with_bonus == pytest.approx(8 / 9)
    assert not result.meets_standard
    portal = next(s for s in result.sections if s.section == "portal")
    assert (portal.earned, portal.possible) == (4, 4)  # the section shows required points only


def test_score_with_bonus_is_capped_at_one() -> None:
    wb = workbook(
        devices=[device("PC-1")],
        checklist=[checklist_item("CL-A", "Có"), checklist_item("CL-BONUS", "Có")],
        posts=[post("05/09/2016", "Chuyên môn")],
    )
    result = evaluate(SCORING, school(), wb, NOV_30)
    assert (result.score, result.score_with_bonus) == (1.0, 1.0)


def test_informational_rules_are_shown_not_scored() -> None:
    wb = workbook(devices=[device("PC-1")], checklist=[checklist_item("CL-A", "Có")])
    result = evaluate(SCORING, school(), wb, NOV_30)
    info = by_id(result)["POR-INFO"]
    assert (info.status, info.points_earned, info.points_possible) == ("info", 0, 0)
    assert info.measured is not None and info.measured.params == {"n": 0}
    assert [f.message.key for f in info.findings] == ["sheet_missing"]
    assert (result.earned, result.possible) == (5, 9)  # POR-A failed: posts are missing


def test_missing_input_is_an_error_that_earns_nothing() -> None:
    wb = workbook(posts=[post("05/09/2016", "Chuyên môn")])
    result = evaluate(SCORING, school(), wb, NOV_30)
    r = by_id(result)
    assert (r["INF-A"].status, r["INF-A"].points_earned, r["INF-A"].points_possible) == ("error", 0, 3)
    assert r["INF-A"].measured is not None and r["INF-A"].measured.key == "sheet_missing"
    assert (result.earned, result.possible) == (4, 9)
    assert result.counts()["error"] == 3  # INF-A, INF-B and the bonus rule cannot be checked


def test_a_school_with_nothing_applicable_has_no_score() -> None:
    only_thcs = rubric({"id": "infra", "rules": [rule("INF-A", levels=["THCS"])]})
    result = evaluate(only_thcs, school("TH"), workbook(devices=[device("PC-1")]), NOV_30)
    assert result.possible == 0
    assert result.score is None
    assert not result.meets_standard


def test_a_crashing_check_is_an_error_for_that_rule_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: Any, ctx: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks.REGISTRY["checklist"], "evaluate", boom)
    wb = workbook(devices=[device("PC-1")], posts=[post("05/09/2016", "Chuyên môn")])
    result = evaluate(SCORING, school(), wb, NOV_30)
    r = by_id(result)
    assert r["INF-B"].status == "error"
    assert r["INF-B"].measured is not None
    assert r["INF-B"].measured.key == "internal_error"
    assert r["INF-B"].measured.params == {"error": "ZeroDivisionError: division by zero"}
    assert len(r["INF-B"].findings) == 1
    assert (r["INF-A"].status, r["POR-A"].status) == ("pass", "pass")
    assert (result.earned, result.possible) == (7, 9)


def test_workbook_problems_are_carried_into_the_result() -> None:
    wb = workbook(devices=[device("PC-1", year="năm ngoái")])
    result = evaluate(SCORING, school(), wb, NOV_30)
    (problem,) = result.problems
    assert problem.message.key == "value_unreadable"
    assert (problem.location.row, problem.location.value) == (row_of(0), "năm ngoái")
    assert problem.location.column is not None and problem.location.column.startswith("E ")


def test_result_metadata() -> None:
    sch = school("THCS", pilot=False, id="thcs-ai-mo")
    result = evaluate(SCORING, sch, workbook(devices=[device("PC-1")]), NOV_30, rubric_hash="abc", source="here")
    assert (result.school_id, result.level, result.profile, result.pilot) == ("thcs-ai-mo", "THCS", "partial", False)
    assert (result.rubric_id, result.rubric_hash, result.source, result.as_of) == ("test-rubric", "abc", "here", NOV_30)
    assert [r.rule_id for r in result.results] == ["INF-A", "INF-B", "POR-A", "POR-BONUS", "POR-INFO"]
    assert [r.section for r in result.results] == ["infra", "infra", "portal", "portal", "portal"]


# ---------------------------------------------------------------- waivers

WB_BROKEN = workbook(
    devices=[device("PC-1", status="Hỏng")],
    checklist=[checklist_item("CL-A", "Có")],
    posts=[post("05/09/2016", "Chuyên môn")],
)


DEC_31 = D(2016, 12, 31)


def waiver(rule_id: str = "INF-A", expires: dt.date | None = DEC_31, sch: str = "th-thu-nghiem") -> Waiver:
    return Waiver(school=sch, rule=rule_id, reason="Máy hỏng chờ thanh lý", expires=expires)


def test_an_active_waiver_waives_the_rule_with_its_reason() -> None:
    result = evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=[waiver()])
    r = by_id(result)["INF-A"]
    assert (r.status, r.points_earned, r.points_possible, r.findings) == ("waived", 0, 0, ())
    assert r.note is not None and r.note.key == "waived"
    assert r.note.params == {"reason": "Máy hỏng chờ thanh lý", "expires": "31/12/2016"}
    assert (result.earned, result.possible) == (6, 6)
    assert result.counts()["waived"] == 1


def test_a_waiver_is_active_on_its_expiry_day_and_without_expiry() -> None:
    assert by_id(evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=[waiver(expires=NOV_30)]))["INF-A"].status == (
        "waived"
    )
    forever = by_id(evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=[waiver(expires=None)]))["INF-A"]
    assert forever.status == "waived"
    assert forever.note is not None
    assert render(forever.note, "vi").endswith("(không thời hạn)")  # never "(đến )"
    assert render(forever.note, "en").endswith("(no end date)")


def test_rule_ids_in_waivers_are_case_insensitive() -> None:
    assert by_id(evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=[waiver("inf-a")]))["INF-A"].status == "waived"


def test_an_expired_waiver_counts_again_and_is_shown() -> None:
    result = evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=[waiver(expires=D(2016, 11, 29))])
    r = by_id(result)["INF-A"]
    assert (r.status, r.points_earned, r.points_possible) == ("fail", 0, 3)
    assert r.note is not None and r.note.key == "waiver_expired"
    assert r.note.params == {"expires": "29/11/2016", "reason": "Máy hỏng chờ thanh lý"}
    assert [f.location.value for f in r.findings] == ["Hỏng"]


def test_a_waiver_for_another_school_or_rule_does_nothing() -> None:
    waivers = [waiver(sch="th-khac"), waiver("INF-B")]
    r = by_id(evaluate(SCORING, school(), WB_BROKEN, NOV_30, waivers=waivers))
    assert r["INF-A"].status == "fail"
    assert r["INF-A"].note is None
    assert r["INF-B"].status == "waived"


def test_a_rule_that_does_not_apply_is_not_applicable_even_if_waived() -> None:
    only_thcs = rubric({"id": "infra", "rules": [rule("INF-A", levels=["THCS"])]})
    r = by_id(evaluate(only_thcs, school("TH"), WB_BROKEN, NOV_30, waivers=[waiver()]))["INF-A"]
    assert r.status == "not_applicable"


# ---------------------------------------------------------------- month_end


@pytest.mark.parametrize(
    ("month", "end"),
    [
        ("2016-11", D(2016, 11, 30)),
        ("2016-12", D(2016, 12, 31)),
        ("2017-02", D(2017, 2, 28)),
        ("2016-02", D(2016, 2, 29)),
    ],
)
def test_month_end(month: str, end: dt.date) -> None:
    assert month_end(month) == end


def test_month_end_refuses_month_13() -> None:
    with pytest.raises(ValueError):
        month_end("2016-13")


def test_a_room_type_the_level_does_not_have_is_a_located_note() -> None:
    wb = workbook(devices=[device("PC-1", room="Phòng Tin học"), device("PC-2", room="Phòng bộ môn Hóa")])
    preschool = School(id="mn", name="Trường Mầm non X", level="MN")
    rubric = load_rubric(None).rubric
    problems = [
        p for p in evaluate(rubric, preschool, wb, D(2016, 11, 30)).problems if p.message.key == "room_not_for_level"
    ]
    assert len(problems) == 1
    assert problems[0].location.value == "Phòng bộ môn Hóa" and problems[0].severity == "note"
    assert problems[0].location.column and problems[0].location.column.endswith("(Phòng)")
    secondary = School(id="thcs", name="Trường THCS X", level="THCS")
    assert not [
        p for p in evaluate(rubric, secondary, wb, D(2016, 11, 30)).problems if p.message.key == "room_not_for_level"
    ]
