"""How much of a school's file the readers will take on, and the zip inspection that enforces it.

A few kilobytes of spreadsheet can declare a billion cells, a zip part can inflate a thousandfold,
and the xlsx reader aborts the whole process (uncatchable) on some of them. So a workbook is
inspected *before* any reader sees it: part sizes by actually inflating them (headers can lie),
the declared and the actual extent of every tab, merged areas. A file over a limit is one located
"file too large or unsafe" problem for that file; the rest of the school is still audited.

Each limit can be raised with an environment variable (``ELSCHOOL_AUDIT_MAX_<NAME>``), e.g.
``ELSCHOOL_AUDIT_MAX_CELLS=20000000`` for a district whose real tabs are larger than the default.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import PurePosixPath
from typing import IO

import numpy as np
import numpy.typing as npt

from elschool_audit.errors import Location, SourceError
from elschool_audit.results import Msg

MB = 1024 * 1024

ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)
"""What ``zipfile`` raises on a damaged zip (a bad CRC, a broken deflate stream, an odd method)."""


@dataclass(frozen=True)
class ReadLimits:
    file_mb: int = 200
    """A spreadsheet file's own size."""
    part_mb: int = 100
    """One part of an xlsx/ods zip once inflated (a worksheet, the shared strings, styles)."""
    workbook_mb: int = 400
    """All parts of one zip together once inflated."""
    parts: int = 5000
    """Entries in one zip."""
    cells: int = 2_000_000
    """Cells of one tab, rows × columns from A1 (declared, actual, merged or HTML-spanned)."""
    cell_chars: int = 1_000_000
    """Characters in one CSV field."""
    counted_rows: int = 200_000
    """Rows one posts counts table (month × category) may stand for."""
    reader_mb: int = 2048
    """Memory of the child process that reads a legacy .xls or an .ods (formats not inspected
    beforehand, so read where a reader abort cannot end the run)."""
    read_seconds: int = 60
    """Time that child process may take for one file."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ReadLimits:
        """Defaults, each overridden by ``ELSCHOOL_AUDIT_MAX_<FIELD>`` when set to a positive integer."""
        env = dict(os.environ) if env is None else env
        values: dict[str, int] = {}
        for name in cls.__dataclass_fields__:
            text = env.get(f"ELSCHOOL_AUDIT_MAX_{name.upper()}", "").strip()
            if text.isdigit() and int(text) > 0:
                values[name] = int(text)
        return cls(**values)


@cache
def limits() -> ReadLimits:
    """The limits of this process (read once from the environment)."""
    return ReadLimits.from_env()


def too_large(what: str, found: int, limit: int, env: str, location: Location, **params: object) -> SourceError:
    """The one problem every limit raises: what was too large (a catalogue key), by how much, and
    how to allow it."""
    return SourceError(
        "file_too_large",
        location,
        what=Msg(what, dict(params)),
        found=f"{found:,}",
        limit=f"{limit:,}",
        env=f"ELSCHOOL_AUDIT_MAX_{env}",
    )


# --------------------------------------------------------------------------------------------
# zip workbooks (xlsx, xlsm, ods)
#
# What the xlsx reader allocates for a tab is one slot per cell of the rectangle its non-empty
# cells span, so what must be bounded is the largest row and column a cell can land on. The
# reader places a cell at its ``r`` attribute (the *last* one when a tag has several, however
# spaced or quoted) or, without one, by counting: the row of the enclosing ``<row r=…>`` (or one
# past the previous row), the column one past the previous cell. Only a part that holds a
# ``sheetData`` element gives cells.
#
# Two scans of each such part. The fast one takes a part written the way every spreadsheet
# program writes it (each cell tag opens with ``<c r="``; ``r`` attributes in double quotes with
# nothing round the "="; no prefixed cell tags) and finds the largest column and row named by any
# ``r="…"`` ("is there a column past the largest seen so far?"), never a Python step per cell. Its
# rules are regex searches (``_ODD_*_RE``, ``_column_above``…); on a text of 16 KB or more numpy
# proves from the "=" signs and the "<c" pairs that the odd patterns cannot match and reads every
# reference's column and row, so that the searches are replayed on arrays with the same answer
# (``_marks``; ``tests/test_zip_scan_differential.py`` holds it to the searches). Any other part,
# or one whose bounds come out over a limit, is scanned exactly: every row and cell tag in order,
# placed the way the reader places them, so that the problem gives the real figure.

_CHUNK = 1 * MB
_MAX_RUN = 1 * MB
"""Bytes without a "<" carried from one inflated chunk to the next before the run is split."""
_OVERLAP = 64
"""Bytes of a split run seen again with the next chunk, so that no ``r="…"`` is cut in two."""
_MAX_STEPS = 64
"""Record-breaking rows or columns the fast scan follows in one chunk before scanning exactly."""
_MAX_ROW, _MAX_COL = 1_048_576, 16_384
"""The sheet's own bounds: a reference outside them (row 0, column ZZZZ) makes the reader
compute a grid of billions of cells and abort."""
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?\bref="([^"]*)"')
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([^"]*)"')
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,4})\$?([0-9]{1,9})$")
_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\s[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')

# the fast scan: a hit of any of these sends the part to the exact scan
_ODD_CELL_RE = re.compile(rb'<c(?! r=")[\s/>]')
"""A cell tag that does not open with ``r="`` (no reference: placed by counting)."""
_PREFIXED_CELL_RE = re.compile(rb":c[\s/>]")
"""``<x:c …>``: a cell too, which the searches below (on ``<c``) would not see."""
_ODD_R_RE = re.compile(rb"r=(?<![\w.: -]r=)")
_ODD_EQ_RE = re.compile(rb"=(?:(?<=\s=)|[\s'])")
"""An ``r`` attribute spelled otherwise than `` r="``: after a quote or a tab (``"r=``), with
spaces round the "=" or single quotes (any attribute so spelled sends the part to the exact scan)."""
_R_AT_RE = re.compile(rb' r="\$?([A-Za-z]*)\$?([0-9]*)')

