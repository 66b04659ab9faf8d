"""Generators of hostile school files: memory and time bombs, values that crash readers, escapes.

Every file is written at test time (no bomb is checked in). Each generator writes into a school
folder and returns the file's name; ``CASES`` lists them with what the audit must say about them.
The workbooks are minimal hand-written xlsx zips, so a test controls exactly what the reader sees
(a declared dimension, a merge, a styles part) without openpyxl refusing or normalising it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MB = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Thiết bị" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    ' Target="styles.xml"/>'
    '<Relationship Id="rId3"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
    ' Target="sharedStrings.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><name val="{font}"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "{padding}</styleSheet>"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, value: object, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"{s}><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def _sheet(
    rows: list[list[object]],
    *,
    dimension: str | None = None,
    merges: list[str] = (),
    styles: dict[str, int] | None = None,
) -> str:  # type: ignore[assignment]
    styles = styles or {}
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{chr(65 + c)}{r}", v, styles.get(f"{chr(65 + c)}{r}", 0))
            for c, v in enumerate(row)
            if v is not None
        )
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}<sheetData>{"".join(body)}</sheetData>'
        f"{merge if merges else ''}</worksheet>"
    )


DEVICE_ROWS: list[list[object]] = [
    ["DANH MỤC THIẾT BỊ"],
    ["Mã thiết bị", "Loại thiết bị", "Tình trạng"],
    ["TB-01", "Máy tính", "Tốt"],
]


def write_xlsx(
    path: Path,
    sheet_xml: str,
    *,
    styles_xml: str | None = None,
    shared: Callable[[zipfile.ZipFile], None] | None = None,
) -> Path:
    """A minimal xlsx; ``shared`` may stream a (huge) shared-strings part into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        zf.writestr("xl/styles.xml", styles_xml or _STYLES.format(font="Arial", padding=""))
        if shared is not None:
            shared(zf)
        else:
            zf.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {_NS} count="0" uniqueCount="0"/>')
    return path


