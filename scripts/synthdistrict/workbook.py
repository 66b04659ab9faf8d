"""Writing a school's files: xlsx workbooks (styled, or streamed at benchmark volumes), CSV, roster.

A file whose content is unchanged is left alone: openpyxl stamps the creation time into
``docProps/core.xml``, so rewriting the committed sample district would otherwise change every
workbook's bytes without changing a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

Row = Sequence[Any]
Tab = tuple[str, list[str], Iterable[Row], list[str]]
"""(tab name, header, rows, title lines above the header)"""

STAMPED = "docProps/core.xml"
"""The one part of an xlsx file that changes on every save (creation and modification times)."""


def numbered(rows: Iterable[Row]) -> Iterator[list[Any]]:
    """Rows with the «STT» (row number) column schools put first."""
    for i, row in enumerate(rows, start=1):
        yield [i, *row]


def write_xlsx(path: Path, tabs: Sequence[Tab], *, stream: bool = False) -> None:
    """Write a workbook; ``stream`` writes rows straight to disk (a 30,000-row tab costs little memory)
    but without styling (bold titles, coloured header, widths, date formats, frozen header)."""
    wb = _streamed(tabs) if stream else _styled(tabs)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    if path.exists() and _same_xlsx(path, tmp):
        tmp.unlink()
    else:
        tmp.replace(path)


def _streamed(tabs: Sequence[Tab]) -> Workbook:
    wb = Workbook(write_only=True)
    for name, header, rows, titles in tabs:
        ws = wb.create_sheet(name)
        for line in titles:
            ws.append([line])
        if titles:
            ws.append([])
        ws.append(header)
        for row in rows:
            ws.append(list(row))
    return wb


def _styled(tabs: Sequence[Tab]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for name, header, rows, titles in tabs:
        ws = wb.create_sheet(name)
        for line in titles:
            ws.append([line])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        if titles:
            ws.append([])
        ws.append(header)
        hr = ws.max_row
        for c in range(1, len(header) + 1):
            cell = ws.cell(hr, c)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(c)].width = max(12, min(40, len(str(header[c - 1])) + 4))
        for row in rows:
            ws.append(list(row))
            for c, value in enumerate(row, start=1):
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.cell(ws.max_row, c).number_format = "dd/mm/yyyy"
        ws.freeze_panes = ws.cell(hr + 1, 1)
    return wb


def _same_xlsx(a: Path, b: Path) -> bool:
    """Every part but the time stamps is byte-identical."""
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            names = za.namelist()
            if names != zb.namelist():
                return False
            return all(za.read(n) == zb.read(n) for n in names if n != STAMPED)
    except zipfile.BadZipFile:
        return False


def write_csv(path: Path, header: list[str], rows: Iterable[Row]) -> None:
    """UTF-8 with BOM, as Excel and the school portal's export write it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def write_roster(path: Path, comment: str, district: str, schools: list[dict[str, Any]]) -> None:
    """The district's roster.yaml (rewritten only when its text changes)."""
    text = comment + yaml.safe_dump({"district": district, "schools": schools}, allow_unicode=True, sort_keys=False)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
