"""The rubric as records people read: `rubric show`, `rubric explain`, docs/rubric.md.

A district officer editing points, or a school's IT lead asking "what exactly does ROOM-USAGE-LOG
want from me?", should get the answer from the tool rather than from the YAML.
"""

from __future__ import annotations

from typing import Any

from elschool_audit.rubric.conditions import Condition, columns_of
from elschool_audit.rubric.describe import describe, value_label
from elschool_audit.rubric.loader import LoadedRubric
from elschool_audit.rubric.model import (
    AllChecks,
    AnyCheck,
    AnyChecks,
    ChecklistCheck,
    CountPerPeriodCheck,
    CoverageCheck,
    DeadlineCheck,
    FilesFreshCheck,
    FreshnessCheck,
    PatternCheck,
    PresenceCheck,
    Rule,
    Section,
    ShareCheck,
)
from elschool_audit.sheets.kinds import catalogue

_PERIOD = {
    "vi": {
        "week": "mỗi tuần",
        "month": "mỗi tháng",
        "two_months": "mỗi 2 tháng",
        "semester": "mỗi học kì",
        "year": "mỗi năm học",
    },
    "en": {
        "week": "every week",
        "month": "every month",
        "two_months": "every two months",
        "semester": "every semester",
        "year": "every school year",
    },
}


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def check_columns(check: AnyCheck) -> dict[str, list[str]]:
    """Sheet kind → the columns the check reads (for 'which sheet and columns' in explain)."""
    out: dict[str, list[str]] = {}

    def add(sheet: str | None, *cols: str | None) -> None:
        if sheet is None:
            return
        bucket = out.setdefault(sheet, [])
        for col in cols:
            if col and col not in bucket:
                bucket.append(col)

    def conds(sheet: str | None, *items: Condition | None) -> None:
        for item in items:
            add(sheet, *(t.column for t in columns_of(item)))

    if isinstance(check, (AllChecks, AnyChecks)):
        for sub in check.checks:
            for sheet, cols in check_columns(sub).items():
                add(sheet, *cols)
    elif isinstance(check, PresenceCheck):
        add(check.sheet)
        conds(check.sheet, check.where)
    elif isinstance(check, ShareCheck):
        add(check.sheet, *check.group_by, check.date_column, check.min_by.column if check.min_by else None)
        conds(check.sheet, check.where, check.condition)
    elif isinstance(check, CountPerPeriodCheck):
        add(check.sheet, check.date_column, check.group_by)
        conds(check.sheet, check.where)
        if check.groups:
            add(check.groups.sheet, *check.groups.key_columns)
            conds(check.groups.sheet, check.groups.where)
    elif isinstance(check, FreshnessCheck):
        add(check.sheet, check.date_column, check.group_by)
        conds(check.sheet, check.where)
        if check.expect and check.expect.from_:
            add(check.expect.from_.sheet, *check.expect.from_.key_columns)
    elif isinstance(check, DeadlineCheck):
        add(check.sheet, check.date_column)
        conds(check.sheet, check.where)
    elif isinstance(check, CoverageCheck):
        add(check.sheet, *check.key_columns)
        conds(check.sheet, check.where)
        if check.expect.from_:
            add(check.expect.from_.sheet, *check.expect.from_.key_columns)
            conds(check.expect.from_.sheet, check.expect.from_.where)
    elif isinstance(check, PatternCheck):
        add(check.sheet, check.column)
        conds(check.sheet, check.where)
    elif isinstance(check, ChecklistCheck):
        add("checklist", "item", "met", "evidence" if check.require_evidence else None)
    elif isinstance(check, FilesFreshCheck):
        for kind in check.kinds:
            add(kind)
    return out