def _stream(zf: zipfile.ZipFile, part: str, head: bytes, fill: bytes, size: int, tail: bytes) -> None:
    with zf.open(part, "w", force_zip64=True) as fh:
        fh.write(head)
        block = fill * (MB // len(fill))
        for _ in range(size // len(block)):
            fh.write(block)
        fh.write(tail)


# ---- the cases ----------------------------------------------------------------------------


def declared_everything(folder: Path) -> str:
    """An xlsx declaring the range A1:XFD1048576 (the reader aborts the process on it)."""
    write_xlsx(folder / "khai-bao.xlsx", _sheet(DEVICE_ROWS, dimension="A1:XFD1048576"))
    return "khai-bao.xlsx"


def far_cell(folder: Path) -> str:
    """One real value at XFD1048576: the grid from A1 would hold 17 billion cells."""
    xml = _sheet(DEVICE_ROWS).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    write_xlsx(folder / "o-xa.xlsx", xml)
    return "o-xa.xlsx"


def huge_merge(folder: Path) -> str:
    """A merged range A2:XFD60000 over a three-row tab."""
    write_xlsx(folder / "gop-o.xlsx", _sheet(DEVICE_ROWS, merges=["A2:XFD60000"]))
    return "gop-o.xlsx"


def huge_string(folder: Path) -> str:
    """A 120 MB shared string inside a zip of a few hundred KB."""

    def shared(zf: zipfile.ZipFile) -> None:
        head = f'<?xml version="1.0"?><sst {_NS} count="1" uniqueCount="1"><si><t>'.encode()
        _stream(zf, "xl/sharedStrings.xml", head, b"A", 120 * MB, b"</t></si></sst>")

    rows = [*DEVICE_ROWS]
    xml = _sheet(rows).replace("</sheetData>", '<row r="4"><c r="A4" t="s"><v>0</v></c></row></sheetData>')
    write_xlsx(folder / "chuoi-lon.xlsx", xml, shared=shared)
    return "chuoi-lon.xlsx"


def huge_styles(folder: Path) -> str:
    """A 120 MB styles.xml naming a legacy Vietnamese font (read whole to look for fonts)."""
    path = folder / "kieu-lon.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", _sheet(DEVICE_ROWS))
        head, tail = _STYLES.format(font=".VnTime", padding="<!--").encode().split(b"<!--")
        _stream(zf, "xl/styles.xml", head + b"<!--", b" ", 120 * MB, b"-->" + tail)
    return "kieu-lon.xlsx"


def html_spans(folder: Path) -> str:
    """A 1 KB HTML page saved as .xls whose cells span 1000 × 1000."""
    cells = '<td rowspan="1000" colspan="1000">x</td>' * 20
    page = f"<html><body><table><tr><td>Mã thiết bị</td></tr><tr>{cells}</tr></table></body></html>"
    (folder / "trang-web.xls").write_text(page, encoding="utf-8")
    return "trang-web.xls"


def counts_table(folder: Path) -> str:
    """A posts counts table (month × category) whose cells say 1000, over many rows."""
    lines = ["Tháng,Chuyên môn,Đoàn thể,Hoạt động của trường,Khác"]
    lines += [f"{m:02d}/2016,1000,1000,1000,1000" for m in range(1, 13)] * 30
    (folder / "thong-ke-dem.csv").write_text("\n".join(lines), encoding="utf-8")
    return "thong-ke-dem.csv"


def long_field(folder: Path) -> str:
    """A CSV field of 2 MB (over Python's default 128 KB field limit and ours)."""
    text = "Mã thiết bị,Loại thiết bị,Tình trạng\nTB-01,Máy tính," + "x" * (2 * MB) + "\n"
    (folder / "o-dai.csv").write_text(text, encoding="utf-8")
    return "o-dai.csv"


def extreme_date(folder: Path) -> str:
    """A date-formatted cell holding −1.1e11 (the reader panics converting it)."""
    rows = [["NHẬT KÝ"], ["Ngày", "Phòng", "Có sử dụng CNTT"], [-1.1e11, "Phòng Tin học", "Có"]]
    write_xlsx(folder / "ngay-am.xlsx", _sheet(rows, styles={"A3": 1}))
    return "ngay-am.xlsx"


def huge_numbers(folder: Path) -> str:
    """A post list with a 20-digit id in a count column, a 5,000-digit integer and a huge float."""
    head = "Ngày đăng,Tiêu đề,Chuyên mục,Số ảnh,Chiều rộng ảnh (px),Người đăng"
    rows = [
        "05/09/2016,Bài 1,Chuyên môn,99999999999999999999,500,admin",
        f"06/09/2016,Bài 2,Chuyên môn,{'9' * 5000},{'1' * 5000},admin",
        "07/09/2016,Bài 3,Chuyên môn,1e308,-1e400,admin",
    ]
    (folder / "so-lon.csv").write_text("\n".join([head, *rows]), encoding="utf-8")
    return "so-lon.csv"


ESCAPES = "\x1b[2J\x1b]8;;http://evil.example\x07nhấp\x1b]8;;\x07\x07\x08\r\x0b\x7f\x9b31m"


def control_chars(folder: Path) -> str:
    """School text carrying ANSI/OSC escapes (clear screen, a foreign hyperlink) and controls,
    in cell values, a header-looking cell and the tab name (through the file name)."""
    head = "Ngày đăng,Tiêu đề,Chuyên mục,Số ảnh,Chiều rộng ảnh (px),Người đăng"
    row = f'05/09/2016,"Tiêu đề {ESCAPES}",Chuyên môn{ESCAPES},2,500,"admin{ESCAPES}"'
    name = "dieu-khien\x1b[31m.csv"
    (folder / name).write_text(f"{head}\n{row}\n", encoding="utf-8")
    return name


def brackets(folder: Path) -> str:
    """Rich markup in a sub-folder name, a file name and a value: printed as text, never styled."""
    sub = folder / "[bold red]Hồ sơ" / "[link=https:evil.example]x"
    sub.mkdir(parents=True)
    (sub / "[blink]tin-bai.csv").write_text(
        "Ngày đăng,Tiêu đề,Chuyên mục,Số ảnh\nkhông phải ngày [red]x[/red],[b]T[/b],Chuyên môn,[/]\n",
        encoding="utf-8",
    )
    return "[bold red]Hồ sơ/[link=https:evil.example]x/[blink]tin-bai.csv"


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], str]
    bomb: bool
    """A file the readers must refuse as a whole ("too large or unsafe", or unreadable): the rest of
    the school scores exactly as without it. Otherwise the file is read, values become values or
    located problems."""


CASES = [
    Case("declared-dimension", declared_everything, True),
    Case("far-cell", far_cell, True),
    Case("merged-area", huge_merge, True),
    Case("huge-shared-string", huge_string, True),
    Case("huge-styles", huge_styles, True),
    Case("html-spans", html_spans, True),
    Case("counts-expansion", counts_table, True),
    Case("csv-field", long_field, True),
    Case("date-serial", extreme_date, True),
    Case("huge-numbers", huge_numbers, False),
    Case("control-chars", control_chars, False),
    Case("markup-brackets", brackets, False),
]
