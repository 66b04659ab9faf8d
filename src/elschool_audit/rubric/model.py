"""The rubric as a validated model: sections of rules, each with one declarative check.

Validation is strict (unknown fields are errors) and semantic: a check that names a sheet kind or
column that does not exist, or an enum value that is no code, is a broken rubric, reported at its
YAML line before any school is read. The check types themselves live in ``rubric/checks/``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from elschool_audit.roster import LEVELS, PROFILES, Level, Profile
from elschool_audit.rubric.calendar import Calendar, parse_month_day
from elschool_audit.rubric.checks import AnyCheck
from elschool_audit.rubric.checks.interface import field_error
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.yamlfile import Invalid

__all__ = ["AnyCheck", "NotEvidenced", "Rubric", "Rule", "Section", "Text", "Waiver", "WaiverFile"]


class Text(BaseModel):
    """A string in both languages of the tool."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


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
    """MM-DD of the school year until whose end the rule is not yet applicable (the day is the
    school's to the last hour: an audit dated that day leaves the rule pending)."""
    check: AnyCheck
    partial_check: AnyCheck | None = None
    """The rule's scope under the partial model (clause A.5), when narrower than the full model's:
    THCS is judged on 'hệ thống thiết bị CNTT phòng học', not on office computers and servers."""
    explain: Text | None = None

    def check_for(self, profile: str) -> AnyCheck:
        """The check judging a school of this model."""
        return self.partial_check if profile == "partial" and self.partial_check is not None else self.check

    def checks(self) -> list[AnyCheck]:
        """Every check the rule may run (for the sheets and columns it reads)."""
        return [self.check] if self.partial_check is None else [self.check, self.partial_check]

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


class Component(BaseModel):
    """A part of the model that must pass on its own, besides the overall pass mark.

    Clause A.5 judges partial-model schools on named parts only (MN: portal and cameras; THCS:
    portal and the classrooms' IT equipment): a school with every camera broken must not meet the
    standard on portal points alone. A component passes when its rules earn at least its pass mark
    (the rubric's when not given) of the points that apply; a component with nothing that applies
    is not judged.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    levels: list[Level] = Field(default_factory=lambda: list(LEVELS), min_length=1)
    profiles: list[Profile] = Field(default_factory=lambda: list(PROFILES), min_length=1)
    sections: list[str] = []
    rules: list[str] = []
    pass_mark: float | None = Field(default=None, gt=0, le=1)

    @model_validator(mode="after")
    def _some(self) -> Component:
        if not self.sections and not self.rules:
            raise Invalid("rubric_component_empty")
        return self

    def covers(self, section: str, rule: str) -> bool:
        return section in self.sections or rule in self.rules


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
            unknown = Invalid("rubric_unknown_room_type", code=code, codes=", ".join(codes))
            field_error(f"room_types.{code}", unknown, code)


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
    components: list[Component] = []
    """Parts that must each pass (see ``Component``); empty: the pass mark alone decides."""
    not_evidenced: list[NotEvidenced] = []
    notes: list[str] = []
    room_types: dict[str, RoomType] = {}
    """Appendix 1, from the bundle's ``rooms.yaml`` (or written here in a rubric kept as one file)."""

    def level_rooms(self, level: str, clc: bool) -> frozenset[str] | None:
        """The room types of Appendix 1 a school of ``level`` has (robotics: CLC schools only)."""
        if not self.room_types:
            return None
        return frozenset(
            code for code, room in self.room_types.items() if level in room.levels and (clc or not room.clc_only)
        )

    @model_validator(mode="after")
    def _unique(self) -> Rubric:
        seen: set[str] = set()
        for i, section in enumerate(self.sections):
            for j, rule in enumerate(section.rules):
                if rule.id in seen:
                    field_error(f"sections.{i}.rules.{j}.id", Invalid("rubric_duplicate_rule", id=rule.id), rule.id)
                seen.add(rule.id)
        _validate_room_codes(self.room_types)
        section_ids = {s.id for s in self.sections}
        for i, comp in enumerate(self.components):
            for j, sid in enumerate(comp.sections):
                if sid not in section_ids:
                    field_error(f"components.{i}.sections.{j}", Invalid("rubric_component_no_section", id=sid), sid)
            for j, rid in enumerate(comp.rules):
                if rid not in seen:
                    field_error(f"components.{i}.rules.{j}", Invalid("rubric_component_no_rule", id=rid), rid)
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
    approved_by: str | None = None
    """Who accepted the exception (kept with the waiver, for the record)."""
    granted: dt.date | None = None
    """When it was accepted."""

    @field_validator("expires", "granted", mode="before")
    @classmethod
    def _day_first(cls, v: Any) -> Any:
        """Dates as Vietnamese users write them (31/03/2017), like ``--as-of`` accepts."""
        if isinstance(v, str) and "/" in v:
            try:
                return dt.datetime.strptime(v.strip(), "%d/%m/%Y").date()
            except ValueError:
                return v
        return v


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    waivers: list[Waiver]
