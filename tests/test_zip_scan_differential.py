"""The zip inspection's fast scan proves in numpy what its regex searches used to find (issue 16);
the verdict and every figure must be the same on any input, odd or usual.

``tests/zipscan_before.py`` is the inspection as it was before (commit 6cc064e), kept as the
oracle. Hypothesis writes sheet XML mixing the usual spelling with every odd one the inspection
knows (cells without ``r``, prefixed tags and attributes, quotes, white space round "=", references
past the sheet, lower case, leading zeros, a long staircase of ever wider cells), and texts cut into
small chunks so that tags and references straddle chunk boundaries; numpy is used on every text
(``_NUMPY_MIN`` lowered to 0). ``ELSCHOOL_AUDIT_SCAN_EXAMPLES`` raises the number of examples.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elschool_audit import limits as new
from elschool_audit.errors import SourceError
from tests import zipscan_before as old

EXAMPLES = int(os.environ.get("ELSCHOOL_AUDIT_SCAN_EXAMPLES", "150"))
SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"

_LETTERS = ["A", "B", "J", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD", "XFE", "ZZZ"]
_ROWS = [1, 2, 9, 10, 99, 100, 548, 999, 1000, 9999, 10000, 76923, 99999, 999999, 1048576, 1048577]
_ODD_REFS = ["a1", "xfd1048576", "$A$1", "A01", "A0", "0", "ABCD1", "A12345678", "A1x", "A1 ", "", "A", "B2:C3"]
_R_SPELLINGS = [
    ' r="{}"',
    ' r="{}"',
    ' r="{}"',
    " r='{}'",
    ' r = "{}"',
    ' x:r="{}"',
    '"r="{}"',
    '\tr="{}"',
    " r=\t'{}'",
]
_OTHER_ATTRS = ["", ' s="1"', ' t="s"', ' t="inlineStr"', ' a="/>"', " b='1'", ' k = "2"', ' f="<"']
_CONTENT = "ab rc:;=<>\"'/\tx1Aé\x01"
_EXTRAS = [
    '<dimension ref="A1:XFD1048576"/>',
    '<dimension ref="A1:C3"/>',
    '<x:dimension ref="A1:ZZ9999"/>',
    '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    '<mergeCell ref="C3:A1"/>',
    '<cols><col min="1" max="3"/></cols>',
    '<f t="shared" ref="A1:A10" si="0"/>',
    "<cfRule/>",
]


class _Writer:
    """Sheet XML from one random stream: mostly the usual spelling, now and then an odd one (the
    odder the rarer, by ``oddness``), so that both the numpy proof and its fallbacks are taken."""

    def __init__(self, seed: int, oddness: float) -> None:
        self.rng, self.oddness = random.Random(seed), oddness

    def odd(self) -> bool:
        return self.rng.random() < self.oddness

    def ref(self) -> str:
        if self.odd():
            return self.rng.choice(_ODD_REFS)
        return f"{self.rng.choice(_LETTERS)}{self.rng.choice(_ROWS)}"

    def content(self) -> str:
        return "".join(self.rng.choice(_CONTENT) for _ in range(self.rng.randrange(6))) if self.odd() else "1"

    def cell(self) -> str:
        tag = "<x:c" if self.odd() else "<c"
        attrs = []
        for _ in range(self.rng.randrange(3) if self.odd() else 1):
            attrs.append((self.rng.choice(_R_SPELLINGS) if self.odd() else ' r="{}"').format(self.ref()))
        attrs.append(self.rng.choice(_OTHER_ATTRS))
        self.rng.shuffle(attrs) if self.odd() else None
        close = "/>" if self.rng.random() < 0.2 else f"><v>{self.content()}</v></c>"
        return tag + "".join(attrs) + close

    def row(self) -> str:
        r = self.rng.choice(["", ' r = "7"']) if self.odd() else f' r="{self.rng.choice(_ROWS)}"'
        spans = self.rng.choice(["", ' spans="1:3"', ' x14ac:dyDescent="0.25"'])
        cells = "".join(self.cell() for _ in range(self.rng.randrange(7)))
        return f"<row{r}{spans}>{cells}{'</x:row>' if self.odd() else '</row>'}"

    def staircase(self) -> str:
        """Ever wider cells: many steps for the searches, each a new largest column."""
        start = self.rng.randrange(1, 4)
        n = self.rng.randrange(90)
        cells = "".join(f'<c r="{new._letters(start + i)}{start + i}"><v>1</v></c>' for i in range(n))
        return f'<row r="{start}">{cells}</row>'

    def piece(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return self.staircase()
        if roll < 0.2:
            return self.rng.choice(_EXTRAS)
        if roll < 0.25:
            return self.content()
        return self.row()

    def sheet(self, pieces: int) -> bytes:
        head = self.rng.choice(["", '<dimension ref="A1:J553"/>', '<cols><col min="1" max="3"/></cols>'])
        data = self.rng.choice(["<x:sheetData>", ""]) if self.odd() else "<sheetData>"
        body = "".join(self.piece() for _ in range(pieces))
        return f'<?xml version="1.0"?>\r\n<worksheet>{head}{data}{body}</sheetData></worksheet>'.encode()


@st.composite
def _sheet(draw: st.DrawFn) -> bytes:
    seed = draw(st.integers(0, 2**32 - 1))
    oddness = draw(st.sampled_from([0.0, 0.01, 0.05, 0.3]))
    return _Writer(seed, oddness).sheet(draw(st.integers(0, 10)))


@contextmanager
def _chunks(size: int) -> Iterator[None]:
    """Both inspections inflate in chunks of ``size`` bytes; numpy reads every text."""
    saved = new._CHUNK, old._CHUNK, new._NUMPY_MIN
    new._CHUNK = old._CHUNK = size
    new._NUMPY_MIN = 0
    try:
        yield
    finally:
        new._CHUNK, old._CHUNK, new._NUMPY_MIN = saved


def _fast_state(module: object, part: bytes, cells: int) -> tuple[object, ...]:
    scan = module._FastScan(cells=cells)  # type: ignore[attr-defined]
    found = False
    for _, text in module._pieces(io.BytesIO(part)):  # type: ignore[attr-defined]
        if text:
            scan.feed_extras(text)
            found = found or b"sheetData" in text
            if found:
                scan.feed(text)
    return scan.regular, scan.max_row, scan.max_col, scan.declared, scan.merged


def _new_state(part: bytes, cells: int) -> tuple[object, ...]:
    """The same, fed as the inspection feeds it (numpy's marks shared by both passes)."""
    scan = new._FastScan(cells=cells)
    found = False
    for _, text in new._pieces(io.BytesIO(part)):
        if text:
            found = found or b"sheetData" in text
            scan.feed_text(text, found)
    return scan.regular, scan.max_row, scan.max_col, scan.declared, scan.merged


def _verdict(module: object, data: bytes, cells: int) -> tuple[str, str, str] | None:
    try:
        module.inspect_zip_workbook(data, "t.xlsx", module.ReadLimits(cells=cells))  # type: ignore[attr-defined]
    except SourceError as error:
        return error.msg.key, repr(error.msg.params), repr(error.location)
    return None


def _zip(part: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", part)
    return out.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    part=_sheet(),
    size=st.sampled_from([16, 23, 64, 100, 4096]),
    cells=st.sampled_from([0, 5000, 13_140, 2_000_000]),
)
def test_the_fast_scan_and_the_verdict_are_those_of_the_regex_searches(part: bytes, size: int, cells: int) -> None:
    with _chunks(size):
        before = _fast_state(old, part, cells)
        assert _fast_state(new, part, cells) == before
        assert _new_state(part, cells) == before
        data = _zip(part)
        assert _verdict(new, data, cells) == _verdict(old, data, cells)


def test_the_sample_workbooks_give_the_same_scan_and_verdict() -> None:
    files = sorted(SAMPLES.rglob("*.xlsx"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert _verdict(new, data, 2_000_000) == _verdict(old, data, 2_000_000), path
        with _chunks(4096), zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/"):
                    part = zf.read(name)
                    assert _new_state(part, 2_000_000) == _fast_state(old, part, 2_000_000), (path, name)
