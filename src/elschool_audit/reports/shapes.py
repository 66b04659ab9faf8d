"""The report's records as types: what ``records`` builds, mypy checks, and the JSON schema is made of.

docs/report-schema.json is generated from these classes (``reports.schema``, ``make schema``) and a
test keeps the committed file equal to the generated one, so the documented shape and the built
one cannot drift. A class docstring becomes the object's ``description``; ``Annotated[T, Doc(...)]``
adds JSON-Schema keywords (a description, bounds, a format) to one field.
"""

from typing import Annotated, Any, Literal, NotRequired, TypedDict


class Doc:
    """JSON-Schema keywords for one field, beyond what its type says."""

    def __init__(self, description: str | None = None, **keywords: Any) -> None:
        self.keywords: dict[str, Any] = {**keywords, **({"description": description} if description else {})}


Ratio = Annotated[
    float | None,
    Doc(
        "A share from 0 to 1 (multiply by 100 for a percentage), rounded to 4 decimals; null when nothing was scored.",
        minimum=0,
        maximum=1,
    ),
]
Date = Annotated[str, Doc(format="date", pattern=r"^\d{4}-\d{2}-\d{2}$")]
Points = Annotated[float, Doc(minimum=0)]
Count = Annotated[int, Doc(minimum=0)]
Severity = Literal["error", "warning", "note"]
Status = Literal["pass", "fail", "error", "waived", "not_applicable", "info"]


class Tool(TypedDict):
    name: Literal["elschool-audit"]
    version: str


class RubricRef(TypedDict):
    id: str
    hash: Annotated[str, Doc("First 12 hex digits of the rubric file's SHA-256 (empty when unknown).")]
    title: str


class Envelope(TypedDict):
    """What every report starts with: which tool, rubric and language produced it."""

    schema: Literal["elschool-audit/report"]
    schema_version: Literal[1]
    kind: Literal["school", "district"]
    tool: Tool
    lang: Literal["vi", "en"]
    rubric: RubricRef


class FindingPlan(TypedDict, total=False):
    """The school's answers from a returned action plan (--plan), for a finding still open."""

    plan_reason: str
    plan_responsible: str
    plan_date: str


_COLUMN = (
    "The column letter and the header the school typed above it. A column the tab lacks, whose values "
    "were assumed from names, is its name and where the values came from, in the report's language "
    "(in English: “<name> (assumed: taken from the tab name)”)."
)


class FindingRecord(TypedDict):
    """One piece of evidence: what is wrong and where a person can see it."""

    message: str
    file: str | None
    tab: str | None
    row: Annotated[int | None, Doc(minimum=1)]
    column: Annotated[str | None, Doc(_COLUMN)]
    value: str | None
    link: Annotated[str | None, Doc("A link to the file (Drive sources only).")]
    plan: NotRequired[FindingPlan]


class ProblemRecord(TypedDict):
    """A problem with the input itself (unreadable value, unrecognised tab)."""

    severity: Severity
    code: str
    message: str
    file: str | None
    tab: str | None
    row: int | None
    column: Annotated[str | None, Doc(_COLUMN)]
    value: str | None
    link: NotRequired[Annotated[str, Doc("A link to the file (Drive sources only); absent when there is none.")]]


class RuleRecord(TypedDict):
    """One rule's result for one school."""

    id: str
    section: str
    clause: str | None
    title: str
    check: Annotated[str | None, Doc("The rubric check type (presence, share, ...).")]
    explain: Annotated[str | None, Doc("What the rule asks and how to fix it (`rubric explain`).")]
    points: Annotated[float, Doc("The rule's points in the rubric.", minimum=0)]
    status: Status
    status_label: str
    points_earned: Points
    points_possible: Points
    bonus: bool
    measured: str | None
    note: Annotated[str | None, Doc("Why not applicable, the waiver, or an expired waiver.")]
    findings_total: Annotated[int, Doc("Findings before the list was capped.", minimum=0)]
    findings: list[FindingRecord]
    assumed: NotRequired[
        Annotated[
            list[str],
            Doc(
                "Present only on a pass that rests on values assumed from names (no tab had these columns): "
                "the columns, as the books name them. status_label then says so."
            ),
        ]
    ]


class SectionRecord(TypedDict):
    id: str
    title: str
    earned: Points
    possible: Points
    score: Ratio


class SchoolInfo(TypedDict):
    id: str
    name: str
    level: Annotated[str, Doc(enum=["MN", "TH", "THCS"])]
    pilot: bool
    clc: bool
    profile: Annotated[str, Doc(enum=["full", "partial"])]
    source: str


