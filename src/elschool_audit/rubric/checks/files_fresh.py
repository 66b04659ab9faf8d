"""``files_fresh``: every listed sheet kind is present, and the newest file holding it was modified
at most ``max_age_days`` before the audit date (records kept up to date in the shared folder)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from elschool_audit.i18n import shown_date
from elschool_audit.results import Finding, Location, Msg
from elschool_audit.rubric.checks.evidence import kind_of, sheet_missing
from elschool_audit.rubric.checks.interface import Check, Context, Outcome, Reads, field_error, register
from elschool_audit.rubric.describe import Words
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.workbook import FileInfo
from elschool_audit.yamlfile import Invalid


@register
class FilesFreshCheck(Check):
    """Every listed sheet kind is present, and the newest file holding it was modified at most
    ``max_age_days`` before the audit date (records kept up to date in the shared Drive folder)."""

    type: Literal["files_fresh"]
    kinds: list[str] = Field(min_length=1)
    max_age_days: int = Field(ge=0)
    missing: Literal["fail", "elsewhere"] = "fail"
    """``elsewhere``: a missing kind is not charged here, because the rules that read it already
    fail for it (one piece of evidence is charged once); with none of the kinds present there is
    nothing to judge, and the check still fails."""

    def sheets(self) -> list[str]:
        return list(self.kinds)

    @model_validator(mode="after")
    def _known(self) -> FilesFreshCheck:
        known = catalogue().kinds
        for i, kind in enumerate(self.kinds):
            if kind not in known:
                field_error(f"kinds.{i}", Invalid("rubric_unknown_sheet", sheet=kind, kinds=", ".join(known)), kind)
        return self

    def reads(self, out: Reads) -> None:
        for kind in self.kinds:
            out.add(kind)

    def describe(self, words: Words) -> str:
        names = ", ".join(words.sheet(k) for k in self.kinds)
        return words.say("desc_files_fresh", names=names, days=self.max_age_days)

    def evaluate(self, ctx: Context) -> Outcome:
        """Per sheet kind: present, and its newest file modified recently enough.

        A file modified after the audit date counts as fresh (an audit of a past month run today). A
        file whose time is unknown is not held against the school; the measurement says how many.
        """
        limit = ctx.as_of - dt.timedelta(days=self.max_age_days)
        out = Outcome("pass")
        ok = unknown = 0
        absent = [k for k in self.kinds if ctx.workbook.table(k) is None or not self._files(ctx, k)]
        judged = (
            self.kinds
            if self.missing == "fail" or len(absent) == len(self.kinds)
            else [k for k in self.kinds if k not in absent]
        )
        for name in judged:
            files = self._files(ctx, name)
            if name in absent:
                out.add(Finding(sheet_missing(name)), ctx.limit)
                continue
            dated = [f for f in files if f.modified is not None]
            if not dated:
                unknown += 1
                ok += 1
                continue
            newest = max(dated, key=lambda f: f.modified or dt.datetime.min)
            assert newest.modified is not None
            if newest.modified.date() >= limit:
                ok += 1
                continue
            out.add(self._stale(name, newest, ctx), ctx.limit)
        out.status = "pass" if ok == len(judged) else "fail"
        params = {"ok": ok, "n": len(judged), "max": self.max_age_days, "unknown": unknown}
        out.measured = Msg("files_fresh_measured", params)
        if len(judged) < len(self.kinds):
            names = [kind_of(k) for k in absent]
            out.measured = Msg(
                "files_fresh_measured_elsewhere",
                {
                    **params,
                    "absent": len(absent),
                    "names_vi": ", ".join(k.vi for k in names),
                    "names_en": ", ".join(k.en for k in names),
                },
            )
        return out

    @staticmethod
    def _files(ctx: Context, name: str) -> list[FileInfo]:
        return [f for f in ctx.workbook.files if name in f.kinds]

    def _stale(self, name: str, newest: FileInfo, ctx: Context) -> Finding:
        kind = kind_of(name)
        assert newest.modified is not None
        day = newest.modified.date()
        params = {
            "kind_vi": kind.vi,
            "kind_en": kind.en,
            "date": shown_date(day),
            "days": (ctx.as_of - day).days,
            "max": self.max_age_days,
        }
        return Finding(Msg("file_stale", params), Location(file=newest.name, value=shown_date(day), link=newest.link))
