"""The check plugin point: the base class every check type derives from, and the registry.

A check type is one class in one module of this package: its pydantic fields are the YAML schema,
``evaluate`` judges a school, ``reads`` names the sheets and columns it needs (for `rubric
explain`) and ``describe`` says in words what the records must show. Registering the class (the
``register`` decorator) is all the rubric model, the run dispatch and the catalogue need: the
discriminated union of ``Rule.check`` is built from this registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, NoReturn, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from elschool_audit.results import Finding, Msg, Status
from elschool_audit.roster import School
from elschool_audit.rubric.calendar import Calendar
from elschool_audit.rubric.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Test,
    columns_of,
    parse_condition,
    validate_column,
    validate_condition,
)
from elschool_audit.rubric.describe import Words
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.workbook import Workbook
from elschool_audit.yamlfile import Invalid


def _serialize_condition(cond: Condition) -> Any:
    if isinstance(cond, Test):
        return {cond.column: {cond.op: cond.value}}
    if isinstance(cond, AllOf):
        return {"all": [_serialize_condition(c) for c in cond.items]}
    if isinstance(cond, AnyOf):
        return {"any": [_serialize_condition(c) for c in cond.items]}
    return {"not": _serialize_condition(cond.item)}


def raw_condition(cond: Any) -> Any:
    """A parsed condition back in its YAML shape (for error messages and serialisation)."""
    return None if cond is None else _serialize_condition(cond)


Cond = Annotated[
    Any,
    BeforeValidator(parse_condition),
    PlainSerializer(_serialize_condition, return_type=dict),
]
"""A row condition as written in YAML, parsed (``where``, ``condition``)."""


def field_error(field: str, reason: Invalid, value: Any) -> NoReturn:
    """Fail validation at ``field`` of the model being validated (not at the model as a whole), in
    the catalogue's words: the loader renders ``reason`` in the user's language."""
    raise ValidationError.from_exception_data(
        "check",
        [
            InitErrorDetails(
                type=PydanticCustomError("value_error", "Value error, {error}", {"error": reason}),
                loc=tuple(int(p) if p.isdigit() else p for p in field.split(".")),
                input=value,
            )
        ],
    )


def validate_codes(sheet: str, column: str, values: Iterable[Any], field: str) -> None:
    """Enum values written in the rubric must be known codes: a typo ('finanse') would otherwise
    never match any row and the rule would fail, or pass, for the wrong reason."""
    cat = catalogue()
    col = cat.kinds[sheet].columns.get(column)
    if col is None or col.enum is None:
        return
    enum = cat.enums[col.enum]
    bad = [v for v in values if str(v) not in enum.values]
    if bad:
        codes = ", ".join(enum.values)
        field_error(field, Invalid("cond_no_such_value", column=column, value=repr(bad[0]), codes=codes), bad[0])


def validate_sheet_columns(sheet: str, cols: dict[str, Any], conds: dict[str, Any]) -> None:
    """Check the sheet kind and every column and condition field (keyed by field name, dotted for
    nested ones); an error is located at that field, so the loader names its YAML line."""
    cat = catalogue()
    if sheet not in cat.kinds:
        field_error("sheet", Invalid("rubric_unknown_sheet", sheet=sheet, kinds=", ".join(cat.kinds)), sheet)
    kind = cat.kinds[sheet]
    for name, value in cols.items():
        for col in [value] if isinstance(value, str) else list(value or []):
            try:
                validate_column(col, kind)
            except Invalid as exc:
                field_error(name, exc, value)
    for name, cond in conds.items():
        try:
            validate_condition(cond, kind, cat)
        except Invalid as exc:
            field_error(name, exc, raw_condition(cond))


# ---------------------------------------------------------------- running a check


class NeedsInput(Exception):
    """The check cannot run: a sheet kind or a column is missing from the school's records."""

    def __init__(self, msg: Msg, finding: Finding | None = None) -> None:
        super().__init__(msg.key)
        self.msg = msg
        self.finding = finding


@dataclass
class Context:
    school: School
    workbook: Workbook
    as_of: dt.date
    calendar: Calendar
    limit: int = 50
    level_rooms: frozenset[str] | None = None
    """The Appendix 1 room types this school's level has (CLC rooms only for CLC schools); None
    when the rubric has no room table, and then every room a rule requires is required."""


@dataclass
class Outcome:
    status: Status
    measured: Msg | None = None
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    def add(self, finding: Finding, limit: int) -> None:
        self.total += 1
        if len(self.findings) < limit:
            self.findings.append(finding)


class Reads:
    """Sheet kind → the columns a check reads, in first-mentioned order (`rubric explain`)."""

    def __init__(self) -> None:
        self.sheets: dict[str, list[str]] = {}

    def add(self, sheet: str | None, *cols: str | None) -> None:
        if sheet is None:
            return
        bucket = self.sheets.setdefault(sheet, [])
        for col in cols:
            if col and col not in bucket:
                bucket.append(col)

    def conds(self, sheet: str | None, *items: Condition | None) -> None:
        for item in items:
            self.add(sheet, *(t.column for t in columns_of(item)))


class Check(BaseModel):
    """A check type. Subclasses narrow ``type`` to their ``Literal`` names and implement the rest."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    type: str

    def sheets(self) -> list[str]:
        """The sheet kinds this check reads."""
        sheet = getattr(self, "sheet", None)
        return [sheet] if sheet else []

    def reads(self, out: Reads) -> None:
        """Add the sheets and columns this check reads to ``out``."""
        raise NotImplementedError

    def evaluate(self, ctx: Context) -> Outcome:
        """Judge one school; raise ``NeedsInput`` when a sheet or column it needs is missing."""
        raise NotImplementedError

    def describe(self, words: Words) -> str:
        """One sentence, in ``words``' language: what the records must show."""
        raise NotImplementedError


REGISTRY: dict[str, type[Check]] = {}
"""YAML ``type`` name → the class that holds that check type."""

C = TypeVar("C", bound=Check)


def register(cls: type[C]) -> type[C]:
    """Make a check class known under every name its ``type`` Literal allows."""
    for name in get_args(cls.model_fields["type"].annotation):
        if name in REGISTRY:
            raise ValueError(f"check type {name!r} registered twice")
        REGISTRY[name] = cls
    return cls


def run_check(check: Check, ctx: Context) -> Outcome:
    """Run one check; missing input becomes an ``error`` outcome with the reason as its finding."""
    try:
        return check.evaluate(ctx)
    except NeedsInput as exc:
        out = Outcome("error", exc.msg)
        out.add(exc.finding or Finding(exc.msg), 1)
        return out
