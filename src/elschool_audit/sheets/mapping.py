"""Mapping files: how one school's (or one district's) own books map onto the sheet kinds.

A school keeps years of books in its own layouts; retyping them into templates is not an option.
The IT lead writes (or lets ``sheets map`` propose) a small YAML file that says, per file and tab,
which kind a tab is, which of its headers is which column, which values hold for every row (the
room of a per-room book, a post list's category, the year of dd/mm dates) and which tabs to leave
out. It is validated in full before anything is read — a half-read mapping would audit the wrong
thing — and every error names its line.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from elschool_audit.errors import AuditError, ConfigError, ValueParseError
from elschool_audit.sheets import values as V
from elschool_audit.sheets.kinds import Catalogue, Column, SheetKind, catalogue
from elschool_audit.text import header_key
from elschool_audit.yamlfile import Invalid, load_yaml, load_yaml_text, validation_error

MAPPING_FILE = "elschool-mapping.yaml"
"""The mapping's file name, in a school's folder (that school) or the district folder (all)."""

_SHEET_SUFFIXES = frozenset({".xlsx", ".xls", ".xlsm", ".ods"})
"""Extensions a native Google Sheet's name lacks (``TabRule.matches``)."""

IGNORE = "ignore"
"""The ``kind`` of a tab rule that leaves matching tabs out."""

_VALUE_PARSERS = {
    "text": V.parse_text,
    "date": V.parse_date,
    "month": V.parse_month,
    "bool": V.parse_bool,
    "int": V.parse_int,
    "number": V.parse_number,
    "percent": V.parse_percent,
}


def _check_column(name: str, kind: SheetKind | None, cat: Catalogue) -> None:
    if kind is not None:
        if name not in kind.columns:
            raise Invalid("mapping_kind_no_column", kind=kind.name, column=repr(name))
        return
    if not any(name in k.columns for k in cat.kinds.values()):
        raise Invalid("mapping_no_kind_has_column", column=repr(name))


