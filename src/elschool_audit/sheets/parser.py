"""Turn one tab's grid of cells into a typed table of a known sheet kind.

The grid is what a reader delivers (calamine, CSV, Google Sheets values): a list of rows of
Python values, row 0 being spreadsheet row 1. Real school tabs carry titles above the header,
headers typed without diacritics, total rows and blank spacer rows; this module finds the header,
recognises the kind by its columns (tab names are only hints), parses every value by its column's
type, and records each value it cannot read as a located problem, never as a silent wrong value.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from elschool_audit.errors import Location, ValueParseError
from elschool_audit.i18n import label
from elschool_audit.limits import limits, too_large
from elschool_audit.results import DataProblem, Msg
from elschool_audit.sheets import values as V
from elschool_audit.sheets.context import (
    Assumed,
    TabContext,
    Years,
    device_type_from_name,
    master_fields,
    origin_params,
    tab_context,
)
from elschool_audit.sheets.kinds import Catalogue, Column, Enum, SheetKind, catalogue
from elschool_audit.sheets.legacy import Encoding, detect_legacy, to_unicode
from elschool_audit.sheets.mapping import TabMapping
from elschool_audit.sheets.rooms import classify_room, room_key
from elschool_audit.text import OncePerText, clean, fold, header_key, keys_near, match_key, texts_of
from elschool_audit.workbook import ROW, SRC, TabSource

HEADER_SEARCH_ROWS = 15
"""How far down a tab the header row may be (title blocks above it are common)."""

Cell = Any
Grid = Sequence[Sequence[Cell]]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class HeaderMatch:
    kind: SheetKind
    row: int
    columns: dict[str, int]
    """canonical column → 0-based cell index"""
    headers: dict[str, str]
    wide_items: dict[str, int]
    """for wide and counts layouts: item code (e.g. software, post category) → cell index"""
    score: float
    height: int = 1
    """header rows: 2 when a group header row stands over a row of sub-headers"""
    groups: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """canonical column → the sub-columns under its group header, whose marked cells give the value"""
    sub_headers: dict[int, str] = field(default_factory=dict)
    """cell index → sub-header text, for the columns of a group"""
    counts: bool = False
    """the kind's counts layout: one row per month, one column of counts per item"""
    distinctive: int = 0
    """how many found columns were named by a header no other kind has"""
    complete: bool = False
    """every required column found"""
    hinted: bool = False
    """the tab's or file's name names the kind"""
    assumed: dict[str, Assumed] = field(default_factory=dict)
    """columns the header lacks and the tab's names (or the other columns) imply"""
    years: Years = field(default_factory=Years)
    """what the names say about the year of dates written dd/mm"""

    @property
    def missing_required(self) -> list[Column]:
        if self.counts:
            return []  # the layout stands in for the list's columns (see SheetKind.counts)
        return [c for c in self.kind.required if c.name not in self.columns and c.name not in self.assumed]


@dataclass(frozen=True)
class ParsedTab:
    kind: str
    frame: pd.DataFrame
    source: TabSource
    problems: list[DataProblem]


@dataclass(frozen=True)
class UnrecognisedTab:
    """A tab read as no audited kind: why, and what comes nearest."""

    file: str
    tab: str
    best_guess: str | None
    """the audited kind the tab comes nearest to"""
    missing: tuple[str, ...]
    """the required columns that kind still needs"""
    ambiguous: tuple[str, ...] = ()
    """the kinds it could be, when no kind wins clearly"""
    known_as: str | None = None
    """a book the tool knows but no rule reads (``Catalogue.others``)"""


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if type(cell) is str:
        return _TEXTS[cell]
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    key = (type(cell), cell)  # a date or a number: header search reads the same cells several times
    try:
        text = _OTHER_TEXTS.get(key)
    except TypeError:  # an unhashable cell
        return clean(str(cell))
    if text is None:
        if len(_OTHER_TEXTS) > 20_000:  # bounded like _TEXTS
            _OTHER_TEXTS.clear()
        text = _OTHER_TEXTS[key] = clean(str(cell))
    return text


_OTHER_TEXTS: dict[tuple[type, Any], str] = {}


# Header search reads the first rows of every tab several times over (as one, two and three-row
# headers), and a district's tabs share their templates: each distinct text is cleaned once.
_TEXTS = OncePerText(clean, lambda v: clean(str(v)), limit=20_000)


@dataclass(frozen=True)
class _HeaderRow:
    """One header row as matching sees it: per cell, candidate keys in order of preference.

    A single-row header has one key per cell. A two-row header offers, per cell, the sub-header,
    then "group sub-header", then the group header alone (``levels`` says which is which), so that
    "Số người dự" over "HT | GV" finds the columns "HT" and "GV", and "Tình trạng" over "Tốt |
    Hỏng" finds the column "Tình trạng" spread over two sub-columns.
    """

    keys: tuple[list[str], list[str], list[str]]
    """per level (0 sub-header or single header, 1 group + sub-header, 2 group): the key of
    each cell at that level, "" where it has none"""
    texts: list[str]
    """what to show for each cell (the sub-header when there is one)"""
    group_of: list[int | None]
    """the group (its first cell index) each cell belongs to, if any"""
    group_texts: dict[int, str]
    alts: list[str] = field(default_factory=list)
    """per cell, the key of its first line when a note follows a line break ("Mã TB\n(Dạng Text,
    8 ký tự số)", "Ngày dạy\nghi dd/mm"), else "": tried after the whole cell's key"""


def _first_line_key(cell: Cell) -> str:
    """The header key of a cell's first line, when the cell has more than one."""
    if not isinstance(cell, str) or "\n" not in cell.strip():
        return ""
    return header_key(cell.strip().split("\n", 1)[0])


def _single_row(cells: Sequence[Cell]) -> _HeaderRow:
    texts = [_cell_text(c) for c in cells]
    blank = [""] * len(texts)
    alts = [_first_line_key(c) for c in cells]
    return _HeaderRow(([header_key(t) for t in texts], blank, blank), texts, [None] * len(texts), {}, alts)


def _three_rows(top: Sequence[Cell], mid: Sequence[Cell], sub: Sequence[Cell]) -> _HeaderRow | None:
    """A three-row grouped header (the statutory asset book: "Ghi tăng" over "Chứng từ" over
    "Số hiệu | Ngày tháng") as a two-row one: the middle row's labels, with the top row's where a
    header is merged down from the top, over the sub-headers."""
    top_t = [_cell_text(c) for c in top]
    mid_t = [_cell_text(c) for c in mid]
    if sum(1 for t in top_t if t) < 2 or sum(1 for t in mid_t if t) < 2:
        return None
    width = max(len(top_t), len(mid_t))
    top_t += [""] * (width - len(top_t))
    mid_t += [""] * (width - len(mid_t))
    merged = [m or t for t, m in zip(top_t, mid_t, strict=True)]
    return _two_rows(merged, sub)


_MARK_KEYS = frozenset({"x", "v", "✓", "✔", "1", "0"})


def _two_rows(top_cells: Sequence[Cell], sub_cells: Sequence[Cell]) -> _HeaderRow | None:
    """The combined header of a group row over a sub-header row, or None if they are not one.

    Calamine, CSV and the Sheets API give a merged group header only in its top-left cell, so a
    group is a label followed by blank cells, with sub-headers under all of them. The pair is a
    header only when every text of the lower row sits under a group (or repeats the label above
    it, as a vertically merged header filled down does), the lower row holds labels rather than
    marks or numbers, and the upper row has a header of its own besides the groups — otherwise a
    title merged across the table would pass for a group.
    """
    top = [_cell_text(c) for c in top_cells]
    sub = [_cell_text(c) for c in sub_cells]
    width = max(len(top), len(sub))
    top += [""] * (width - len(top))
    sub += [""] * (width - len(sub))
    group_of: list[int | None] = [None] * width
    group_texts: dict[int, str] = {}
    standalone = 0
    j = 0
    while j < width:
        if not top[j]:
            if sub[j]:
                return None  # a sub-header under no group: the lower row is data
            j += 1
            continue
        if not sub[j] or sub[j] == top[j]:
            standalone += 1
            j += 1
            continue
        end = j + 1
        while end < width and not top[end] and sub[end]:
            end += 1
        if end - j < 2:
            return None
        for k in range(j, end):
            group_of[k] = j
        group_texts[j] = top[j]
        j = end
    subs = [t for t, g in zip(sub, group_of, strict=True) if g is not None]
    if not group_texts or (standalone == 0 and len(group_texts) < 2):
        return None
    if any(fold(t) in _MARK_KEYS or _looks_numeric(t) for t in subs):
        return None
    keys: tuple[list[str], list[str], list[str]] = ([], [], [])
    texts: list[str] = []
    alts: list[str] = []
    for k in range(width):
        g = group_of[k]
        if g is None:
            keys[0].append(header_key(top[k]))
            keys[1].append("")
            keys[2].append("")
            texts.append(top[k])
            alts.append(_first_line_key(top_cells[k]) if k < len(top_cells) else "")
        else:
            label = group_texts[g]
            keys[0].append(header_key(sub[k]))
            keys[1].append(header_key(f"{label} {sub[k]}"))
            keys[2].append(header_key(label))
            texts.append(sub[k])
            alts.append(_first_line_key(sub_cells[k]) if k < len(sub_cells) else "")
    return _HeaderRow(keys, texts, group_of, group_texts, alts)


