"""Read spreadsheet files (xlsx, xls, ods, csv) into grids of cells, tab by tab.

Shared by the local and the Drive source: Drive downloads an uploaded file and hands its bytes to
the same readers. python-calamine reads xlsx several times faster than openpyxl and gives dates as
``datetime`` objects, which is what the audit needs; openpyxl stays for writing reports.
"""

from __future__ import annotations

import csv
import html.parser
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from elschool_audit.errors import Location, SourceError
from elschool_audit.limits import MB, ZIP_ERRORS, inspect_zip_workbook, limits, too_large
from elschool_audit.sheets.legacy import font_encoding, font_is_uppercase, has_unicode_letters, to_unicode
from elschool_audit.sources.isolated import read_isolated

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


@dataclass(frozen=True)
class RawTab:
    name: str
    grid: list[list[Any]]
    hidden: bool = False


def read_workbook_bytes(data: bytes, name: str) -> Iterator[RawTab]:
    """Every tab of a spreadsheet file given as bytes; ``name`` picks the format and names errors."""
    suffix = Path(name).suffix.lower()
    lim = limits()
    if len(data) > lim.file_mb * MB:
        raise too_large("limit_file_size", len(data), lim.file_mb * MB, "FILE_MB", Location(file=name))
    if suffix == ".csv":
        yield RawTab(Path(name).stem, read_csv_bytes(data, name))
        return
    if suffix == ".xls" and not data.startswith((_OLE_MAGIC, _ZIP_MAGIC)):
        yield from _read_disguised_xls(data, name)
        return
    if data.startswith(_ZIP_MAGIC):
        inspect_zip_workbook(data, name, lim)  # before any reader: some abort the process
    legacy = _legacy_font_parts(data) if suffix in (".xlsx", ".xlsm") else set()
    read = read_isolated(data, name) if _needs_isolation(data) else list(_read_calamine(data, name))
    tabs = [tab for tab, _ in read]
    if legacy:
        _convert_legacy_cells(data, tabs, rich_text="xl/sharedStrings.xml" in legacy)
    for tab, merges in read:
        _fill_vertical_merges(tab.grid, merges)  # after conversion: copies of a converted cell
        yield tab


_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _needs_isolation(data: bytes) -> bool:
    """Only an xlsx zip has been inspected cell by cell (``inspect_zip_workbook``); anything else
    the reader would recognise by its content (an OLE2 .xls, an .ods, an .xls renamed .xlsx) goes
    to a bounded child process (``sources.isolated``)."""
    if not data.startswith(_ZIP_MAGIC):
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" not in zf.namelist()
    except ZIP_ERRORS:
        return True


def _read_calamine(data: bytes, name: str) -> Iterator[tuple[RawTab, Any]]:
    """Each tab with its merged ranges (filled in later, after any legacy-font conversion).

    A panic inside the reader (a date serial far outside any calendar, say) arrives as a
    ``BaseException``: it is this file's problem, not the run's, so it is caught like any other.
    """
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except _NOT_OURS:
        raise
    except BaseException as exc:  # CalamineError, ValueError, OSError or a reader panic
        raise SourceError(
            "spreadsheet_unopenable",
            Location(file=name),
            reason=_short(exc),
        ) from exc
    try:
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).lower().endswith("hidden")}
        names = list(book.sheet_names)
    except _NOT_OURS:
        raise
    except BaseException as exc:
        raise SourceError("tabs_unlistable", Location(file=name), reason=_short(exc)) from exc
    for tab in names:
        try:
            sheet = book.get_sheet_by_name(tab)
            _check_extent(sheet.total_height, sheet.total_width, Location(file=name, tab=tab))
            grid = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges
        except SourceError:
            raise
        except _NOT_OURS:
            raise
        except BaseException as exc:
            raise SourceError(
                "tab_unreadable",
                Location(file=name, tab=tab),
                reason=_short(exc),
            ) from exc
        if type(grid) is not list or (grid and type(grid[0]) is not list):
            grid = [list(row) for row in grid]  # fresh lists already (to_python): no second copy
        yield RawTab(tab, grid, hidden=tab in hidden), merges


