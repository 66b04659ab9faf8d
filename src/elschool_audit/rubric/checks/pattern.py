"""``pattern``: a roster field, or a column of every selected row, must (or must not) match a
regular expression."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from elschool_audit.i18n import Lang, each_language, label, render
from elschool_audit.results import Finding, Location, Msg
from elschool_audit.roster import Level
from elschool_audit.rubric.checks.evidence import cond_params, need_table, needs, pct, row_finding, rows_mask
from elschool_audit.rubric.checks.interface import (
    Check,
    Cond,
    Context,
    Outcome,
    Reads,
    register,
    validate_sheet_columns,
)
from elschool_audit.rubric.describe import Words
from elschool_audit.yamlfile import Invalid


class Means(BaseModel):
    """The rule a regex encodes, in words (vi, en): what schools are shown instead of the regex."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    vi: str
    en: str


class LevelForm(BaseModel):
    """The form one level's value takes (``by_level``): its regex and the rule in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    regex: str
    means: Means

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str) -> str:
        return _compiles(v)


def _compiles(v: str) -> str:
    try:
        re.compile(v)
    except re.error as exc:
        raise Invalid("rubric_bad_regex", error=str(exc)) from exc
    return v


@register
class PatternCheck(Check):
    """A roster field, or a column of every selected row, must (or must not) match a regex."""

    type: Literal["pattern"]
    school_field: Literal["email", "name", "id"] | None = None
    sheet: str | None = None
    column: str | None = None
    where: Cond | None = None
    regex: str
    mode: Literal["match", "no_match"] = "match"
    means: Means | None = None
    """The rule the regex encodes, in words: reports and `rubric show` say this, never the regex."""
    by_level: dict[Level, LevelForm] | None = None
    """A form that depends on the school's level (the level in the school's address must be its
    own; the host of a district session is the level's): that level's form replaces ``regex`` and
    ``means``."""

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str) -> str:
        return _compiles(v)

    @model_validator(mode="after")
    def _target(self) -> PatternCheck:
        if (self.school_field is None) == (self.sheet is None):
            raise Invalid("rubric_pattern_target")
        if self.sheet is not None:
            if not self.column:
                raise Invalid("rubric_sheet_needs_column")
            validate_sheet_columns(self.sheet, {"column": self.column}, {"where": self.where})
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, self.column)
        out.conds(self.sheet, self.where)

    def describe(self, words: Words) -> str:
        lang: Lang = "vi" if words.vi else "en"
        if self.school_field:
            target = words.say("desc_pattern_roster", field=render(Msg(f"school_field_{self.school_field}"), lang))
        else:
            target = f"{words.sheet(self.sheet or '')} › {words.col(self.sheet or '', self.column)}"
        if self.means is not None:
            return f"{target}: {self.means.vi if words.vi else self.means.en}"
        return f"{target}: {words.say('desc_prescribed_form')}"

    def _form(self, ctx: Context) -> tuple[str, dict[str, str]]:
        """The regex and the rule in words for this school (its level's form when there is one)."""
        form = (self.by_level or {}).get(ctx.school.level)
        if form is not None:
            return form.regex, {"rule_vi": form.means.vi, "rule_en": form.means.en}
        return self.regex, self._means()

    def _means(self) -> dict[str, str]:
        """The rule in the rubric's words (``means``); a regex is never shown to a school."""
        if self.means is None:
            return each_language("rule", lambda lang: label("rule_prescribed_form", lang))
        return {"rule_vi": self.means.vi, "rule_en": self.means.en}

    def evaluate(self, ctx: Context) -> Outcome:
        if self.school_field is not None:
            return self._judge_roster(self.school_field, ctx)
        assert self.sheet is not None and self.column is not None
        regex, means = self._form(ctx)
        pattern = re.compile(regex)
        want = self.mode == "match"
        table = need_table(ctx, self.sheet, [self.column])
        needs(table, self.where)
        frame = table.frame[rows_mask(self.where, table, ctx)]
        if frame.empty:
            return Outcome("not_applicable", Msg("no_rows_selected", cond_params(self.where, self.sheet)))
        hits = frame[self.column].map(lambda v: bool(pattern.search(v)) if isinstance(v, str) else False)
        bad = frame.index[(hits != want).to_numpy()]
        n = len(frame)
        measured = Msg("share_measured", {"share": pct(1 - len(bad) / n), "ok": n - len(bad), "n": n, "min": "100%"})
        out = Outcome("pass" if len(bad) == 0 else "fail", measured)
        for idx in bad:
            msg = Msg("pattern_row_failed", means)
            out.add(row_finding(table, idx, self.column, msg), ctx.limit)
        return out

    def _judge_roster(self, school_field: str, ctx: Context) -> Outcome:
        value = getattr(ctx.school, school_field) or ""
        form = (self.by_level or {}).get(ctx.school.level)
        regex, means = (
            (form.regex, {"rule_vi": form.means.vi, "rule_en": form.means.en})
            if form
            else (
                self.regex,
                self._means(),
            )
        )
        ok = bool(re.search(regex, value.strip().lower())) == (self.mode == "match")
        out = Outcome("pass" if ok else "fail", Msg("pattern_value", {"value": value or "—"}))
        if not ok:
            msg = Msg("pattern_school_failed", {"field": Msg(f"school_field_{school_field}"), **means})
            out.add(Finding(msg, Location(file="roster", header=school_field, value=value or None)), ctx.limit)
        return out
