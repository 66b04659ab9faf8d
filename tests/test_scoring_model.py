"""The scoring model (issue 14): bonus beside the score, must-pass components, scores before and after
waivers, stated in every report; the audit date must lie in the rubric's school year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from elschool_audit.engine import as_of_view, evaluate
from elschool_audit.errors import ConfigError
from elschool_audit.reports.records import school_report, score_notes
from elschool_audit.rubric.model import Waiver
from tests.builders import CALENDAR, checklist_item, device, post, rubric, school, workbook

NOV_30 = dt.date(2016, 11, 30)
WORKING = {"type": "all_rows", "sheet": "devices", "condition": {"status": "working"}}
CAMERAS = {"type": "all_rows", "sheet": "devices", "where": {"type": "camera"}, "condition": {"status": "working"}}


def rule(rule_id: str, points: float, check: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"id": rule_id, "points": points, "check": check, **kw}


BONUS = rubric(
    {
        "id": "infra",
        "rules": [
            rule("INF-A", 4, WORKING),
            rule("INF-B", 1, {"type": "checklist", "items": ["CL-A"]}),
            rule("SW-BONUS", 1, {"type": "checklist", "items": ["CL-BONUS"]}, bonus=True),
        ],
    },
    pass_mark=0.8,
)


def test_bonus_never_lifts_a_school_over_the_pass_mark() -> None:
    """4 of 5 required points with 1 bonus point: 80% with or without the bonus, never 100%."""
    wb = workbook(
        devices=[device("PC-1")], checklist=[checklist_item("CL-A", "Không"), checklist_item("CL-BONUS", "Có")]
    )
    result = evaluate(BONUS, school(), wb, NOV_30)
    assert (result.earned, result.possible, result.bonus) == (4, 5, 1)
    assert result.score == pytest.approx(0.8)
    assert result.meets_standard  # at the pass mark on required points alone
    below = evaluate(BONUS.model_copy(update={"pass_mark": 0.85}), school(), wb, NOV_30)
    assert below.score_with_bonus == 1.0  # 5/5 with the bonus …
    assert not below.meets_standard  # … yet 80% < 85%: bonus does not decide


COMPONENTS = rubric(
    {"id": "infra", "rules": [rule("INF-CAMERAS", 2, CAMERAS, levels=["MN"])]},
    {"id": "portal", "rules": [rule("POR-A", 30, {"type": "presence", "sheet": "posts"})]},
    pass_mark=0.8,
    components=[
        {"id": "portal", "title": {"vi": "Cổng TTĐT", "en": "Portal"}, "profiles": ["partial"], "sections": ["portal"]},
        {
            "id": "cameras",
            "title": {"vi": "Camera", "en": "Cameras"},
            "levels": ["MN"],
            "profiles": ["partial"],
            "rules": ["INF-CAMERAS"],
        },
    ],
)


def _cams(status: str) -> list[dict[str, Any]]:
    return [device("CAM-1", "Camera", status=status), device("CAM-2", "Camera", status=status)]


def test_a_must_pass_component_failing_fails_the_school_whatever_the_total() -> None:
    broken = workbook(devices=_cams("Hỏng"), posts=[post("05/09/2016", "Chuyên môn")])
    result = evaluate(COMPONENTS, school("MN", pilot=False), broken, NOV_30)
    assert result.score == pytest.approx(30 / 32)  # 93.8% overall …
    assert [(c.component, c.passed) for c in result.components] == [("portal", True), ("cameras", False)]
    assert not result.meets_standard  # … but every camera is broken
    working = workbook(devices=_cams("Hoạt động tốt"), posts=[post("05/09/2016", "Chuyên môn")])
    assert evaluate(COMPONENTS, school("MN", pilot=False), working, NOV_30).meets_standard


def test_components_apply_only_to_their_level_and_model() -> None:
    broken = workbook(devices=_cams("Hỏng"), posts=[post("05/09/2016", "Chuyên môn")])
    assert evaluate(COMPONENTS, school("MN", pilot=True), broken, NOV_30).components == ()  # full model
    th = evaluate(COMPONENTS, school("TH", pilot=False), broken, NOV_30)
    assert [c.component for c in th.components] == ["portal"]


def test_a_component_names_known_rules_and_sections() -> None:
    with pytest.raises(ValueError, match="no rule 'NOPE'"):
        rubric(
            {"id": "infra", "rules": [rule("INF-A", 1, WORKING)]},
            components=[{"id": "x", "title": {"vi": "x", "en": "x"}, "rules": ["NOPE"]}],
        )


WAIVABLE = rubric(
    {"id": "infra", "rules": [rule("INF-A", 3, WORKING), rule("INF-B", 1, {"type": "checklist", "items": ["CL-A"]})]},
    pass_mark=0.8,
)


def test_scores_before_and_after_waivers() -> None:
    wb = workbook(devices=[device("PC-1", status="Hỏng")], checklist=[checklist_item("CL-A", "Có")])
    waiver = Waiver(school="th-thu-nghiem", rule="INF-A", reason="Phòng Tin đang sửa", expires=None)
    result = evaluate(WAIVABLE, school(), wb, NOV_30, waivers=[waiver])
    waived = next(r for r in result.results if r.rule_id == "INF-A")
    assert waived.status == "waived"
    assert waived.unwaived == ("fail", 0.0, 3.0)  # still checked
    assert result.score == 1.0  # after waivers: 1/1
    assert result.score_before_waivers == pytest.approx(1 / 4)  # before: the broken PC counts
    rec = school_report(result, WAIVABLE, "en")
    assert rec["scoring"]["score_before_waivers"] == 0.25
    assert rec["scoring"]["score_after_waivers"] == 1.0
    assert rec["scoring"]["waived"] == 1
    notes = score_notes(rec, "en")
    assert notes[0].startswith("Scoring: score = points earned")
    assert notes[1] == "Before waivers: 25.0% · after waivers: 100.0% (1 rules waived)"


def test_every_school_record_states_the_scoring_model() -> None:
    wb = workbook(devices=_cams("Hỏng"), posts=[post("05/09/2016", "Chuyên môn")])
    rec = school_report(evaluate(COMPONENTS, school("MN", pilot=False), wb, NOV_30), COMPONENTS, "vi")
    assert rec["scoring"]["model"] == "points"
    assert rec["scoring"]["bonus_counts_toward_verdict"] is False
    assert "mô hình một phần" in rec["scoring"]["text"]
    assert "Camera" in rec["scoring"]["text"]
    assert [c["id"] for c in rec["scoring"]["components"] if not c["passed"]] == ["cameras"]
    assert any(n.startswith("Chưa đạt phần «Camera»") for n in score_notes(rec, "vi"))


# ---------------------------------------------------------------- the audit date and the school year


YEAR = rubric(
    {"id": "infra", "rules": [rule("INF-A", 1, WORKING)]},
    calendar={**CALENDAR.model_dump(by_alias=True), "year": 2016},
)


@pytest.mark.parametrize("as_of", [dt.date(2016, 9, 4), dt.date(2017, 9, 5), dt.date(2015, 12, 1)])
def test_an_audit_date_outside_the_rubrics_school_year_is_refused(as_of: dt.date) -> None:
    with pytest.raises(ConfigError) as err:
        evaluate(YEAR, school(), workbook(devices=[device("PC-1")]), as_of)
    assert "outside the rubric's school year" in err.value.text("en")
    assert "ngoài năm học" in err.value.text("vi")


@pytest.mark.parametrize("as_of", [dt.date(2016, 9, 5), NOV_30, dt.date(2017, 7, 15), dt.date(2017, 9, 4)])
def test_an_audit_date_inside_it_is_judged(as_of: dt.date) -> None:
    assert evaluate(YEAR, school(), workbook(devices=[device("PC-1")]), as_of).score == 1.0


def test_rows_dated_after_the_audit_date_never_count() -> None:
    wb = workbook(posts=[post("05/09/2016", "Chuyên môn"), post("05/12/2016", "Chuyên môn")])
    view = as_of_view(wb, NOV_30)
    assert len(view.tables["posts"].frame) == 1
    presence = rubric({"id": "portal", "rules": [rule("POR-A", 1, {"type": "presence", "sheet": "posts"})]})
    late_only = workbook(posts=[post("05/12/2016", "Chuyên môn")])
    assert evaluate(presence, school(), late_only, NOV_30).results[0].status == "fail"
    assert evaluate(presence, school(), late_only, dt.date(2016, 12, 5)).results[0].status == "pass"
