"""Turn one tab's grid of cells into a typed table of a known sheet kind.

The grid is what a reader delivers (calamine, CSV, Google Sheets values): a list of rows of
Python values, row 0 being spreadsheet row 1. Real school tabs carry titles above the header,
headers typed without diacritics, total rows and blank spacer rows; this module finds the header,
recognises the kind by its columns (tab names are only hints), parses every value by its column's
type, and records each value it cannot read as a located problem, never as a silent wrong value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from elschool_audit.errors import Location, ValueParseError
from elschool_audit.sheets import values as V
from elschool_audit.sheets.kinds import Catalogue, Column, SheetKind, catalogue
from elschool_audit.sheets.rooms import classify_room, room_key
from elschool_audit.text import clean, fold, header_key, near_match
from elschool_audit.workbook import ROW, SRC, Problem, TabSource

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
    """for wide layouts: item code (e.g. software) → cell index"""
    score: float

    @property
    def missing_required(self) -> list[Column]:
        return [c for c in self.kind.required if c.name not in self.columns]


@dataclass(frozen=True)
class ParsedTab:
    kind: str
    frame: pd.DataFrame
    source: TabSource
    problems: list[Problem]


@dataclass(frozen=True)
class UnrecognisedTab:
    file: str
    tab: str
    best_guess: str | None
    missing: tuple[str, ...]


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return clean(str(cell))


def _match_row(
    cells: Sequence[Cell], kind: SheetKind, cat: Catalogue
) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """Assign header cells to the kind's columns: exact spellings first, then one-letter slips."""
    keys = [header_key(_cell_text(c)) for c in cells]
    assigned: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for name, col in kind.columns.items():
            if name in assigned:
                continue
            for idx, key in enumerate(keys):
                if idx in used or not key:
                    continue
                hit = key in col.keys if exact else any(near_match(key, k) for k in col.keys)
                if hit:
                    assigned[name] = idx
                    used.add(idx)
                    break
    wide: dict[str, int] = {}
    if kind.wide is not None and kind.wide.item_column not in assigned:
        enum = cat.enums[kind.wide.item_enum]
        for idx, cell in enumerate(cells):
            text = _cell_text(cell)
            if idx in used or not text:
                continue
            code = enum.match(text)
            if code and code not in wide:
                wide[code] = idx
    headers = {name: _cell_text(cells[idx]) for name, idx in assigned.items()}
    return assigned, wide, headers


def _hinted(kind: SheetKind, file: str, tab: str) -> bool:
    names = f"{fold(tab)} {fold(file)}"
    return any(fold(h) in names for h in kind.hints)


def find_header(grid: Grid, file: str, tab: str, cat: Catalogue | None = None) -> HeaderMatch | None:
    """The best (kind, header row) in the first rows of a tab, or None if nothing fits."""
    cat = cat or catalogue()
    best: HeaderMatch | None = None
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if _cell_text(c)) < 2:
            continue
        for kind in cat.kinds.values():
            assigned, wide, headers = _match_row(row, kind, cat)
            required = kind.required
            req_found = sum(1 for c in required if c.name in assigned)
            if kind.wide is not None and wide:
                # a wide layout stands in for the item and value columns
                req_found += sum(
                    1
                    for c in required
                    if c.name in (kind.wide.item_column, kind.wide.value_column) and c.name not in assigned
                )
            n_found = len(assigned) + (1 if wide else 0)
            if n_found < 2 or req_found * 2 < len(required):
                continue
            score = (
                (10.0 if req_found == len(required) else 0.0)
                + n_found
                + 0.5 * req_found
                + (1.5 if _hinted(kind, file, tab) else 0.0)
            )
            if best is None or score > best.score:
                best = HeaderMatch(kind, r, assigned, headers, wide, score)
    return best


