"""Reading one Drive file's tabs: an upload is downloaded, a native Sheet read through the Sheets API.

A native Sheet costs one ``spreadsheets.get`` (titles, hidden flags and merged ranges) and one
``values.batchGet`` over all its tabs, unformatted with serial dates — the sheet parser turns
serials into dates with the same 1899-12-30 epoch the local xlsx path uses; an upload costs one
``files.get_media``; a file whose id, ``version`` and md5 are already in the cache costs nothing.

The Sheets API gives a merged range's value only in its top-left cell, as calamine does for xlsx;
the local reader fills vertical merges down (a date merged over a day's rows belongs to each), so
the merges are asked for and filled the same way here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from googleapiclient.errors import HttpError

from elschool_audit.errors import Location, SourceError
from elschool_audit.sources.cache import CacheKey, DriveCache
from elschool_audit.sources.drive.client import DriveClient
from elschool_audit.sources.drive.model import CSV_MIMES, DriveEntry
from elschool_audit.sources.google_http import error_message
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES, RawTab, read_workbook_bytes
from elschool_audit.sources.readers import _fill_vertical_merges as fill_vertical_merges

SHEET_META_FIELDS = "sheets(properties(title,hidden,sheetType),merges)"
PAYLOAD_FORMAT = 2
"""Cached Sheets payloads of an older shape (format 1 had no merges) are read again."""


def a1_title(title: str) -> str:
    """A tab title as a whole-tab A1 range; always quoted, so titles like 'A1' or 'Nhật ký' work."""
    return "'" + title.replace("'", "''") + "'"


class FileReader:
    """Turns a listed file into raw tabs, through the cache when the file has not changed."""

    def __init__(self, client: DriveClient, cache: DriveCache | None) -> None:
        self.client = client
        self.cache = cache

    def _key(self, entry: DriveEntry) -> CacheKey | None:
        if self.cache is None or entry.version is None:
            return None
        return CacheKey(entry.id, entry.version, entry.md5)

    def tabs(self, entry: DriveEntry) -> Iterable[RawTab]:
        """The file's tabs. Transient failures (quota, network) abort the school; a file that
        is refused or gone becomes that file's "unreadable" problem and the rest is audited."""
        where = Location(file=entry.path)
        try:
            if entry.is_sheet:
                return sheet_tabs(self._sheet_payload(entry, where))
            return read_workbook_bytes(self._download(entry, where), format_name(entry))
        except HttpError as exc:
            return failing(
                SourceError(
                    f"không đọc được tệp trên Drive / cannot read the Drive file (HTTP {exc.status_code}): "
                    f"{error_message(exc)}",
                    where,
                )
            )

    def _download(self, entry: DriveEntry, where: Location) -> bytes:
        key = self._key(entry)
        if key is not None and self.cache is not None:
            cached = self.cache.get_bytes(key)
            if cached is not None:
                return cached
        data = self.client.execute(
            self.client.drive.files().get_media(fileId=entry.id, supportsAllDrives=True),
            "drive.files.get_media",
            where,
        )
        data = bytes(data)
        if key is not None and self.cache is not None:
            self.cache.put_bytes(key, data)
        return data

    def _sheet_payload(self, entry: DriveEntry, where: Location) -> list[dict[str, Any]]:
        key = self._key(entry)
        if key is not None and self.cache is not None:
            cached = self.cache.get_json(key)
            if isinstance(cached, dict) and cached.get("format") == PAYLOAD_FORMAT:
                return list(cached["tabs"])
        sheets = self.client.sheets
        meta = self.client.execute(
            sheets.spreadsheets().get(spreadsheetId=entry.id, fields=SHEET_META_FIELDS),
            "sheets.spreadsheets.get",
            where,
        )
        grids = [s for s in meta.get("sheets", []) if s.get("properties", {}).get("sheetType", "GRID") == "GRID"]
        tabs: list[dict[str, Any]] = [
            {
                "title": str(s["properties"].get("title", "")),
                "hidden": bool(s["properties"].get("hidden", False)),
                # Merges are listed under their own sheet; Google omits a zero sheetId, so the
                # nesting, not the (often missing) sheetId, says which tab a merge belongs to.
                "merges": [_merge(m) for m in s.get("merges", [])],
                "values": [],
            }
            for s in grids
        ]
        if tabs:
            got = self.client.execute(
                sheets.spreadsheets()
                .values()
                .batchGet(
                    spreadsheetId=entry.id,
                    ranges=[a1_title(t["title"]) for t in tabs],
                    valueRenderOption="UNFORMATTED_VALUE",
                    dateTimeRenderOption="SERIAL_NUMBER",
                    majorDimension="ROWS",
                ),
                "sheets.values.batchGet",
                where,
            )
            for tab, value_range in zip(tabs, got.get("valueRanges", []), strict=False):
                tab["values"] = value_range.get("values", [])  # no "values" key: an empty tab
        if key is not None and self.cache is not None:
            self.cache.put_json(key, {"format": PAYLOAD_FORMAT, "tabs": tabs})
        return tabs


def format_name(entry: DriveEntry) -> str:
    """The name the readers pick a format by: a CSV upload without ``.csv`` is still CSV."""
    if PurePosixPath(entry.path).suffix.lower() in SPREADSHEET_SUFFIXES:
        return entry.path
    return entry.path + (".csv" if entry.mime in CSV_MIMES else ".xlsx")


def sheet_tabs(payload: list[dict[str, Any]]) -> list[RawTab]:
    """Sheets values → the grid shape calamine gives for xlsx: rectangular, empty cells as ""."""
    tabs = []
    for tab in payload:
        rows = [list(r) for r in tab.get("values", [])]
        width = max((len(r) for r in rows), default=0)
        grid = [r + [""] * (width - len(r)) for r in rows]
        fill_vertical_merges(grid, [((r0, c0), (r1, c1)) for r0, c0, r1, c1 in tab.get("merges", [])])
        tabs.append(RawTab(str(tab.get("title", "")), grid, hidden=bool(tab.get("hidden"))))
    return tabs


def _merge(grid_range: dict[str, Any]) -> list[int]:
    """A GridRange (zero fields omitted, ends exclusive) as inclusive [row0, col0, row1, col1]."""
    r0, c0 = int(grid_range.get("startRowIndex", 0)), int(grid_range.get("startColumnIndex", 0))
    r1, c1 = int(grid_range.get("endRowIndex", r0 + 1)), int(grid_range.get("endColumnIndex", c0 + 1))
    return [r0, c0, r1 - 1, c1 - 1]


def failing(error: SourceError) -> Iterator[RawTab]:
    raise error
    yield  # pragma: no cover - makes this a generator, so the builder sees the error per file