# the exact scan
_TAG_RE = re.compile(
    rb"<(?:(/)(?:[^\s<>/!?:\"']+:)?row|(?:[^\s<>/!?:\"']+:)?(row|c))(?=[\s/>])(?:((?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+)>)?"
)
"""A row tag (start or end) or a cell start tag, prefixed or not; no attributes group when it
does not close before the next "<". Possessive, so that a stray quote cannot make it backtrack
exponentially."""
_PLAIN_TAG_RE = re.compile(rb"<(?:(/)row|(row|c))(?=[\s/>])(?:((?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+)>)?")
"""The same for a chunk with no prefixed row or cell tag (nearly all): far fewer tries per "<"."""
_PREFIXED_TAG_RE = re.compile(rb":(?:c|row)[\s/>]")
_R_ATTR_RE = re.compile(rb"(?<![\w.:-])((?:[\w.-]+:)?r)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
"""An ``r`` (or prefixed ``x:r``) attribute, however spaced and quoted."""
_SELF_CLOSED_RE = re.compile(rb"(?:\s++[^\s=/\"'<>]++\s*+=\s*+(?:\"[^\"<>]*+\"|'[^'<>]*+'))*+\s*+/")
_POSITION_RE = re.compile(rb"([A-Za-z]*)([0-9]+)")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _ref(text: str) -> tuple[int, int] | None:
    """'B12' → (row 12, column 2); None for anything else."""
    m = _REF_RE.match(text.strip())
    return (int(m.group(2)), _column_number(m.group(1))) if m else None


def _area(ref: str) -> int:
    """Cells from A1 to the far corner of a range reference ('A1:XFD1048576'); 0 if unreadable."""
    corners = [_ref(part) for part in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return 0
    return max(c[0] for c in corners if c) * max(c[1] for c in corners if c)


def _merged_area(ref: str) -> int:
    corners = [_ref(part) for part in ref.split(":")]
    if len(corners) != 2 or corners[0] is None or corners[1] is None:
        return 0
    (r0, c0), (r1, c1) = corners[0], corners[1]
    return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)


def _letters(n: int) -> str:
    """Column number → letters (28 → 'AB')."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _above(text: str, alphabet: str) -> str:
    """A regex for the strings over ``alphabet`` (no leading zero) that are greater than ``text``
    as numbers: more characters, or as many and greater at the first difference."""
    n, every = len(text), f"[{alphabet[0]}-{alphabet[-1]}]"
    first = every if alphabet[0].isalpha() else "[1-9]"
    options = [f"{first}{every}{{{n},}}"]
    for i, ch in enumerate(text):
        higher = alphabet[alphabet.index(ch) + 1 :]
        if higher:
            options.append(f"{text[:i]}[{higher[0]}-{higher[-1]}]{every}{{{n - i - 1}}}")
    return "(?:" + "|".join(options) + ")"


@cache
def _column_above(col: int) -> re.Pattern[bytes]:
    """`` r="`` naming a column past ``col``, or a reference not written the usual way (lower
    case, "$", a leading zero: the reader takes some of them), which the exact scan reads."""
    above = "[A-Z]+" if col < 1 else _above(_letters(col), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return re.compile(rb' r="(?:' + above.encode() + rb"(?![A-Za-z])|(?![A-Z]{0,3}[1-9]))")


@cache
def _row_above(row: int) -> re.Pattern[bytes]:
    """`` r="`` naming a row past ``row`` (references written the usual way: see above)."""
    above = "[1-9][0-9]*" if row < 1 else _above(str(row), "0123456789")
    return re.compile(rb' r="[A-Z]{0,3}' + above.encode() + rb"(?![0-9])")


