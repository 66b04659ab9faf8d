"""The rubric as a validated model: sections of rules, each with one declarative check.

Validation is strict (unknown fields are errors) and semantic: a check that names a sheet kind or
column that does not exist, or an enum value that is no code, is a broken rubric, reported at its
YAML line before any school is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal, NoReturn

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from elschool_audit.roster import LEVELS, PROFILES, Level, Profile
from elschool_audit.rubric.calendar import Calendar, PeriodKind, parse_month_day
from elschool_audit.rubric.conditions import (
    Condition,
    parse_condition,
    validate_column,
    validate_condition,
)
from elschool_audit.sheets.kinds import catalogue


def raw_condition(cond: Any) -> Any:
    """A parsed condition back in its YAML shape (for error messages and serialisation)."""
    return None if cond is None else _serialize_condition(cond)


def _serialize_condition(cond: Condition) -> Any:
    from elschool_audit.rubric.conditions import AllOf, AnyOf, Test

    if isinstance(cond, Test):
        return {cond.column: {cond.op: cond.value}}
    if isinstance(cond, AllOf):
        return {"all": [_serialize_condition(c) for c in cond.items]}
    if isinstance(cond, AnyOf):
        return {"any": [_serialize_condition(c) for c in cond.items]}
    return {"not": _serialize_condition(cond.item)}


Cond = Annotated[
    Any,
    BeforeValidator(parse_condition),
    PlainSerializer(_serialize_condition, return_type=dict),
]


class Text(BaseModel):
    """A string in both languages of the tool."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    def sheets(self) -> list[str]:
        """The sheet kinds this check reads."""
        sheet = getattr(self, "sheet", None)
        return [sheet] if sheet else []

    def _validate_sheet_columns(self, sheet: str, cols: dict[str, Any], conds: dict[str, Any]) -> None:
        """Check the sheet kind and every column and condition field (keyed by field name, dotted
        for nested ones); an error is located at that field, so the loader names its YAML line."""
        cat = catalogue()
        if sheet not in cat.kinds:
            _field_error("sheet", f"unknown sheet kind '{sheet}' (kinds: {', '.join(cat.kinds)})", sheet)
        kind = cat.kinds[sheet]
        for name, value in cols.items():
            for col in [value] if isinstance(value, str) else list(value or []):
                try:
                    validate_column(col, kind)
                except ValueError as exc:
                    _field_error(name, str(exc), value)
        for name, cond in conds.items():
            try:
                validate_condition(cond, kind, cat)
            except ValueError as exc:
                _field_error(name, str(exc), raw_condition(cond))


def _validate_codes(sheet: str, column: str, values: Iterable[Any], field: str) -> None:
    """Enum values written in the rubric must be known codes: a typo ('finanse') would otherwise
    never match any row and the rule would fail, or pass, for the wrong reason."""
    cat = catalogue()
    col = cat.kinds[sheet].columns.get(column)
    if col is None or col.enum is None:
        return
    enum = cat.enums[col.enum]
    bad = [v for v in values if str(v) not in enum.values]
    if bad:
        _field_error(field, f"column '{column}' has no value {bad[0]!r} (codes: {', '.join(enum.values)})", bad[0])


def _field_error(field: str, message: str, value: Any) -> NoReturn:
    """Fail validation at ``field`` of the model being validated (not at the model as a whole)."""
    raise ValidationError.from_exception_data(
        "check",
        [
            InitErrorDetails(
                type=PydanticCustomError("value_error", "Value error, {reason}", {"reason": message}),
                loc=tuple(int(p) if p.isdigit() else p for p in field.split(".")),
                input=value,
            )
        ],
    )