_NUMERIC_RE = re.compile(r"^[\d\s.,:/%+\-]+$")


def _looks_numeric(text: str) -> bool:
    return bool(_NUMERIC_RE.match(text))


@functools.lru_cache(maxsize=4096)
def _near_keys(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(match_key(k) for k in keys)


_T = TypeVar("_T")


class _PerCatalogue(Generic[_T]):
    """What is built once per catalogue (indexes, caches of header matching), found by the
    catalogue's id; the catalogue is kept beside it so the id is not reused by another one."""

    def __init__(self, build: Callable[[Catalogue], _T]) -> None:
        self._build = build
        self._entries: dict[int, tuple[Catalogue, _T]] = {}

    def of(self, cat: Catalogue) -> _T:
        entry = self._entries.get(id(cat))
        if entry is None or entry[0] is not cat:
            entry = self._entries[id(cat)] = (cat, self._build(cat))
        return entry[1]


# every known spelling in match-key form by itself and each of its one-character deletions;
# key → near known keys
_NEAR_CACHE: _PerCatalogue[tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]] = _PerCatalogue(
    lambda cat: (_by_deletion(cat), {})
)


def _near_hits(cat: Catalogue, key: str) -> frozenset[str]:
    """Every known column spelling (in match-key form) within one slip of header ``key``.

    Header search compares each cell of the first rows with every spelling of every kind; doing
    the fuzzy comparison once per distinct cell text, against the whole catalogue, is what keeps
    reading a folder fast.
    """
    by_deletion, cache = _NEAR_CACHE.of(cat)
    hits = cache.get(key)
    if hits is None:
        if len(cache) > 100_000:  # bounded: a long-running process reads many districts
            cache.clear()
        mk = match_key(key)
        near = {k for v in _deletions(mk) for k in by_deletion.get(v, ())}
        hits = cache[key] = frozenset(k for k in near if keys_near(mk, k))
    return hits


def _deletions(key: str) -> set[str]:
    """``key`` and every string one character shorter it contains."""
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}


def _by_deletion(cat: Catalogue) -> dict[str, tuple[str, ...]]:
    """Every known spelling of the catalogue in match-key form, by itself and by each of its
    one-character deletions: two keys one insertion, deletion, substitution or swap apart share
    one of these, so the few spellings that can be near a header are found by lookup, not by
    comparing it with every spelling of its length."""
    known = {k for kind in cat.all_kinds() for col in kind.columns.values() for k in _near_keys(col.keys)}
    out: dict[str, list[str]] = {}
    for k in known:
        for v in _deletions(k):
            out.setdefault(v, []).append(k)
    return {v: tuple(ks) for v, ks in out.items()}


@dataclass
class _Assignment:
    columns: dict[str, int]
    wide: dict[str, int]
    groups: dict[str, tuple[int, ...]]
    counts: bool = False


def _item_columns(row: _HeaderRow, enum: Enum, used: set[int]) -> dict[str, int]:
    """Header cells that name an item of ``enum`` (a software, a post category) → cell index."""
    items: dict[str, int] = {}
    for idx, text in enumerate(row.texts):
        if idx in used or not text:
            continue
        code = enum.match(text)
        if code and code not in items:
            items[code] = idx
    used.update(items.values())
    return items


# Per catalogue: row shape + kind → assignment. A district's schools
# keep the same templates, so the same header row is matched against the same kinds hundreds of
# times in one run; the assignment depends on nothing else.
_MATCH_CACHE: _PerCatalogue[dict[tuple[object, ...], _Assignment]] = _PerCatalogue(lambda cat: {})


def _row_shape(row: _HeaderRow) -> tuple[object, ...]:
    """Everything of a header row that matching reads, hashable."""
    return (
        tuple(tuple(level) for level in row.keys),
        tuple(row.texts),
        tuple(row.group_of),
        tuple(sorted(row.group_texts.items())),
        tuple(row.alts),
    )


def _match_row(row: _HeaderRow, kind: SheetKind, cat: Catalogue) -> _Assignment:
    cache = _MATCH_CACHE.of(cat)
    shape = _row_shape(row)
    key = (kind.name, *shape)
    hit = cache.get(key)
    if hit is None:
        if len(cache) > 50_000:  # bounded: a long-running process reads many districts
            cache.clear()
        hit = cache[key] = _assign(row, kind, cat, shape)
    return _Assignment(dict(hit.columns), dict(hit.wide), dict(hit.groups), hit.counts)


# A header row's cell positions (in matching order) by the keys that name them, per level and
# exact/near; keyed by the row's shape and bounded like the match cache. Built once per distinct
# row, so matching it against every kind is a few dict lookups per column, not a comparison of
# every column with every cell.
_Index = dict[str, tuple[int, ...]]
_INDEX_CACHE: _PerCatalogue[dict[tuple[object, ...], dict[tuple[int, bool], _Index]]] = _PerCatalogue(lambda cat: {})


def _row_index(row: _HeaderRow, order: list[int], cat: Catalogue, level: int, exact: bool) -> _Index:
    """Key → the positions in ``order`` of the cells it names at ``level``: exactly (the cell's key
    or its first line's) or, when not ``exact``, every known spelling within one slip of them."""
    keys = row.keys[level]
    index: dict[str, list[int]] = {}
    for pos, idx in enumerate(order):
        key = keys[idx]
        if not key:
            continue
        alt = row.alts[idx] if level == 0 and idx < len(row.alts) else ""
        cands = (key, alt) if alt else (key,)
        names: set[str] = set(cands) if exact else set().union(*(_near_hits(cat, k) for k in cands))
        for name in names:
            index.setdefault(name, []).append(pos)
    return {k: tuple(v) for k, v in index.items()}


def _row_indexes(
    row: _HeaderRow, order: list[int], cat: Catalogue, shape: tuple[object, ...]
) -> dict[tuple[int, bool], _Index]:
    cache = _INDEX_CACHE.of(cat)
    hit = cache.get(shape)
    if hit is None:
        if len(cache) > 50_000:  # bounded: a long-running process reads many districts
            cache.clear()
        levels = (0, 1, 2) if row.group_texts else (0, 1)
        hit = cache[shape] = {(lv, ex): _row_index(row, order, cat, lv, ex) for lv in levels for ex in (True, False)}
    return hit


def _first_free(index: _Index, keys: frozenset[str], order: list[int], used: set[int]) -> int | None:
    """The first cell in matching order named by any of ``keys`` and not yet claimed."""
    best: int | None = None
    for k in keys:
        for pos in index.get(k, ()):
            if best is not None and pos >= best:
                break
            if order[pos] not in used:
                best = pos
                break
    return None if best is None else order[best]


