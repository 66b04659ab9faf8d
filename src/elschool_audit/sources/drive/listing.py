"""Listing every school's folder together, level by level, in a few shared ``files.list`` calls.

Up to 40 parents are joined with ``or`` in one query (paged): one call per 40 school folders per
folder level, never one per folder or per school. A query that Drive refuses is split in halves
until the refused folder is alone, so it becomes that school's error only. Forty ids make a URL
over 2 KB, which google-api-python-client sends as a POST with ``X-HTTP-Method-Override: GET`` —
still the read it was, under read-only scopes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from googleapiclient.errors import HttpError

from elschool_audit.errors import Location, SourceError
from elschool_audit.i18n import each_language, render
from elschool_audit.results import DataProblem
from elschool_audit.sheets.mapping import MAPPING_FILE
from elschool_audit.sources.drive.client import DriveClient
from elschool_audit.sources.drive.folders import children_query, folder_error
from elschool_audit.sources.drive.model import (
    FILE_FIELDS,
    FOLDER_MIME,
    LIST_FIELDS,
    SHORTCUT_MIME,
    DriveEntry,
    DriveFolder,
    entry_from_item,
    is_spreadsheet,
    q_literal,
)
from elschool_audit.sources.drive.sharing import SHARE_FIELDS, VISIBILITIES, SchoolSharing, shared_item
from elschool_audit.sources.google_http import error_message

PARENTS_PER_QUERY = 40
"""Folders joined with ``or`` in one ``files.list`` query (Drive caps the length of ``q``)."""
MAX_QUERY_CHARS = 6000
"""Longest ``q`` sent, whatever the ids look like: Drive refuses queries much past 8 KB."""
MAX_DEPTH = 8
"""Sub-folder levels walked below a school's folder: deeper is a mistake or a cycle."""

Frontier = dict[str, list[tuple[str, str]]]
"""Folder id → [(path prefix, school id)] of the folders listed at one level."""


@dataclass
class Listing:
    """One school's prefetched files (metadata only), or why its folder cannot be read."""

    folder: DriveFolder | None = None
    entries: list[DriveEntry] = field(default_factory=list)
    error: SourceError | None = None
    notes: list[DataProblem] = field(default_factory=list)
    """Located notes and problems found while listing (shortcuts followed or broken)."""
    mapping: DriveEntry | None = None
    """The school's mapping file (``elschool-mapping.yaml`` at the top of its folder), if any."""
    sharing: SchoolSharing | None = None
    """With ``--sharing``: every file and sub-folder seen, with what Drive said of its sharing."""

    def fail(self, error: SourceError) -> None:
        if self.error is None:
            self.error = error
            self.entries.clear()