class SheetRef(BaseModel):
    """Rows of another sheet, e.g. the rooms of the device inventory a per-room rule must cover."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    sheet: str
    column: str | list[str]
    where: Cond | None = None

    @property
    def key_columns(self) -> list[str]:
        return [self.column] if isinstance(self.column, str) else list(self.column)

    @model_validator(mode="after")
    def _known(self) -> SheetRef:
        _Check()._validate_sheet_columns(self.sheet, {"column": self.column}, {"where": self.where})
        return self


class Expect(BaseModel):
    """The set of things a rule expects to see: fixed values, values per level, or another sheet's rows."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    values: list[Any] | None = None
    values_by_level: dict[Level, list[Any]] | None = None
    from_: SheetRef | None = Field(default=None, alias="from")

    @model_validator(mode="after")
    def _one(self) -> Expect:
        given = [x for x in (self.values, self.values_by_level, self.from_) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of: values, values_by_level, from")
        return self


class PresenceCheck(_Check):
    type: Literal["presence"]
    sheet: str
    where: Cond | None = None
    min_rows: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _cols(self) -> PresenceCheck:
        self._validate_sheet_columns(self.sheet, {}, {"where": self.where})
        return self


class Threshold(BaseModel):
    """A minimum share that may depend on a column's value (Appendix 1: 100% for labs, 90% else)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str
    values: dict[str, float]
    default: float | None = None


class ShareCheck(_Check):
    """Among the rows ``where`` selects, the share satisfying ``condition`` must reach ``min``."""

    type: Literal["share", "all_rows"]
    sheet: str
    where: Cond | None = None
    condition: Cond
    min: float = Field(default=1.0, ge=0, le=1)
    min_by: Threshold | None = None
    group_by: list[str] = []
    per: PeriodKind | None = None
    date_column: str | None = None
    empty: Literal["fail", "not_applicable"] = "fail"

    @model_validator(mode="after")
    def _cols(self) -> ShareCheck:
        if self.type == "all_rows" and (self.min != 1.0 or self.min_by is not None):
            raise ValueError("all_rows takes no min: every row must satisfy the condition")
        if self.per and not self.date_column:
            raise ValueError("'per' needs 'date_column'")
        cols: dict[str, Any] = {"group_by": self.group_by, "date_column": self.date_column}
        if self.min_by:
            cols["min_by.column"] = self.min_by.column
        self._validate_sheet_columns(self.sheet, cols, {"where": self.where, "condition": self.condition})
        if self.min_by:
            _validate_codes(self.sheet, self.min_by.column, self.min_by.values, "min_by.values")
        return self


class CountPerPeriodCheck(_Check):
    """At least ``min`` rows in every due school period (optionally for every group, e.g. room)."""

    type: Literal["count_per_period"]
    sheet: str
    where: Cond | None = None
    date_column: str
    period: PeriodKind
    min: int = Field(default=1, ge=1)
    group_by: str | None = None
    groups: SheetRef | None = None
    due: Literal["start", "end"] = "end"
    lead_days: int = Field(default=0, ge=0)
    """Rows up to this many days before a period starts count for it (a schedule posted on Friday)."""
    grace_days: int | None = Field(default=None, ge=0)
    """When set, only rows up to this many days after the period starts count (posted by Monday)."""

    @model_validator(mode="after")
    def _cols(self) -> CountPerPeriodCheck:
        if self.groups and not self.group_by:
            raise ValueError("'groups' needs 'group_by'")
        cols = {"date_column": self.date_column, "group_by": self.group_by}
        self._validate_sheet_columns(self.sheet, cols, {"where": self.where})
        return self


class FreshnessCheck(_Check):
    """The latest date (per group, or overall) is at most ``max_age_days`` before the audit date."""

    type: Literal["freshness"]
    sheet: str
    where: Cond | None = None
    date_column: str
    max_age_days: int = Field(ge=0)
    group_by: str | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _cols(self) -> FreshnessCheck:
        if self.expect and not self.group_by:
            raise ValueError("'expect' needs 'group_by'")
        cols = {"date_column": self.date_column, "group_by": self.group_by}
        self._validate_sheet_columns(self.sheet, cols, {"where": self.where})
        return self


class DeadlineCheck(_Check):
    """At least ``min`` rows dated no later than ``by`` (MM-DD of the school year)."""

    type: Literal["deadline"]
    sheet: str
    where: Cond | None = None
    date_column: str
    by: str
    min: int = Field(default=1, ge=1)

    @field_validator("by")
    @classmethod
    def _md(cls, v: str) -> str:
        parse_month_day(v)
        return v

    @model_validator(mode="after")
    def _cols(self) -> DeadlineCheck:
        self._validate_sheet_columns(self.sheet, {"date_column": self.date_column}, {"where": self.where})
        return self


class CoverageCheck(_Check):
    """Every expected value (or row of another sheet) is matched by a row ``where`` selects."""

    type: Literal["coverage"]
    sheet: str
    key: str | list[str]
    where: Cond | None = None
    expect: Expect

    @property
    def key_columns(self) -> list[str]:
        return [self.key] if isinstance(self.key, str) else list(self.key)

    def sheets(self) -> list[str]:
        extra = [self.expect.from_.sheet] if self.expect.from_ else []
        return [self.sheet, *extra]

    @model_validator(mode="after")
    def _cols(self) -> CoverageCheck:
        self._validate_sheet_columns(self.sheet, {"key": self.key}, {"where": self.where})
        if self.expect.from_ and len(self.expect.from_.key_columns) != len(self.key_columns):
            raise ValueError("'expect.from.column' must name as many columns as 'key'")
        if len(self.key_columns) == 1:
            key = self.key_columns[0]
            if self.expect.values is not None:
                _validate_codes(self.sheet, key, self.expect.values, "expect.values")
            for level, values in (self.expect.values_by_level or {}).items():
                _validate_codes(self.sheet, key, values, f"expect.values_by_level.{level}")
        return self


class PatternCheck(_Check):
    """A roster field, or a column of every selected row, must (or must not) match a regex."""

    type: Literal["pattern"]
    school_field: Literal["email", "name", "id"] | None = None
    sheet: str | None = None
    column: str | None = None
    where: Cond | None = None
    regex: str
    mode: Literal["match", "no_match"] = "match"

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"bad regular expression: {exc}") from exc
        return v

    @model_validator(mode="after")
    def _target(self) -> PatternCheck:
        if (self.school_field is None) == (self.sheet is None):
            raise ValueError("give either 'school_field' or 'sheet' with 'column'")
        if self.sheet is not None:
            if not self.column:
                raise ValueError("'sheet' needs 'column'")
            self._validate_sheet_columns(self.sheet, {"column": self.column}, {"where": self.where})
        return self


class FilesFreshCheck(_Check):
    """Every listed sheet kind is present, and the newest file holding it was modified at most
    ``max_age_days`` before the audit date (records kept up to date in the shared Drive folder)."""

    type: Literal["files_fresh"]
    kinds: list[str] = Field(min_length=1)
    max_age_days: int = Field(ge=0)

    def sheets(self) -> list[str]:
        return list(self.kinds)

    @model_validator(mode="after")
    def _known(self) -> FilesFreshCheck:
        known = catalogue().kinds
        for i, kind in enumerate(self.kinds):
            if kind not in known:
                _field_error(f"kinds.{i}", f"unknown sheet kind '{kind}' (kinds: {', '.join(known)})", kind)
        return self


class ChecklistCheck(_Check):
    """Self-check items (what no log can show) must be marked met, optionally with evidence."""

    type: Literal["checklist"]
    items: list[str] = Field(min_length=1)
    require_evidence: bool = False

    def sheets(self) -> list[str]:
        return ["checklist"]


class AllChecks(_Check):
    """Several checks that must all pass (e.g. a usage log *and* a monthly evaluation)."""

    type: Literal["all"]
    checks: list[AnyCheck] = Field(min_length=2)

    def sheets(self) -> list[str]:
        return [s for c in self.checks for s in c.sheets()]


class AnyChecks(_Check):
    """Alternative evidence: one passing check is enough (two internet lines, or a backup plan)."""

    type: Literal["any"]
    checks: list[AnyCheck] = Field(min_length=2)

    def sheets(self) -> list[str]:
        return [s for c in self.checks for s in c.sheets()]


AnyCheck = Annotated[
    PresenceCheck
    | ShareCheck
    | CountPerPeriodCheck
    | FreshnessCheck
    | DeadlineCheck
    | CoverageCheck
    | PatternCheck
    | ChecklistCheck
    | FilesFreshCheck
    | AllChecks
    | AnyChecks,
    Field(discriminator="type"),
]
AllChecks.model_rebuild()
AnyChecks.model_rebuild()

CHECK_TYPES = (
    "presence",
    "share",
    "all_rows",
    "count_per_period",
    "freshness",
    "deadline",
    "coverage",
    "pattern",
    "checklist",
    "files_fresh",
    "all",
    "any",
)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    clause: str
    title: Text
    levels: list[Level] = Field(default_factory=lambda: list(LEVELS), min_length=1)
    profiles: list[Profile] = Field(default_factory=lambda: list(PROFILES), min_length=1)
    partial_levels: list[Level] | None = None
    """In the partial model (A.5) only these levels are held to the rule."""
    pilot_only: bool = False
    clc_only: bool = False
    points: float = Field(ge=0)
    bonus: bool = False
    """Earns points when met but never costs any (encouraged software)."""
    informational: bool = False
    """Measured and shown, never scored."""
    due: str | None = None
    """MM-DD of the school year before which the rule is not yet applicable."""
    check: AnyCheck
    explain: Text | None = None

    @field_validator("due")
    @classmethod
    def _due(cls, v: str | None) -> str | None:
        if v is not None:
            parse_month_day(v)
        return v


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    rules: list[Rule] = Field(min_length=1)


class NotEvidenced(BaseModel):
    """A requirement of the guideline that no record can show; listed so it is not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    clause: str
    reason: Text


class RoomType(BaseModel):
    """One room of Appendix 1: the levels that have it (a preschool's physics lab is a misnamed room)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    number: int = Field(ge=1)
    levels: list[Level] = Field(min_length=1)
    group: str
    clc_only: bool = False


class RoomTable(BaseModel):
    """Appendix 1 as a bundle's ``rooms.yaml``; its codes must be room types the sheets know."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    room_types: dict[str, RoomType]

    @model_validator(mode="after")
    def _known(self) -> RoomTable:
        _validate_room_codes(self.room_types)
        return self


def _validate_room_codes(room_types: dict[str, RoomType]) -> None:
    codes = catalogue().enums["room_type"].values
    for code in room_types:
        if code not in codes:
            _field_error(f"room_types.{code}", f"unknown room type '{code}' (codes: {', '.join(codes)})", code)


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    source: str
    version: str = "1"
    pass_mark: float = Field(gt=0, le=1)
    findings_limit: int = Field(default=50, ge=1)
    """At most this many findings are kept per rule (the total is always counted)."""
    calendar: Calendar = Calendar()
    sections: list[Section] = Field(min_length=1)
    not_evidenced: list[NotEvidenced] = []
    notes: list[str] = []
    room_types: dict[str, RoomType] = {}
    """Appendix 1, from the bundle's ``rooms.yaml`` (or written here in a rubric kept as one file)."""

    @model_validator(mode="after")
    def _unique(self) -> Rubric:
        seen: set[str] = set()
        for i, section in enumerate(self.sections):
            for j, rule in enumerate(section.rules):
                if rule.id in seen:
                    _field_error(f"sections.{i}.rules.{j}.id", f"duplicate rule id {rule.id}", rule.id)
                seen.add(rule.id)
        _validate_room_codes(self.room_types)
        return self

    def rules(self) -> list[tuple[Section, Rule]]:
        return [(s, r) for s in self.sections for r in s.rules]

    def rule(self, rule_id: str) -> tuple[Section, Rule] | None:
        for section, rule in self.rules():
            if rule.id == rule_id.upper():
                return section, rule
        return None


class Waiver(BaseModel):
    """A known, accepted exception: the rule shows as 'waived' until ``expires``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    school: str
    rule: str
    reason: str = Field(min_length=3)
    expires: dt.date | None = None


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    waivers: list[Waiver]