def _assign(row: _HeaderRow, kind: SheetKind, cat: Catalogue, shape: tuple[object, ...] | None = None) -> _Assignment:
    """Assign header cells to the kind's columns: exact spellings first, then one-letter slips;
    sub-headers before group headers, so a group only claims columns nothing else names."""
    assigned: dict[str, int] = {}
    groups: dict[str, tuple[int, ...]] = {}
    used: set[int] = set()
    n = len(row.texts)

    # A sub-header under a group names a part of the group's thing ("Số hiệu" under "Chứng từ" is
    # the voucher's number): cells standing alone are matched first.
    order = sorted(range(n), key=lambda i: row.group_of[i] is not None)
    if shape is None:
        shape = _row_shape(row)
    indexes = _row_indexes(row, order, cat, shape)

    def run(level: int, exact: bool) -> None:
        index = indexes[(level, exact)]
        if not index:
            return
        for name, col in kind.columns.items():
            if name in assigned:
                continue
            idx = _first_free(index, col.keys if exact else _near_keys(col.keys), order, used)
            if idx is None:
                continue
            assigned[name] = idx
            if level == 2:
                g = row.group_of[idx]
                members = tuple(i for i in range(n) if row.group_of[i] == g and i not in used)
                groups[name] = members
                used.update(members)
            else:
                used.add(idx)

    for level in (0, 1):
        for exact in (True, False):
            run(level, exact)
    wide: dict[str, int] = {}
    counts = False
    if kind.wide is not None and kind.wide.item_column not in assigned:
        wide = _item_columns(row, cat.enums[kind.wide.item_enum], used)
    elif kind.counts is not None and kind.counts.key in assigned and not any(c.name in assigned for c in kind.required):
        # A month column and no column of the list: a month × item table of counts, if its
        # other headers name items.
        wide = _item_columns(row, cat.enums[kind.counts.item_enum], used)
        counts = bool(wide)
    if row.group_texts:
        for exact in (True, False):
            run(2, exact)
    return _Assignment(assigned, wide, groups, counts)


def _hinted(kind: SheetKind, file: str, tab: str) -> bool:
    names = f"{fold(tab)} {fold(file)}"
    return any(fold(h) in names for h in kind.hints)


# (kind's position, column name) by each spelling of the kinds tried: exact, and in match-key form
_Owners = dict[str, tuple[tuple[int, str], ...]]


def _column_owners(kinds: Sequence[SheetKind]) -> tuple[_Owners, _Owners]:
    exact: dict[str, list[tuple[int, str]]] = {}
    near: dict[str, list[tuple[int, str]]] = {}
    for i, kind in enumerate(kinds):
        for name, col in kind.columns.items():
            for k in col.keys:
                exact.setdefault(k, []).append((i, name))
            for k in _near_keys(col.keys):
                near.setdefault(k, []).append((i, name))
    return {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in near.items()}


# Per catalogue: (a row's header keys, the kinds tried) → which of those kinds the row could be;
# the kinds tried → their columns by spelling. Tabs of one template
# repeat the same header rows across a district.
_PLAUSIBLE_CACHE: _PerCatalogue[
    tuple[
        dict[tuple[frozenset[str], tuple[str, ...]], tuple[bool, ...]],
        dict[tuple[str, ...], tuple[_Owners, _Owners]],
    ]
] = _PerCatalogue(lambda cat: ({}, {}))


def _plausible_kinds(cat: Catalogue, kinds: Sequence[SheetKind], exact: frozenset[str]) -> tuple[bool, ...]:
    """Whether the row names at least two of each kind's columns, exactly or within a slip; a
    kind it does not can never score, so the full assignment is not worth running (most rows of
    most tabs are ruled out here). Kinds with an item layout are always tried: their items are
    headers. Once per distinct row, through each spelling's columns rather than every column of
    every kind."""
    cache, owners_of = _PLAUSIBLE_CACHE.of(cat)
    names = tuple(kind.name for kind in kinds)
    key = (exact, names)
    hit = cache.get(key)
    if hit is None:
        if len(cache) > 50_000:  # bounded: a long-running process reads many districts
            cache.clear()
        owners = owners_of.get(names)
        if owners is None:
            owners = owners_of[names] = _column_owners(kinds)
        near: set[str] = set()
        for k in exact:
            near |= _near_hits(cat, k)
        named: list[set[str]] = [set() for _ in kinds]
        for keys, index in ((exact, owners[0]), (near, owners[1])):
            for k in keys:
                for i, name in index.get(k, ()):
                    named[i].add(name)
        hit = cache[key] = tuple(
            kind.wide is not None or kind.counts is not None or len(named[i]) >= 2 for i, kind in enumerate(kinds)
        )
    return hit


def _score_row(
    row: _HeaderRow,
    r: int,
    height: int,
    file: str,
    tab: str,
    cat: Catalogue,
    ctx: TabContext,
    kinds: Sequence[SheetKind],
) -> list[HeaderMatch]:
    """Every kind this row could be the header of, scored (see ``_decide`` for how one wins)."""
    found_all: list[HeaderMatch] = []
    exact = frozenset({k for level in row.keys for k in level if k} | {k for k in row.alts if k})
    for kind, plausible in zip(kinds, _plausible_kinds(cat, kinds, exact), strict=True):
        if not plausible:
            continue
        match = _score_kind(row, r, height, kind, file, tab, cat, ctx)
        if match is not None:
            found_all.append(match)
    return found_all


def _implied(kind: SheetKind, assigned: dict[str, int], ctx: TabContext) -> dict[str, Assumed]:
    """The kind's columns the header lacks but the names imply; a device's type from its name."""
    out = {n: a for n, a in ctx.implied.items() if n in kind.columns and n not in assigned}
    for name, col in kind.columns.items() if ctx.master_labels else ():  # most tabs have no master row
        label = next((ctx.master_labels[k] for k in col.keys if k in ctx.master_labels), None)
        if label is not None and name not in assigned:
            out[name] = Assumed(None, "master", label)
    if "type" in kind.columns and "type" not in assigned and "name" in assigned and kind.columns["type"].enum:
        out["type"] = Assumed(None, "device_name")
    return out


def _score_kind(
    row: _HeaderRow, r: int, height: int, kind: SheetKind, file: str, tab: str, cat: Catalogue, ctx: TabContext
) -> HeaderMatch | None:
    found = _match_row(row, kind, cat)
    assigned, wide = found.columns, found.wide
    required = kind.required
    implied = _implied(kind, assigned, ctx)
    if found.counts and kind.counts is not None:
        implied.pop(kind.counts.item_column, None)  # each count's column header is its category
    req_found = sum(1 for c in required if c.name in assigned or c.name in implied)
    if kind.wide is not None and wide:
        # a wide layout stands in for the item and value columns
        req_found += sum(
            1 for c in required if c.name in (kind.wide.item_column, kind.wide.value_column) and c.name not in assigned
        )
    n_found = len(assigned) + (1 if wide else 0)
    if found.counts:
        # the month column and one column per item stand in for the list's columns
        req_found = len(required)
        n_found = len(assigned) + len(wide)
    if n_found < 2 or req_found * 2 < len(required):
        return None
    distinctive = _distinctive_hits(row, kind, found, cat)
    hinted = _hinted(kind, file, tab)
    score = (
        (10.0 if req_found == len(required) else 0.0)
        + n_found
        + 0.5 * req_found
        + DISTINCTIVE_WEIGHT * distinctive
        + (1.5 if hinted else 0.0)
    )
    headers = {}
    for name, idx in assigned.items():
        g = row.group_of[idx] if name in found.groups else None
        headers[name] = row.group_texts[g] if g is not None else row.texts[idx]
    subs = {i: row.texts[i] for members in found.groups.values() for i in members}
    return HeaderMatch(
        kind,
        r,
        assigned,
        headers,
        wide,
        score,
        height,
        dict(found.groups),
        subs,
        found.counts,
        distinctive=distinctive,
        complete=req_found == len(required),
        hinted=hinted,
        assumed=implied,
        years=ctx.years,
    )


DISTINCTIVE_WEIGHT = 1.5
"""What a header naming a column only this kind has adds to a kind's score (a plain column adds 1)."""

MARGIN = 1.0
"""How far ahead of the runner-up a kind must score to win; closer than this, the tab is ambiguous."""