class TabRule(BaseModel):
    """What to do with the tabs of the files matching ``file`` and ``tab`` (shell patterns)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = "*"
    tab: str = "*"
    kind: str
    headers: dict[str, str] = {}
    fixed: dict[str, Any] = {}
    year: int | None = None
    """the school year's first year (2016 for 2016-2017): the year of dates written dd/mm"""

    @field_validator("headers", "fixed", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return {} if value is None else value  # "fixed:" with every line commented out

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        cat = catalogue()
        if value != IGNORE and value not in cat.kinds:
            known = ", ".join([*cat.kinds, IGNORE])
            raise Invalid("mapping_unknown_kind", kind=repr(value), known=known)
        return value

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and not 2000 <= value <= 2100:
            raise Invalid("mapping_year_implausible", year=value)
        return value

    @model_validator(mode="after")
    def _columns_exist(self) -> TabRule:
        cat = catalogue()
        kind = cat.kinds.get(self.kind)
        if self.kind == IGNORE and (self.headers or self.fixed or self.year):
            raise Invalid("mapping_ignored_takes_nothing")
        for column in self.headers.values():
            _check_column(column, kind, cat)
        for name, value in self.fixed.items():
            _check_column(name, kind, cat)
            if kind is not None:
                _check_value(kind.columns[name], value, cat)
        return self

    def matches(self, file: str, tab: str) -> bool:
        """Shell patterns, ignoring case. A native Google Sheet has no extension: "So.xlsx" also
        matches the Sheet "So" (the same book opened with Google Sheets, or a mapping proposed
        from a downloaded copy)."""
        name, pattern = file.casefold(), self.file.casefold()
        bare = PurePosixPath(pattern)
        names = fnmatch.fnmatch(name, pattern) or (
            bare.suffix in _SHEET_SUFFIXES
            and not PurePosixPath(name).suffix
            and fnmatch.fnmatch(name, str(bare.with_suffix("")))
        )
        return names and fnmatch.fnmatch(tab.casefold(), self.tab.casefold())


def _check_value(col: Column, value: Any, cat: Catalogue) -> None:
    """A fixed value must read as its column's type (and vocabulary): it fills every row."""
    if col.enum is not None:
        if col.type == "enum" and cat.enums[col.enum].match(str(value)) is None:
            raise Invalid("mapping_value_not_in_list", value=repr(value))
        return
    try:
        _VALUE_PARSERS[col.type](value)
    except ValueParseError as exc:
        raise Invalid("mapping_value_unreadable", value=repr(value), expected=exc.expected) from exc


class MappingFile(BaseModel):
    """The file as written: shared header spellings, then tab rules, first match wins."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    headers: dict[str, str] = {}
    tabs: list[TabRule] = []

    @field_validator("version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != 1:
            raise Invalid("mapping_version_unsupported")
        return value

    @field_validator("headers", "tabs", mode="before")
    @classmethod
    def _empty(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return {} if info.field_name == "headers" else []
        return value

    @field_validator("headers")
    @classmethod
    def _header_columns(cls, value: dict[str, str]) -> dict[str, str]:
        for column in value.values():
            _check_column(column, None, catalogue())
        return value


@dataclass(frozen=True)
class TabMapping:
    """What a mapping says about one tab: its kind, extra header spellings, fixed values."""

    kind: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    """header key → column"""
    fixed: dict[str, Any] = field(default_factory=dict)
    year: int | None = None


@dataclass(frozen=True)
class Mapping:
    """One or more mapping files, the most specific (the school's) first."""

    files: tuple[MappingFile, ...] = ()
    paths: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.files)

    def then(self, other: Mapping) -> Mapping:
        """This mapping, falling back on ``other`` (a school's, then its district's)."""
        return Mapping(self.files + other.files, self.paths + other.paths)

    def ignored(self, file: str, tab: str) -> bool:
        rule = self._rule(file, tab)
        return rule is not None and rule.kind == IGNORE

    def for_tab(self, file: str, tab: str) -> TabMapping | None:
        rule = self._rule(file, tab)
        headers: dict[str, str] = {}
        for mapping in reversed(self.files):
            headers.update({header_key(h): c for h, c in mapping.headers.items()})
        if rule is None:
            return TabMapping(headers=headers) if headers else None
        headers.update({header_key(h): c for h, c in rule.headers.items()})
        return TabMapping(rule.kind, headers, dict(rule.fixed), rule.year)

    def _rule(self, file: str, tab: str) -> TabRule | None:
        for mapping in self.files:
            for rule in mapping.tabs:
                if rule.matches(file, tab):
                    return rule
        return None


def load_mapping(path: Path, error: type[AuditError] = ConfigError) -> Mapping:
    """Read and validate a mapping file; any problem is an ``error`` naming the file and line."""
    data, root = load_yaml(path, error)
    return _validated(data, root, str(path), error)


def parse_mapping(text: str, name: str, error: type[AuditError] = ConfigError) -> Mapping:
    """:func:`load_mapping` for a mapping read elsewhere (a school's Drive folder); ``name`` is
    how its errors are located (the file's path in the folder)."""
    data, root = load_yaml_text(text, name, error)
    return _validated(data, root, name, error)


def _validated(data: Any, root: Any, name: str, error: type[AuditError]) -> Mapping:
    if data is None:
        return Mapping()
    try:
        parsed = MappingFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, Path(name), root, error) from exc
    return Mapping((parsed,), (name,))


def find_mapping(folder: Path, error: type[AuditError] = ConfigError) -> Mapping:
    """The mapping file in ``folder``, or an empty mapping when there is none."""
    path = folder / MAPPING_FILE
    return load_mapping(path, error) if path.is_file() else Mapping()


def school_year_of(year: int) -> tuple[dt.date, dt.date]:
    """A school year's first and last day (1/8 to 31/7), as the year of dd/mm dates reads it."""
    return dt.date(year, 8, 1), dt.date(year + 1, 7, 31)
