"""The rubric as records people read: `rubric show`, `rubric explain`, docs/rubric.md.

A district officer editing points, or a school's IT lead asking "what exactly does ROOM-USAGE-LOG
want from me?", should get the answer from the tool rather than from the YAML.
"""

from __future__ import annotations

from typing import Any

from elschool_audit.rubric.checks import Check, Reads
from elschool_audit.rubric.describe import Words
from elschool_audit.rubric.loader import LoadedRubric
from elschool_audit.rubric.model import Rule, Section
from elschool_audit.sheets.kinds import catalogue


def check_columns(check: Check) -> dict[str, list[str]]:
    """Sheet kind → the columns the check reads (for 'which sheet and columns' in explain)."""
    out = Reads()
    check.reads(out)
    return out.sheets


def describe_check(check: Check, lang: str) -> str:
    """One sentence per check, in the reader's language: what the records must show."""
    return check.describe(Words(lang))


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
    if rule.partial_check is not None:
        # the partial model's narrower scope (clause A.5), said beside the full model's
        record["checks_partial"] = describe_check(rule.partial_check, lang)
    record["how_to_pass"] = rule.explain.get(lang) if rule.explain else None
    record["sheet_details"] = sheets
    return record
