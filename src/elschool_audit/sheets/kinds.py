"""Sheet kinds, loaded from ``kinds.yaml``.

The kinds are data, not code, so that a new column spelling a school invents is a one-line change
and so the same definitions drive parsing, templates, rubric validation and documentation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

from elschool_audit.text import fold, header_key

ColumnType = Literal["text", "date", "month", "bool", "int", "number", "percent", "enum", "open_enum"]
COLUMN_TYPES: tuple[str, ...] = (
    "text",
    "date",
    "month",
    "bool",
    "int",
    "number",
    "percent",
    "enum",
    "open_enum",
)


@dataclass(frozen=True)
class Enum:
    """A closed or open vocabulary: canonical code → the spellings schools type."""

    name: str
    values: dict[str, tuple[str, ...]]
    lookup: dict[str, str] = field(repr=False)

    def match(self, raw: str) -> str | None:
        """The canonical code of ``raw`` (any accepted spelling), or None."""
        return self.lookup.get(fold(raw))

    def label(self, code: str) -> str:
        """The first (template) spelling of a code."""
        spellings = self.values.get(code)
        return spellings[0] if spellings else code


@dataclass(frozen=True)
class Column:
    name: str
    vi: str
    en: str
    type: ColumnType
    required: bool
    aliases: tuple[str, ...]
    enum: str | None
    keys: frozenset[str] = field(repr=False)

    def header(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class WideLayout:
    """One-column-per-item layouts (e.g. one column per software, cells 'x') and how to melt them."""

    key: str
    value_column: str
    item_column: str
    item_enum: str


@dataclass(frozen=True)
class CountsLayout:
    """A table of counts standing in for a list (one row per ``key`` month, one column per item,
    cells = how many records): the parser repeats each row once per record it counts.

    The repeated rows fill only ``key`` and ``item_column``; a list tab's ``key`` is derived from
    its ``key_from`` date, so rules that count per month read both layouts through ``key``, while
    rules that need each record's own date (``key_from``) or detail never see counted rows.
    """

    key: str
    key_from: str
    item_column: str
    item_enum: str


@dataclass(frozen=True)
class SheetKind:
    name: str
    vi: str
    en: str
    hints: tuple[str, ...]
    columns: dict[str, Column]
    wide: WideLayout | None = None
    counts: CountsLayout | None = None

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns.values() if c.required]

    def title(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Catalogue:
    kinds: dict[str, SheetKind]
    enums: dict[str, Enum]
    others: dict[str, SheetKind] = field(default_factory=dict)
    """Books schools keep that no rule reads (loan books, room bookings): recognised only so that
    a tab of one is never read as a kind it resembles."""

    def kind(self, name: str) -> SheetKind:
        return self.kinds[name] if name in self.kinds else self.others[name]

    def all_kinds(self) -> list[SheetKind]:
        """The audited kinds, then the other books, in catalogue order."""
        return [*self.kinds.values(), *self.others.values()]


def _make_enum(name: str, raw: dict[str, list[str]]) -> Enum:
    values = {code: tuple(spellings) for code, spellings in raw.items()}
    lookup: dict[str, str] = {}
    for code, spellings in values.items():
        lookup.setdefault(fold(code.replace("_", " ")), code)
        lookup.setdefault(fold(code), code)
        for spelling in spellings:
            lookup.setdefault(fold(spelling), code)
    return Enum(name=name, values=values, lookup=lookup)


def _make_column(name: str, raw: dict[str, object]) -> Column:
    aliases = tuple(str(a) for a in raw.get("aliases", []) or [])  # type: ignore[attr-defined]
    vi, en = str(raw["vi"]), str(raw["en"])
    keys = frozenset(k for k in (header_key(s) for s in (vi, en, name, *aliases)) if k)
    col_type = str(raw["type"])
    if col_type not in COLUMN_TYPES:
        raise ValueError(f"column {name}: unknown type {col_type}")
    return Column(
        name=name,
        vi=vi,
        en=en,
        type=col_type,  # type: ignore[arg-type]
        required=bool(raw.get("required", False)),
        aliases=aliases,
        enum=str(raw["enum"]) if raw.get("enum") else None,
        keys=keys,
    )


@functools.cache
def catalogue() -> Catalogue:
    """The built-in sheet kinds (cached: parsed once per process)."""
    text = resources.files("elschool_audit.sheets").joinpath("kinds.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    enums = {name: _make_enum(name, values) for name, values in raw["enums"].items()}
    kinds = {name: _make_kind(name, spec) for name, spec in raw["kinds"].items()}
    others = {name: _make_kind(name, spec) for name, spec in (raw.get("other_books") or {}).items()}
    for kind in [*kinds.values(), *others.values()]:
        for col in kind.columns.values():
            if col.enum is not None and col.enum not in enums:
                raise ValueError(f"{kind.name}.{col.name}: unknown enum {col.enum}")
        if kind.counts is not None:
            c = kind.counts
            if c.key not in kind.columns or kind.columns[c.key].type != "month":
                raise ValueError(f"{kind.name}: counts key {c.key} must be a month column")
            if c.key_from not in kind.columns or c.item_column not in kind.columns or c.item_enum not in enums:
                raise ValueError(f"{kind.name}: counts layout names an unknown column or enum")
    return Catalogue(kinds=kinds, enums=enums, others=others)


def _make_kind(name: str, spec: dict[str, Any]) -> SheetKind:
    wide = spec.get("wide")
    counts = spec.get("counts")
    return SheetKind(
        name=name,
        vi=spec["vi"],
        en=spec["en"],
        hints=tuple(spec.get("hints", [])),
        columns={c: _make_column(c, cs) for c, cs in spec["columns"].items()},
        wide=WideLayout(**wide) if wide else None,
        counts=CountsLayout(**counts) if counts else None,
    )