# Header words too common to tell one book from another, whatever kind lists them.
_GENERIC_KEYS = frozenset(
    {
        "ma", "ma so", "so", "stt", "ten", "loai", "ngay", "ngay thang", "thoi gian", "phong", "noi dung",
        "ket qua", "tinh trang", "trang thai", "ghi chu", "ho va ten", "ho ten", "don vi", "mo ta", "lop",
        "mon", "mon hoc", "nguoi thuc hien", "vi tri", "thiet bi", "tieu de", "so luong",
    }
)  # fmt: skip


def _distinctive_hits(row: _HeaderRow, kind: SheetKind, found: _Assignment, cat: Catalogue) -> int:
    """How many of the kind's found columns were named by a header that only this kind uses.

    A header shared with another kind ("Mã thiết bị" is in the inventory and the loan book) or a
    word every book has ("Ngày", "Phòng", "Kết quả") says nothing about which book a tab is."""
    owners = _key_owners(cat)
    hits = 0
    for idx in found.columns.values():
        level_keys = [row.keys[level][idx] for level in (0, 1, 2) if row.keys[level][idx]]
        if idx < len(row.alts) and row.alts[idx]:
            level_keys.append(row.alts[idx])
        if any(key not in _GENERIC_KEYS and owners.get(key) == {kind.name} for key in level_keys):
            hits += 1
    if found.wide and not found.counts:
        hits += 1  # items as headers (one column per software) belong to this kind's layout
    return hits


def _owners(cat: Catalogue) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for kind in cat.all_kinds():
        for col in kind.columns.values():
            for key in col.keys:
                owners.setdefault(key, set()).add(kind.name)
    return owners


_OWNERS_CACHE: _PerCatalogue[dict[str, set[str]]] = _PerCatalogue(_owners)


def _key_owners(cat: Catalogue) -> dict[str, set[str]]:
    """Header key → the kinds that have a column spelt so."""
    return _OWNERS_CACHE.of(cat)


@dataclass(frozen=True)
class Detection:
    """What the header search concluded: one kind, several it could be, or the closest it is not."""

    match: HeaderMatch | None
    """the winning kind's header, when one kind wins clearly"""
    ambiguous: tuple[str, ...] = ()
    """the kinds the tab could be, best first, when none wins clearly"""
    closest: str | None = None
    """for an unrecognised tab: the kind it comes nearest to"""
    missing: tuple[str, ...] = ()
    """what the closest kind still needs: its required columns the tab lacks"""


def detect(
    grid: Grid, file: str, tab: str, cat: Catalogue | None = None, mapping: TabMapping | None = None
) -> Detection:
    """Which kind a tab is, if any, by its header rows; tab and file names only break near-ties.

    A kind wins only when it names at least one column no other kind has (or the tab's name says
    it) and scores a clear ``MARGIN`` above every other kind; otherwise the tab is ambiguous, and a
    person (or a mapping file) says which it is. A row followed by a row of sub-headers under
    merged group headers is matched as one two-row header. A mapping's kind is taken as said; its
    header spellings and fixed values count as the tab's own.
    """
    cat = cat or catalogue()
    ctx = tab_context(grid, file, tab, cat)
    kinds = cat.all_kinds()
    if mapping is not None:
        cat = _with_headers(cat, mapping.headers)
        ctx = _with_fixed(ctx, mapping, cat)
        kinds = [cat.kinds[mapping.kind]] if mapping.kind else cat.all_kinds()
    best: dict[str, HeaderMatch] = {}
    for r, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if _cell_text(c)) < 2:
            continue
        for row, height in _header_shapes(grid, r):
            for match in _score_row(row, r, height, file, tab, cat, ctx, kinds):
                held = best.get(match.kind.name)
                if held is None or match.score > held.score:
                    best[match.kind.name] = match
    ranked = sorted(best.values(), key=lambda m: -m.score)
    if not ranked:
        return _closest(grid, file, tab, cat)
    if mapping is not None and mapping.kind:
        return Detection(ranked[0])
    return _decide(ranked)


_CAT_VARIANTS: dict[tuple[int, frozenset[tuple[str, str]]], tuple[Catalogue, Catalogue]] = {}


def _with_headers(cat: Catalogue, headers: dict[str, str]) -> Catalogue:
    """The catalogue with a mapping's header spellings added to the columns they name."""
    if not headers:
        return cat
    key = (id(cat), frozenset(headers.items()))
    hit = _CAT_VARIANTS.get(key)
    if hit is not None and hit[0] is cat:
        return hit[1]
    extra: dict[str, set[str]] = {}
    for spelling, column in headers.items():
        extra.setdefault(column, set()).add(spelling)

    def widen(kind: SheetKind) -> SheetKind:
        columns = {
            name: replace(col, keys=col.keys | frozenset(extra[name])) if name in extra else col
            for name, col in kind.columns.items()
        }
        return replace(kind, columns=columns)

    variant = replace(
        cat,
        kinds={n: widen(k) for n, k in cat.kinds.items()},
        others={n: widen(k) for n, k in cat.others.items()},
    )
    if len(_CAT_VARIANTS) > 256:
        _CAT_VARIANTS.clear()
    _CAT_VARIANTS[key] = (cat, variant)
    return variant


def _with_fixed(ctx: TabContext, mapping: TabMapping, cat: Catalogue) -> TabContext:
    """The tab's context with a mapping's fixed values and year in place of what names imply."""
    implied = dict(ctx.implied)
    for name, value in mapping.fixed.items():
        col = next((k.columns[name] for k in cat.kinds.values() if name in k.columns), None)
        if col is not None:
            implied[name] = Assumed(_fixed_value(col, value, cat), "mapping")
    years = ctx.years
    if mapping.year is not None:
        start, end = dt.date(mapping.year, 8, 1), dt.date(mapping.year + 1, 7, 31)
        years = Years(start, end, "mapping", f"{mapping.year}-{mapping.year + 1}")
    return replace(ctx, implied=implied, years=years)


def _fixed_value(col: Column, value: Any, cat: Catalogue) -> Any:
    """A mapping's fixed value as the column's type reads it (validated when the file was loaded)."""
    if col.enum is not None:
        return cat.enums[col.enum].match(str(value)) or V.parse_text(value)
    try:
        return _PARSERS[col.type](value)
    except ValueParseError:
        return None


def _header_shapes(grid: Grid, r: int) -> list[tuple[_HeaderRow, int]]:
    """The ways row ``r`` can start a header: over a row of sub-headers (two rows), under a top
    group row with sub-headers below (three rows), or alone."""
    cells = grid[r]
    two = _two_rows(cells, grid[r + 1]) if r + 1 < len(grid) else None
    shapes = [(two, 2) if two is not None else (_single_row(cells), 1)]
    if r + 2 < len(grid) and two is None:
        three = _three_rows(cells, grid[r + 1], grid[r + 2])
        if three is not None:
            shapes.append((three, 3))
    return shapes


def _decide(ranked: list[HeaderMatch]) -> Detection:
    top = ranked[0]
    rivals = [m for m in ranked[1:] if top.score - m.score < MARGIN]
    if rivals:
        return Detection(None, ambiguous=tuple(m.kind.name for m in (top, *rivals)))
    if top.distinctive or top.hinted or len(ranked) == 1:
        return Detection(top)
    return Detection(None, ambiguous=tuple(m.kind.name for m in ranked[:2]))


def _closest(grid: Grid, file: str, tab: str, cat: Catalogue) -> Detection:
    """The kind an unrecognised tab comes nearest to (most of its columns named in one row) and
    the required columns it lacks; a tab naming nothing any kind has has no closest kind."""
    best: tuple[int, int, str, tuple[str, ...]] | None = None
    for cells in grid[:HEADER_SEARCH_ROWS]:
        if sum(1 for c in cells if _cell_text(c)) < 2:
            continue
        row = _single_row(cells)
        for kind in cat.kinds.values():
            assigned = _match_row(row, kind, cat).columns
            if not assigned:
                continue
            missing = tuple(c.name for c in kind.required if c.name not in assigned)
            named = len(assigned) + _hinted(kind, file, tab)
            candidate = (named, -len(missing), kind.name, missing)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None or best[0] < 2:
        return Detection(None)
    return Detection(None, closest=best[2], missing=best[3])


def find_header(grid: Grid, file: str, tab: str, cat: Catalogue | None = None) -> HeaderMatch | None:
    """The winning (kind, header row) of a tab, or None when no kind wins clearly (see ``detect``)."""
    return detect(grid, file, tab, cat).match


