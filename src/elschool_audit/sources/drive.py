"""Schools' records in Google Drive, read with the real Google client libraries, read-only.

The district shares one folder per school (or one root folder whose sub-folders are the schools).
Schools keep native Google Sheets there and upload .xlsx/.csv exports. This source turns such a
folder into the same ``Workbook`` the local source produces, so the audit cannot tell them apart
except for evidence, which points at the Drive file (name, link) and tab/row.

Cost model, because Sheets allows only 60 reads a minute per user:

* finding the school folders: with ``drive_root``, one ``files.get`` (the root) and one
  ``files.list`` of its sub-folders for the whole run — a folder that is listed exists and is
  visible, so nothing more is asked per school; schools with their own ``drive_folder`` are
  checked with one Drive *batch* request per 100 folders (a ``files.get`` each inside it,
  counted by Google against the Drive quota, not the Sheets one), or one plain ``files.get``
  when a single school is read;
* listing: :meth:`DriveSource.prepare` lists every school of the run together, level by level,
  with up to 40 parents joined with ``or`` in one ``files.list`` (paged): one call per 40 school
  folders per folder level, never one per folder or per school. A query that Drive refuses is
  split in halves until the refused folder is alone, so it becomes that school's error only.
  Forty ids make a URL over 2 KB, which google-api-python-client sends as a POST with
  ``X-HTTP-Method-Override: GET`` — still the read it was, under read-only scopes;
* a native Sheet: one ``spreadsheets.get`` (titles and hidden flags only) and one
  ``values.batchGet`` over all its tabs, unformatted with serial dates — the sheet parser turns
  serials into dates with the same 1899-12-30 epoch the local xlsx path uses;
* an upload: one ``files.get_media``;
* a file whose id, ``version`` and md5 are already in the cache: nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from googleapiclient.errors import HttpError

from elschool_audit.errors import ConfigError, Location, SourceError
from elschool_audit.roster import Roster, School, load_roster
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.cache import CacheKey, DriveCache
from elschool_audit.sources.google_auth import (
    CredentialsError,
    GoogleSettings,
    cache_dir,
    describe_identity,
    load_credentials,
)
from elschool_audit.sources.google_http import GoogleCaller, error_message, is_retryable
from elschool_audit.sources.interface import Source, SourceRequest
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES, RawTab, read_workbook_bytes
from elschool_audit.text import fold
from elschool_audit.workbook import Workbook

FOLDER_MIME = "application/vnd.google-apps.folder"
SHEET_MIME = "application/vnd.google-apps.spreadsheet"
CSV_MIMES = frozenset({"text/csv", "text/comma-separated-values", "application/csv"})
UPLOAD_MIMES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "application/vnd.ms-excel.sheet.macroEnabled.12",
        "application/vnd.oasis.opendocument.spreadsheet",
        *CSV_MIMES,
    }
)
LIST_FIELDS = "nextPageToken,files(id,name,mimeType,parents,modifiedTime,version,md5Checksum,webViewLink,trashed)"
FOLDER_FIELDS = "id,name,mimeType,driveId,webViewLink,trashed"
SHEET_META_FIELDS = "sheets(properties(title,hidden,sheetType))"
PARENTS_PER_QUERY = 40
"""Folders joined with ``or`` in one ``files.list`` query (Drive caps the length of ``q``)."""
MAX_QUERY_CHARS = 6000
"""Longest ``q`` sent, whatever the ids look like: Drive refuses queries much past 8 KB."""
BATCH_SIZE = 100
"""Requests in one Drive batch (Google's cap)."""
GOOGLE_BASE = "https://www.googleapis.com"
MAX_DEPTH = 8
"""Sub-folder levels walked below a school's folder: deeper is a mistake or a cycle."""

_FOLDER_URL = re.compile(r"(?:/folders/|[?&]id=)([A-Za-z0-9_-]{10,})")


def folder_id(value: str) -> str:
    """Accept a bare id or the link people copy from the browser (``.../drive/folders/<id>?usp=…``)."""
    value = value.strip()
    m = _FOLDER_URL.search(value)
    return m.group(1) if m else value


def folder_link(fid: str) -> str:
    return f"https://drive.google.com/drive/folders/{fid}"


def _name_key(name: str) -> str:
    """How folder and school names are compared: folded, punctuation gone, "Trường" optional."""
    key = " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())
    return key.removeprefix("truong ").strip()


def _school_keys(school: School) -> set[str]:
    keys = {_name_key(school.name), _name_key(school.id)}
    if school.folder:
        keys.add(_name_key(school.folder))
    return {k for k in keys if k}


def _q_literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _a1_title(title: str) -> str:
    """A tab title as a whole-tab A1 range; always quoted, so titles like 'A1' or 'Nhật ký' work."""
    return "'" + title.replace("'", "''") + "'"


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class DriveFolder:
    id: str
    name: str
    link: str
    drive_id: str | None = None


@dataclass(frozen=True)
class DriveEntry:
    """A spreadsheet found under a school's folder; ``path`` is relative to that folder."""

    id: str
    path: str
    mime: str
    modified: dt.datetime | None
    version: str | None
    md5: str | None
    link: str

    @property
    def is_sheet(self) -> bool:
        return self.mime == SHEET_MIME


@dataclass
class RootMatch:
    """How the district root's sub-folders map to roster schools, with what did not map."""

    root: DriveFolder
    matched: dict[str, DriveFolder] = field(default_factory=dict)
    ambiguous: dict[str, list[DriveFolder]] = field(default_factory=dict)
    unmatched_schools: list[str] = field(default_factory=list)
    unmatched_folders: list[DriveFolder] = field(default_factory=list)


@dataclass
class _Listing:
    """One school's prefetched files (metadata only), or why its folder cannot be read."""

    folder: DriveFolder | None = None
    entries: list[DriveEntry] = field(default_factory=list)
    error: SourceError | None = None


class _Call:
    """Adapts a function to the ``execute(num_retries=…)`` shape :class:`GoogleCaller` runs."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn

    def execute(self, num_retries: int = 0) -> Any:
        return self._fn()


@dataclass(frozen=True)
class FolderCheck:
    """One school's folder as ``auth check`` reports it."""

    school: School
    folder: DriveFolder | None
    error: str | None


class DriveSource:
    """Reads each school's Drive folder (recursively, shared drives included); never writes."""

    def __init__(
        self,
        settings: GoogleSettings | None = None,
        *,
        roster: Roster | None = None,
        drive_root: str | None = None,
        use_cache: bool = True,
        credentials: Any = None,
        caller: GoogleCaller | None = None,
        cache: DriveCache | None = None,
    ) -> None:
        self.settings = settings or GoogleSettings.from_env()
        self.roster = roster
        root = drive_root if drive_root is not None else (roster.drive_root if roster else None)
        self.drive_root = folder_id(root) if root else None
        self._credentials = credentials
        self.caller = caller or GoogleCaller(sheets_reads_per_minute=self.settings.sheets_reads_per_minute)
        self.cache: DriveCache | None = None
        if use_cache:
            self.cache = cache if cache is not None else DriveCache(cache_dir())
        self._drive: Any = None
        self._sheets: Any = None
        self._root_match: RootMatch | None = None
        self._root_error: SourceError | None = None
        self._folders: dict[str, DriveFolder] = {}
        self._prepared: dict[str, _Listing] = {}

    # ---- clients -----------------------------------------------------------------------

    @property
    def credentials(self) -> Any:
        if self._credentials is None:
            self._credentials = load_credentials(self.settings)
        return self._credentials

    def _build(self) -> None:
        """Build both services once: ``build`` costs ~20 ms and a run reads hundreds of files."""
        import google_auth_httplib2
        import httplib2
        from googleapiclient.discovery import build

        def http() -> Any:
            raw = httplib2.Http(timeout=self.settings.timeout)
            return google_auth_httplib2.AuthorizedHttp(self.credentials, http=raw)

        base = self.settings.endpoint
        self._drive = build(
            "drive",
            "v3",
            http=http(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": base + "/drive/v3/"} if base else None,
        )
        # Sheets' method paths already start with "v4/": its endpoint is the bare base.
        self._sheets = build(
            "sheets",
            "v4",
            http=http(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": base + "/"} if base else None,
        )

    @property
    def drive(self) -> Any:
        if self._drive is None:
            self._build()
        return self._drive

    @property
    def sheets(self) -> Any:
        if self._sheets is None:
            self._build()
        return self._sheets

    def _execute(self, request: Any, operation: str, where: Location) -> Any:
        from google.auth.exceptions import RefreshError, TransportError

        try:
            return self.caller.execute(request, operation, where)
        except RefreshError as exc:
            raise CredentialsError(
                f"Google không cấp quyền truy cập / Google refused the credentials: {exc}",
                Location(file=str(self.settings.service_account_file or self.settings.token_file or "")),
            ) from exc
        except TransportError as exc:
            raise SourceError(f"không lấy được mã truy cập Google / cannot get a Google token: {exc}", where) from exc

    # ---- identity and folders ----------------------------------------------------------

    def whoami(self) -> str:
        """The account Drive sees (a delegated user, the service account, or the person)."""
        about = self._execute(
            self.drive.about().get(fields="user(emailAddress,displayName)"),
            "drive.about.get",
            Location(),
        )
        user = about.get("user", {})
        return str(user.get("emailAddress") or user.get("displayName") or describe_identity(self.credentials))

    def _folder_error(self, exc: HttpError, fid: str, what: str) -> SourceError:
        who = describe_identity(self.credentials)
        reason = error_message(exc)
        if exc.status_code == 404:
            message = (
                f"không tìm thấy thư mục Drive hoặc chưa chia sẻ cho {who} / the Drive {what} does not "
                f"exist or is not shared with {who}: {reason}"
            )
        elif exc.status_code in (401, 403):
            message = (
                f"không có quyền đọc thư mục Drive / no permission to read the Drive {what} "
                f"(HTTP {exc.status_code}): {reason}"
            )
        else:
            message = f"không đọc được thư mục Drive / cannot read the Drive {what} (HTTP {exc.status_code}): {reason}"
        return SourceError(message, Location(file=folder_link(fid)))

    def get_folder(self, fid: str, what: str = "folder") -> DriveFolder:
        if fid in self._folders:
            return self._folders[fid]
        where = Location(file=folder_link(fid))
        try:
            meta = self._execute(
                self.drive.files().get(fileId=fid, fields=FOLDER_FIELDS, supportsAllDrives=True),
                "drive.files.get",
                where,
            )
        except HttpError as exc:
            raise self._folder_error(exc, fid, what) from exc
        return self._folder_from_meta(fid, meta)

    def _folder_from_meta(self, fid: str, meta: dict[str, Any]) -> DriveFolder:
        where = Location(file=folder_link(fid))
        if meta.get("mimeType") != FOLDER_MIME:
            raise SourceError(
                f"mã Drive không phải một thư mục / the Drive id is not a folder ({meta.get('mimeType')})", where
            )
        if meta.get("trashed"):
            raise SourceError("thư mục Drive đã bị xoá vào thùng rác / the Drive folder is in the trash", where)
        link = meta.get("webViewLink") or folder_link(fid)
        folder = DriveFolder(meta["id"], meta.get("name", ""), link, meta.get("driveId"))
        self._folders[fid] = folder
        return folder

    def get_folders(self, fids: Iterable[str]) -> dict[str, DriveFolder | SourceError]:
        """Several folders' metadata, each a folder or the reason it cannot be read.

        One plain ``files.get`` for a single folder; otherwise one Drive batch request per
        100 folders. A folder the batch could not answer for a transient reason (rate limit,
        5xx) is asked again on its own, with the usual retries.
        """
        todo = list(dict.fromkeys(f for f in fids if f not in self._folders))
        out: dict[str, DriveFolder | SourceError] = {}
        if len(todo) > 1:
            for i in range(0, len(todo), BATCH_SIZE):
                out.update(self._batch_folders(todo[i : i + BATCH_SIZE]))
        for fid in todo:
            if fid not in out:
                try:
                    out[fid] = self.get_folder(fid)
                except SourceError as exc:
                    out[fid] = exc
        return {fid: self._folders.get(fid) or out[fid] for fid in fids}

    def _batch_folders(self, fids: list[str]) -> dict[str, DriveFolder | SourceError]:
        """``files.get`` of each folder in one Drive batch request; what it could not settle is left out."""
        from googleapiclient.errors import BatchError
        from googleapiclient.http import BatchHttpRequest

        def run() -> dict[str, Any]:
            import google_auth_httplib2
            import httplib2

            creds = self.credentials
            if not getattr(creds, "valid", True):  # inner requests carry the token: get it first
                creds.refresh(google_auth_httplib2.Request(httplib2.Http(timeout=self.settings.timeout)))
            got: dict[str, Any] = {}

            def done(request_id: str, response: Any, exception: Exception | None) -> None:
                got[request_id] = exception if exception is not None else response

            batch = BatchHttpRequest(
                callback=done, batch_uri=(self.settings.endpoint or GOOGLE_BASE) + "/batch/drive/v3"
            )
            for fid in fids:
                request = self.drive.files().get(fileId=fid, fields=FOLDER_FIELDS, supportsAllDrives=True)
                batch.add(request, request_id=fid)
            try:
                batch.execute()
            except BatchError as exc:
                if exc.resp is not None:
                    raise  # the batch request itself failed: the caller's retry rules apply
                return {}  # an answer that is not a batch: each folder is asked on its own
            return got

        try:
            got = self._execute(_Call(run), "drive.batch", Location(file=folder_link(fids[0])))
        except HttpError:
            return {}  # the batch endpoint itself refused: each folder is asked on its own
        out: dict[str, DriveFolder | SourceError] = {}
        for fid in fids:
            result = got.get(fid)
            if isinstance(result, HttpError):
                if not is_retryable(result):
                    out[fid] = self._folder_error(result, fid, "folder")
            elif isinstance(result, dict):
                try:
                    out[fid] = self._folder_from_meta(fid, result)
                except SourceError as exc:
                    out[fid] = exc
        return out

    def match_root(self, roster: Roster | None = None) -> RootMatch:
        """Map the district root's sub-folders to schools by folded name (or id); done once per run."""
        roster = roster or self.roster
        if self._root_match is not None:
            return self._root_match
        if self._root_error is not None:
            raise self._root_error
        if self.drive_root is None or roster is None:
            raise SourceError("roster không có drive_root / the roster has no drive_root")
        try:
            root = self.get_folder(self.drive_root, "root folder (drive_root)")
            try:
                items = self._query([root.id], root.drive_id, Location(file=root.link), folders_only=True)
            except HttpError as exc:
                raise self._folder_error(exc, root.id, "root folder (drive_root)") from exc
        except SourceError as exc:
            self._root_error = exc
            raise
        match = RootMatch(root)
        children = [
            self._entry(i, str(i.get("name", "")))
            for i in items
            if root.id in i.get("parents", []) and not i.get("trashed") and i.get("mimeType") == FOLDER_MIME
        ]
        folders = [DriveFolder(e.id, e.path, e.link, root.drive_id) for e in children]
        claimed: set[str] = set()
        for school in roster.schools:
            keys = _school_keys(school)
            hits = [f for f in folders if _name_key(f.name) in keys]
            if len(hits) == 1:
                match.matched[school.id] = hits[0]
                claimed.add(hits[0].id)
            elif hits:
                match.ambiguous[school.id] = hits
                claimed.update(f.id for f in hits)
            elif not school.drive_folder:
                match.unmatched_schools.append(school.id)
        match.unmatched_folders = [f for f in folders if f.id not in claimed]
        self._root_match = match
        return match

    def school_folder(self, school: School) -> DriveFolder:
        """The school's own folder id wins; otherwise its match under the district root."""
        if school.drive_folder:
            return self.get_folder(folder_id(school.drive_folder))
        if self.drive_root is None:
            raise SourceError(
                "trường chưa có drive_folder và roster không có drive_root / the school has no drive_folder "
                "and the roster has no drive_root",
                Location(field="drive_folder"),
            )
        match = self.match_root()
        if school.id in match.matched:
            return match.matched[school.id]
        where = Location(file=match.root.link)
        if school.id in match.ambiguous:
            names = ", ".join(repr(f.name) for f in match.ambiguous[school.id])
            raise SourceError(
                f"nhiều thư mục khớp tên trường / several folders match the school: {names}; "
                "đặt drive_folder trong roster / set drive_folder in the roster",
                where,
            )
        raise SourceError(
            f"không có thư mục nào trong drive_root khớp tên '{school.name}' / no sub-folder of the "
            "district root matches the school's name; rename the folder or set drive_folder",
            where,
        )

    def school_folders(self, schools: Iterable[School]) -> dict[str, DriveFolder | SourceError]:
        """Each school's folder, or why it cannot be read, for many schools at once (by school id).

        Folders under ``drive_root`` cost nothing more than the root's listing; schools with their
        own ``drive_folder`` are checked together (see :meth:`get_folders`).
        """
        schools = list(schools)
        explicit = [folder_id(s.drive_folder) for s in schools if s.drive_folder]
        fetched = self.get_folders(explicit) if explicit else {}
        out: dict[str, DriveFolder | SourceError] = {}
        for school in schools:
            if school.drive_folder:
                out[school.id] = fetched[folder_id(school.drive_folder)]
                continue
            try:
                out[school.id] = self.school_folder(school)
            except SourceError as exc:
                out[school.id] = exc
        return out

    def check(self, roster: Roster) -> list[FolderCheck]:
        """Which school folders are readable and which are missing, for ``auth check``."""
        folders = self.school_folders(roster.schools)
        results: list[FolderCheck] = []
        for school in roster.schools:
            got = folders[school.id]
            if isinstance(got, DriveFolder):
                results.append(FolderCheck(school, got, None))
            else:
                results.append(FolderCheck(school, None, str(got)))
        return results

    # ---- the Source protocol -----------------------------------------------------------

    def describe(self, school: School) -> str:
        if school.drive_folder:
            return folder_link(folder_id(school.drive_folder))
        if self._root_match is not None and school.id in self._root_match.matched:
            return self._root_match.matched[school.id].link
        try:
            return self.school_folder(school).link
        except SourceError:
            return f"Google Drive: {school.name}"

    def prepare(self, schools: Iterable[School]) -> None:
        """List the folders of all these schools at once, before they are collected one by one.

        Optional for callers (``collect`` lists a school that was not prepared on its own), but a
        district run that calls it pays one ``files.list`` per 40 school folders per folder level
        instead of one per school. Errors are kept per school and raised by that school's
        ``collect``; only the file metadata is held, and each school's is dropped once collected.
        """
        todo = [s for s in dict((s.id, s) for s in schools).values() if s.id not in self._prepared]
        if not todo:
            return
        listings: dict[str, _Listing] = {}
        for sid, got in self.school_folders(todo).items():
            listings[sid] = _Listing(folder=got) if isinstance(got, DriveFolder) else _Listing(error=got)
        by_drive: dict[str | None, list[tuple[str, DriveFolder]]] = {}
        for sid, listing in listings.items():
            if listing.folder is not None:
                by_drive.setdefault(listing.folder.drive_id, []).append((sid, listing.folder))
        for drive_id, tops in by_drive.items():
            self._walk(tops, drive_id, listings)
        self._prepared.update(listings)

    def collect(self, school: School) -> Workbook:
        if school.id not in self._prepared:
            self.prepare([school])
        listing = self._prepared.pop(school.id)
        if listing.error is not None:
            raise listing.error
        entries = sorted(listing.entries, key=lambda e: PurePosixPath(e.path))
        builder = WorkbookBuilder()
        for entry in entries:
            builder.add_file(entry.path, self._tabs(entry), modified=entry.modified, link=entry.link)
        return builder.build()

    # ---- listing -----------------------------------------------------------------------

    def _walk(self, tops: list[tuple[str, DriveFolder]], drive_id: str | None, listings: dict[str, _Listing]) -> None:
        """List the school folders ``tops`` (school id, folder) of one drive level by level.

        Each level costs one ``files.list`` per 40 folders, whichever schools they belong to; an
        error puts that school aside (its files dropped, the reason kept) and the rest go on.
        """
        frontier: dict[str, list[tuple[str, str]]] = {}  # folder id → [(path prefix, school id)]
        seen: dict[str, set[str]] = {}
        for sid, folder in tops:
            frontier.setdefault(folder.id, []).append(("", sid))
            seen.setdefault(sid, set()).add(folder.id)
        depth = 0
        while frontier and depth <= MAX_DEPTH:
            next_frontier: dict[str, list[tuple[str, str]]] = {}
            for item, prefix, sid in self._list_level(frontier, drive_id, listings):
                listing = listings[sid]
                if listing.error is not None or item.get("trashed"):
                    continue
                name = str(item.get("name", ""))
                path = prefix + name
                mime = str(item.get("mimeType", ""))
                if mime == FOLDER_MIME:
                    if item["id"] not in seen[sid]:
                        seen[sid].add(item["id"])
                        next_frontier.setdefault(item["id"], []).append((path + "/", sid))
                elif self._is_spreadsheet(name, mime):
                    listing.entries.append(self._entry(item, path))
            frontier = {
                fid: [(p, sid) for p, sid in owners if listings[sid].error is None]
                for fid, owners in next_frontier.items()
            }
            frontier = {fid: owners for fid, owners in frontier.items() if owners}
            depth += 1

    def _list_level(
        self, frontier: dict[str, list[tuple[str, str]]], drive_id: str | None, listings: dict[str, _Listing]
    ) -> Iterator[tuple[dict[str, Any], str, str]]:
        """(child, parent's path prefix, school id) for every child of the frontier's folders."""
        chunk: list[str] = []
        size = 0
        for fid in frontier:
            term = len(_q_literal(fid)) + len(" in parents or ")
            if chunk and (len(chunk) >= PARENTS_PER_QUERY or size + term > MAX_QUERY_CHARS):
                yield from self._list_chunk(chunk, frontier, drive_id, listings)
                chunk, size = [], 0
            chunk.append(fid)
            size += term
        if chunk:
            yield from self._list_chunk(chunk, frontier, drive_id, listings)

    def _list_chunk(
        self,
        chunk: list[str],
        frontier: dict[str, list[tuple[str, str]]],
        drive_id: str | None,
        listings: dict[str, _Listing],
    ) -> Iterator[tuple[dict[str, Any], str, str]]:
        owners = [sid for fid in chunk for _, sid in frontier[fid]]
        first = listings[owners[0]].folder
        where = Location(file=first.link if first is not None and len(set(owners)) == 1 else None)
        refused: HttpError | None = None
        try:
            items = self._query(chunk, drive_id, where)
        except HttpError as exc:
            refused, items = exc, []
        except SourceError as exc:  # retries spent (quota, network): every school in the query
            for sid in owners:
                self._fail(listings[sid], exc)
            return
        if refused is not None:
            if len(chunk) > 1:
                # Drive refused the joined query: halve it until the folder it refuses is alone.
                half = len(chunk) // 2
                yield from self._list_chunk(chunk[:half], frontier, drive_id, listings)
                yield from self._list_chunk(chunk[half:], frontier, drive_id, listings)
                return
            for sid in owners:
                top = listings[sid].folder
                if top is not None:
                    self._fail(listings[sid], self._folder_error(refused, top.id, "folder"))
            return
        parents = set(chunk)
        for item in items:
            # A (legacy) file in several listed folders goes to each school once, as before.
            owned: set[str] = set()
            for parent in (p for p in item.get("parents", []) if p in parents):
                for prefix, sid in frontier[parent]:
                    if sid not in owned:
                        owned.add(sid)
                        yield item, prefix, sid

    @staticmethod
    def _fail(listing: _Listing, error: SourceError) -> None:
        if listing.error is None:
            listing.error = error
            listing.entries.clear()

    def _query(
        self, parents: list[str], drive_id: str | None, where: Location, *, folders_only: bool = False
    ) -> list[dict[str, Any]]:
        """Every page of the children of ``parents``; Drive's refusals propagate as ``HttpError``."""
        parents_q = " or ".join(f"{_q_literal(p)} in parents" for p in parents)
        q = f"({parents_q}) and trashed = false"
        if folders_only:
            q += f" and mimeType = {_q_literal(FOLDER_MIME)}"
        kwargs: dict[str, Any] = {
            "q": q,
            "pageSize": 1000,
            "fields": LIST_FIELDS,
            "supportsAllDrives": True,
            "includeItemsFromAllDrives": True,
        }
        if drive_id:
            kwargs.update(corpora="drive", driveId=drive_id)
        items: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            if token:
                kwargs["pageToken"] = token
            page = self._execute(self.drive.files().list(**kwargs), "drive.files.list", where)
            items.extend(page.get("files", []))
            token = page.get("nextPageToken")
            if not token:
                return items

    @staticmethod
    def _is_spreadsheet(name: str, mime: str) -> bool:
        if name.startswith(("~$", ".")):
            return False
        if mime == SHEET_MIME:
            return True
        if mime.startswith("application/vnd.google-apps."):
            return False  # Docs, Slides, Forms, shortcuts: not spreadsheets we can read
        return PurePosixPath(name).suffix.lower() in SPREADSHEET_SUFFIXES or mime in UPLOAD_MIMES

    @staticmethod
    def _entry(item: dict[str, Any], path: str) -> DriveEntry:
        fid = str(item["id"])
        mime = str(item.get("mimeType", ""))
        default_link = (
            f"https://docs.google.com/spreadsheets/d/{fid}"
            if mime == SHEET_MIME
            else (folder_link(fid) if mime == FOLDER_MIME else f"https://drive.google.com/file/d/{fid}/view")
        )
        return DriveEntry(
            id=fid,
            path=path,
            mime=mime,
            modified=_parse_time(item.get("modifiedTime")),
            version=str(item["version"]) if item.get("version") is not None else None,
            md5=item.get("md5Checksum"),
            link=str(item.get("webViewLink") or default_link),
        )

    # ---- reading -----------------------------------------------------------------------

    def _key(self, entry: DriveEntry) -> CacheKey | None:
        if self.cache is None or entry.version is None:
            return None
        return CacheKey(entry.id, entry.version, entry.md5)

    def _tabs(self, entry: DriveEntry) -> Iterable[RawTab]:
        """The file's tabs. Transient failures (quota, network) abort the school; a file that
        is refused or gone becomes that file's "unreadable" problem and the rest is audited."""
        where = Location(file=entry.path)
        try:
            if entry.is_sheet:
                return _sheet_tabs(self._sheet_payload(entry, where))
            return read_workbook_bytes(self._download(entry, where), self._format_name(entry))
        except HttpError as exc:
            return _failing(
                SourceError(
                    f"không đọc được tệp trên Drive / cannot read the Drive file (HTTP {exc.status_code}): "
                    f"{error_message(exc)}",
                    where,
                )
            )

    @staticmethod
    def _format_name(entry: DriveEntry) -> str:
        """The name the readers pick a format by: a CSV upload without ``.csv`` is still CSV."""
        if PurePosixPath(entry.path).suffix.lower() in SPREADSHEET_SUFFIXES:
            return entry.path
        return entry.path + (".csv" if entry.mime in CSV_MIMES else ".xlsx")

    def _download(self, entry: DriveEntry, where: Location) -> bytes:
        key = self._key(entry)
        if key is not None and self.cache is not None:
            cached = self.cache.get_bytes(key)
            if cached is not None:
                return cached
        data = self._execute(
            self.drive.files().get_media(fileId=entry.id, supportsAllDrives=True),
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
        meta = self._execute(
            self.sheets.spreadsheets().get(spreadsheetId=entry.id, fields=SHEET_META_FIELDS),
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
            got = self._execute(
                self.sheets.spreadsheets()
                .values()
                .batchGet(
                    spreadsheetId=entry.id,
                    ranges=[_a1_title(t["title"]) for t in tabs],
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

    @property
    def calls(self) -> dict[str, int]:
        """Requests sent so far, by operation (retries included)."""
        return dict(self.caller.stats.requests)


def _sheet_tabs(payload: list[dict[str, Any]]) -> list[RawTab]:
    """Sheets values → the grid shape calamine gives for xlsx: rectangular, empty cells as ""."""
    tabs = []
    for tab in payload:
        rows = [list(r) for r in tab.get("values", [])]
        width = max((len(r) for r in rows), default=0)
        grid = [r + [""] * (width - len(r)) for r in rows]
        tabs.append(RawTab(str(tab.get("title", "")), grid, hidden=bool(tab.get("hidden"))))
    return tabs


def _failing(error: SourceError) -> Iterator[RawTab]:
    raise error
    yield  # pragma: no cover - makes this a generator, so the builder sees the error per file


def open_source(request: SourceRequest) -> tuple[Source, Path]:
    """``--source drive``: the roster (with its Drive folder ids) comes from ``--roster``."""
    if request.roster_path is None:
        raise ConfigError("--source drive cần --roster FILE / --source drive needs --roster FILE (roster.yaml)")
    roster = load_roster(request.roster_path)
    return DriveSource(roster=roster, use_cache=request.use_cache), request.roster_path