@cache
def _longer_row(digits: int) -> re.Pattern[bytes]:
    """`` r="`` naming a row of more than ``digits`` digits."""
    return re.compile(rb' r="[A-Z]{0,3}[1-9][0-9]{%d}' % digits)


@dataclass
class _PartScan:
    """What a worksheet part says about the grid a reader would build from it."""

    declared: int = 0
    max_row: int = 0
    max_col: int = 0
    merged: int = 0
    outside: bool = False

    def feed(self, chunk: bytes) -> None:
        raise NotImplementedError

    def feed_text(self, text: bytes, cells: bool) -> None:
        """The dimension and merges of any text; the cells of one from the ``sheetData`` on."""
        self.feed_extras(text)
        if cells:
            self.feed(text)

    def feed_extras(self, chunk: bytes, dimension: bool = True, merged: bool = True) -> None:
        """The declared dimension and the merged areas (rare tags: the words are looked for first,
        unless known to be absent)."""
        if dimension and b"dimension" in chunk:
            for m in _DIMENSION_RE.finditer(chunk):
                self.declared = max(self.declared, _area(m.group(1).decode("ascii", "replace")))
        if merged and b"mergeCell" in chunk:
            for m in _MERGE_RE.finditer(chunk):
                self.merged += _merged_area(m.group(1).decode("ascii", "replace"))


@dataclass
class _FastScan(_PartScan):
    """Upper bounds on the rows and columns of every cell (empty or not) of a usual part; a hit of
    an odd pattern sets ``regular`` to False and the exact scan takes over."""

    regular: bool = True
    cells: int = 0
    """The limit the bounds are meant for (``ReadLimits.cells``)."""

    def feed(self, chunk: bytes) -> None:
        if self.regular:
            self._feed(chunk, _marks(chunk))

    def feed_text(self, text: bytes, cells: bool) -> None:
        marks = _marks(text) if cells and self.regular else None
        if marks is None or len(marks.ref_at) > _MAX_STEPS:
            self.feed_extras(text)
        elif len(marks.ref_at):
            self._feed_extras_at(text, marks.ref_at.tolist())
        if cells and self.regular:
            self._feed(text, marks)

    def _feed_extras_at(self, text: bytes, ref_at: list[int]) -> None:
        """``feed_extras`` when the ``ref=`` are known: a dimension or merged area ends with one,
        its tag's name after the last ">" before it, so the words are looked for there only."""
        spans = [(text.rfind(b">", 0, at) + 1, at) for at in ref_at]
        if sum(end - start for start, end in spans) > 65536:  # long tags: the whole text instead
            self.feed_extras(text)
            return
        names = b" ".join(text[start:end] for start, end in spans)
        self.feed_extras(text, b"dimension" in names, b"mergeCell" in names)

    def _feed(self, chunk: bytes, marks: _Marks | None) -> None:
        """The bounds from the references numpy found when it could read them all, else from the
        searches (the same answer: see ``_Marks``)."""
        if marks is None and any(p.search(chunk) for p in (_ODD_CELL_RE, _PREFIXED_CELL_RE, _ODD_R_RE, _ODD_EQ_RE)):
            self.regular = False
            return
        self._guess(chunk)
        refs = None if marks is None else marks.refs
        if refs is None:
            col = _raise(chunk, self.max_col, _column_above, _column_of)
            row = self._row_bound(col, lambda digits: _longer_row(digits).search(chunk) is not None)
        else:
            col = _raise_over(refs.cols, self.max_col)
            row = self._row_bound(col, refs.longer)
        if row is None:
            rows = None if refs is None else refs.rows()
            row = _raise(chunk, self.max_row, _row_above, _row_of) if rows is None else _raise_over(rows, self.max_row)
        if col is None or row is None:
            self.regular = False
            return
        self.max_col, self.max_row = col, row
        if col > _MAX_COL or row > _MAX_ROW:
            self.regular = False  # the exact scan says where

    def _row_bound(self, col: int | None, longer: Callable[[int], bool]) -> int | None:
        """The largest number of as many digits as the largest row seen, when no row has more and
        even that number keeps the tab within the limit (the exact largest row is then not
        needed); None otherwise."""
        digits = len(str(self.max_row))
        bound = 10**digits - 1
        if col is None or bound * max(col, 1) > self.cells or digits >= 7:
            return None
        return None if longer(digits) else bound

    def _guess(self, chunk: bytes) -> None:
        """Start from the last cell's row and the widest cell of the last row: in rows written in
        order these are the maxima, so the searches find nothing past them."""
        last = chunk.rfind(b' r="')
        if last < 0:
            return
        m = _R_AT_RE.match(chunk, last)
        if m and m.group(2) and len(m.group(2)) <= 9:
            self.max_row = max(self.max_row, int(m.group(2)))
        row_start = max(chunk.rfind(b"<row", 0, last), last - 4096, 0)
        for letters in set(_R_AT_RE.findall(chunk, row_start)):
            if 0 < len(letters[0]) <= 3:
                self.max_col = max(self.max_col, _column_number(letters[0].decode("ascii")))


