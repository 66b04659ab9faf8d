"""Conditions and values in words, for findings and `rubric explain`.

A finding that says "Tình trạng = Hỏng; cần: Tình trạng là Hoạt động tốt" lets a school's IT lead
fix the row without reading YAML.
"""

from __future__ import annotations

import re
from typing import Any

from elschool_audit.i18n import Lang, label
from elschool_audit.rubric.conditions import AllOf, AnyOf, Condition, Not, Test
from elschool_audit.sheets.kinds import SheetKind, catalogue


def value_label(kind: SheetKind, column: str, value: Any, lang: str) -> str:
    col = kind.columns.get(column)
    if col is not None and col.type == "date" and isinstance(value, str) and re.fullmatch(r"\d{2}-\d{2}", value):
        month, day = value.split("-")
        return f"{day}/{month}"  # a day of the school year, written the way schools write dates
    if col is not None and col.enum and isinstance(value, str):
        enum = catalogue().enums[col.enum]
        if value in enum.values:
            return enum.label(value) if lang == "vi" else value.replace("_", " ")  # codes are English words
    if isinstance(value, bool):
        return label("cond_yes" if value else "cond_no", _lang(lang))
    return str(value)


def column_label(kind: SheetKind, column: str, lang: str) -> str:
    col = kind.columns.get(column)
    return col.header(lang) if col else column


def describe(cond: Condition | None, kind: SheetKind, lang: str) -> str:
    if cond is None:
        return label("every_row", _lang(lang))
    if isinstance(cond, AllOf):
        joiner = f" {label('and', _lang(lang))} "
        return joiner.join(_wrap(c, kind, lang) for c in cond.items)
    if isinstance(cond, AnyOf):
        joiner = f" {label('or', _lang(lang))} "
        return joiner.join(_wrap(c, kind, lang) for c in cond.items)
    if isinstance(cond, Not):
        return label("not_cond", _lang(lang), cond=_wrap(cond.item, kind, lang))
    return _describe_test(cond, kind, lang)


def _wrap(cond: Condition, kind: SheetKind, lang: str) -> str:
    text = describe(cond, kind, lang)
    return f"({text})" if isinstance(cond, (AllOf, AnyOf)) else text


def _describe_test(test: Test, kind: SheetKind, lang: str) -> str:
    name = column_label(kind, test.column, lang)
    if test.op == "blank":
        return label("is_blank" if test.value else "is_filled", _lang(lang), name=name)
    if test.op == "matches":
        if test.means:
            return f"{name} {label('op_equals', _lang(lang))} {test.means[0] if lang == 'vi' else test.means[1]}"
        return label("follows_form", _lang(lang), name=name)
    if isinstance(test.value, list):
        shown = ", ".join(value_label(kind, test.column, v, lang) for v in test.value)
        if test.op == "between":
            shown = " – ".join(value_label(kind, test.column, v, lang) for v in test.value)
    else:
        shown = value_label(kind, test.column, test.value, lang)
    return f"{name} {label('op_' + test.op, _lang(lang))} {shown}"


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "vi"


class Words:
    """The pieces every check's description is made of, in one language: «sheet», «column», a row
    filter, a period, a share."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.vi = lang == "vi"
        self.kinds = catalogue().kinds

    def sheet(self, name: str) -> str:
        kind = self.kinds[name]
        return f"«{kind.vi if self.vi else kind.en}»"

    def col(self, sheet: str, column: str | None) -> str:
        if column is None:
            return ""
        c = self.kinds[sheet].columns.get(column)
        return f"«{c.header(self.lang) if c else column}»"

    def cond(self, sheet: str, cond: Condition | None) -> str:
        return describe(cond, self.kinds[sheet], self.lang)

    def where(self, sheet: str, cond: Condition | None) -> str:
        """`` (rows where …)`` after a sheet's name, or nothing when every row counts."""
        if cond is None:
            return ""
        text = self.cond(sheet, cond)
        return label("rows_where", _lang(self.lang), cond=text)

    def rows(self, sheet: str, cond: Condition | None) -> str:
        return f"{self.sheet(sheet)}{self.where(sheet, cond)}"

    def value(self, sheet: str, column: str, value: Any) -> str:
        return value_label(self.kinds[sheet], column, value, self.lang)

    def period(self, kind: str) -> str:
        return label(f"period_{kind}", _lang(self.lang))

    def say(self, key: str, **params: Any) -> str:
        """A catalogue label in this language: how a check's description is worded (both languages
        side by side in i18n.py, never inline in the check)."""
        return label(key, _lang(self.lang), **params)

    @staticmethod
    def pct(x: float) -> str:
        return f"{x * 100:g}%"
