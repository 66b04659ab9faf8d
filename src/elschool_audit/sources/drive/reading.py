"""Reading one Drive file's tabs: an upload is downloaded, a native Sheet read through the Sheets API.

A native Sheet costs one ``spreadsheets.get`` (titles and hidden flags only) and one
``values.batchGet`` over all its tabs, unformatted with serial dates — the sheet parser turns
serials into dates with the same 1899-12-30 epoch the local xlsx path uses; an upload costs one
``files.get_media``; a file whose id, ``version`` and md5 are already in the cache costs nothing.
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

SHEET_META_FIELDS = "sheets(properties(title,hidden,sheetType))"


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
            if isinstance(cached, list):
                return cached
        sheets = self.client.sheets
        meta = self.client.execute(
            sheets.spreadsheets().get(spreadsheetId=entry.id, fields=SHEET_META_FIELDS),
            "sheets.spreadsheets.get",
            where,
        )
        props = [
            s.get("properties", {})
            for s in meta.get("sheets", [])
            if s.get("properties", {}).get("sheetType", "GRID") == "GRID"
        ]
        tabs: list[dict[str, Any]] = [
            {"title": str(p.get("title", "")), "hidden": bool(p.get("hidden", False)), "values": []} for p in props
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
            self.cache.put_json(key, tabs)
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
        tabs.append(RawTab(str(tab.get("title", "")), grid, hidden=bool(tab.get("hidden"))))
    return tabs


def failing(error: SourceError) -> Iterator[RawTab]:
    raise error
    yield  # pragma: no cover - makes this a generator, so the builder sees the error per file
