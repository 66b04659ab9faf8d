"""Vietnamese text the way real spreadsheets type it.

School staff type on Windows with Unikey, on Macs (which hand out decomposed NFD text), paste from
web portals (non-breaking spaces, zero-width joiners) and write headers with line breaks and
hints such as ``Ngày (dd/mm/yyyy)``. Everything that compares text written by people goes through
these helpers so that two spellings a person would call "the same" compare equal:

* :func:`clean` is lossless for meaning: it only fixes invisible differences (normal form,
  odd spaces, invisible characters), so its result is what we show back to users.
* :func:`fold` is for matching values: case and all diacritics go, ``Đ`` becomes ``d``.
* :func:`header_key` and :func:`near_match` are for finding columns by their header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import compress
from typing import Generic, TypeVar

__all__ = [
    "FOLD_CELL",
    "OncePerText",
    "clean",
    "fold",
    "header_key",
    "keys_near",
    "match_key",
    "near_match",
    "texts_of",
]

# Invisible characters that change a string without changing what a reader sees. The soft hyphen
# is among them: in Unicode text it is only a line-break hint (legacy TCVN3 text uses the same
# code point for "ư", so legacy conversion must run *before* clean; see sheets.legacy).
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"),
    None,
)

_HINT_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_UNCLOSED_HINT_RE = re.compile(r"[(\[][^)\]]*$")
_NON_ALNUM_RE = re.compile(r"[\W_]+")
# Spelling reform variants: "lý"/"lí", "kỹ"/"kĩ", "tỷ"/"tỉ", "quý"/"quí" — a final y after a
# consonant (or after "qu") is written i by some schools and y by others.
_FINAL_Y_RE = re.compile(r"(?<=[bcdghklmnpqrstvx])y\b|(?<=qu)y\b")


_IS_STR = frozenset({str}).__contains__


def texts_of(cells: Iterable[object]) -> Iterator[str]:
    """The text cells among ``cells``, in order, picked in C (``map``/``compress``) rather than by
    a Python test per cell: callers run it over every cell of a district."""
    cells = cells if isinstance(cells, list | tuple) else list(cells)
    return compress(cells, map(_IS_STR, map(type, cells)))


T = TypeVar("T")
D = TypeVar("D")


class OncePerText(dict[str, T], Generic[T, D]):
    """``fn`` of each distinct string, computed on first use; any other value gives
    ``other(value)``, never stored (True == 1 == 1.0: a stored answer for 1 would be given for
    True). ``__getitem__`` is a mapper pandas' ``Series.map`` calls from C: a column repeats a
    few texts thousands of times. ``limit`` bounds a cache kept for a whole run."""

    def __init__(self, fn: Callable[[str], T], other: Callable[[object], D], limit: int | None = None) -> None:
        super().__init__()
        self._fn = fn
        self._other = other
        self._limit = limit

    def __missing__(self, key: object) -> T | D:
        if not isinstance(key, str):
            return self._other(key)
        if self._limit is not None and len(self) >= self._limit:
            self.clear()
        out = self[key] = self._fn(key)
        return out


def clean(s: str) -> str:
    """Return ``s`` with invisible differences removed, so equal-looking text is equal.

    NFC-normalises (macOS and some input methods deliver NFD, where "ệ" is three code points),
    drops zero-width characters and soft hyphens, turns every Unicode space and line break into
    one plain space and strips the ends.
    """
    s = s.translate(_INVISIBLE)
    s = unicodedata.normalize("NFC", s)
    # str.split() with no argument splits on every Unicode whitespace (NBSP, narrow NBSP,
    # ideographic space, line/paragraph separators, tabs and line breaks).
    return " ".join(s.split())


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Return the matching form of ``s``: cleaned, case-folded, without any diacritics.

    "Phòng Tin học", "phong tin hoc" and "PHÒNG TIN HỌC" all fold to "phong tin hoc". ``Đ``/``đ``
    (and the look-alike ``Ð``/``ð`` some fonts and converters produce) become ``d``. Cached,
    because the same few header and enum spellings are folded over and over.
    """
    s = clean(s).casefold()
    decomposed = unicodedata.normalize("NFD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("ð", "d")


@lru_cache(maxsize=65536)
def header_key(s: str) -> str:
    """Return the key used to match a column header: folded, hints and punctuation removed.

    ``"Ngày (dd/mm/yyyy)"`` and ``"NGÀY\\n[ghi rõ]"`` both give ``"ngay"``; ``"Tên thiết bị:"``
    gives ``"ten thiet bi"``. Parenthesised and bracketed hints are dropped (an unclosed one up
    to the end of the header, as happens when a long header is cut); if the header is nothing
    but a hint, the hint's words are kept rather than returning an empty key. Numbering and
    words such as "STT" are kept: they are real headers.
    """
    folded = fold(s)
    without = _UNCLOSED_HINT_RE.sub(" ", _HINT_RE.sub(" ", folded))
    key = " ".join(_NON_ALNUM_RE.sub(" ", without).split())
    if not key:
        key = " ".join(_NON_ALNUM_RE.sub(" ", folded).split())
    return key


def _iy(key: str) -> str:
    """Unify the i/y spelling variants of syllable-final y (``ty le`` → ``ti le``)."""
    return _FINAL_Y_RE.sub("i", key)


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    swap of two adjacent characters (optimal-string-alignment distance ≤ 1).

    Linear time and no matrix: header matching compares every header cell with every known
    spelling, so this runs thousands of times per workbook.
    """
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if i == la:
        return True  # equal, or b has one extra character at the end
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True  # one substitution
        return (
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )  # one adjacent transposition
    return a[i:] == b[i + 1 :]  # one insertion into a


@lru_cache(maxsize=65536)
def match_key(s: str) -> str:
    """The :func:`header_key` of ``s`` with the i/y variants unified: what :func:`keys_near` takes.

    Separate from :func:`near_match` so a caller comparing one header cell against hundreds of
    known spellings normalises each side once instead of once per comparison.
    """
    return _iy(header_key(s))


def keys_near(ka: str, kb: str) -> bool:
    """:func:`near_match` for two keys already in :func:`match_key` form."""
    if ka == kb:
        return True
    if len(ka) < 6 or len(kb) < 6 or abs(len(ka) - len(kb)) > 1:
        return False
    return _within_one_edit(ka, kb)


def near_match(a: str, b: str) -> bool:
    """True when headers ``a`` and ``b`` are the same header up to a typo.

    Compares :func:`header_key` forms. They match when equal after unifying the official i/y
    spelling variants ("Tỷ lệ" = "Tỉ lệ"), or — only when both keys have at least 6 characters —
    when one edit apart ("thiet bi" ~ "thiet bj", "so luong" ~ "so luogn"). Short keys need
    equality because one edit turns a short header into a different one ("lop" vs "lo").
    """
    return keys_near(match_key(a), match_key(b))


def _itself(value: object) -> object:
    return value


FOLD_CELL: OncePerText[str, object] = OncePerText(fold, _itself, limit=65_536)
"""A cell's :func:`fold` when it is text, any other value as it is: the mapper for folding a
column (``series.map(FOLD_CELL.__getitem__)``), kept for the run so a district's repeated room
and teacher names are folded once."""
