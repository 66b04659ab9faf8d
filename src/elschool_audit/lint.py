"""`sheets lint`: structure only — is every tab recognised, every column found, every value readable?

A school's IT lead runs this before submitting; it must say where each problem is and how to fix
it, without scoring anything (that is `audit school`'s job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from elschool_audit.errors import Location
from elschool_audit.i18n import Lang, render
from elschool_audit.results import Msg
from elschool_audit.roster import Level, Profile, School
from elschool_audit.rubric.model import Rubric, Rule
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.interface import Source
from elschool_audit.workbook import Problem, Workbook

HINTS: dict[str, tuple[str, str]] = {
    "tab_unrecognised": (
        "Đặt hàng tiêu đề cột theo mẫu (elschool-audit sheets template) — gõ có dấu hay không dấu đều được; "
        "nếu trang này không phải hồ sơ, có thể bỏ qua",
        "Use the template's header row (elschool-audit sheets template), with or without diacritics; "
        "ignore this if the tab is not part of the records",
    ),
    "tab_unrecognised_closest": (
        "Thêm các cột còn thiếu, hoặc khai báo cột và giá trị cố định trong tệp ánh xạ (elschool-audit sheets map)",
        "Add the missing columns, or declare columns and fixed values in a mapping file (elschool-audit sheets map)",
    ),
    "tab_ambiguous": (
        "Ghi loại của trang này trong tệp ánh xạ (elschool-audit sheets map), hoặc đổi tiêu đề cột theo mẫu",
        "Name this tab's kind in a mapping file (elschool-audit sheets map), or use the template's headers",
    ),
    "tab_not_audited": ("Không cần làm gì nếu đúng là sổ này", "Nothing to do if this is indeed that book"),
    "value_assumed": (
        "Kiểm tra giá trị giả định; nếu sai, thêm cột này hoặc ghi giá trị cố định trong tệp ánh xạ",
        "Check the assumed value; if wrong, add the column or set a fixed value in a mapping file",
    ),
    "year_assumed": (
        "Ghi đủ năm (dd/mm/yyyy), hoặc ghi năm trong tệp ánh xạ",
        "Write the full date (dd/mm/yyyy), or set the year in a mapping file",
    ),
    "column_missing": (
        "Thêm cột «{header}» vào hàng tiêu đề của trang này",
        "Add a “{header}” column to this tab's header row",
    ),
    "value_unreadable": ("Sửa ô này thành {expected}", "Change this cell to {expected}"),
    "value_unknown": (
        "Dùng một giá trị có trong danh sách thả xuống của mẫu, hoặc đề nghị Phòng bổ sung cách viết này",
        "Use a value from the template's drop-down list, or ask the district to add this spelling",
    ),
    "file_unreadable": (
        "Mở tệp bằng Excel/Google Sheets và lưu lại dưới dạng .xlsx",
        "Open the file in Excel or Google Sheets and save it again as .xlsx",
    ),
    "legacy_encoding": (
        "Chuyển phông sang Unicode (Unikey: công cụ chuyển mã TCVN3/VNI → Unicode)",
        "Convert the text to Unicode (e.g. Unikey's TCVN3/VNI → Unicode converter)",
    ),
    "posts_counted_twice": (
        "Chỉ nộp một trong hai: danh sách tin bài (có ngày đăng) hoặc bảng đếm theo tháng",
        "Submit one or the other: the post list (with dates) or the monthly count table",
    ),
    "sheet_missing": (
        "Thêm trang «{kind}» (tạo từ mẫu: elschool-audit sheets template --level {level})",
        "Add a “{kind}” tab (from the template: elschool-audit sheets template --level {level})",
    ),
}


@dataclass(frozen=True)
class LintItem:
    problem: Problem

    def message(self, lang: Lang) -> str:
        return render(Msg(self.problem.code, self.problem.params), lang)

    def hint(self, lang: Lang) -> str:
        vi, en = HINTS.get(self.problem.code, ("", ""))
        template = vi if lang == "vi" else en
        params = dict(self.problem.params)
        for key in list(params):
            if key.endswith(f"_{lang}"):
                params[key[: -len(lang) - 1]] = params[key]
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template


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
                    "column": i.problem.location.column,
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
                    Problem(
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
