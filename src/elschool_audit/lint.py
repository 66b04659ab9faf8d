"""`sheets lint`: structure only — is every tab recognised, every column found, every value readable?

A school's IT lead runs this before submitting; it must say where each problem is and how to fix
it, without scoring anything (that is `audit school`'s job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from elschool_audit.errors import Location
from elschool_audit.i18n import MESSAGES, Lang, render, shown_column
from elschool_audit.results import DataProblem, Msg
from elschool_audit.roster import Level, Profile, School
from elschool_audit.rubric.model import Rubric, Rule
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.interface import Source
from elschool_audit.workbook import Workbook


@dataclass(frozen=True)
class LintItem:
    problem: DataProblem

    def message(self, lang: Lang) -> str:
        return render(Msg(self.problem.code, self.problem.params), lang)

    def hint(self, lang: Lang) -> str:
        """How to fix it: the catalogue's ``hint_<code>``, or nothing for a problem without one."""
        key = f"hint_{self.problem.code}"
        return render(Msg(key, self.problem.params), lang) if key in MESSAGES else ""


@dataclass
class LintReport:
    where: str
    files: int
    tabs: dict[str, int] = field(default_factory=dict)
    """sheet kind → rows read."""
    items: list[LintItem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No errors or warnings; notes (values assumed from names, unknown spellings kept) only
        say what the reading assumed, and do not stop a school from submitting."""
        return all(i.problem.severity == "note" for i in self.items)

    def record(self, lang: Lang) -> dict[str, Any]:
        return {
            "where": self.where,
            "files": self.files,
            "tables": self.tabs,
            "clean": self.clean,
            "problems": [
                {
                    "severity": i.problem.severity,
                    "code": i.problem.code,
                    "message": i.message(lang),
                    "hint": i.hint(lang),
                    "file": i.problem.location.file,
                    "tab": i.problem.location.tab,
                    "row": i.problem.location.row,
                    "column": shown_column(i.problem.location, lang),
                    "value": i.problem.location.value,
                    **({"link": i.problem.location.link} if i.problem.location.link else {}),
                }
                for i in self.items
            ],
        }


def needed_kinds(rubric: Rubric, level: Level, profile: Profile, pilot: bool = True, clc: bool = False) -> list[str]:
    """The sheet kinds the rubric reads for a school of this level and model, in catalogue order."""

    def applies(rule: Rule) -> bool:
        if level not in rule.levels or profile not in rule.profiles:
            return False
        if profile == "partial" and rule.partial_levels is not None and level not in rule.partial_levels:
            return False
        return (pilot or not rule.pilot_only) and (clc or not rule.clc_only)

    wanted = {sheet for _, rule in rubric.rules() if applies(rule) for sheet in rule.check_for(profile).sheets()}
    return [k for k in catalogue().kinds if k in wanted]


def lint_workbook(
    where: str, workbook: Workbook, expected_kinds: list[str] | None = None, level: str = ""
) -> LintReport:
    report = LintReport(where=where, files=len(workbook.files))
    report.tabs = {kind: len(table) for kind, table in workbook.tables.items()}
    order = {"error": 0, "warning": 1, "note": 2}
    problems = sorted(
        workbook.problems,
        key=lambda p: (order[p.severity], p.location.file or "", p.location.tab or "", p.location.row or 0),
    )
    report.items = [LintItem(p) for p in problems]
    kinds = catalogue().kinds
    for kind in expected_kinds or []:
        if kind not in workbook.tables:
            report.items.append(
                LintItem(
                    DataProblem(
                        "warning",
                        "sheet_missing",
                        {"kind": kinds[kind].vi, "kind_vi": kinds[kind].vi, "kind_en": kinds[kind].en, "level": level},
                        Location(file=where),
                    )
                )
            )
    return report


def lint_school(source: Source, school: School, expected_kinds: list[str] | None = None) -> LintReport:
    """Read one school's records with the same source and parser an audit uses, and list the problems."""
    workbook = source.collect(school)
    return lint_workbook(source.describe(school), workbook, expected_kinds, school.level)