def describe_check(check: AnyCheck, lang: str) -> str:
    """One sentence per check, in the reader's language: what the records must show."""
    vi = lang == "vi"
    kinds = catalogue().kinds

    def sheet(name: str) -> str:
        return f"«{kinds[name].vi if vi else kinds[name].en}»"

    def col(name: str, column: str | None) -> str:
        if column is None:
            return ""
        c = kinds[name].columns.get(column)
        return f"«{c.header(lang) if c else column}»"

    def where(name: str, cond: Condition | None) -> str:
        if cond is None:
            return ""
        text = describe(cond, kinds[name], lang)
        return f" (dòng: {text})" if vi else f" (rows where {text})"

    if isinstance(check, (AllChecks, AnyChecks)):
        joiner = "; và " if vi else "; and "
        if isinstance(check, AnyChecks):
            joiner = "; hoặc " if vi else "; or "
        return joiner.join(describe_check(c, lang) for c in check.checks)
    if isinstance(check, PresenceCheck):
        if vi:
            return f"Có ít nhất {check.min_rows} dòng trong {sheet(check.sheet)}{where(check.sheet, check.where)}"
        return f"At least {check.min_rows} row(s) in {sheet(check.sheet)}{where(check.sheet, check.where)}"
    if isinstance(check, ShareCheck):
        cond = describe(check.condition, kinds[check.sheet], lang)
        if check.min_by:
            parts = ", ".join(f"{k}: {_pct(v)}" for k, v in check.min_by.values.items())
            default = f"; {'còn lại' if vi else 'others'}: {_pct(check.min_by.default)}" if check.min_by.default else ""
            need = f"({parts}{default})"
        else:
            need = _pct(check.min)
        scope = ""
        if check.group_by:
            scope += (" theo " if vi else " per ") + ", ".join(col(check.sheet, g) for g in check.group_by)
        if check.per:
            scope += f" {_PERIOD[lang][check.per]}"
        if check.type == "all_rows":
            return (
                f"Mọi dòng của {sheet(check.sheet)}{where(check.sheet, check.where)} có {cond}"
                if vi
                else f"Every row of {sheet(check.sheet)}{where(check.sheet, check.where)} has {cond}"
            )
        if vi:
            return f"Tỉ lệ dòng có {cond} trong {sheet(check.sheet)}{where(check.sheet, check.where)} ≥ {need}{scope}"
        return f"Share of rows with {cond} in {sheet(check.sheet)}{where(check.sheet, check.where)} ≥ {need}{scope}"
    if isinstance(check, CountPerPeriodCheck):
        per = _PERIOD[lang][check.period]
        group = ""
        if check.group_by:
            group = (" cho từng " if vi else " for every ") + col(check.sheet, check.group_by)
            if check.groups:
                group += (" có trong " if vi else " listed in ") + sheet(check.groups.sheet)
        if vi:
            return f"Ít nhất {check.min} dòng {per}{group} trong {sheet(check.sheet)}{where(check.sheet, check.where)}"
        return f"At least {check.min} row(s) {per}{group} in {sheet(check.sheet)}{where(check.sheet, check.where)}"
    if isinstance(check, FreshnessCheck):
        group = ""
        if check.group_by:
            group = (" của từng " if vi else " of every ") + col(check.sheet, check.group_by)
        if vi:
            return (
                f"Ngày gần nhất{group} trong {sheet(check.sheet)}{where(check.sheet, check.where)} "
                f"không quá {check.max_age_days} ngày trước ngày kiểm tra"
            )
        return (
            f"The latest date{group} in {sheet(check.sheet)}{where(check.sheet, check.where)} "
            f"is at most {check.max_age_days} days before the audit date"
        )
    if isinstance(check, DeadlineCheck):
        month, day = check.by.split("-")
        rows = f"{sheet(check.sheet)}{where(check.sheet, check.where)}"
        if vi:
            return f"Ít nhất {check.min} dòng trong {rows} có ngày không muộn hơn {day}/{month}"
        return f"At least {check.min} row(s) in {rows} dated no later than {day}/{month}"
    if isinstance(check, CoverageCheck):
        cols = check.key_columns

        def listed(values: list[Any]) -> str:
            """Values in the school's words; pairs grouped by their first part ("3: Toán, Tiếng Việt")."""
            if len(cols) == 1:
                return ", ".join(value_label(kinds[check.sheet], cols[0], v, lang) for v in values)
            groups: dict[str, list[str]] = {}
            for item in values:
                parts = list(item) if isinstance(item, (list, tuple)) else [item]
                head = value_label(kinds[check.sheet], cols[0], parts[0], lang)
                rest = " · ".join(
                    value_label(kinds[check.sheet], c, v, lang) for c, v in zip(cols[1:], parts[1:], strict=False)
                )
                groups.setdefault(head, []).append(rest)
            return "; ".join(f"{head}: {', '.join(rest)}" for head, rest in groups.items())

        if check.expect.values is not None:
            expected = listed(check.expect.values)
        elif check.expect.values_by_level is not None:
            expected = " — ".join(f"[{lvl}] {listed(v)}" for lvl, v in check.expect.values_by_level.items())
        else:
            assert check.expect.from_ is not None
            expected = (
                ("mọi " if vi else "every ")
                + f"{'/'.join(col(check.expect.from_.sheet, c) for c in check.expect.from_.key_columns)} "
                + (f"trong {sheet(check.expect.from_.sheet)}" if vi else f"in {sheet(check.expect.from_.sheet)}")
            )
        key = "/".join(col(check.sheet, c) for c in cols)
        if vi:
            return f"{sheet(check.sheet)}{where(check.sheet, check.where)} có đủ {key}: {expected}"
        return f"{sheet(check.sheet)}{where(check.sheet, check.where)} covers every {key}: {expected}"
    if isinstance(check, PatternCheck):
        target = (
            f"{check.school_field} (roster)" if check.school_field else f"{sheet(check.sheet or '')} › {check.column}"
        )
        verb = ("khớp" if vi else "matches") if check.mode == "match" else ("không khớp" if vi else "does not match")
        return f"{target} {verb} {check.regex}"
    if isinstance(check, FilesFreshCheck):
        names = ", ".join(sheet(k) for k in check.kinds)
        if vi:
            return (
                f"Có đủ các hồ sơ {names}, mỗi loại có tệp được sửa trong {check.max_age_days} ngày trước ngày kiểm tra"
            )
        return f"Every record kind is present ({names}), each with a file modified within {check.max_age_days} days"
    assert isinstance(check, ChecklistCheck)
    items = ", ".join(check.items)
    if vi:
        return f"Bảng «Tự kiểm tra» đánh dấu đạt các mục {items}" + (
            " kèm minh chứng" if check.require_evidence else ""
        )
    return f"The self-check sheet marks items {items} as met" + (" with evidence" if check.require_evidence else "")


