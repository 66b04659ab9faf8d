"""Schema parts several check types share, with their evaluation: the rows of another sheet
(``SheetRef``) and the set of things a rule expects to see (``Expect``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from elschool_audit.results import Finding, Msg
from elschool_audit.roster import Level
from elschool_audit.rubric.checks.evidence import (
    blank_column,
    blank_finding,
    cell,
    cond_params,
    key_column,
    kind_of,
    need_table,
    needs,
    required_columns,
    row_finding,
    rows_mask,
    table_finding,
    undecided_rows,
)
from elschool_audit.rubric.checks.interface import (
    Cond,
    Context,
    Reads,
    field_error,
    validate_codes,
    validate_sheet_columns,
)
from elschool_audit.rubric.conditions import Condition, columns_of
from elschool_audit.rubric.describe import value_label
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.text import fold
from elschool_audit.workbook import Table
from elschool_audit.yamlfile import Invalid


class SheetRef(BaseModel):
    """Rows of another sheet, e.g. the rooms of the device inventory a per-room rule must cover."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    sheet: str
    column: str | list[str]
    where: Cond | None = None
    require_rooms: list[str] = Field(default_factory=list)
    """Room types (Appendix 1) of which the selected rows must hold at least one row each, when the
    school's level has that room (rooms.yaml; CLC-only rooms for CLC schools): the computers of
    the physics lab cannot be deleted to make "virtual-lab software on every one" not applicable."""

    @property
    def key_columns(self) -> list[str]:
        return [self.column] if isinstance(self.column, str) else list(self.column)

    @model_validator(mode="after")
    def _known(self) -> SheetRef:
        validate_sheet_columns(self.sheet, {"column": self.column}, {"where": self.where})
        if self.require_rooms:
            if "room_type" not in kind_of(self.sheet).columns:
                field_error("require_rooms", Invalid("rubric_sheet_no_room_type", sheet=self.sheet), self.require_rooms)
            validate_codes(self.sheet, "room_type", self.require_rooms, "require_rooms")
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
    rooms_of_level: bool | None = None
    """true: the room types Appendix 1 (rooms.yaml) gives the school's level, robotics for CLC
    schools only — the key column must then hold room types."""

    @model_validator(mode="after")
    def _one(self) -> Expect:
        given = [x for x in (self.values, self.values_by_level, self.from_, self.rooms_of_level) if x is not None]
        if len(given) != 1:
            raise Invalid("rubric_expect_one_of")
        if self.rooms_of_level is False:
            raise Invalid("rubric_rooms_of_level_true")
        return self


@dataclass(frozen=True)
class Universe:
    """Expected keys with a display label and, when they come from a sheet, the row that defines them.

    ``absent`` are expected things that cannot be matched at all, each a failure of the rule with its
    finding: a room Appendix 1 requires that has no selected row, a row whose key or scope is blank."""

    keys: list[tuple[Any, ...]]
    labels: dict[tuple[Any, ...], str]
    table: Table | None
    rows: dict[tuple[Any, ...], Any]
    absent: list[Finding] = field(default_factory=list)


def norm_key(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value


def universe_from(ref: SheetRef, ctx: Context) -> Universe:
    """The rows ``ref`` selects, by key. A row whose scope or key is blank is not dropped: it is an
    ``absent`` failure at its blank cell; so is every required room with no selected row."""
    table = need_table(ctx, ref.sheet, [*ref.key_columns, "room_type" if ref.require_rooms else None])
    needs(table, ref.where)
    undecided = undecided_rows(ref.where, table, ctx)
    sel = table.frame[rows_mask(ref.where, table, ctx) | undecided]
    keys: list[tuple[Any, ...]] = []
    labels: dict[tuple[Any, ...], str] = {}
    rows: dict[tuple[Any, ...], Any] = {}
    absent: list[Finding] = []
    unplaced: set[tuple[Any, ...]] = set()
    key_cols = [key_column(table, c) for c in ref.key_columns]
    for idx, values in zip(sel.index, sel[key_cols].itertuples(index=False, name=None), strict=True):
        key = tuple(norm_key(v) for v in values)
        if bool(undecided.loc[idx]):
            if key not in unplaced:  # one finding per unknown room, not per device in it
                unplaced.add(key)
                absent.append(blank_finding(table, idx, blank_column(ref.where, table, idx)))
            continue
        if any(k is None for k in key):
            blank = next(c for c, k in zip(ref.key_columns, key, strict=True) if k is None)
            if blank in required_columns(ref.sheet):  # a computer without its code cannot be matched
                absent.append(blank_finding(table, idx, blank))
            continue
        if key in rows:
            continue
        keys.append(key)
        rows[key] = idx
        labels[key] = " · ".join(str(cell(sel.loc[idx, c])) for c in ref.key_columns)
    absent.extend(rooms_without_rows(ref.require_rooms, ref.where, table, sel, ctx))
    return Universe(keys, labels, table, rows, absent)


def rooms_without_rows(
    require: list[str], where: Condition | None, table: Table, sel: pd.DataFrame, ctx: Context
) -> list[Finding]:
    """One finding per required room type the level has and the selected rows ``sel`` do not: at
    the room's row when the room is listed (it has other devices), else at the tab."""
    if not require:
        return []
    kind = kind_of(table.kind)
    present = set(sel["room_type"].dropna())
    out = []
    for code in require:
        if code in present or (ctx.level_rooms is not None and code not in ctx.level_rooms):
            continue
        params = {
            "room": value_label(kind, "room_type", code, "vi"),
            "level": ctx.school.level,
            **cond_params(where, table.kind),
        }
        msg = Msg("room_required_missing", params)
        listed = table.frame.index[(table.frame["room_type"] == code).to_numpy()]
        out.append(row_finding(table, listed[0], "room", msg) if len(listed) else table_finding(table, msg))
    return out


def universe_values(expect: Expect, ctx: Context, sheet: str, columns: list[str]) -> Universe:
    if expect.from_ is not None:
        return universe_from(expect.from_, ctx)
    if expect.rooms_of_level:
        # Appendix 1's order; no room table (a one-file rubric without room_types) expects nothing
        rooms = ctx.level_rooms or frozenset()
        raw: list[Any] = [code for code in catalogue().enums["room_type"].values if code in rooms]
    elif expect.values_by_level is not None:
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


def with_own_groups(universe: Universe, ref: SheetRef | None, table: Table, group_by: str, ctx: Context) -> Universe:
    """The groups a rule expects from another sheet (the inventory's rooms), plus those the checked
    sheet itself names that ``ref.where`` selects there too: deleting a room's devices from the
    inventory must not take the room's missing log out of the rule."""
    if ref is None or ref.sheet == table.kind or len(ref.key_columns) != 1:
        return universe
    if any(not table.has_column(t.column) for t in columns_of(ref.where)) or not table.has_column(group_by):
        return universe
    sel = table.frame[rows_mask(ref.where, table, ctx)]
    keys = list(universe.keys)
    labels = dict(universe.labels)
    # only a value's first row can add a group (equal values give equal keys): a log names its
    # few rooms on thousands of rows
    values = sel[key_column(table, group_by)]
    first = ~values.duplicated().to_numpy()
    for idx, value in zip(sel.index[first], values.to_numpy()[first], strict=True):
        key = (norm_key(value),)
        if key[0] is None or key in labels:
            continue
        keys.append(key)
        labels[key] = str(cell(sel.loc[idx, group_by]))
    return Universe(keys, labels, universe.table, universe.rows, universe.absent)
