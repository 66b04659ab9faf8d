"""Who can open a school's files (``--sharing``): link sharing, domain sharing, outside accounts.

What a credential sees decides what can be said, so the report says which it was:

* every credential that can list a folder can ask ``files.list`` for its children with the
  ``visibility`` query terms (``anyoneCanFind``, ``anyoneWithLink``, ``domainCanFind``,
  ``domainWithLink``): one query per term per 40 folders, whatever the number of files. This is
  all a **Viewer** (the recommended service account) learns: it does not get a file's
  ``permissions`` (Drive fills them only for those who can share the file, and never in shared
  drives) and is refused ``permissions.list``/``revisions.list``, so it cannot see which domain a
  domain-wide share names, shares with single outside accounts, or "published to the web";
* for a file it may share (``capabilities.canShare``), Drive returns ``permissions`` in the same
  listing: each ``anyone``/``domain``/``user``/``group`` grant, so a domain other than the
  district's (``domain`` in the roster) and outside accounts are named.

"Published to the web" is recorded in a Sheet's revisions, which no read-only listing returns:
the report never claims a file is not published, it says this was not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from elschool_audit.errors import Location
from elschool_audit.i18n import each_language, label
from elschool_audit.results import DataProblem
from elschool_audit.text import fold
from elschool_audit.workbook import Workbook

VISIBILITIES = ("anyoneCanFind", "anyoneWithLink", "domainCanFind", "domainWithLink")
"""The ``visibility`` query values that mean more than "limited", most open first."""
SHARE_FIELDS = "shared,permissions(type,role,domain,emailAddress,allowFileDiscovery),capabilities(canShare)"
"""Added to the listing's file fields with ``--sharing``: empty for a Viewer, filled for a sharer."""
SENSITIVE_KINDS = frozenset({"staff", "board"})
"""Sheet kinds that hold people's phone numbers and e-mails."""
_SENSITIVE_NAMES = ("hoc sinh", "phu huynh", "dshs", "cmhs", "phhs", "hoc ba", "danh ba", "so dien thoai")
"""Folded file-name words of student/parent lists and contact books (kinds no rule reads)."""


@dataclass
class SharedItem:
    """One file (or sub-folder) of a school folder, as the sharing pass sees it."""

    id: str
    path: str
    link: str
    is_folder: bool
    permissions: list[dict[str, Any]] | None
    """``None`` when Drive hid them from this credential (not a sharer, or a shared drive)."""
    visibility: str | None = None


@dataclass
class SchoolSharing:
    """What the listing saw of one school's sharing; filled while listing, used once collected."""

    items: dict[str, SharedItem] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)
    error: str | None = None
    """Why the visibility queries failed for this school (the rest of the audit goes on)."""


def shared_item(item: Mapping[str, Any], path: str, link: str, is_folder: bool) -> SharedItem:
    perms = item.get("permissions")
    return SharedItem(str(item["id"]), path, link, is_folder, list(perms) if isinstance(perms, list) else None)


def exposures(item: SharedItem, domain: str | None) -> list[tuple[str, str]]:
    """(how, whom) for each way the file reaches past the district; empty when nothing does.

    The ``visibility`` term says a whole domain may open the file but not which: only the file's
    ``permissions`` (a sharer's view) name it, and a share with the district's own domain is fine.
    """
    ways: list[tuple[str, str]] = [(item.visibility, "")] if item.visibility else []
    for perm in item.permissions or []:
        kind = perm.get("type")
        if kind == "anyone" and not any(h.startswith("anyone") for h, _ in ways):
            ways.append(("anyoneCanFind" if perm.get("allowFileDiscovery") else "anyoneWithLink", ""))
        elif kind == "domain":
            ways = [(h, w) for h, w in ways if not h.startswith("domain")]
            named = str(perm.get("domain") or "").lower()
            if named != domain:
                ways.append(("otherDomain", named))
        elif kind in ("user", "group") and perm.get("role") != "owner":  # the owner holds it, not shares it
            email = str(perm.get("emailAddress") or "").lower()
            if domain is not None and email and not email.endswith("@" + domain):
                ways.append(("outsideAccount", email))
    return ways


def sensitive(path: str, kinds: Iterable[str]) -> str | None:
    """Why a file holds personal data (a catalogue label), or None."""
    if SENSITIVE_KINDS & set(kinds):
        return "drive_sensitive_directory"
    name = fold(PurePosixPath(path).name)
    if any(word in name for word in _SENSITIVE_NAMES):
        return "drive_sensitive_pupils"
    return None


def file_kinds(workbook: Workbook) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for table in workbook.tables.values():
        for source in table.sources:
            kinds.setdefault(source.file, set()).add(table.kind)
    return kinds


def sharing_problems(found: SchoolSharing, workbook: Workbook, domain: str | None, who: str) -> list[DataProblem]:
    """One located problem per exposed file (a warning when it holds personal data, else a note),
    and one note saying what this credential could not see."""
    kinds = file_kinds(workbook)
    out: list[DataProblem] = []
    flagged_folders: dict[str, str] = {}
    for item in sorted(found.items.values(), key=lambda i: (i.path.count("/"), i.path)):
        ways = exposures(item, domain)
        why = None if item.is_folder else sensitive(item.path, kinds.get(item.path, ()))
        inherited = flagged_folders.get(str(PurePosixPath(item.path).parent))
        if item.is_folder and ways:
            flagged_folders[item.path] = ways[0][0]
        if why is None:  # a folder's link share reaches its files: said once, at the folder
            ways = [(h, w) for h, w in ways if h != inherited or w]
        out.extend(_problem(item, how, whom, why) for how, whom in ways)
    hidden = sum(1 for i in found.items.values() if i.permissions is None)
    if found.error is not None:
        out.append(DataProblem("warning", "drive_sharing_failed", {"reason": found.error}, Location()))
    params = {"count": hidden, "total": len(found.items), "who": who}
    out.append(DataProblem("note", "drive_sharing_limited", params, Location()))  # what was not seen, always
    return out


def _problem(item: SharedItem, how: str, whom: str, why: str | None) -> DataProblem:
    """``how``: a ``VISIBILITIES`` value, ``otherDomain`` or ``outsideAccount`` (``whom`` names the
    domain or the account); ``why``: the label saying what personal data the file holds."""
    params: dict[str, Any] = {
        "file": item.path,
        **each_language("how", lambda lang: label(f"drive_exposed_{how}", lang, whom=whom or "?")),
        "link": item.link,
        **each_language("why", lambda lang: f" — {label(why, lang)}" if why else ""),
    }
    return DataProblem("warning" if why else "note", "drive_shared", params, Location(file=item.path))
