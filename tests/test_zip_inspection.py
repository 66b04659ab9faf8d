"""The zip pre-inspection bounds what the xlsx reader can be made to allocate (issue 15), with a
fast scan for parts written the usual way and an exact one for every other spelling.

Each hostile part here was found to abort the reader (exit 134, 23 GB asked for) while the
earlier inspection let it through: a cell placed by counting (no ``r``, or a prefixed ``x:r``
the reader ignores), a second ``r`` (the reader keeps the last), an ``r`` spelled without the
usual space or quotes, a ``>`` inside a value that made a cell look self-closing. The inspection
only is run on them: no test hands such a file to the reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from elschool_audit import limits
from elschool_audit.errors import SourceError
from elschool_audit.limits import ReadLimits, inspect_zip_workbook
from tests.hostile import DEVICE_ROWS, _sheet, write_xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"
WIDE = '<row r="3"><c r="ZZ3"><v>1</v></c></row>'
"""One value in column ZZ (702): with any cell on row 1,048,576 the grid is 736 million cells."""


def _xlsx(tmp_path: Path, extra: str, name: str = "t.xlsx") -> bytes:
    xml = _sheet(DEVICE_ROWS).replace("</sheetData>", extra + "</sheetData>")
    return write_xlsx(tmp_path / name, xml).read_bytes()


def _refusal(data: bytes) -> str:
    with pytest.raises(SourceError) as info:
        inspect_zip_workbook(data, "t.xlsx", ReadLimits())
    assert info.value.msg.key == "file_too_large"
    return str(info.value.msg.params["what"].key)


@pytest.mark.parametrize(
    ("case", "extra"),
    [
        ("no r, counted row", '<row r="1048576"><c t="n"><v>1</v></c></row>' + WIDE),
        ("prefixed x:r ignored by the reader", '<row r="1048576"><c x:r="A5"><v>1</v></c></row>' + WIDE),
        ("second r wins", '<row r="4"><c r="A4" r="XFD1048576"><v>1</v></c></row>'),
        ("r after a quote", '<row r="4"><c r="A4"r="XFD1048576"><v>1</v></c></row>'),
        ("r in single quotes", "<row r=\"4\"><c r='XFD1048576'><v>1</v></c></row>"),
        ("spaces round =", '<row r="4"><c r = "XFD1048576"><v>1</v></c></row>'),
        ("tab before r", '<row r="4"><c\tr="XFD1048576"><v>1</v></c></row>'),
        ("lower case", '<row r="4"><c r="xfd1048576"><v>1</v></c></row>'),
        ("leading zeros", '<row r="4"><c r="XFD0001048576"><v>1</v></c></row>'),
        ("> inside a value", '<row r="4"><c r="XFD1048576" a="/>"><v>1</v></c></row>'),
        ("counted past an explicit column", '<row r="1048576"><c r="ZZ1048576"/><c><v>1</v></c></row>'),
    ],
)
def test_every_way_of_placing_a_far_cell_is_refused(tmp_path: Path, case: str, extra: str) -> None:
    assert _refusal(_xlsx(tmp_path, extra)) in ("limit_cells", "limit_outside"), case


def test_a_cell_tag_longer_than_a_chunk_is_refused(tmp_path: Path) -> None:
    padding = "x" * (3 * limits.MB)
    extra = f'<row r="4"><c r="A4" pad="{padding}" r="XFD1048576"><v>1</v></c></row>'
    assert _refusal(_xlsx(tmp_path, extra)) in ("limit_cells", "limit_outside")


def test_a_styled_empty_cell_far_away_is_still_read(tmp_path: Path) -> None:
    """Empty cells (a style only) give the reader no value, so they do not extend the grid."""
    inspect_zip_workbook(_xlsx(tmp_path, '<row r="900000"><c r="XFD900000" s="1"/></row>'), "t.xlsx", ReadLimits())


def _parts(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")]


def _scan(scan: limits._FastScan | limits._ExactScan, part: bytes) -> limits._FastScan | limits._ExactScan:
    for _, text in limits._pieces(io.BytesIO(part)):
        if text:
            scan.feed(text)
    return scan


def test_the_fast_scan_bounds_what_the_exact_scan_finds_in_the_sample_workbooks() -> None:
    files = sorted((SAMPLES / "mn-hoa-sua").rglob("*.xlsx"))
    assert files
    for path in files:
        for part in _parts(path.read_bytes()):
            fast = _scan(limits._FastScan(), part)
            exact = _scan(limits._ExactScan(), part)
            assert isinstance(fast, limits._FastScan) and fast.regular, path
            assert (fast.max_row, fast.max_col) >= (exact.max_row, exact.max_col), path
            assert fast.max_row >= exact.max_row and fast.max_col >= exact.max_col, path


def test_a_long_usual_sheet_takes_the_fast_scan_and_finds_its_true_extent() -> None:
    """Several inflated chunks, rows in order, a ragged width: the fast scan's bounds are exact."""
    rows = []
    for r in range(1, 4_001):
        width = 12 if r == 3_500 else 9
        cells = "".join(f'<c r="{chr(65 + c)}{r}" t="n"><v>{r}</v></c>' for c in range(width))
        rows.append(f'<row r="{r}">{cells}</row>')
    part = f"<worksheet><sheetData>{''.join(rows)}</sheetData></worksheet>".encode()
    assert len(part) > limits.MB
    fast = _scan(limits._FastScan(), part)
    assert isinstance(fast, limits._FastScan) and fast.regular
    assert (fast.max_row, fast.max_col) == (4_000, 12)
    exact = _scan(limits._ExactScan(), part)
    assert (exact.max_row, exact.max_col) == (4_000, 12)


def test_the_bound_searches_agree_with_numbers() -> None:
    for n in (0, 1, 9, 10, 99, 548, 1_048_575):
        for m in (1, 9, 10, 11, 99, 100, 548, 549, 1000, 1_048_576, 9_999_999):
            assert (limits._row_above(n).search(b' r="B%d"' % m) is not None) == (m > n), (n, m)
    for c in (0, 1, 10, 26, 27, 702, 703, 16_384):
        for d in (1, 2, 10, 11, 26, 27, 52, 702, 703, 16_384, 16_385):
            ref = b' r="%s7"' % limits._letters(d).encode()
            assert (limits._column_above(c).search(ref) is not None) == (d > c), (c, d)


def test_a_stray_quote_in_a_long_cell_tag_is_read_in_linear_time(tmp_path: Path) -> None:
    """The exact scan's tag pattern once backtracked exponentially on an unclosed quote (3 s for
    24 characters); the tag does not close before the next "<", so it is a cell outside the sheet."""
    extra = '<row r="4"><c ' + "a" * 5000 + '"><v>1</v></c></row>'
    assert _refusal(_xlsx(tmp_path, extra)) == "limit_outside"


def test_the_row_bound_is_checked_against_the_limit_in_force(tmp_path: Path) -> None:
    """Found by fuzzing against the reader: the fast scan settled rows by their number of digits
    for the default limit and then compared the smaller row it had seen with a lower limit."""
    extra = '<row><c r="FX73"><v>1</v></c><c r="B22"><v>1</v></c><c r="E21"/></row>'
    with pytest.raises(SourceError):
        inspect_zip_workbook(_xlsx(tmp_path, extra), "t.xlsx", ReadLimits(cells=5000))
    inspect_zip_workbook(_xlsx(tmp_path, extra), "t.xlsx", ReadLimits(cells=13_140))