class WaiverNotice(TypedDict):
    rule: str
    kind: Literal["expired", "expiring"]
    expires: Date
    text: str


class ComponentRecord(TypedDict):
    id: str
    title: str
    earned: float
    possible: float
    score: Ratio
    pass_mark: float
    passed: bool


class Scoring(TypedDict):
    """The scoring model stated beside the score (issue 14): how the score was computed, the score
    before and after waivers, and the must-pass components."""

    model: Annotated[
        Literal["points"],
        Doc(
            "Points earned ÷ points of the rules that apply; the points are the district's choice "
            "(the guideline gives none)."
        ),
    ]
    profile: str
    text: Annotated[str, Doc("The scoring model in one sentence, in the report's language.")]
    bonus_counts_toward_verdict: Literal[False]
    score_before_waivers: Annotated[
        Ratio, Doc("The score had no rule been waived (waived rules counted as their checks found them).")
    ]
    score_after_waivers: Annotated[Ratio, Doc("= score: the verdict's score.")]
    score_with_bonus: Annotated[Ratio, Doc("Information only: the score with bonus points added, capped at 1.")]
    waived: Count
    waivers_text: str | None
    waiver_notices: Annotated[
        list[WaiverNotice],
        Doc(
            "Waivers that expired before the audit date (the rule is scored again) or expire within 30 days "
            "of it; every format shows their text under the score."
        ),
    ]
    components: list[ComponentRecord]


Counts = TypedDict(
    "Counts",
    {"pass": Count, "fail": Count, "error": Count, "waived": Count, "not_applicable": Count, "info": Count},
)
"""Rules by status (a functional TypedDict: ``pass`` is a keyword)."""


class SchoolRecord(TypedDict):
    """One school's result (the body of a school report, and each entry of a district report)."""

    school: SchoolInfo
    as_of: Date
    error: Annotated[str | None, Doc("Set when the school could not be audited at all.")]
    score: Ratio
    earned: Points
    possible: Points
    bonus: Points
    pass_mark: Annotated[float, Doc(exclusiveMinimum=0, maximum=1)]
    meets_standard: Annotated[
        bool,
        Doc(
            "Đạt chuẩn: score ≥ pass_mark and every must-pass component (scoring.components) passed; "
            "bonus never counts."
        ),
    ]
    scoring: Scoring
    verdict: str
    counts: Counts
    sections: list[SectionRecord]
    rules: list[RuleRecord]
    problems: list[ProblemRecord]


class SchoolReport(Envelope, SchoolRecord):
    """A school report: the envelope followed by one school record."""


class RankedSchool(SchoolRecord):
    """A school of a district report, with its rank."""

    rank: Annotated[int | None, Doc(minimum=1)]


class DistrictSummary(TypedDict):
    total: Count
    audited: Count
    meets_standard: Count
    below_standard: Count
    could_not_audit: Count


class TrendPoint(TypedDict):
    run: Annotated[int, Doc(minimum=1)]
    period: str
    as_of: Date
    mean_score: Ratio
    meets_standard: Count
    schools: Count
    scores: dict[str, Ratio]


class SharingRecord(TypedDict):
    school: str
    school_name: str
    severity: Severity
    file: str | None
    message: str
    link: str | None


class DistrictReport(Envelope):
    """A district report: the envelope, the district's summary and every school."""

    district: str
    as_of: Date
    summary: DistrictSummary
    scoring_text: Annotated[
        str,
        Doc(
            "The scoring model in one sentence (each school's own, with its profile and components, "
            "is in schools[].scoring)."
        ),
    ]
    schools: Annotated[
        list[RankedSchool],
        Doc("In roster order; `rank` orders them by score (ties share a rank; unaudited schools have none)."),
    ]
    trend: NotRequired[
        Annotated[
            list[TrendPoint],
            Doc(
                "Present when the run was recorded in the history: the district month by month (the latest "
                "run of each month), oldest first, for the trend chart."
            ),
        ]
    ]
    sharing: NotRequired[
        Annotated[
            list[SharingRecord],
            Doc(
                "Present with --sharing (Drive): files anyone with the link, a whole domain or an outside "
                "account can open, per school — warnings for files holding personal data first — and, per "
                "school, what the credential could not see (file null)."
            ),
        ]
    ]


Report = SchoolReport | DistrictReport
"""Either report: what ``records`` hands over and every format's ``dumps``, ``render``, the CLI and the
monthly e-mails take (``cells.is_district`` tells them apart)."""


class LevelStats(TypedDict):
    """One school level's numbers for the district page (not part of the JSON report)."""

    code: str
    name: str
    count: int
    meets: int
    scores: list[float]
    mean: float | None
    low: float | None
    high: float | None