class Lister:
    """Walks the school folders of one run; errors stay with the school they belong to."""

    def __init__(self, client: DriveClient, *, sharing: bool = False) -> None:
        self.client = client
        self.sharing = sharing
        self.fields = (
            f"nextPageToken,files({FILE_FIELDS},{SHARE_FIELDS},shortcutDetails(targetId,targetMimeType))"
            if sharing
            else LIST_FIELDS
        )

    def walk(self, tops: list[tuple[str, DriveFolder]], drive_id: str | None, listings: dict[str, Listing]) -> None:
        """List the school folders ``tops`` (school id, folder) of one drive level by level.

        Each level costs one ``files.list`` per 40 folders, whichever schools they belong to; an
        error puts that school aside (its files dropped, the reason kept) and the rest go on.
        """
        frontier: Frontier = {}
        seen: dict[str, set[str]] = {}
        for sid, folder in tops:
            frontier.setdefault(folder.id, []).append(("", sid))
            seen.setdefault(sid, set()).add(folder.id)
            if self.sharing:
                listings[sid].sharing = SchoolSharing(folders=seen[sid])
        depth = 0
        while frontier and depth <= MAX_DEPTH:
            next_frontier: Frontier = {}
            shortcuts: list[tuple[dict[str, Any], str, str]] = []
            for item, prefix, sid in self._list_level(frontier, drive_id, listings):
                listing = listings[sid]
                if listing.error is not None or item.get("trashed"):
                    continue
                name = str(item.get("name", ""))
                path = prefix + name
                mime = str(item.get("mimeType", ""))
                if listing.sharing is not None and mime != SHORTCUT_MIME:
                    link = entry_from_item(item, path).link
                    listing.sharing.items[str(item["id"])] = shared_item(item, path, link, mime == FOLDER_MIME)
                if mime == FOLDER_MIME:
                    _descend(str(item["id"]), path, sid, seen, next_frontier)
                elif mime == SHORTCUT_MIME:
                    shortcuts.append((item, path, sid))
                elif is_spreadsheet(name, mime):
                    listing.entries.append(entry_from_item(item, path))
                elif name == MAPPING_FILE and not prefix:
                    listing.mapping = entry_from_item(item, path)
            for item, path, sid in shortcuts:
                self._follow(item, path, sid, listings[sid], seen, next_frontier)
            frontier = {
                fid: kept
                for fid, owners in next_frontier.items()
                if (kept := [(p, sid) for p, sid in owners if listings[sid].error is None])
            }
            depth += 1

    def check_visibility(self, sids: list[str], drive_id: str | None, listings: dict[str, Listing]) -> None:
        """Which listed files anyone, or a whole domain, can open: the ``visibility`` query terms,
        the one sharing fact a Viewer may ask. One query per term per 40 folders (every level at
        once); a refusal is that school's sharing error, never its audit's."""
        owners: dict[str, list[str]] = {}
        for sid in sids:
            found = listings[sid].sharing
            if listings[sid].error is None and found is not None:
                for fid in found.folders:
                    owners.setdefault(fid, []).append(sid)
        fids = list(owners)
        for i in range(0, len(fids), PARENTS_PER_QUERY):
            chunk = fids[i : i + PARENTS_PER_QUERY]
            for vis in VISIBILITIES:
                q = f"{children_query(chunk)} and visibility = {q_literal(vis)}"
                try:
                    items = self.client.list_all(q, drive_id, Location(), fields="nextPageToken,files(id,parents)")
                except (HttpError, SourceError) as exc:
                    reason = error_message(exc) if isinstance(exc, HttpError) else exc.message
                    for sid in {s for fid in chunk for s in owners[fid]}:
                        sharing = listings[sid].sharing
                        if sharing is not None:
                            sharing.error = reason
                    continue
                for item in items:
                    for sid in {s for p in item.get("parents", []) for s in owners.get(p, [])}:
                        sharing = listings[sid].sharing
                        shared = sharing.items.get(str(item["id"])) if sharing is not None else None
                        if shared is not None and shared.visibility is None:
                            shared.visibility = vis  # the terms go most open first

    def _follow(
        self,
        shortcut: dict[str, Any],
        path: str,
        sid: str,
        listing: Listing,
        seen: dict[str, set[str]],
        next_frontier: Frontier,
    ) -> None:
        """A shortcut stands for its target, file or folder. The target's own metadata decides
        (the MIME type kept in the shortcut goes stale); a target that cannot be read is a
        located problem, since the record it stands for is then missing from the audit."""
        where = Location(file=path)
        target_id = (shortcut.get("shortcutDetails") or {}).get("targetId")
        try:
            if not target_id:
                raise SourceError("drive_shortcut_no_target", where)
            target = self.target(str(target_id), where)
        except SourceError as exc:
            listing.notes.append(
                DataProblem("error", "file_unreadable", each_language("reason", partial(render, exc.msg)), where)
            )
            return
        mime, name = str(target.get("mimeType", "")), str(target.get("name", ""))
        if mime == FOLDER_MIME:
            _descend(str(target["id"]), path, sid, seen, next_frontier)
        elif is_spreadsheet(path.rsplit("/", 1)[-1], mime) or is_spreadsheet(name, mime):
            listing.entries.append(entry_from_item(target, path))
        else:
            return  # a shortcut to a Doc or a PDF: ignored like the Doc itself
        listing.notes.append(DataProblem("note", "drive_shortcut_followed", {"name": path, "target": name}, where))

    def target(self, fid: str, where: Location) -> dict[str, Any]:
        """A shortcut's target, or why it cannot be read (refused, gone, trashed)."""
        try:
            meta: dict[str, Any] = self.client.execute(
                self.client.drive.files().get(fileId=fid, fields=FILE_FIELDS, supportsAllDrives=True),
                "drive.files.get",
                where,
            )
        except HttpError as exc:
            raise SourceError(
                "drive_shortcut_target_unreadable", where, status=exc.status_code, reason=error_message(exc)
            ) from exc
        if meta.get("trashed"):
            raise SourceError("drive_shortcut_target_trashed", where)
        return meta

    def _list_level(
        self, frontier: Frontier, drive_id: str | None, listings: dict[str, Listing]
    ) -> Iterator[tuple[dict[str, Any], str, str]]:
        """(child, parent's path prefix, school id) for every child of the frontier's folders."""
        chunk: list[str] = []
        size = 0
        for fid in frontier:
            term = len(q_literal(fid)) + len(" in parents or ")
            if chunk and (len(chunk) >= PARENTS_PER_QUERY or size + term > MAX_QUERY_CHARS):
                yield from self._list_chunk(chunk, frontier, drive_id, listings)
                chunk, size = [], 0
            chunk.append(fid)
            size += term
        if chunk:
            yield from self._list_chunk(chunk, frontier, drive_id, listings)

    def _list_chunk(
        self, chunk: list[str], frontier: Frontier, drive_id: str | None, listings: dict[str, Listing]
    ) -> Iterator[tuple[dict[str, Any], str, str]]:
        owners = [sid for fid in chunk for _, sid in frontier[fid]]
        first = listings[owners[0]].folder
        where = Location(file=first.link if first is not None and len(set(owners)) == 1 else None)
        try:
            items = self.client.list_all(children_query(chunk), drive_id, where, fields=self.fields)
        except HttpError as exc:
            yield from self._refused(exc, chunk, frontier, drive_id, listings)
            return
        except SourceError as exc:  # retries spent (quota, network): every school in the query
            for sid in owners:
                listings[sid].fail(exc)
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

    def _refused(
        self, exc: HttpError, chunk: list[str], frontier: Frontier, drive_id: str | None, listings: dict[str, Listing]
    ) -> Iterator[tuple[dict[str, Any], str, str]]:
        """Drive refused the joined query: halve it until the folder it refuses is alone."""
        if len(chunk) > 1:
            half = len(chunk) // 2
            yield from self._list_chunk(chunk[:half], frontier, drive_id, listings)
            yield from self._list_chunk(chunk[half:], frontier, drive_id, listings)
            return
        for _, sid in frontier[chunk[0]]:
            top = listings[sid].folder
            if top is not None:
                listings[sid].fail(folder_error(self.client, exc, top.id, "folder"))


def _descend(fid: str, path: str, sid: str, seen: dict[str, set[str]], next_frontier: Frontier) -> None:
    if fid not in seen[sid]:
        seen[sid].add(fid)
        next_frontier.setdefault(fid, []).append((path + "/", sid))
