"""Which of Appendix 1's room types a room name denotes.

Schools name rooms freely ("P. Tin học 2", "Phòng máy số 1", "Lớp 6A1", "Phòng Hoá"); the rules
about rooms are written per room type, so each name is classified once, here.
"""

from __future__ import annotations

import functools
import re

from elschool_audit.sheets.kinds import catalogue
from elschool_audit.text import fold

_CLASSROOM = re.compile(r"^(lop|phong hoc|p\. hoc)\s|^\d{1,2}\s*[a-z]{1,2}\s*\d{0,2}$")
_TRAILING_NUMBER = re.compile(r"\s*(so\s*)?\d+[a-z]?$")
_PREFIX = re.compile(r"^(p\.?\s+|p\.)")


@functools.cache
def _prefixes() -> list[tuple[str, str]]:
    """(folded spelling, code) pairs, longest first, for prefix matching."""
    enum = catalogue().enums["room_type"]
    pairs = [(key, code) for key, code in enum.lookup.items() if len(key) >= 4 and key != "khac"]
    return sorted(pairs, key=lambda p: -len(p[0]))


@functools.cache
def classify_room(name: str) -> str | None:
    """The room-type code of a room name: ``khac`` for a place the vocabulary knows is not one of
    Appendix 1's rooms (the gate, the yard, a corridor), None for a name it does not know at all
    ("Phòng 204"): the rules cannot tell which room that is, so it is never silently "other"."""
    key = fold(name).replace(".", ". ").replace("  ", " ").strip()
    enum = catalogue().enums["room_type"]
    candidates = [key, _TRAILING_NUMBER.sub("", key).strip()]
    expanded = _PREFIX.sub("phong ", key)
    candidates += [expanded, _TRAILING_NUMBER.sub("", expanded).strip()]
    for cand in candidates:
        code = enum.lookup.get(cand)
        if code:
            return code
    for cand in (expanded, key):
        for prefix, code in _prefixes():
            if cand.startswith(prefix + " ") or cand == prefix:
                return code
    if _CLASSROOM.match(key):
        return "hoc_thuong"
    return None


_ROOM_NUMBER_WORD = re.compile(r"\bso\s+(?=\d)")
_CLASS_PREFIX = re.compile(r"^(lop|phong hoc|p\. hoc)\s+(?=\d)")


@functools.cache
def room_key(name: str) -> str:
    """A comparison key for a room name: 'P. Tin học số 1' and 'Phòng tin hoc 1' are one room."""
    key = fold(name).replace(".", ". ")
    key = re.sub(r"\s+", " ", key).strip()
    key = _PREFIX.sub("phong ", key)
    key = _ROOM_NUMBER_WORD.sub("", key)
    key = re.sub(r"[.,;:]", "", key).strip()
    # a class is its name: "Lớp 6A", "lop 6a" and "6A" are one room across the sheets
    return _CLASS_PREFIX.sub("", key) if _CLASSROOM.match(key) else key