# The whole first text of a total row: "Tổng", "Tổng cộng", "TỔNG SỐ:", "Cộng", "Cộng toàn trường".
# Matched on the whole cell, not a prefix: "Tống Thị Hoa" (a teacher) folds to "tong thi hoa".
_TOTAL_RE = re.compile(
    r"^(?:tong cong|tong so|tong|cong|total|grand total|sum)(?: (?:toan truong|chung|ca nam|cac lop))?$"
)


def _is_total_row(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return bool(_TOTAL_RE.match(header_key(first)))


_LEGACY_LABEL: dict[Encoding, str] = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI"}
_LEGACY_TYPES = frozenset({"text", "enum", "open_enum"})


def _column_location(source: TabSource, column: str, value: str) -> Location:
    return source.location(column=column, value=value)


def _legacy_problem(texts: Sequence[Cell], location: Callable[[str], Location]) -> DataProblem | None:
    """A warning when a column's text, pooled, reads as a legacy font encoding.

    Only warns: without the cell's font nothing says which single cells are legacy ("Có" is
    valid both ways), so converting here could corrupt Unicode cells.
    """
    pool = [t for t in dict.fromkeys(texts_of(texts)) if not t.isascii()]
    if not pool:
        return None
    encoding = detect_legacy(pool)
    if encoding is None:
        return None
    example = next((t for t in pool if to_unicode(t, encoding) != t), pool[0])
    return DataProblem(
        "warning",
        "legacy_encoding",
        {"encoding": _LEGACY_LABEL[encoding], "example": clean(to_unicode(example, encoding))},
        location(example),
    )


def _legacy_header(grid: Grid) -> tuple[Encoding, list[list[Cell]]] | None:
    """The header area decoded from a legacy encoding, when its pooled text reads as one."""
    top = [list(row) for row in grid[: HEADER_SEARCH_ROWS + 1]]
    pool = list(dict.fromkeys(c for row in top for c in row if isinstance(c, str) and not c.isascii()))
    encoding = detect_legacy(pool, min_chars=8) if pool else None
    if encoding is None:
        return None
    decoded = [[to_unicode(c, encoding) if isinstance(c, str) else c for c in row] for row in top]
    return encoding, decoded


def _enum_parser(cat: Catalogue, col: Column) -> Callable[[Cell], str | None]:
    assert col.enum is not None
    enum = cat.enums[col.enum]
    is_open = col.type == "open_enum"

    def parse(cell: Cell) -> str | None:
        text = V.parse_text(cell)
        if text is None:
            return None
        code = enum.match(text)
        if code is not None:
            return code
        if col.enum == "room_type":
            code = classify_room(text)
            if code is not None and code != "khac":
                return code
        if is_open:
            return text
        raise ValueParseError(cell, Msg("expect_one_of", {"values": ", ".join(enum.label(c) for c in enum.values)}))

    return parse


_DAY_MONTH_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*(?:[/.\-]|thang)\s*(\d{1,2})$")


def _date_with_year(years: Years) -> Callable[[Cell], Any]:
    """A date parser that completes dd/mm with the year the tab's names give."""

    def parse(cell: Cell) -> Any:
        try:
            return V.parse_date(cell)
        except ValueParseError as err:
            if err.expected != V.EXPECT_DATE_YEAR or not isinstance(cell, str):
                raise
            found = _DAY_MONTH_RE.match(fold(cell.strip()))
            year = years.year_of(int(found.group(2)), int(found.group(1))) if found else None
            if found is None or year is None:
                raise
            return V.parse_date(f"{found.group(1)}/{found.group(2)}/{year}")

    return parse


_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "text": V.parse_text,
    "date": V.parse_date,
    "month": V.parse_month,
    "bool": V.parse_bool,
    "int": V.parse_int,
    "number": V.parse_number,
    "percent": V.parse_percent,
}


# the column types ``_series`` gives a dtype of their own; every other is kept as objects
_TYPED = frozenset({"date", "month", "bool", "int", "number", "percent"})


_MASKED: dict[str, Any] = {"bool": "boolean", "int": "Int64", "number": "Float64", "percent": "Float64"}


def _series(values: list[Any], col_type: str) -> pd.Series:
    if col_type in ("date", "month"):
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")
    if col_type == "bool":
        return pd.Series(values, dtype="boolean")
    if col_type == "int":
        return pd.Series(values, dtype="Int64")
    if col_type in ("number", "percent"):
        return pd.Series(values, dtype="Float64")
    return pd.Series(values, dtype=object)


def parse_tab(
    grid: Grid,
    file: str,
    tab: str,
    link: str | None = None,
    cat: Catalogue | None = None,
    mapping: TabMapping | None = None,
) -> ParsedTab | UnrecognisedTab:
    """Recognise and parse one tab. Never raises for bad content: problems are returned located."""
    cat = cat or catalogue()
    problems: list[DataProblem] = []
    found, grid = _match_header(grid, file, tab, cat, problems, mapping)
    match = found.match
    if match is None:
        return UnrecognisedTab(file, tab, found.closest, found.missing, found.ambiguous)
    if match.kind.name not in cat.kinds:
        return UnrecognisedTab(file, tab, None, (), known_as=match.kind.name)
    source = _tab_source(match, file, tab, link)
    problems.extend(_missing_columns(match, file, tab))
    data_rows = _data_rows(grid, match)
    frame = _read_columns(grid, data_rows, match, source, cat, problems)
    frame, source = _reshape(frame, grid, data_rows, match, source, problems)
    _derive_columns(frame, match.kind, source, problems)
    return ParsedTab(match.kind.name, frame, source, problems)


def _match_header(
    grid: Grid, file: str, tab: str, cat: Catalogue, problems: list[DataProblem], mapping: TabMapping | None
) -> tuple[Detection, Grid]:
    """The tab's header, read through a legacy font encoding when plain reading finds none; the
    grid comes back with its header rows decoded in that case (data cells are only warned about)."""
    found = detect(grid, file, tab, cat, mapping)
    if found.match is not None or found.ambiguous:
        return found, grid
    legacy = _legacy_header(grid)
    if legacy is None:
        return found, grid
    encoding, decoded = legacy
    decoded_found = detect(decoded, file, tab, cat, mapping)
    match = decoded_found.match
    if match is None:
        return found, grid
    header_end = match.row + match.height
    grid = [*decoded[:header_end], *grid[header_end:]]
    problems.append(
        DataProblem(
            "warning",
            "legacy_encoding",
            {"encoding": _LEGACY_LABEL[encoding], "example": _cell_text(grid[match.row][0])},
            Location(file=file, tab=tab, row=match.row + 1),
        )
    )
    return decoded_found, grid


def _tab_source(match: HeaderMatch, file: str, tab: str, link: str | None) -> TabSource:
    """Where each column of the tab is, as evidence points at it. A counted category has no
    column of its own (its cell's header says it); a list's month is read from its date column."""
    kind = match.kind
    letters = {name: column_letter(idx) for name, idx in match.columns.items()}
    headers = dict(match.headers)
    layout = kind.counts
    if layout is not None and match.counts:
        letters[layout.item_column] = ""
        headers[layout.item_column] = kind.columns[layout.item_column].vi
    elif layout is not None and layout.key not in letters and layout.key_from in letters:
        letters[layout.key] = letters[layout.key_from]
        headers[layout.key] = headers[layout.key_from]
    for name, assumed in match.assumed.items():
        # no column of its own: the evidence names the column as the school's (Vietnamese) sheet
        # would spell it, and says where its value came from in the report's language (origin_of)
        letters[name] = ""
        headers[name] = assumed.text if assumed.origin == "master" else kind.columns[name].vi
    return TabSource(
        file=file,
        tab=tab,
        header_row=match.row + 1,
        columns=letters,
        headers=headers,
        link=link,
        assumed={name: a.origin for name, a in match.assumed.items() if a.origin not in ("master", "mapping")},
        stated=frozenset(name for name, a in match.assumed.items() if a.origin == "mapping"),
    )