def _short(exc: BaseException) -> str:
    """A reader's own message, one line and short (it may quote the file's content)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:200] + "…"


def _check_extent(height: int, width: int, where: Location) -> None:
    """Refuse a tab whose grid from A1 would hold more cells than the limit, before building it."""
    lim = limits()
    if height * width > lim.cells:
        raise too_large("limit_cells", height * width, lim.cells, "CELLS", where)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
# A font name in styles.xml (<name val=".VnTime"/>) or a rich-text run font in sharedStrings.xml
# (<rFont val="VNI-Times"/>), with or without a namespace prefix.
_FONT_NAME_RE = re.compile(rb'<(?:\w+:)?(?:name|rFont)\s+val="([^"]*)"')


def _legacy_font_parts(data: bytes) -> set[str]:
    """Which of ``xl/styles.xml`` (cell fonts) and ``xl/sharedStrings.xml`` (rich-text run fonts)
    name a TCVN3 (``.Vn*``) or VNI (``VNI*``) font; empty for the usual Unicode workbook.

    Reads only those two small parts of the zip, so a Unicode workbook costs about a millisecond
    and is never loaded a second time with openpyxl.
    """
    found: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            for part in ("xl/styles.xml", "xl/sharedStrings.xml"):
                if part not in names:
                    continue
                xml = zf.read(part)
                if b".vn" not in xml.lower() and b"vni" not in xml.lower():
                    continue
                for m in _FONT_NAME_RE.finditer(xml):
                    if font_encoding(m.group(1).decode("utf-8", "replace")) is not None:
                        found.add(part)
                        break
    except ZIP_ERRORS:
        return set()
    return found


def _convert_legacy_cells(data: bytes, tabs: list[RawTab], *, rich_text: bool = False) -> None:
    """Convert, in place, exactly the text cells whose font is a legacy (TCVN3/VNI) font.

    Runs on the raw strings before anything cleans them (TCVN3 "ư" is a soft hyphen, which
    cleaning drops). The font decides per cell, so Unicode cells of the same workbook — rows added
    later in Arial or Times New Roman — are untouched; a legacy-font cell that already holds
    Unicode-only letters (typed with Unikey in Unicode mode) is left alone too. Rich-text cells
    are converted run by run, each run by its own font (``rich_text``: openpyxl gives runs only
    when it loads the whole workbook, so that slower load happens only when a shared string names
    a legacy run font). If openpyxl cannot open what calamine could, the cells stay as they are
    and the parser's pooled detection warns about them.
    """
    import openpyxl  # only for workbooks that declare a legacy font: loading is slow
    from openpyxl.cell.rich_text import CellRichText

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=not rich_text, data_only=True, rich_text=rich_text)
    except Exception:  # third-party parser on a user's file; see the docstring
        return
    try:
        by_name = {tab.name: tab for tab in tabs}
        for ws in book.worksheets:
            tab = by_name.get(ws.title)
            if tab is None:
                continue
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or not isinstance(value, str | CellRichText):
                        continue
                    font = getattr(getattr(cell, "font", None), "name", None)
                    rich = isinstance(value, CellRichText)
                    text = _convert_rich(value, font) if rich else _convert_text(str(value), font)
                    if text is None:
                        continue
                    if cell.row is None or cell.column is None:
                        continue
                    r, c = cell.row - 1, cell.column - 1
                    if r < len(tab.grid) and c < len(tab.grid[r]) and isinstance(tab.grid[r][c], str):
                        tab.grid[r][c] = text
    except Exception:  # as above: a half-converted tab beats no tab
        return
    finally:
        book.close()


def _convert_text(text: str, font: str | None) -> str | None:
    """``text`` in Unicode if ``font`` is a legacy font and the text is not Unicode already."""
    encoding = font_encoding(font)
    if encoding is None or text.isascii() or has_unicode_letters(text):
        return None
    return to_unicode(text, encoding, uppercase=font_is_uppercase(font))


def _convert_rich(value: Any, cell_font: str | None) -> str | None:
    """A rich-text cell converted run by run: each run's own font wins over the cell's."""
    parts: list[str] = []
    changed = False
    for run in value:
        if isinstance(run, str):
            font, text = cell_font, run
        else:  # openpyxl TextBlock
            font = getattr(getattr(run, "font", None), "rFont", None) or cell_font
            text = str(getattr(run, "text", ""))
        converted = _convert_text(text, font)
        changed = changed or converted is not None
        parts.append(text if converted is None else converted)
    return "".join(parts) if changed else None


def _fill_vertical_merges(grid: list[list[Any]], ranges: Any) -> None:
    """Copy a merged cell's value into every row of the merge, in place.

    Readers give a merged cell's value only in its top-left cell. A date or room merged down over
    several rows belongs to each of them, so those are filled; merges within one row (titles, group
    headers) are left to the parser, which reads blanks after a group header as its span.
    """
    if not ranges:
        return
    width = max(map(len, grid), default=0)
    for (r0, c0), (r1, c1) in ranges:
        if r1 <= r0 or r0 >= len(grid) or c0 >= width:
            continue
        c1 = min(c1, width - 1)  # a merge past the data (A2:XFD60000) adds no value to any cell
        top = grid[r0]
        value = top[c0] if c0 < len(top) else None
        if value is None or value == "":
            continue
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if row[c] is None or row[c] == "":
                    row[c] = value


def read_workbook(path: Path, display_name: str) -> Iterator[RawTab]:
    """A local file's tabs. Only a regular file is opened (a FIFO would block the run forever), and
    its size is checked before it is read."""
    where = Location(file=display_name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SourceError("file_os_error", where, reason=str(exc.strerror or exc)) from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("not_regular_file", where)
        lim = limits()
        if info.st_size > lim.file_mb * MB:
            raise too_large("limit_file_size", info.st_size, lim.file_mb * MB, "FILE_MB", where)
        try:
            data = fh.read(lim.file_mb * MB + 1)
        except OSError as exc:
            raise SourceError("file_os_error", where, reason=str(exc.strerror or exc)) from exc
    yield from read_workbook_bytes(data, display_name)


_CSV_ENCODINGS = ("utf-8-sig", "cp1258")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("csv_encoding_unknown", Location(file=name))


def read_csv_bytes(data: bytes, name: str) -> list[list[Any]]:
    """A CSV file as a grid of strings; the delimiter (',', ';' or tab) is sniffed.

    A field longer than the limit, or more cells than a tab may hold, is a located problem.
    """
    text = _decode(data, name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lim = limits()
    csv.field_size_limit(lim.cell_chars)
    grid: list[list[Any]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            cells += len(row)
            if cells > lim.cells:
                raise too_large("limit_cells", cells, lim.cells, "CELLS", Location(file=name, row=reader.line_num))
            grid.append([cell if cell != "" else None for cell in row])
    except csv.Error as exc:
        where = Location(file=name, row=reader.line_num)
        if "field larger" in str(exc):
            raise too_large("limit_cell_chars", lim.cell_chars + 1, lim.cell_chars, "CELL_CHARS", where) from exc
        raise SourceError("csv_malformed", where, reason=_short(exc)) from exc
    return grid


# --------------------------------------------------------------------------------------------
# ".xls" files that are not Excel files: HTML tables and text exports saved by school portals


def _read_disguised_xls(data: bytes, name: str) -> Iterator[RawTab]:
    """A ``.xls`` that is really an HTML page or a text export, as school portals produce.

    Excel opens both with a warning, so schools do not notice; calamine cannot.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00\t\r\n ").lower()
    text = _decode_markup(data) if head.startswith(b"<") or b"<table" in data[:65536].lower() else None
    if text is not None:
        tables = [t for t in read_html_tables(text, name) if any(any(c for c in row) for row in t)]
        if not tables:
            raise SourceError(
                "xls_html_no_table",
                Location(file=name),
            )
        stem = Path(name).stem
        for i, grid in enumerate(tables):
            yield RawTab(stem if len(tables) == 1 else f"{stem} ({i + 1})", grid)
        return
    yield RawTab(Path(name).stem, read_csv_bytes(data, name))


