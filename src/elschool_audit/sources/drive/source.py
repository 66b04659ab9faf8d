"""The Drive source: the facade the audit sees, composed of the folder finder, lister and reader."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from googleapiclient.errors import HttpError

from elschool_audit.errors import ConfigError, Location, SourceError
from elschool_audit.i18n import current_language, label
from elschool_audit.results import DataProblem
from elschool_audit.roster import Roster, School, load_roster
from elschool_audit.sheets.mapping import Mapping, parse_mapping
from elschool_audit.sources.cache import DriveCache
from elschool_audit.sources.drive.client import DriveClient
from elschool_audit.sources.drive.folders import FolderFinder, FolderRole, RootMatch
from elschool_audit.sources.drive.listing import Lister, Listing
from elschool_audit.sources.drive.model import DriveEntry, DriveFolder, folder_id, folder_link
from elschool_audit.sources.drive.reading import FileReader
from elschool_audit.sources.drive.staged import StagedFile, StagedSchool
from elschool_audit.sources.google_auth import GoogleSettings, cache_dir, describe_identity
from elschool_audit.sources.google_http import GoogleCaller, error_message
from elschool_audit.sources.interface import Source, SourceRequest
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES
from elschool_audit.text import fold
from elschool_audit.workbook import Workbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FolderCheck:
    """One school's folder as ``auth check`` reports it."""

    school: School
    folder: DriveFolder | None
    error: str | None


class DriveSource(Source):
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
        sharing: bool = False,
    ) -> None:
        self.settings = settings or GoogleSettings.from_env()
        self.roster = roster
        root = drive_root if drive_root is not None else (roster.drive_root if roster else None)
        self.drive_root = folder_id(root) if root else None
        self.caller = caller or GoogleCaller(sheets_reads_per_minute=self.settings.sheets_reads_per_minute)
        self.cache: DriveCache | None = None
        if use_cache:
            self.cache = cache if cache is not None else DriveCache(cache_dir())
        self.client = DriveClient(self.settings, self.caller, credentials)
        self.folders = FolderFinder(self.client, roster, self.drive_root)
        self.sharing = sharing
        self.lister = Lister(self.client, sharing=sharing)
        self.reader = FileReader(
            self.client, self.cache, export=self.settings.export_sheets, workers=self.settings.workers
        )
        self._prepared: dict[str, Listing] = {}

    # ---- clients and folders (delegated, for ``auth`` and tests) ------------------------

    @property
    def credentials(self) -> Any:
        return self.client.credentials

    @property
    def drive(self) -> Any:
        return self.client.drive

    @property
    def sheets(self) -> Any:
        return self.client.sheets

    @property
    def _root_match(self) -> RootMatch | None:
        return self.folders.root_match

    def whoami(self) -> str:
        return self.client.whoami()

    def get_folder(self, fid: str, what: FolderRole = "folder") -> DriveFolder:
        return self.folders.get_folder(fid, what)

    def get_folders(self, fids: Iterable[str]) -> dict[str, DriveFolder | SourceError]:
        return self.folders.get_folders(fids)

    def match_root(self, roster: Roster | None = None) -> RootMatch:
        return self.folders.match_root(roster)

    def school_folder(self, school: School) -> DriveFolder:
        return self.folders.school_folder(school)

    def school_folders(self, schools: Iterable[School]) -> dict[str, DriveFolder | SourceError]:
        return self.folders.school_folders(schools)

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
        match = self.folders.root_match
        if match is not None and school.id in match.matched:
            return match.matched[school.id].link
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
        listings: dict[str, Listing] = {}
        for sid, got in self.school_folders(todo).items():
            listings[sid] = Listing(folder=got) if isinstance(got, DriveFolder) else Listing(error=got)
        by_drive: dict[str | None, list[tuple[str, DriveFolder]]] = {}
        for sid, listing in listings.items():
            if listing.folder is not None:
                by_drive.setdefault(listing.folder.drive_id, []).append((sid, listing.folder))
        for drive_id, tops in by_drive.items():
            self.lister.walk(tops, drive_id, listings)
            if self.sharing:
                self.lister.check_visibility([sid for sid, _ in tops], drive_id, listings)
        self._prepared.update(listings)

    def collect(self, school: School) -> Workbook:
        """Built while the files download: each file is read as soon as it has arrived."""
        return self._stage(school, lazy=True)()

    def stage(self, school: School) -> StagedSchool:
        """The school's files fetched from Drive (listing, mapping, downloads and exports: the
        network part, in this process and its download threads); the workbook is built when the
        result is called, here or in a worker process (``audit_district``'s ``jobs``)."""
        return self._stage(school, lazy=False)

    def _stage(self, school: School, *, lazy: bool) -> StagedSchool:
        if school.id not in self._prepared:
            self.prepare([school])
        listing = self._prepared.pop(school.id)
        if listing.error is not None:
            raise listing.error
        entries, notes = read_once(sorted(listing.entries, key=lambda e: PurePosixPath(e.path)))
        files = self._fetched(school, entries)
        staged = StagedSchool(
            self._mapping(listing),
            self._folder_notes(school) + listing.notes + notes,
            files if lazy else list(files),
        )
        if listing.sharing is not None:
            staged.sharing = listing.sharing
            staged.domain = self.roster.domain if self.roster is not None else None
            staged.who = describe_identity(self.client.credentials)
        return staged

    def _fetched(self, school: School, entries: list[DriveEntry]) -> Iterator[StagedFile]:
        before = dict(self.reader.paths)
        for entry, fetched in self.reader.fetch_all(entries):
            yield StagedFile(entry.path, entry.modified, entry.link, fetched)
        took = {k: v - before[k] for k, v in self.reader.paths.items() if v > before[k]}
        how = ", ".join(f"{k} {v}" for k, v in took.items())
        log.info("%s", label("log_drive_files_read", current_language(), school=school.id, n=len(entries), how=how))

    def _mapping(self, listing: Listing) -> Mapping:
        """The school's mapping file from its Drive folder, validated in full before any book is read:
        a broken one makes the school unreadable (nothing is audited half-mapped)."""
        entry = listing.mapping
        if entry is None:
            return Mapping()
        where = Location(file=entry.path, link=entry.link)
        try:
            text = self.reader.download(entry, where).decode("utf-8")
        except HttpError as exc:
            raise SourceError(
                "drive_mapping_unreadable", where, status=exc.status_code, reason=error_message(exc)
            ) from exc
        except UnicodeDecodeError as exc:
            raise SourceError("drive_mapping_not_utf8", where, reason=str(exc)) from exc
        return parse_mapping(text, entry.path, SourceError)

    def close(self) -> None:
        """Stop the download workers (they also stop on their own when the process ends)."""
        self.reader.close()

    def _folder_notes(self, school: School) -> list[DataProblem]:
        """A note when the school's folder was reached through a shortcut in the district root."""
        match = self.folders.root_match
        if match is None or school.id not in match.via_shortcut or school.id not in match.matched:
            return []
        folder = match.matched[school.id]
        name = match.via_shortcut[school.id]
        return [
            DataProblem("note", "drive_shortcut_followed", {"name": name, "target": folder.name}, Location(file=name))
        ]

    @property
    def calls(self) -> dict[str, int]:
        """Requests sent so far, by operation (retries included)."""
        return dict(self.caller.stats.requests)