def _missing_columns(match: HeaderMatch, file: str, tab: str) -> list[DataProblem]:
    """One error per required column the header lacks (a wide layout's items stand in for its
    item and value columns)."""
    kind = match.kind
    stand_ins = (kind.wide.item_column, kind.wide.value_column) if kind.wide is not None and match.wide_items else ()
    return [
        DataProblem(
            "error",
            "column_missing",
            {
                "kind": kind.name,
                "kind_vi": kind.vi,
                "kind_en": kind.en,
                "column": col.name,
                "header": col.vi,
                "header_en": col.header("en"),
            },
            Location(file=file, tab=tab, row=match.row + 1),
        )
        for col in match.missing_required
        if col.name not in stand_ins
    ]


def _data_rows(grid: Grid, match: HeaderMatch) -> list[int]:
    """The rows under the header that hold records: not blank, not a total row, not the header
    printed again at a page break."""
    header_keys = {header_key(_cell_text(c)) for hr in range(match.row, match.row + match.height) for c in grid[hr]}
    header_keys.discard("")
    # Cleaning and keying every cell of every row is most of the parse time; a log repeats the
    # same few texts (rooms, teachers, "x") thousands of times, so each distinct cell is done once.
    seen: dict[Any, tuple[str, bool]] = {}

    def text_of(cell: Cell) -> tuple[str, bool]:
        """(cleaned text, whether it is one of the header's own texts)."""
        key = (type(cell), cell)  # True == 1 == 1.0, but they read differently
        try:
            hit = seen.get(key)
        except TypeError:  # an unhashable cell value
            hit = None
        if hit is None:
            text = _cell_text(cell)
            hit = (text, bool(text) and header_key(text) in header_keys)
            with contextlib.suppress(TypeError):
                seen[key] = hit
        return hit

    repeat_at = max(2, len(match.columns) - 1)
    # A row led by a whole number (the "STT" count most logs start with) is a record: its first
    # text is digits, so not a total, a master row (one text cell) or — when no header text has
    # a digit — the header printed again. Most rows of a long log are settled by this one test.
    numbered = not any(ch.isdigit() for k in header_keys for ch in k)
    data_rows: list[int] = []
    start = match.row + match.height
    while start < len(grid) and start < match.row + match.height + 2 and _is_numbering_row(grid[start]):
        start += 1
    for r in range(start, len(grid)):
        row = grid[r]
        if numbered and row:
            first_cell = row[0]
            kind = type(first_cell)  # a whole number (not a bool): inline, this runs for every row
            if kind is int or (kind is float and first_cell.is_integer()):
                data_rows.append(r)
                continue
        first = ""
        header_hits = 0
        for value in row:
            if value is None or value == "":
                continue
            text, in_header = text_of(value)
            if not text:
                continue
            if not first:
                first = text
                if not in_header:
                    break  # a repeated header starts with a header text; a data row needs no more
            header_hits += in_header
        if not first or _is_total_row([first]) or header_hits >= repeat_at or master_fields(row):
            continue
        data_rows.append(r)
    return data_rows


_NUMBER_CELL_RE = re.compile(r"^\(?(\d{1,2})\)?$")


def _is_numbering_row(cells: Sequence[Cell]) -> bool:
    """A row of column numbers printed under a header: (1) (2) … (n), 1 2 … n or A B C …, each
    one more than the cell before it (a record never counts up like that across its columns)."""
    texts = [t for t in (_cell_text(c) for c in cells) if t]
    if len(texts) < 3:
        return False
    numbers = [_NUMBER_CELL_RE.match(t) for t in texts]
    if all(numbers):
        values = [int(m.group(1)) for m in numbers if m]
    elif all(len(t) == 1 and "A" <= t <= "Z" for t in texts):
        values = [ord(t) for t in texts]
    else:
        return False
    return all(b == a + 1 for a, b in itertools.pairwise(values))


def _read_columns(
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    source: TabSource,
    cat: Catalogue,
    problems: list[DataProblem],
) -> pd.DataFrame:
    """Every matched column parsed by its type, one frame row per data row."""
    data: dict[str, pd.Series] = {}
    data_grid = [grid[r] for r in data_rows]
    cells = _columns_of(data_grid)
    for name, idx in match.columns.items():
        col = match.kind.columns[name]
        if name in match.groups:
            raw = _group_values(grid, data_rows, match, name, col, source, problems)
        else:
            raw = cells(idx)
            if col.type in _LEGACY_TYPES:
                found = _distinct(raw, col, cat, match.years)
                # the distinct cells hold the column's distinct texts in order: one pool, not two passes
                warning = _legacy_problem(
                    raw if found is None else found.values, functools.partial(_column_location, source, name)
                )
                if warning is not None:
                    problems.append(warning)
                data[name] = _parse_values(raw, data_rows, name, col, source, cat, problems, match.years, found)
                continue
            if col.type == "date" and "period" in match.columns:
                raw = _fill_days_down(raw, data_grid)
        data[name] = _parse_values(raw, data_rows, name, col, source, cat, problems, match.years)
    # the row numbers and source index go in with the columns: inserting them into the built
    # frame copied its blocks once more (about 1 ms a tab)
    data[ROW] = pd.Series(np.asarray(data_rows, dtype=np.int64) + 1)
    data[SRC] = pd.Series(np.zeros(len(data_rows), dtype=np.int64))
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(data_rows)), copy=False)
    for name, assumed in match.assumed.items():
        col = match.kind.columns[name]
        if assumed.origin == "master":
            raw = _master_values(grid, data_rows, match, assumed.text)
            frame[name] = _parse_values(raw, data_rows, name, col, source, cat, problems, match.years)
            continue
        if assumed.origin == "device_name":
            values = frame["name"].map(device_type_from_name).tolist() if "name" in frame.columns else []
        else:
            values = [assumed.value] * len(frame)
        frame[name] = _series(values, col.type)
        if assumed.origin != "mapping":
            problems.append(_assumed_note(name, col, assumed, source, cat))
    return frame


def _columns_of(rows: list[Sequence[Cell]]) -> Callable[[int], list[Cell]]:
    """Column ``idx`` of ``rows`` (``None`` past a short row's end). Readers give rows of one
    width: a column within every row is picked in C."""
    narrowest = min(map(len, rows), default=0)

    def column(idx: int) -> list[Cell]:
        if idx < narrowest:
            return list(map(operator.itemgetter(idx), rows))
        return [row[idx] if idx < len(row) else None for row in rows]

    return column


def _master_values(grid: Grid, data_rows: list[int], match: HeaderMatch, label: str) -> list[Cell]:
    """Each data row's value of a master row's field: the nearest master row above it states it."""
    wanted = set(data_rows)
    current: Cell = None
    out: list[Cell] = []
    for r in range(match.row + match.height, (data_rows[-1] + 1) if data_rows else 0):
        fields = master_fields(grid[r])
        if fields is not None:
            current = fields.get(label)
        elif r in wanted:
            out.append(current)
    return out


def _assumed_note(name: str, col: Column, assumed: Assumed, source: TabSource, cat: Catalogue) -> DataProblem:
    """A located note for a column filled from the tab's names or its other columns."""
    if assumed.origin == "device_name":
        value_vi, value_en = label("by_device_name", "vi"), label("by_device_name", "en")
    elif isinstance(assumed.value, bool):
        yes_no = "cond_yes" if assumed.value else "cond_no"
        value_vi, value_en = label(yes_no, "vi"), label(yes_no, "en")
    elif col.enum is not None and isinstance(assumed.value, str):
        value_vi = value_en = cat.enums[col.enum].label(assumed.value)  # "Thông báo", not its code
    else:
        value_vi = value_en = str(assumed.value)
    return DataProblem(
        "note",
        "value_assumed",
        {
            "column_vi": col.vi,
            "column_en": col.en,
            "value_vi": value_vi,
            "value_en": value_en,
            **origin_params(assumed.origin),
            "text_note": f": «{assumed.text}»" if assumed.text else "",
            "name": name,
        },
        replace(source.location(row=source.header_row), header=col.vi),
    )