_PAST = _MAX_ROW + _MAX_COL
"""A row or column past the sheet, for references too long to be worth reading."""


def _column_of(m: re.Match[bytes]) -> int:
    letters = m.group(1)
    return _column_number(letters.decode("ascii")) if len(letters) <= 4 else _PAST


def _row_of(m: re.Match[bytes]) -> int:
    digits = m.group(2).lstrip(b"0")
    return int(digits or b"0") if len(digits) <= 9 else _PAST


def _raise(
    chunk: bytes,
    start: int,
    above: Callable[[int], re.Pattern[bytes]],
    value: Callable[[re.Match[bytes]], int],
) -> int | None:
    """The largest value named in ``chunk`` (at least ``start``): search for one past the largest
    so far, from where the last was found; None after too many steps (an odd part)."""
    best, pos = start, 0
    for _ in range(_MAX_STEPS):
        hit = above(best).search(chunk, pos)
        if hit is None:
            return best
        m = _R_AT_RE.match(chunk, hit.start())
        found = value(m) if m else 0
        if found <= best or found >= _PAST:
            return _PAST  # past the sheet, or read otherwise: the exact scan gives the figure
        best, pos = found, hit.start() + 1
    return None


_IntArray = npt.NDArray[np.int64]

_NUMPY_MIN = 16 * 1024
"""Texts shorter than this are searched with the regexes (numpy's cost per call would dominate)."""


@dataclass(frozen=True)
class _Marks:
    """What numpy proved about a chunk: none of the four odd patterns of the fast scan occurs, so
    the regex searches would find nothing; and, when every `` r="`` reference is written the usual
    way (one to three capitals, then a row of at most seven digits not starting with 0, within the
    sheet), the column and row each names, in order, so that the searches for a value past the
    largest so far can be replayed on them with the same answer and the same number of steps."""

    ref_at: _IntArray
    """Where each ``ref=`` is (a dimension or a merged area needs one)."""
    refs: _References | None