_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _decode_markup(data: bytes) -> str:
    """HTML bytes as text: BOM first, then the page's declared charset, then UTF-8, then cp1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET_RE.search(data[:4096])
    candidates = [m.group(1).decode("ascii", "replace")] if m else []
    for encoding in [*candidates, "utf-8", "cp1258"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


class _TableExtractor(html.parser.HTMLParser):
    """Collect every ``<table>`` as a grid of cell texts (stdlib only: pages are small).

    ``rowspan`` is filled down and ``colspan`` leaves blanks to the right, the way the xlsx
    reader treats vertical and horizontal merges. A nested table is a table of its own.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Any]]] = []
        self._stack: list[_TableState] = []
        self._name = name

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append(_TableState(Location(file=self._name or None, tab=f"<table> {len(self.tables) + 1}")))
            return
        if not self._stack:
            return
        state = self._stack[-1]
        if tag == "tr":
            state.start_row()
        elif tag in ("td", "th"):
            a = dict(attrs)
            state.start_cell(_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag == "br":
            state.text("\n")

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        state = self._stack[-1]
        if tag in ("td", "th", "tr"):
            state.end_cell()
        elif tag == "table":
            state.end_cell()
            self.tables.append(state.grid())
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack:
            self._stack[-1].text(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


class _TableState:
    """One table being read. Spans are counted as they are laid out, so a page of a few KB whose
    cells say ``rowspan=1000 colspan=1000`` stops at the cell limit instead of filling memory."""

    def __init__(self, where: Location) -> None:
        self.rows: list[dict[int, Any]] = []
        self.pending: dict[tuple[int, int], Any] = {}
        self.cell: list[str] | None = None
        self.col = 0
        self.span = (1, 1)
        self.where = where
        self.cells = 0
        self.width = 0

    def _count(self, n: int) -> None:
        self.cells += n
        self.width = max(self.width, self.col + self.span[1])
        area = max(len(self.rows) + self.span[0] - 1, 1) * self.width
        lim = limits().cells
        if self.cells > lim or area > lim:
            raise too_large("limit_cells", max(self.cells, area), lim, "CELLS", self.where)

    def start_row(self) -> None:
        self.end_cell()
        self.rows.append({})
        self.col = 0

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if not self.rows:
            self.rows.append({})
        row = len(self.rows) - 1
        while (row, self.col) in self.pending or self.col in self.rows[row]:
            self.rows[row].setdefault(self.col, self.pending.pop((row, self.col), None))
            self.col += 1
        self.cell = []
        self.span = (rowspan, colspan)

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        value: Any = "".join(self.cell).strip() or None
        self.cell = None
        row = len(self.rows) - 1
        rowspan, colspan = self.span
        self._count(rowspan * colspan)
        for dc in range(colspan):
            self.rows[row][self.col + dc] = value if dc == 0 else None
            for dr in range(1, rowspan):
                self.pending[(row + dr, self.col + dc)] = value if dc == 0 else None
        self.col += colspan

    def grid(self) -> list[list[Any]]:
        for (r, c), value in self.pending.items():
            while len(self.rows) <= r:
                self.rows.append({})
            self.rows[r].setdefault(c, value)
        width = max((max(row) + 1 for row in self.rows if row), default=0)
        return [[row.get(c) for c in range(width)] for row in self.rows]


def read_html_tables(text: str, name: str = "") -> list[list[list[Any]]]:
    """Every table of an HTML page as a grid of cell texts (``None`` for empty cells)."""
    parser = _TableExtractor(name)
    parser.feed(text)
    parser.close()
    while parser._stack:  # an unclosed table at the end of a truncated page
        state = parser._stack.pop()
        state.end_cell()
        parser.tables.append(state.grid())
    return parser.tables