def _fill_days_down(raw: list[Cell], data_grid: list[Sequence[Cell]]) -> list[Cell]:
    """In a day-grouped book (one row per period, the day written on its first period only, as a
    merged cell reads), a blank day cell is the day above it."""
    kinds = set(map(type, raw))
    if type(None) not in kinds and str not in kinds:
        return raw  # no blank day cell (dates and numbers only): nothing to fill
    out: list[Cell] = []
    last: Cell = None
    for value, row in zip(raw, data_grid, strict=True):
        blank = value is None or (isinstance(value, str) and not value.strip())
        if blank and last is not None and any(_cell_text(c) for c in row):
            out.append(last)
            continue
        if not blank:
            last = value
        out.append(value)
    return out


def _value_parser(col: Column, cat: Catalogue, years: Years) -> Callable[[Cell], Any]:
    if col.type == "date" and years.start is not None:
        return _date_with_year(years)
    return _enum_parser(cat, col) if col.enum else _PARSERS[col.type]


def _distinct(raw: list[Cell], col: Column, cat: Catalogue, years: Years) -> V.Distinct[Any] | None:
    """The column typed once per distinct cell (``None``: to be typed cell by cell)."""
    return V.parse_distinct(raw, _value_parser(col, cat, years))


def _parse_values(
    raw: list[Cell],
    data_rows: list[int],
    name: str,
    col: Column,
    source: TabSource,
    cat: Catalogue,
    problems: list[DataProblem],
    years: Years,
    found: V.Distinct[Any] | None = None,
) -> pd.Series:
    """One column's cells → a typed series; each unreadable cell is an error at its cell, each
    value outside an open vocabulary a note (once per distinct value). ``found``: the cells
    already typed per distinct value (``_distinct``)."""
    parser = _value_parser(col, cat, years)
    found = found or V.parse_distinct(raw, parser)
    if found is None:  # an unhashable cell or a signed zero: typed cell by cell
        parsed, errors = V.parse_column(raw, parser)
        found = V.Distinct(list(raw), parsed, np.arange(len(raw), dtype=np.intp), errors)
    typed, errors = found.typed, found.errors
    # cells per distinct value: the counts below are per value, not per cell
    per_value = np.bincount(found.codes, minlength=len(typed)).tolist()
    if col.type == "date" and years.start is not None and years.origin != "mapping":
        without = sum(
            n
            for v, n in zip(found.values, per_value, strict=True)
            if isinstance(v, str) and _DAY_MONTH_RE.match(fold(v.strip()))
        )
        if without:
            problems.append(
                DataProblem(
                    "note",
                    "year_assumed",
                    {"count": without, **origin_params(years.origin), "text_note": f" «{years.text}»"},
                    source.location(column=name),
                )
            )
    for i, err in errors:
        problems.append(
            DataProblem(
                "error",
                "value_unreadable",
                {"expected": err.expected, "column": name},
                source.location(row=data_rows[i] + 1, column=name, value=raw[i]),
            )
        )
    if col.type == "open_enum" and col.enum:
        enum = cat.enums[col.enum]
        unknown = sorted({v for v in typed if isinstance(v, str) and v not in enum.values})
        for value in unknown:
            problems.append(
                DataProblem(
                    "note",
                    "value_unknown",
                    {"column": name, "count": sum(n for v, n in zip(typed, per_value, strict=True) if v == value)},
                    source.location(column=name, value=value),
                )
            )
    return _series_of(typed, found.codes, col.type)


def _series_of(typed: list[Any], take: npt.NDArray[np.intp], col_type: str) -> pd.Series:
    """The column typed from its distinct values: ``_series`` of the few distinct values, then
    taken per cell in numpy (a log's 20,000 dates are 200 days)."""
    if col_type not in _TYPED:  # kept as the cells' objects: no Series of the distinct values
        return pd.Series(np.fromiter(typed, dtype=object, count=len(typed))[take], dtype=object, copy=False)
    fast = _plain_array(typed, col_type)
    if fast is not None:
        return pd.Series(fast.take(take), copy=False)
    if col_type in _MASKED:  # the masked array ``_series`` would hold, without the Series
        return pd.Series(pd.array(typed, dtype=_MASKED[col_type]).take(take))
    distinct = _series(typed, col_type)
    if col_type in ("date", "month"):
        return pd.Series(distinct.to_numpy()[take], dtype="datetime64[ns]")
    if distinct.dtype == object:
        return pd.Series(distinct.to_numpy()[take], dtype=object)
    return pd.Series(distinct.array.take(take))


_PLAIN_PYTHON: dict[str, type] = {
    "date": dt.date,
    "month": dt.date,
    "bool": bool,
    "int": int,
    "number": float,
    "percent": float,
}
_NAT, _EPOCH_DAY, _NS_PER_DAY = -(2**63), dt.date(1970, 1, 1).toordinal(), 86_400 * 10**9
_PLAIN_NUMPY: dict[str, Any] = {"bool": np.bool_, "int": np.int64, "number": np.float64, "percent": np.float64}


def _plain_array(typed: list[Any], col_type: str) -> Any:
    """The array ``_series`` would give for distinct values of exactly the parsers' own types
    (``date``, ``bool``, ``int``, ``float`` or ``None``), built in numpy without pandas' inference
    (a few hundred microseconds a column, most of a small tab's parse); ``None`` for anything else
    (a NaN, a number beyond 64 bits, a subclass), which takes the general path."""
    wanted = _PLAIN_PYTHON[col_type]
    kinds = set(map(type, typed))
    kinds.discard(type(None))
    if not kinds <= {wanted}:
        return None
    if col_type in ("date", "month"):  # nanoseconds from the day number: numpy's own date parse is slower
        ns = [_NAT if v is None else (v.toordinal() - _EPOCH_DAY) * _NS_PER_DAY for v in typed]
        return np.array(ns, dtype=np.int64).view("datetime64[ns]")
    missing = np.fromiter((v is None for v in typed), dtype=np.bool_, count=len(typed))
    filled = [False if v is None else v for v in typed]
    try:
        values = np.array(filled, dtype=_PLAIN_NUMPY[col_type])
    except OverflowError:
        return None
    if wanted is float and np.isnan(values).any():
        return None
    array_type = {"bool": pd.arrays.BooleanArray, "int": pd.arrays.IntegerArray}.get(col_type, pd.arrays.FloatingArray)
    return array_type(values, missing)


def _reshape(
    frame: pd.DataFrame,
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    source: TabSource,
    problems: list[DataProblem],
) -> tuple[pd.DataFrame, TabSource]:
    """The special layouts brought to one row per record: a wide table melted, a counts table
    expanded; a list's month taken from its date."""
    kind = match.kind
    if kind.wide is not None and match.wide_items and kind.wide.item_column not in match.columns:
        frame, source = _melt_wide(frame, grid, data_rows, match, source, problems)
    layout = kind.counts
    if layout is not None and match.counts:
        frame = _expand_counts(frame, grid, data_rows, match, source, problems)
    elif layout is not None and layout.key_from in frame.columns:
        month = frame[layout.key_from].dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]")
        if layout.key in frame.columns:
            month = month.where(month.notna(), frame[layout.key])
        frame[layout.key] = month
    return frame, source


def _derive_columns(frame: pd.DataFrame, kind: SheetKind, source: TabSource, problems: list[DataProblem]) -> None:
    """Columns schools leave out but the rules judge: the room type from the room's name, the
    share trained from its two counts (see ``DERIVED_COLUMNS``)."""
    if "room" in frame.columns and "room_type" in kind.columns:
        derived = frame["room"].map(OncePerText(classify_room, _none).__getitem__)
        if "room_type" in frame.columns:
            frame["room_type"] = frame["room_type"].where(frame["room_type"].notna(), derived)
        else:
            frame["room_type"] = derived
    if "room" in frame.columns:
        frame["_room_key"] = frame["room"].map(OncePerText(room_key, _none).__getitem__)
    if "rate" in kind.columns and "trained" in frame.columns and "total" in frame.columns:
        _derive_rate(frame, source, problems)


def _none(_: object) -> None:
    return None


