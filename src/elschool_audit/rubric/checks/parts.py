"""Schema parts several check types share, with their evaluation: the rows of another sheet
(``SheetRef``) and the set of things a rule expects to see (``Expect``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from elschool_audit.roster import Level
from elschool_audit.rubric.checks.evidence import cell, key_column, kind_of, need_table, needs, rows_mask
from elschool_audit.rubric.checks.interface import Cond, Context, Reads, validate_sheet_columns
from elschool_audit.rubric.describe import value_label
from elschool_audit.text import fold
from elschool_audit.workbook import Table


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
        validate_sheet_columns(self.sheet, {"column": self.column}, {"where": self.where})
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, *self.key_columns)
        out.conds(self.sheet, self.where)


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


@dataclass(frozen=True)
class Universe:
    """Expected keys with a display label and, when they come from a sheet, the row that defines them."""

    keys: list[tuple[Any, ...]]
    labels: dict[tuple[Any, ...], str]
    table: Table | None
    rows: dict[tuple[Any, ...], Any]


def norm_key(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value


def universe_from(ref: SheetRef, ctx: Context) -> Universe:
    table = need_table(ctx, ref.sheet, ref.key_columns)
    needs(table, ref.where)
    sel = table.frame[rows_mask(ref.where, table, ctx)]
    keys: list[tuple[Any, ...]] = []
    labels: dict[tuple[Any, ...], str] = {}
    rows: dict[tuple[Any, ...], Any] = {}
    key_cols = [key_column(table, c) for c in ref.key_columns]
    for idx, values in zip(sel.index, sel[key_cols].itertuples(index=False, name=None), strict=True):
        key = tuple(norm_key(v) for v in values)
        if any(k is None for k in key) or key in rows:
            continue
        keys.append(key)
        rows[key] = idx
        labels[key] = " · ".join(str(cell(sel.loc[idx, c])) for c in ref.key_columns)
    return Universe(keys, labels, table, rows)


def universe_values(expect: Expect, ctx: Context, sheet: str, columns: list[str]) -> Universe:
    if expect.from_ is not None:
        return universe_from(expect.from_, ctx)
    if expect.values_by_level is not None:
        raw = expect.values_by_level.get(ctx.school.level, [])
    else:
        raw = expect.values or []
    kind = kind_of(sheet)
    keys: list[tuple[Any, ...]] = []
    labels: dict[tuple[Any, ...], str] = {}
    for item in raw:
        parts = item if isinstance(item, list) else [item]
        key = tuple(norm_key(p) for p in parts)
        keys.append(key)
        labels[key] = " · ".join(value_label(kind, c, p, "vi") for c, p in zip(columns, parts, strict=False))
    return Universe(keys, labels, None, {})
