"""Read spreadsheet files (xlsx, xls, ods, csv) into grids of cells, tab by tab.

Shared by the local and the Drive source: Drive downloads an uploaded file and hands its bytes to
the same readers. python-calamine reads xlsx several times faster than openpyxl and gives dates as
``datetime`` objects, which is what the audit needs; openpyxl stays for writing reports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from elschool_audit.errors import Location, SourceError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


@dataclass(frozen=True)
class RawTab:
    name: str
    grid: list[list[Any]]
    hidden: bool = False


def read_workbook_bytes(data: bytes, name: str) -> Iterator[RawTab]:
    """Every tab of a spreadsheet file given as bytes; ``name`` picks the format and names errors."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        yield RawTab(Path(name).stem, read_csv_bytes(data, name))
        return
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise SourceError(
            f"không mở được tệp bảng tính ({exc}) / cannot open the spreadsheet",
            Location(file=name),
        ) from exc
    hidden = {m.name for m in book.sheets_metadata if str(m.visible).lower().endswith("hidden")}
    for tab in book.sheet_names:
        try:
            grid = book.get_sheet_by_name(tab).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            raise SourceError(
                f"không đọc được trang tính ({exc}) / cannot read the tab",
                Location(file=name, tab=tab),
            ) from exc
        yield RawTab(tab, [list(row) for row in grid], hidden=tab in hidden)


def read_workbook(path: Path, display_name: str) -> Iterator[RawTab]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"không đọc được tệp ({exc.strerror})", Location(file=display_name)) from exc
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
    raise SourceError("không nhận ra bảng mã của tệp CSV (UTF-8, UTF-16, cp1258)", Location(file=name))


def read_csv_bytes(data: bytes, name: str) -> list[list[Any]]:
    """A CSV file as a grid of strings; the delimiter (',', ';' or tab) is sniffed."""
    text = _decode(data, name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
