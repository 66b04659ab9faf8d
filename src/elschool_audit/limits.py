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
import operator
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import compress
from pathlib import PurePosixPath

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

_CHUNK = 1 * MB
# A non-empty cell with its reference: <c r="AB12" ...> that is not self-closing. Styled but empty
# cells (<c r="XFD1" s="3"/>) give readers no value, so they do not extend the grid.
# The third group is the rest of the tag: it ends with "/" for a self-closing cell. (Capturing the
# rest in one greedy run is twice as fast as a lazy search for "/>" or ">".)
_CELL_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="\$?([A-Za-z]+)\$?([0-9]+)"([^>]*)>')
_PLAIN_CELL_RE = re.compile(rb'<c\s[^>]*?\br="\$?([A-Za-z]+)\$?([0-9]+)"([^>]*)>')
"""The same for a part that writes no namespace prefix on cells (``<x:c``), which is nearly every
one: a pattern opening with a literal is searched for far faster than one tried at every ``<``."""
_PREFIXED_CELL_RE = re.compile(rb":c\s")
_LETTERS, _ROWS, _END = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
_MAX_ROW, _MAX_COL = 1_048_576, 16_384
"""The sheet's own bounds: a reference outside them (row 0, column ZZZZ) makes the reader
compute a grid of billions of cells and abort."""
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?\bref="([^"]*)"')
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([^"]*)"')
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,4})\$?([0-9]{1,9})$")
_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\s[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')


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


@dataclass
class _PartScan:
    """What a worksheet part says about the grid a reader would build from it."""

    declared: int = 0
    max_row: int = 0
    max_col: int = 0
    merged: int = 0
    outside: bool = False

    def feed(self, chunk: bytes) -> None:
        # Distinct column letters and row numbers, not one Python step per cell: a sheet has a few
        # dozen columns and its rows in order, so the sets stay small and the scan stays in C
        # (map, compress and set run per cell in C; Python only sees the distinct values).
        cells = (_CELL_RE if _PREFIXED_CELL_RE.search(chunk) else _PLAIN_CELL_RE).findall(chunk)
        rests = set(map(_END, cells))  # a tag's attributes after r="…": a handful of distinct ones
        closing = {rest for rest in rests if rest.endswith(b"/")}
        if not closing or closing == rests:
            groups = [(bool(closing), cells)]
        else:
            is_closed = list(map(closing.__contains__, map(_END, cells)))
            groups = [
                (False, list(compress(cells, map(operator.not_, is_closed)))),
                (True, list(compress(cells, is_closed))),
            ]
        for closed, some in groups:
            letters = set(map(_LETTERS, some))
            rows = set(map(_ROWS, some))
            if not letters:
                continue
            cols = [_column_number(c[:12].decode("ascii")) for c in letters]
            nums = [int(r[:12]) for r in rows]
            if min(cols) < 1 or max(cols) > _MAX_COL or min(nums) < 1 or max(nums) > _MAX_ROW:
                self.outside = True
            if not closed:  # a styled empty cell (<c r="XFD1" s="3"/>) does not extend the grid
                self.max_row = max(self.max_row, *nums)
                self.max_col = max(self.max_col, *cols)
        # both patterns are tried at every "<": skip the chunks that cannot hold a match
        if b"dimension" in chunk:
            for m in _DIMENSION_RE.finditer(chunk):
                self.declared = max(self.declared, _area(m.group(1).decode("ascii", "replace")))
        if b"mergeCell" in chunk:
            for m in _MERGE_RE.finditer(chunk):
                self.merged += _merged_area(m.group(1).decode("ascii", "replace"))


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
            scan = _PartScan() if _is_grid_part(part) else None
            size = 0
            tail = b""
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        size += len(chunk)
                        if size > lim.part_mb * MB:
                            raise too_large("limit_part_size", size, lim.part_mb * MB, "PART_MB", loc, part=part)
                        if scan is not None:
                            # a tag can straddle two chunks: rescan the previous chunk's tail
                            scan.feed(tail + chunk)
                            tail = chunk[-512:]
            except ZIP_ERRORS:
                return  # a damaged zip: the reader says so, located
            total += size
            if total > lim.workbook_mb * MB:
                raise too_large("limit_inflated", total, lim.workbook_mb * MB, "WORKBOOK_MB", where)
            if scan is not None:
                _check_grid(scan, lim, loc)


def _is_grid_part(part: str) -> bool:
    return part.startswith("xl/worksheets/") and part.endswith(".xml")


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
