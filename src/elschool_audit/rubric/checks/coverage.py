"""``coverage``: every expected value (fixed, per level, or the rows of another sheet) is matched by
a row ``where`` selects."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from elschool_audit.results import Msg
from elschool_audit.rubric.checks.evidence import (
    cond_params,
    first_column,
    key_column,
    need_table,
    needs,
    row_finding,
    rows_mask,
    table_finding,
)
from elschool_audit.rubric.checks.interface import (
    Check,
    Cond,
    Context,
    Outcome,
    Reads,
    register,
    validate_codes,
    validate_sheet_columns,
)
from elschool_audit.rubric.checks.parts import Expect, norm_key, universe_values
from elschool_audit.rubric.conditions import AllOf
from elschool_audit.rubric.describe import Words
from elschool_audit.workbook import Table
from elschool_audit.yamlfile import Invalid


@register
class CoverageCheck(Check):
    """Every expected value (or row of another sheet) is matched by a row ``where`` selects."""

    type: Literal["coverage"]
    sheet: str
    key: str | list[str]
    where: Cond | None = None
    expect: Expect

    @property
    def key_columns(self) -> list[str]:
        return [self.key] if isinstance(self.key, str) else list(self.key)

    def sheets(self) -> list[str]:
        extra = [self.expect.from_.sheet] if self.expect.from_ else []
        return [self.sheet, *extra]

    @model_validator(mode="after")
    def _cols(self) -> CoverageCheck:
        validate_sheet_columns(self.sheet, {"key": self.key}, {"where": self.where})
        if self.expect.rooms_of_level and self.key_columns != ["room_type"]:
            raise Invalid("rubric_rooms_of_level_key")
        if self.expect.from_ and len(self.expect.from_.key_columns) != len(self.key_columns):
            raise Invalid("rubric_from_columns")
        if len(self.key_columns) == 1:
            key = self.key_columns[0]
            if self.expect.values is not None:
                validate_codes(self.sheet, key, self.expect.values, "expect.values")
            for level, values in (self.expect.values_by_level or {}).items():
                validate_codes(self.sheet, key, values, f"expect.values_by_level.{level}")
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, *self.key_columns)
        out.conds(self.sheet, self.where)
        if self.expect.from_:
            self.expect.from_.reads(out)

    def _listed(self, words: Words, values: list[Any]) -> str:
        """Values in the school's words; pairs grouped by their first part ("3: Toán, Tiếng Việt")."""
        cols = self.key_columns
        if len(cols) == 1:
            return ", ".join(words.value(self.sheet, cols[0], v) for v in values)
        groups: dict[str, list[str]] = {}
        for item in values:
            parts = list(item) if isinstance(item, (list, tuple)) else [item]
            head = words.value(self.sheet, cols[0], parts[0])
            rest = " · ".join(words.value(self.sheet, c, v) for c, v in zip(cols[1:], parts[1:], strict=False))
            groups.setdefault(head, []).append(rest)
        return "; ".join(f"{head}: {', '.join(rest)}" for head, rest in groups.items())

    def describe(self, words: Words) -> str:
        if self.expect.values is not None:
            expected = self._listed(words, self.expect.values)
        elif self.expect.rooms_of_level:
            expected = words.say("desc_rooms_of_level")
        elif self.expect.values_by_level is not None:
            by_level = self.expect.values_by_level.items()
            expected = " — ".join(f"[{lvl}] {self._listed(words, v)}" for lvl, v in by_level)
        else:
            ref = self.expect.from_
            assert ref is not None
            keys = "/".join(words.col(ref.sheet, c) for c in ref.key_columns)
            expected = words.say("desc_every_in", keys=keys, sheet=words.sheet(ref.sheet))
        key = "/".join(words.col(self.sheet, c) for c in self.key_columns)
        return words.say("desc_coverage", rows=words.rows(self.sheet, self.where), keys=key, expected=expected)

    def evaluate(self, ctx: Context) -> Outcome:
        table = need_table(ctx, self.sheet, self.key_columns)
        needs(table, self.where)
        universe = universe_values(self.expect, ctx, self.sheet, self.key_columns)
        if not universe.keys and not universe.absent:
            return Outcome("not_applicable", Msg("universe_empty", {}))
        frame = table.frame[rows_mask(self.where, table, ctx)]
        key_cols = [key_column(table, c) for c in self.key_columns]
        rows = frame[key_cols].itertuples(index=False, name=None)
        present = {tuple(norm_key(v) for v in values) for values in rows}
        out = Outcome("pass")
        missing = [k for k in universe.keys if k not in present]
        near = self._near_rows(table, key_cols, ctx) if missing else {}
        for key in missing:
            params = {"item": universe.labels.get(key, str(key)), **cond_params(self.where, self.sheet)}
            msg = Msg("expected_missing", params)
            if self.expect.rooms_of_level:
                msg = Msg("room_missing", {"item": params["item"], "level": ctx.school.level})
            if key in near:
                # the school has the row but it does not meet the condition: that cell is the fix
                index, column = near[key]
                out.add(row_finding(table, index, column, Msg("expected_row_fails", params)), ctx.limit)
            elif universe.table is not None:
                column = self.expect.from_.key_columns[0] if self.expect.from_ else None
                out.add(row_finding(universe.table, universe.rows[key], column, msg), ctx.limit)
            else:
                out.add(table_finding(table, msg), ctx.limit)
        for finding in universe.absent:
            out.add(finding, ctx.limit)
        n = len(universe.keys) + len(universe.absent)
        failed = len(missing) + len(universe.absent)
        out.status = "pass" if not failed else "fail"
        out.measured = Msg("coverage_measured", {"ok": n - failed, "n": n})
        return out

    def _near_rows(
        self, table: Table, key_cols: list[str], ctx: Context
    ) -> dict[tuple[Any, ...], tuple[Any, str | None]]:
        """Key → (row, column) of the school's row that has the key but fails ``where``: the one
        meeting most parts of the condition (the KidsMart cell of that computer, not its Netop
        cell), and the first part it fails (the cell to fix, with the value found there)."""
        parts = list(self.where.items) if isinstance(self.where, AllOf) else [self.where] if self.where else []
        if not parts:
            return {}
        # each part's mask as an array read by the row's position (the masks follow the frame's
        # rows): a scalar .loc per row and part cost more than the rest of the check
        flags = [rows_mask(p, table, ctx).to_numpy(dtype=bool) for p in parts]
        best: dict[tuple[Any, ...], tuple[tuple[int, int], Any, str | None]] = {}
        rows = table.frame[key_cols].itertuples(index=True, name=None)
        for pos, (index, *values) in enumerate(rows):
            key = tuple(norm_key(v) for v in values)
            met = [bool(f[pos]) for f in flags]
            if all(met):
                continue
            leading = met.index(False)  # the parts that say what the row is come first (a wifi device)
            if len(parts) > 1 and leading == 0:
                continue  # not the kind of row the condition looks for (a computer, for wifi)
            score = (leading, sum(met))
            if key not in best or score > best[key][0]:
                best[key] = (score, index, first_column(parts[leading]))
        return {k: (index, column) for k, (_, index, column) in best.items()}