def rule_record(section: Section, rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "section": section.id,
        "section_title": section.title.get(lang),
        "clause": rule.clause,
        "title": {"vi": rule.title.vi, "en": rule.title.en},
        "levels": list(rule.levels),
        "profiles": list(rule.profiles),
        "partial_levels": list(rule.partial_levels) if rule.partial_levels is not None else None,
        "pilot_only": rule.pilot_only,
        "clc_only": rule.clc_only,
        "points": rule.points,
        "bonus": rule.bonus,
        "informational": rule.informational,
        "due": rule.due,
        "check_type": rule.check.type,
        "sheets": check_columns(rule.check),
    }


def rubric_record(loaded: LoadedRubric, lang: str) -> dict[str, Any]:
    """Every rule and every not-evidenced requirement: the machine-readable `rubric show`."""
    rubric = loaded.rubric
    rules = [rule_record(s, r, lang) for s, r in rubric.rules()]
    return {
        "id": rubric.id,
        "title": rubric.title.get(lang),
        "source": rubric.source,
        "version": rubric.version,
        "hash": loaded.hash,
        "path": str(loaded.path),
        "pass_mark": rubric.pass_mark,
        "points_total": sum(r["points"] for r in rules if not r["bonus"] and not r["informational"]),
        "rules": rules,
        "not_evidenced": [
            {"id": n.id, "clause": n.clause, "reason": {"vi": n.reason.vi, "en": n.reason.en}}
            for n in rubric.not_evidenced
        ],
    }


def explain_record(loaded: LoadedRubric, rule_id: str, lang: str) -> dict[str, Any] | None:
    """What one rule checks, in which sheets and columns (with the headers to type), and how to pass."""
    found = loaded.rubric.rule(rule_id)
    if found is None:
        return None
    section, rule = found
    kinds = catalogue().kinds
    sheets = []
    for name, cols in check_columns(rule.check).items():
        kind = kinds[name]
        sheets.append(
            {
                "kind": name,
                "name": kind.vi if lang == "vi" else kind.en,
                "columns": [{"column": c, "header": kind.columns[c].vi if c in kind.columns else c} for c in cols],
            }
        )
    record = rule_record(section, rule, lang)
    record["checks"] = describe_check(rule.check, lang)
    record["how_to_pass"] = rule.explain.get(lang) if rule.explain else None
    record["sheet_details"] = sheets
    return record