def open_source(request: SourceRequest) -> tuple[Source, Path]:
    """``--source drive``: the roster (with its Drive folder ids) comes from ``--roster``."""
    if request.roster_path is None:
        raise ConfigError("source_needs_roster", source="drive")
    roster = load_roster(request.roster_path)
    return DriveSource(roster=roster, use_cache=request.use_cache, sharing=request.sharing), request.roster_path


_COPY_MARKS = re.compile(r"^(?:copy of|ban sao cua)\s+|\s*\(\d+\)$")


def _stem(entry: DriveEntry) -> tuple[str, str, bool]:
    """(folder, folded name stem, whether the name carries a copy mark such as "Copy of" or "(1)")."""
    path = PurePosixPath(entry.path)
    stem = path.stem if path.suffix.lower() in SPREADSHEET_SUFFIXES else path.name
    key = fold(stem).strip()
    bare = _COPY_MARKS.sub("", key).strip()
    return str(path.parent), bare, bare != key


def read_once(entries: list[DriveEntry]) -> tuple[list[DriveEntry], list[DataProblem]]:
    """Files to read, each record once, with a warning for every name shared by several files.

    An .xlsx next to its "Open with Google Sheets" copy (same stem, one upload and one native
    Sheet) is one record: the more recently modified of the two is read (the native one on a
    tie), and the warning names both. Other files sharing a stem ("X (1)", "Copy of X", an .xlsx
    and a .csv) may or may not be copies: all are read, and the warning says rows may count twice.
    """
    groups: dict[tuple[str, str], list[DriveEntry]] = {}
    marked: set[str] = set()
    for entry in entries:
        folder, stem, mark = _stem(entry)
        groups.setdefault((folder, stem), []).append(entry)
        if mark:
            marked.add(entry.id)
    skip: set[str] = set()
    notes: list[DataProblem] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        natives = [e for e in group if e.is_sheet]
        if len(group) == 2 and len(natives) == 1 and not marked & {e.id for e in group}:
            native, upload = natives[0], next(e for e in group if not e.is_sheet)
            newest = max(upload.modified or _EPOCH, native.modified or _EPOCH)
            kept = native if (native.modified or _EPOCH) >= newest else upload
            other = upload if kept is native else native
            skip.add(other.id)
            where = Location(file=kept.path, link=kept.link)
            notes.append(DataProblem("warning", "drive_copy_pair", {"kept": kept.path, "other": other.path}, where))
            continue
        files = ", ".join(f"«{e.path}»" for e in group)
        where = Location(file=group[0].path, link=group[0].link)
        notes.append(DataProblem("warning", "drive_duplicate_files", {"files": files}, where))
    return [e for e in entries if e.id not in skip], notes


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