def _marks(text: bytes) -> _Marks | None:
    """None when the text is short or an odd spelling may be there (the searches decide)."""
    if len(text) < max(_NUMPY_MIN, 8) or text.startswith(b"r="):
        return None
    a = np.frombuffer(text, np.uint8)
    eq = np.flatnonzero(a == ord("="))
    before, after = a.take(eq - 1, mode="clip"), a.take(eq + 1, mode="clip")
    # an "=" with white space (any byte up to the space) on either side or a single quote after
    if (before <= 32).any() or (after <= 32).any() or (after == ord("'")).any():
        return None
    two_before = a.take(eq - 2, mode="clip")
    is_r, spaced = before == ord("r"), two_before == ord(" ")
    unspaced = is_r & ~spaced
    if unspaced.any() and not _R_BEFORE[two_before[unspaced]].all():
        return None
    refs = eq[is_r & spaced & (after == ord('"'))] + 2  # where each reference's text starts
    if not _cell_tags_usual(text, a, refs):
        return None
    f_at = eq[(before == ord("f")) & (two_before == ord("e"))]
    return _Marks(f_at[a.take(f_at - 3, mode="clip") == ord("r")], _References.read(a, refs))


_R_BEFORE = np.zeros(256, bool)
_R_BEFORE[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.: -")] = True
"""What may stand before ``r=`` (``_ODD_R_RE``)."""
_CELL_TAG, _PREFIXED_CELL_TAG = (int.from_bytes(t, "little") for t in (b"<c", b":c"))


def _cell_tags_usual(text: bytes, a: npt.NDArray[np.uint8], refs: _IntArray) -> bool:
    """No ``<c`` tag that does not open with `` r="`` and no ``:c`` tag (``_ODD_CELL_RE``,
    ``_PREFIXED_CELL_RE``): as many ``<c`` followed by a white space, "/" or ">" as references
    preceded by ``<c``."""
    pairs = [np.frombuffer(text, "<u2", count=(len(text) - k) // 2, offset=k) for k in (0, 1)]
    usual = (a.take(refs - 6, mode="clip") == ord("<")) & (a.take(refs - 5, mode="clip") == ord("c"))
    # ":c", ";c" and "<c" counted at once: no more than the usual cell tags settles both patterns
    if sum(int(np.count_nonzero((w - _PREFIXED_CELL_TAG) <= 2)) for w in pairs) == int(np.count_nonzero(usual)):
        return True
    if any((w == _PREFIXED_CELL_TAG).any() for w in pairs):
        prefixed = np.concatenate([np.flatnonzero(w == _PREFIXED_CELL_TAG) * 2 + k for k, w in enumerate(pairs)])
        if _tag_ends(a.take(prefixed + 2, mode="clip")).any():
            return False
    opened = np.concatenate([np.flatnonzero(w == _CELL_TAG) * 2 + k for k, w in enumerate(pairs)])
    ends = int(np.count_nonzero(_tag_ends(a.take(opened + 2, mode="clip"))))
    return ends == int(np.count_nonzero(usual))


def _tag_ends(after: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Bytes that may end a tag name (white space, taken as any byte up to the space; "/"; ">")."""
    ends: npt.NDArray[np.bool_] = (after <= 32) | (after == ord("/")) | (after == ord(">"))
    return ends


_REF_BYTES = 12
"""Bytes read from each reference: three letters, seven digits and the two after them."""


@dataclass(frozen=True)
class _References:
    """The `` r="`` references of a chunk, every one written the usual way (up to three capitals,
    then a digit 1-9): the column each names (0 for a row's own), and their rows when asked."""

    a: npt.NDArray[np.uint8]
    """The chunk, with room after its end for the longest reference read."""
    at: _IntArray
    """Where each reference's row number starts."""
    cols: _IntArray

    @staticmethod
    def read(a: npt.NDArray[np.uint8], start: _IntArray) -> _References | None:
        if len(start) and int(start[-1]) > len(a) - _REF_BYTES:
            a = np.concatenate([a, np.zeros(_REF_BYTES, np.uint8)])  # zeros read as the text's end
        cols, at, letter = np.zeros(len(start), np.int64), start, np.ones(len(start), bool)
        for k in range(4):
            byte = a[at]
            letter &= (byte - 65) < 26
            if not letter.any():
                break
            if k == 3:
                return None  # a fourth letter: the searches say how far
            cols = np.where(letter, cols * 26 + byte - 64, cols)
            at = at + letter
        if ((byte - 49) >= 9).any():
            return None  # no row number, or one starting with 0
        return _References(a, at, cols)

    def longer(self, digits: int) -> bool:
        """Whether a row number has more than ``digits`` digits."""
        at = self.at
        for k in range(digits, 0, -1):  # the farthest digit first: most references stop sooner
            at = at[(self.a[at + k] - 48) < 10]
            if not len(at):
                return False
        return True

    def rows(self) -> _IntArray | None:
        """The row each names; None when one is past the sheet (the searches give the figure)."""
        rows = self.a[self.at].astype(np.int64) - 48
        running = np.ones(len(rows), bool)
        for k in range(1, 8):
            digit = self.a[self.at + k].astype(np.int64) - 48
            running &= (digit >= 0) & (digit <= 9)
            if not running.any():
                break
            rows = np.where(running, rows * 10 + digit, rows)
        if running.any() or int(rows.max(initial=0)) > _MAX_ROW:
            return None
        return rows


def _raise_over(values: _IntArray, start: int) -> int | None:
    """``_raise`` replayed on the values in order: the largest (at least ``start``), or None when
    the searches would have needed more than ``_MAX_STEPS`` steps."""
    if not len(values) or int(values.max()) <= start:
        return start
    so_far = np.maximum(np.maximum.accumulate(values), start)
    steps = int(np.count_nonzero(values[1:] > so_far[:-1])) + int(values[0] > start)
    return int(so_far[-1]) if steps < _MAX_STEPS else None


@dataclass
class _ExactScan(_PartScan):
    """Every row and cell tag in order, placed as the reader places them (0-based counters)."""

    row_index: int = 0
    col_index: int = 0

    def feed(self, chunk: bytes) -> None:
        tags = _TAG_RE if _PREFIXED_TAG_RE.search(chunk) else _PLAIN_TAG_RE
        for tag in tags.finditer(chunk):
            closing, name, attrs = tag.groups()
            if closing:
                self.row_index, self.col_index = self.row_index + 1, 0
                continue
            if attrs is None:  # a "<" inside the tag, or a tag cut by the chunk's end: unreadable
                self.outside = True
                continue
            refs, own = self._refs(attrs)
            closed = attrs.endswith(b"/") and _SELF_CLOSED_RE.fullmatch(attrs) is not None
            if name == b"row":
                if own is not None:
                    self.row_index = own[0] - 1
                if closed:
                    self.row_index, self.col_index = self.row_index + 1, 0
                continue
            row, col = own if own is not None else (self.row_index + 1, self.col_index + 1)
            self.col_index = col
            if closed:
                continue  # an empty cell (a style only) gives the reader no value
            if len(refs) > 1 or own is None:
                for r, c in refs:
                    self._extend(r, c)
            self._extend(row, col)

    def _extend(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col
        if row > _MAX_ROW or col > _MAX_COL:
            self.outside = True

    def _refs(self, attrs: bytes) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """Every (row, column) any ``r``/``x:r`` attribute names, and the reader's own (the last
        plain ``r``); a reference the reader could misread counts as outside the sheet."""
        refs: list[tuple[int, int]] = []
        own: tuple[int, int] | None = None
        for key, double, single in _R_ATTR_RE.findall(attrs):
            ref = _position(double or single)
            if ref is None or ref[0] > _MAX_ROW or ref[1] > _MAX_COL:
                self.outside = True
                continue
            refs.append(ref)
            if key == b"r":
                own = ref
        return refs, own


@lru_cache(maxsize=4096)
def _letters_number(letters: bytes) -> int:
    return _column_number(letters.decode("ascii"))


def _position(value: bytes) -> tuple[int, int] | None:
    """(row, column) of a reference as the reader reads it ('B12', a row alone: '12'); None if
    it cannot be read safely."""
    pos = _POSITION_RE.fullmatch(value.replace(b"$", b"") if b"$" in value else value)
    if pos is None:
        return None
    letters, digits = pos.groups()
    if len(letters) > 3 or len(digits) > 7 or (digits.startswith(b"0") and int(digits) < 1):
        return None
    return int(digits), _letters_number(letters)


def _tab_names(zf: zipfile.ZipFile, names: set[str], lim: ReadLimits) -> dict[str, str]:
    """Worksheet part → tab name (from workbook.xml and its relationships), for located problems."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    if any(zf.getinfo(p).file_size > lim.part_mb * MB for p in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")):
        return {}
    rels = {
        m.group(1): m.group(2).decode("utf-8", "replace")
        for m in _REL_RE.finditer(zf.read("xl/_rels/workbook.xml.rels"))
    }
    out: dict[str, str] = {}
    for m in _SHEET_RE.finditer(zf.read("xl/workbook.xml")):
        target = rels.get(m.group(2))
        if target is None:
            continue
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out[part] = m.group(1).decode("utf-8", "replace")
    return out


def _pieces(fh: IO[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """The inflated part as (raw chunk, text to scan). Each text ends
    before its last "<", which starts the next one, so no tag is cut; a run of over ``_MAX_RUN``
    bytes with no "<" is split, the next text repeating its last ``_OVERLAP`` bytes."""
    carry = b""
    while chunk := fh.read(_CHUNK):
        at = chunk.rfind(b"<")
        if at >= 0 and len(carry) + at > 0:  # the usual case, with one copy less
            yield chunk, b"".join((carry, memoryview(chunk)[:at]))
            carry = chunk[at:]
            continue
        text = carry + chunk
        cut = text.rfind(b"<")
        if cut > 0:
            yield chunk, text[:cut]
            carry = text[cut:]
        elif len(text) > _MAX_RUN:
            yield chunk, text
            carry = text[-_OVERLAP:]
        else:
            yield chunk, b""
            carry = text
    if carry:
        yield b"", carry


def _scan_part(fh: IO[bytes], scan: _FastScan | _ExactScan, lim: ReadLimits, loc: Location, part: str) -> int:
    """Feed the part to ``scan`` from its first ``sheetData`` on; the part's inflated size."""
    size = 0
    cells = False
    for chunk, text in _pieces(fh):
        size += len(chunk)
        if size > lim.part_mb * MB:
            raise too_large("limit_part_size", size, lim.part_mb * MB, "PART_MB", loc, part=part)
        if not text:
            continue
        cells = cells or b"sheetData" in text
        scan.feed_text(text, cells)
    return size


def inspect_zip_workbook(data: bytes, name: str, lim: ReadLimits | None = None) -> None:
    """Raise ``SourceError`` if this xlsx/ods would be too large or unsafe to hand to a reader.

    Inflates every part in chunks (never more than the limit), so the answer does not depend on
    sizes the zip's headers claim. Not a zip at all is left to the reader to report.
    """
    lim = lim or limits()
    where = Location(file=name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > lim.parts:
            raise too_large("limit_zip_entries", len(infos), lim.parts, "PARTS", where)
        names = {i.filename for i in infos}
        try:
            tabs = _tab_names(zf, names, lim)
        except ZIP_ERRORS:
            tabs = {}
        total = 0
        for info in infos:
            part = info.filename
            loc = Location(file=name, tab=tabs.get(part), field=None if part in tabs else part)
            if info.file_size > lim.part_mb * MB:
                raise too_large("limit_part_size", info.file_size, lim.part_mb * MB, "PART_MB", loc, part=part)
            scan: _FastScan | _ExactScan = _FastScan(cells=lim.cells)
            try:
                with zf.open(info) as fh:
                    size = _scan_part(fh, scan, lim, loc, part)
                if not _within(scan, lim):
                    scan = _ExactScan()
                    with zf.open(info) as fh:
                        _scan_part(fh, scan, lim, loc, part)
            except ZIP_ERRORS:
                return  # a damaged zip: the reader says so, located
            total += size
            if total > lim.workbook_mb * MB:
                raise too_large("limit_inflated", total, lim.workbook_mb * MB, "WORKBOOK_MB", where)
            _check_grid(scan, lim, loc)


def _within(scan: _FastScan | _ExactScan, lim: ReadLimits) -> bool:
    """Whether the fast scan's bounds settle the part (else it is scanned exactly)."""
    return (
        isinstance(scan, _FastScan)
        and scan.regular
        and scan.max_row <= _MAX_ROW
        and scan.max_col <= _MAX_COL
        and scan.max_row * scan.max_col <= lim.cells
    )


def _check_grid(scan: _PartScan, lim: ReadLimits, loc: Location) -> None:
    if scan.outside:
        raise too_large("limit_outside", 1, 0, "CELLS", loc)
    if scan.declared > lim.cells:
        raise too_large("limit_declared_cells", scan.declared, lim.cells, "CELLS", loc)
    actual = scan.max_row * scan.max_col
    if actual > lim.cells:
        raise too_large("limit_cells", actual, lim.cells, "CELLS", loc)
    if scan.merged > lim.cells:
        raise too_large("limit_merged_cells", scan.merged, lim.cells, "CELLS", loc)
