"""The Drive source: the facade the audit sees, composed of the folder finder, lister and reader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from elschool_audit.errors import SourceError
from elschool_audit.roster import Roster, School
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.cache import DriveCache
from elschool_audit.sources.drive.client import DriveClient
from elschool_audit.sources.drive.folders import FolderFinder, RootMatch
from elschool_audit.sources.drive.listing import Lister, Listing
from elschool_audit.sources.drive.model import DriveFolder, folder_id, folder_link
from elschool_audit.sources.drive.reading import FileReader
from elschool_audit.sources.google_auth import GoogleSettings, cache_dir
from elschool_audit.sources.google_http import GoogleCaller
from elschool_audit.sources.interface import Source, SourceRequest
from elschool_audit.workbook import Workbook


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
        self.lister = Lister(self.client)
        self.reader = FileReader(self.client, self.cache)
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

    def get_folder(self, fid: str, what: str = "folder") -> DriveFolder:
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
            builder.add_file(entry.path, self.reader.tabs(entry), modified=entry.modified, link=entry.link)
        return builder.build()

    @property
    def calls(self) -> dict[str, int]:
        """Requests sent so far, by operation (retries included)."""
        return dict(self.caller.stats.requests)


def open_source(request: SourceRequest) -> tuple[Source, Path]:
    """``--source drive``: the roster (with its Drive folder ids) comes from ``--roster``."""
    if request.roster_path is None:
        raise ConfigError("--source drive cần --roster FILE / --source drive needs --roster FILE (roster.yaml)")
    roster = load_roster(request.roster_path)
    return DriveSource(roster=roster, use_cache=request.use_cache), request.roster_path