def _is_total_row(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    key = fold(first)
    return key.startswith("tong") or key in {"cong", "cong:", "total"}


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
            if code != "khac":
                return code
        if is_open:
            return text
        raise ValueParseError(cell, f"one of: {', '.join(enum.label(c) for c in enum.values)}")

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

_EXPECTED_VI = {
    "date": "ngày dạng dd/mm/yyyy",
    "month": "tháng dạng mm/yyyy",
    "bool": "có/không (hoặc x)",
    "int": "số nguyên",
    "number": "số",
    "percent": "tỉ lệ phần trăm",
}


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
) -> ParsedTab | UnrecognisedTab:
    """Recognise and parse one tab. Never raises for bad content: problems are returned located."""
    cat = cat or catalogue()
    match = find_header(grid, file, tab, cat)
    if match is None:
        return UnrecognisedTab(file, tab, None, ())
    kind = match.kind
    problems: list[Problem] = []
    letters = {name: column_letter(idx) for name, idx in match.columns.items()}
    source = TabSource(
        file=file,
        tab=tab,
        header_row=match.row + 1,
        columns=letters,
        headers=dict(match.headers),
        link=link,
    )
    for col in match.missing_required:
        if (
            kind.wide is not None
            and match.wide_items
            and col.name
            in (
                kind.wide.item_column,
                kind.wide.value_column,
            )
        ):
            continue
        problems.append(
            Problem(
                "error",
                "column_missing",
                {"kind": kind.name, "column": col.name, "header": col.vi},
                Location(file=file, tab=tab, row=match.row + 1),
            )
        )

    header_keys = {header_key(_cell_text(c)) for c in grid[match.row]}
    data_rows: list[int] = []
    for r in range(match.row + 1, len(grid)):
        row = grid[r]
        texts = [_cell_text(c) for c in row]
        if not any(texts):
            continue
        if _is_total_row(texts):
            continue
        if sum(1 for t in texts if t and header_key(t) in header_keys) >= max(2, len(match.columns) - 1):
            continue  # the header repeated (printed page breaks)
        data_rows.append(r)

    def cell(r: int, idx: int) -> Cell:
        row = grid[r]
        return row[idx] if idx < len(row) else None

    data: dict[str, pd.Series] = {}
    n = len(data_rows)
    for name, idx in match.columns.items():
        col = kind.columns[name]
        raw = [cell(r, idx) for r in data_rows]
        parser = _enum_parser(cat, col) if col.enum else _PARSERS[col.type]
        parsed, errors = V.parse_column(raw, parser)
        for i, err in errors:
            problems.append(
                Problem(
                    "error",
                    "value_unreadable",
                    {
                        "expected": err.expected,
                        "expected_vi": _EXPECTED_VI.get(col.type, err.expected),
                        "column": name,
                    },
                    source.location(row=data_rows[i] + 1, column=name, value=raw[i]),
                )
            )
        if col.type == "open_enum" and col.enum:
            enum = cat.enums[col.enum]
            unknown = sorted({v for v in parsed if isinstance(v, str) and v not in enum.values})
            for value in unknown:
                problems.append(
                    Problem(
                        "note",
                        "value_unknown",
                        {"column": name, "count": sum(1 for v in parsed if v == value)},
                        source.location(column=name, value=value),
                    )
                )
        data[name] = _series(parsed, col.type)

    frame = pd.DataFrame(data, index=pd.RangeIndex(n))
    frame[ROW] = pd.Series([r + 1 for r in data_rows], dtype="int64")
    frame[SRC] = 0

    if kind.wide is not None and match.wide_items and kind.wide.item_column not in match.columns:
        frame, source = _melt_wide(frame, grid, data_rows, match, source, problems)

    if "room" in frame.columns and "room_type" in kind.columns:
        derived = frame["room"].map(lambda v: classify_room(v) if isinstance(v, str) else None)
        if "room_type" in frame.columns:
            frame["room_type"] = frame["room_type"].where(frame["room_type"].notna(), derived)
        else:
            frame["room_type"] = derived
    if "room" in frame.columns:
        frame["_room_key"] = frame["room"].map(lambda v: room_key(v) if isinstance(v, str) else None)
    return ParsedTab(kind.name, frame, source, problems)


def _melt_wide(
    frame: pd.DataFrame,
    grid: Grid,
    data_rows: list[int],
    match: HeaderMatch,
    source: TabSource,
    problems: list[Problem],
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
                Problem(
                    "error",
                    "value_unreadable",
                    {"expected": err.expected, "expected_vi": _EXPECTED_VI["bool"], "column": code},
                    Location(
                        file=source.file,
                        tab=source.tab,
                        row=data_rows[i] + 1,
                        column=f"{letter} ({_cell_text(grid[match.row][idx])})",
                        value=str(raw[i]),
                    ),
                )
            )
        part = frame.copy()
        part[wide.item_column] = code
        part[wide.value_column] = pd.Series([bool(v) for v in parsed], dtype="boolean")
        part["_item_col"] = letter
        parts.append(part)
    melted = pd.concat(parts, ignore_index=True)
    src = TabSource(
        file=source.file,
        tab=source.tab,
        header_row=source.header_row,
        columns={**source.columns, wide.item_column: "", wide.value_column: ""},
        headers={**source.headers, wide.value_column: "x"},
        link=source.link,
    )
    return melted, src


def empty_frame(kind: SheetKind) -> pd.DataFrame:
    """A zero-row frame with the kind's columns, so checks can run on 'sheet present but empty'."""
    data = {name: _series([], col.type) for name, col in kind.columns.items()}
    frame = pd.DataFrame(data)
    frame[ROW] = pd.Series([], dtype="int64")
    frame[SRC] = pd.Series([], dtype="int64")
    return frame
