"""Finding each school's folder: by its own id, or by name among the district root's sub-folders.

With ``drive_root``: one ``files.get`` (the root) and one ``files.list`` of its sub-folders for the
whole run — a folder that is listed exists and is visible, so nothing more is asked per school.
Schools with their own ``drive_folder`` are checked with one Drive *batch* request per 100 folders
(a ``files.get`` each inside it, counted by Google against the Drive quota, not the Sheets one), or
one plain ``files.get`` when a single school is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from googleapiclient.errors import HttpError

from elschool_audit.errors import Location, SourceError
from elschool_audit.results import Msg
from elschool_audit.roster import Roster, School
from elschool_audit.sources.drive.client import Call, DriveClient
from elschool_audit.sources.drive.model import (
    FOLDER_FIELDS,
    FOLDER_MIME,
    GOOGLE_BASE,
    SHORTCUT_MIME,
    DriveFolder,
    entry_from_item,
    folder_id,
    folder_link,
    name_key,
    q_literal,
    school_keys,
)
from elschool_audit.sources.google_auth import describe_identity
from elschool_audit.sources.google_http import error_message, is_retryable

BATCH_SIZE = 100
"""Requests in one Drive batch (Google's cap)."""


@dataclass
class RootMatch:
    """How the district root's sub-folders map to roster schools, with what did not map."""

    root: DriveFolder
    matched: dict[str, DriveFolder] = field(default_factory=dict)
    ambiguous: dict[str, list[DriveFolder]] = field(default_factory=dict)
    unmatched_schools: list[str] = field(default_factory=list)
    unmatched_folders: list[DriveFolder] = field(default_factory=list)
    via_shortcut: dict[str, str] = field(default_factory=dict)
    """School id → name of the shortcut in the root that stands for its folder."""
    errors: dict[str, SourceError] = field(default_factory=dict)
    """Schools whose matching shortcut points at something unreadable or not a folder."""


FolderRole = Literal["folder", "root"]
"""A school's folder, or the district root (``drive_root``) its folders are found under."""


def folder_error(client: DriveClient, exc: HttpError, fid: str, what: FolderRole) -> SourceError:
    """Drive's refusal of a folder, in words that tell the district what to fix."""
    key = {404: "drive_folder_not_found", 401: "drive_folder_forbidden", 403: "drive_folder_forbidden"}
    return SourceError(
        key.get(exc.status_code, "drive_folder_unreadable"),
        Location(file=folder_link(fid)),
        what=Msg(f"drive_what_{what}"),
        who=describe_identity(client.credentials),
        status=exc.status_code,
        reason=error_message(exc),
    )


def children_query(parents: list[str], *, folders_only: bool = False) -> str:
    """Children of ``parents``; ``folders_only`` keeps folders and shortcuts (which may stand for one)."""
    parents_q = " or ".join(f"{q_literal(p)} in parents" for p in parents)
    q = f"({parents_q}) and trashed = false"
    if folders_only:
        q += f" and (mimeType = {q_literal(FOLDER_MIME)} or mimeType = {q_literal(SHORTCUT_MIME)})"
    return q


class FolderFinder:
    """Folder metadata and the root match, each asked of Drive once per run."""

    def __init__(self, client: DriveClient, roster: Roster | None, drive_root: str | None) -> None:
        self.client = client
        self.roster = roster
        self.drive_root = drive_root
        self.root_match: RootMatch | None = None
        self._root_error: SourceError | None = None
        self._folders: dict[str, DriveFolder] = {}

    def get_folder(self, fid: str, what: FolderRole = "folder") -> DriveFolder:
        if fid in self._folders:
            return self._folders[fid]
        where = Location(file=folder_link(fid))
        try:
            meta = self.client.execute(
                self.client.drive.files().get(fileId=fid, fields=FOLDER_FIELDS, supportsAllDrives=True),
                "drive.files.get",
                where,
            )
        except HttpError as exc:
            raise folder_error(self.client, exc, fid, what) from exc
        return self._folder_from_meta(fid, meta)

    def _folder_from_meta(self, fid: str, meta: dict[str, Any]) -> DriveFolder:
        where = Location(file=folder_link(fid))
        if meta.get("mimeType") != FOLDER_MIME:
            raise SourceError("drive_not_a_folder", where, mime=str(meta.get("mimeType")))
        if meta.get("trashed"):
            raise SourceError("drive_folder_trashed", where)
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
        fids = list(fids)
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
        try:
            got = self.client.execute(
                Call(lambda: self._run_batch(fids)), "drive.batch", Location(file=folder_link(fids[0]))
            )
        except HttpError:
            return {}  # the batch endpoint itself refused: each folder is asked on its own
        out: dict[str, DriveFolder | SourceError] = {}
        for fid in fids:
            result = got.get(fid)
            if isinstance(result, HttpError):
                if not is_retryable(result):
                    out[fid] = folder_error(self.client, result, fid, "folder")
            elif isinstance(result, dict):
                try:
                    out[fid] = self._folder_from_meta(fid, result)
                except SourceError as exc:
                    out[fid] = exc
        return out

    def _run_batch(self, fids: list[str]) -> dict[str, Any]:
        import google_auth_httplib2
        import httplib2
        from googleapiclient.errors import BatchError
        from googleapiclient.http import BatchHttpRequest

        creds = self.client.credentials
        if not getattr(creds, "valid", True):  # inner requests carry the token: get it first
            creds.refresh(google_auth_httplib2.Request(httplib2.Http(timeout=self.client.settings.timeout)))
        got: dict[str, Any] = {}

        def done(request_id: str, response: Any, exception: Exception | None) -> None:
            got[request_id] = exception if exception is not None else response

        batch = BatchHttpRequest(
            callback=done, batch_uri=(self.client.settings.endpoint or GOOGLE_BASE) + "/batch/drive/v3"
        )
        for fid in fids:
            request = self.client.drive.files().get(fileId=fid, fields=FOLDER_FIELDS, supportsAllDrives=True)
            batch.add(request, request_id=fid)
        try:
            batch.execute()
        except BatchError as exc:
            if exc.resp is not None:
                raise  # the batch request itself failed: the caller's retry rules apply
            return {}  # an answer that is not a batch: each folder is asked on its own
        return got

    def match_root(self, roster: Roster | None = None) -> RootMatch:
        """Map the district root's sub-folders to schools by folded name (or id); done once per run."""
        roster = roster or self.roster
        if self.root_match is not None:
            return self.root_match
        if self._root_error is not None:
            raise self._root_error
        if self.drive_root is None or roster is None:
            raise SourceError("roster_no_drive_root")
        try:
            root = self.get_folder(self.drive_root, "root")
            try:
                q = children_query([root.id], folders_only=True)
                items = self.client.list_all(q, root.drive_id, Location(file=root.link))
            except HttpError as exc:
                raise folder_error(self.client, exc, root.id, "root") from exc
        except SourceError as exc:
            self._root_error = exc
            raise
        match = _match(root, items, roster)
        self._resolve_shortcuts(match)
        self.root_match = match
        return match

    def _resolve_shortcuts(self, match: RootMatch) -> None:
        """Replace each school folder matched through a shortcut by the shortcut's real target."""
        if not match.via_shortcut:
            return
        got = self.get_folders(match.matched[sid].id for sid in match.via_shortcut)
        for sid, shortcut in match.via_shortcut.items():
            target = got[match.matched[sid].id]
            if isinstance(target, DriveFolder):
                match.matched[sid] = target
                continue
            del match.matched[sid]
            match.errors[sid] = SourceError(
                "drive_shortcut_no_folder",
                Location(file=match.root.link),
                shortcut=shortcut,
                reason=target.msg,
            )

    def school_folder(self, school: School) -> DriveFolder:
        """The school's own folder id wins; otherwise its match under the district root."""
        if school.drive_folder:
            return self.get_folder(folder_id(school.drive_folder))
        if self.drive_root is None:
            raise SourceError(
                "school_no_drive_folder",
                Location(field="drive_folder"),
            )
        match = self.match_root()
        if school.id in match.matched:
            return match.matched[school.id]
        if school.id in match.errors:
            raise match.errors[school.id]
        where = Location(file=match.root.link)
        if school.id in match.ambiguous:
            names = ", ".join(repr(f.name) for f in match.ambiguous[school.id])
            raise SourceError(
                "drive_folders_ambiguous",
                where,
                names=names,
            )
        raise SourceError(
            "drive_folder_unmatched",
            where,
            name=school.name,
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


def _match(root: DriveFolder, items: list[dict[str, Any]], roster: Roster) -> RootMatch:
    match = RootMatch(root)
    folders: list[DriveFolder] = []
    linked: list[DriveFolder] = []
    for item in items:
        if root.id not in item.get("parents", []) or item.get("trashed"):
            continue
        name = str(item.get("name", ""))
        if item.get("mimeType") == FOLDER_MIME:
            e = entry_from_item(item, name)
            folders.append(DriveFolder(e.id, name, e.link, root.drive_id))
        elif item.get("mimeType") == SHORTCUT_MIME and (target := (item.get("shortcutDetails") or {}).get("targetId")):
            # The target's MIME type in the shortcut can be stale: the folder is checked once matched.
            linked.append(DriveFolder(str(target), name, folder_link(str(target)), None))
    real = {f.id for f in folders}
    shortcuts = {f.id for f in linked if f.id not in real}  # a shortcut to a folder also in the root adds nothing
    folders += [f for f in linked if f.id in shortcuts]
    claimed: set[str] = set()
    for school in roster.schools:
        keys = school_keys(school)
        hits = [f for f in folders if name_key(f.name) in keys]
        if len(hits) == 1:
            match.matched[school.id] = hits[0]
            claimed.add(hits[0].id)
            if hits[0].id in shortcuts:
                match.via_shortcut[school.id] = hits[0].name
        elif hits:
            match.ambiguous[school.id] = hits
            claimed.update(f.id for f in hits)
        elif not school.drive_folder:
            match.unmatched_schools.append(school.id)
    match.unmatched_folders = [f for f in folders if f.id not in claimed]
    return match
