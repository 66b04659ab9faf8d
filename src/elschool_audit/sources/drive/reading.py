"""Reading one Drive file's tabs: an upload is downloaded, a native Sheet exported as .xlsx.

A native Sheet is exported with Drive's ``files.export`` (``mimeType`` only: the method takes no
``supportsAllDrives``) and read by the same xlsx reader as a local file — typed cells, merges
filled the local way — at the cost of one Drive call, counted against Drive's per-user quota
rather than the Sheets API's 60 reads a minute. When Drive refuses the export (over its 10 MB
limit, or a Sheet that cannot be exported) the Sheet is read through the Sheets API instead:
one ``spreadsheets.get`` (titles, hidden flags and merged ranges) and one
``values.batchGet`` over all its tabs, unformatted with serial dates — the sheet parser turns
serials into dates with the same 1899-12-30 epoch the local xlsx path uses; an upload costs one
``files.get_media``; a file whose id, ``version`` and md5 are already in the cache costs nothing.

The Sheets API gives a merged range's value only in its top-left cell, as calamine does for xlsx;
the local reader fills vertical merges down (a date merged over a day's rows belongs to each), so
the merges are asked for and filled the same way here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import PurePosixPath
from typing import Any

from googleapiclient.errors import HttpError

from elschool_audit.errors import Location, SourceError
from elschool_audit.i18n import current_language, label
from elschool_audit.sources.cache import CacheKey, DriveCache, is_sheet_payload
from elschool_audit.sources.drive.client import DriveClient
from elschool_audit.sources.drive.model import CSV_MIMES, DriveEntry
from elschool_audit.sources.drive.staged import Fetched
from elschool_audit.sources.google_http import error_message
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_META_FIELDS = "sheets(properties(title,hidden,sheetType),merges)"
PAYLOAD_FORMAT = 2
"""Cached Sheets payloads of an older shape (format 1 had no merges) are read again."""


def a1_title(title: str) -> str:
    """A tab title as a whole-tab A1 range; always quoted, so titles like 'A1' or 'Nhật ký' work."""
    return "'" + title.replace("'", "''") + "'"


class FileReader:
    """Turns a listed file into raw tabs, through the cache when the file has not changed."""

    def __init__(self, client: DriveClient, cache: DriveCache | None, *, export: bool = True, workers: int = 4) -> None:
        self.client = client
        self.cache = cache
        self.export = export
        self.workers = max(1, workers)
        self._pool: ThreadPoolExecutor | None = None
        self.paths: dict[str, int] = {"cache": 0, "download": 0, "export": 0, "sheets-api": 0}
        """How many files took each path, for logs and the benchmark."""

    def fetch_all(self, entries: list[DriveEntry]) -> Iterator[tuple[DriveEntry, Fetched]]:
        """Each entry with what Drive gave for it, in order. Downloads and exports run ``workers``
        at a time in the background while the caller takes the files already fetched; memory holds
        at most one school's files. A transient failure (quota, network) propagates, aborting the
        school."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="drive-fetch")
        futures: list[Future[Fetched]] = [self._pool.submit(self.fetch, e) for e in entries]
        try:
            for entry, future in zip(entries, futures, strict=True):
                yield entry, future.result()
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _key(self, entry: DriveEntry) -> CacheKey | None:
        if self.cache is None or entry.version is None:
            return None
        return CacheKey(entry.id, entry.version, entry.md5)

    def fetch(self, entry: DriveEntry) -> Fetched:
        """The file's body or Sheets payload, parsed later by whoever reads it (this process or a
        worker). Transient failures (quota, network) abort the school; a file that is refused or
        gone becomes that file's "unreadable" problem and the rest is audited."""
        where = Location(file=entry.path, link=entry.link)
        name = format_name(entry)
        try:
            if entry.is_sheet:
                return self._native(entry, where)
            return Fetched(name, data=self.download(entry, where))
        except HttpError as exc:
            error = SourceError("drive_file_unreadable", where, status=exc.status_code, reason=error_message(exc))
            return Fetched(name, error=error)

    def _native(self, entry: DriveEntry, where: Location) -> Fetched:
        """A native Sheet: its cached export or payload, else an export, else the Sheets API."""
        key = self._key(entry)
        name = format_name(entry)
        if key is not None and self.cache is not None:
            data = self.cache.get_bytes(key)
            if data is not None:
                self._count(entry, "cache")
                return Fetched(name, data=data)
            if self._cached_payload(entry) is not None:  # an earlier run fell back to the Sheets API
                return Fetched(name, payload=self._sheet_payload(entry, where))
        if self.export:
            try:
                data = self._export(entry, where)
            except HttpError as exc:
                why = {"path": entry.path, "status": exc.status_code, "reason": error_message(exc)}
                log.info("%s", label("log_drive_export_refused", current_language(), **why))
            else:
                return Fetched(name, data=data)
        return Fetched(name, payload=self._sheet_payload(entry, where))

    def _export(self, entry: DriveEntry, where: Location) -> bytes:
        data = bytes(
            self.client.execute(
                self.client.drive.files().export(fileId=entry.id, mimeType=XLSX_MIME),
                "drive.files.export",
                where,
            )
        )
        self._count(entry, "export")
        key = self._key(entry)
        if key is not None and self.cache is not None:
            self.cache.put_bytes(key, data)
        return data

    def _count(self, entry: DriveEntry, path: str) -> None:
        self.paths[path] += 1
        log.debug("%s (%s): %s", entry.path, entry.id, path)

    def download(self, entry: DriveEntry, where: Location) -> bytes:
        """An upload's bytes, from the cache when its id, version and md5 are there."""
        key = self._key(entry)
        if key is not None and self.cache is not None:
            cached = self.cache.get_bytes(key)
            if cached is not None:
                self._count(entry, "cache")
                return cached
        self._count(entry, "download")
        data = self.client.execute(
            self.client.drive.files().get_media(fileId=entry.id, supportsAllDrives=True),
            "drive.files.get_media",
            where,
        )
        data = bytes(data)
        if key is not None and self.cache is not None:
            self.cache.put_bytes(key, data)
        return data

    def _cached_payload(self, entry: DriveEntry) -> list[dict[str, Any]] | None:
        key = self._key(entry)
        if key is not None and self.cache is not None:
            cached = self.cache.get_json(key, valid=_is_payload)
            if isinstance(cached, dict):
                return list(cached["tabs"])
        return None

    def _sheet_payload(self, entry: DriveEntry, where: Location) -> list[dict[str, Any]]:
        key = self._key(entry)
        cached = self._cached_payload(entry)
        if cached is not None:
            self._count(entry, "cache")
            return cached
        self._count(entry, "sheets-api")
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


def _merge(grid_range: dict[str, Any]) -> list[int]:
    """A GridRange (zero fields omitted, ends exclusive) as inclusive [row0, col0, row1, col1]."""
    r0, c0 = int(grid_range.get("startRowIndex", 0)), int(grid_range.get("startColumnIndex", 0))
    r1, c1 = int(grid_range.get("endRowIndex", r0 + 1)), int(grid_range.get("endColumnIndex", c0 + 1))
    return [r0, c0, r1 - 1, c1 - 1]


def _is_payload(payload: Any) -> bool:
    """This version's cached Sheet: ``{"format": PAYLOAD_FORMAT, "tabs": [...]}`` with well-formed tabs
    (merges included); anything else is discarded by the cache and read again."""
    return (
        isinstance(payload, dict)
        and payload.get("format") == PAYLOAD_FORMAT
        and is_sheet_payload(payload.get("tabs"))
        and all(isinstance(tab.get("merges", []), list) for tab in payload["tabs"])
    )