def _derive_rate(frame: pd.DataFrame, source: TabSource, problems: list[DataProblem]) -> None:
    """The share trained is the counts' when the row has them: a typed rate is a claim, the counts
    are the evidence (50 trained of 196 typed as 100% is 26%). A typed rate the counts contradict
    is a warning at its cell, with the value found and the value the counts give."""
    trained = pd.to_numeric(frame["trained"], errors="coerce").astype("float64")
    total = pd.to_numeric(frame["total"], errors="coerce").astype("float64")
    derived = (trained / total.where(total > 0)).round(4)
    if "rate" not in frame.columns:
        frame["rate"] = derived
        return
    typed = pd.to_numeric(frame["rate"], errors="coerce").astype("float64")
    disagree = derived.notna() & typed.notna() & ((typed - derived).abs() > 0.005)
    for idx in frame.index[disagree.fillna(False).astype(bool)]:
        problems.append(
            DataProblem(
                "warning",
                "rate_disagrees",
                {
                    "found": f"{typed[idx] * 100:.0f}%",
                    "expected": f"{derived[idx] * 100:.0f}%",
                    "trained": int(trained[idx]),
                    "total": int(total[idx]),
                },
                source.location(row=int(frame[ROW].loc[idx]), column="rate", value=f"{typed[idx] * 100:.0f}%"),
            )
        )
    frame["rate"] = derived.where(derived.notna(), frame["rate"]).astype("Float64")


def _mark_unreadable(
    source: TabSource, column: str, err: ValueParseError, r: int, letter: str, header: str, raw: Cell
) -> DataProblem:
    """A cell that should hold a mark (x, có, ✓) under an item or sub-header column, and does not."""
    return DataProblem(
        "error",
        "value_unreadable",
        {"expected": err.expected, "column": column},
        replace(source.location(row=r + 1), letter=letter, header=header, value=str(raw)),
    )


def _group_values(
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    name: str,
    col: Column,
    source: TabSource,
    problems: list[DataProblem],
) -> list[Cell]:
    """The raw values of a column spread over sub-columns under a group header.

    Each row's value is the sub-header of its marked cell ("Tình trạng" over "Tốt | Hỏng", an
    ``x`` under "Hỏng" → "Hỏng"), or for a text column every marked sub-header joined ("Thiết bị
    sử dụng" over "Máy chiếu | Bảng tương tác" → "Máy chiếu, Bảng tương tác"). A cell that is
    not a mark, or two marks where one value is expected, is a located problem.
    """
    members = match.groups[name]
    out: list[Cell] = []
    for r in data_rows:
        row = grid[r]
        marked: list[str] = []
        for idx in members:
            raw = row[idx] if idx < len(row) else None
            try:
                mark = V.parse_bool(raw)
            except ValueParseError as err:
                problems.append(
                    _mark_unreadable(source, name, err, r, column_letter(idx), match.sub_headers.get(idx, ""), raw)
                )
                continue
            if mark:
                marked.append(match.sub_headers.get(idx, ""))
        if not marked:
            out.append(None)
        elif col.type == "text":
            out.append(", ".join(marked))
        elif len(marked) == 1:
            out.append(marked[0])
        else:
            problems.append(
                DataProblem(
                    "error",
                    "value_unreadable",
                    {"expected": Msg("expect_one_mark"), "column": name},
                    source.location(row=r + 1, column=name, value=", ".join(marked)),
                )
            )
            out.append(None)
    return out


def _melt_wide(
    frame: pd.DataFrame,
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    source: TabSource,
    problems: list[DataProblem],
) -> tuple[pd.DataFrame, TabSource]:
    """One column per item (``x`` = installed) → one row per (device, item)."""
    wide = match.kind.wide
    assert wide is not None
    parts = []
    item_letters: dict[str, str] = {}
    for code, idx in match.wide_items.items():
        letter = column_letter(idx)
        item_letters[code] = letter
        raw = [grid[r][idx] if idx < len(grid[r]) else None for r in data_rows]
        parsed, errors = V.parse_column(raw, V.parse_bool)
        for i, err in errors:
            problems.append(
                _mark_unreadable(source, code, err, data_rows[i], letter, _cell_text(grid[match.row][idx]), raw[i])
            )
        part = frame.copy()
        part[wide.item_column] = code
        part[wide.value_column] = pd.Series([bool(v) for v in parsed], dtype="boolean")
        part["_item_col"] = letter
        part["_item_header"] = _cell_text(grid[match.row][idx])  # a finding names the program's column
        parts.append(part)
    melted = pd.concat(parts, ignore_index=True)
    src = replace(  # what the tab assumed (its room from its name) stays said
        source,
        columns={**source.columns, wide.item_column: "", wide.value_column: ""},
        headers={**source.headers, wide.value_column: "x"},
    )
    return melted, src


MAX_COUNT = 1000
"""The largest count a cell of a counts table may hold (a date or a serial typed there is an error)."""

_EXPECT_COUNT = Msg("expect_count", {"max": MAX_COUNT})


def _parse_count(cell: Cell) -> int | None:
    n = V.parse_int(cell)
    if n is not None and not 0 <= n <= MAX_COUNT:
        raise ValueParseError(cell, _EXPECT_COUNT)
    return n


def _expand_counts(
    frame: pd.DataFrame,
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    source: TabSource,
    problems: list[DataProblem],
) -> pd.DataFrame:
    """A month × item table of counts → one row per record counted (see ``SheetKind.counts``).

    Row *i*'s cell under item *c* holding *n* gives *n* copies of row *i* (its month, ``_row``)
    with the item column set to *c* and ``_item_col`` to the cell's column letter, in reading
    order. A blank cell counts 0; a cell that is not a whole number from 0 to ``MAX_COUNT`` is a
    located problem and counts nothing; so are counts on a row without a month.
    """
    layout = match.kind.counts
    assert layout is not None
    sub_row = grid[match.row + match.height - 1]
    items = list(match.wide_items.items())
    n_rows = len(data_rows)
    reps = np.zeros((n_rows, len(items)), dtype=np.int64)
    for j, (code, idx) in enumerate(items):
        letter = column_letter(idx)
        header = _cell_text(sub_row[idx] if idx < len(sub_row) else None) or _cell_text(grid[match.row][idx])
        raw = [grid[r][idx] if idx < len(grid[r]) else None for r in data_rows]
        parsed, errors = V.parse_column(raw, _parse_count)
        for i, _ in errors:
            problems.append(
                DataProblem(
                    "error",
                    "value_unreadable",
                    {"expected": _EXPECT_COUNT, "column": code},
                    replace(source.location(row=data_rows[i] + 1), letter=letter, header=header, value=str(raw[i])),
                )
            )
        reps[:, j] = [v or 0 for v in parsed]
    months = frame[layout.key]
    key_idx = match.columns[layout.key]
    for k in np.flatnonzero(reps.sum(axis=1) > 0).tolist():
        row = grid[data_rows[k]]
        if pd.isna(months.iloc[k]) and V.parse_text(row[key_idx] if key_idx < len(row) else None) is None:
            # counts on a row without a month (an unreadable month is reported already)
            problems.append(
                DataProblem(
                    "error",
                    "value_unreadable",
                    {"expected": V.EXPECT_MONTH, "column": layout.key},
                    source.location(row=data_rows[k] + 1, column=layout.key),
                )
            )
    total = int(reps.sum())
    if total > limits().counted_rows:  # cells of 1000 over a long table: millions of rows
        raise too_large("limit_counted_rows", total, limits().counted_rows, "COUNTED_ROWS", source.location())
    flat = reps.ravel()  # row by row, items left to right
    row_of = np.repeat(np.repeat(np.arange(n_rows), len(items)), flat)
    item_of = np.repeat(np.tile(np.arange(len(items)), n_rows), flat)
    out = frame.iloc[row_of].reset_index(drop=True)
    codes = np.array([code for code, _ in items] or [""], dtype=object)
    letters = np.array([column_letter(idx) for _, idx in items] or [""], dtype=object)
    out[layout.item_column] = pd.Series(codes[item_of], dtype=object)
    out["_item_col"] = pd.Series(letters[item_of], dtype=object)
    return out


def empty_frame(kind: SheetKind) -> pd.DataFrame:
    """A zero-row frame with the kind's columns, so checks can run on 'sheet present but empty'."""
    data = {name: _series([], col.type) for name, col in kind.columns.items()}
    frame = pd.DataFrame(data)
    frame[ROW] = pd.Series([], dtype="int64")
    frame[SRC] = pd.Series([], dtype="int64")
    return frame
