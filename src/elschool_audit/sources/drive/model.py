"""What the Drive source knows about Drive's vocabulary: MIME types, ids, links, folders and files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from elschool_audit.roster import School
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES
from elschool_audit.text import fold

FOLDER_MIME = "application/vnd.google-apps.folder"
SHEET_MIME = "application/vnd.google-apps.spreadsheet"
SHORTCUT_MIME = "application/vnd.google-apps.shortcut"
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
FILE_FIELDS = "id,name,mimeType,parents,modifiedTime,version,md5Checksum,webViewLink,trashed"
LIST_FIELDS = f"nextPageToken,files({FILE_FIELDS},shortcutDetails(targetId,targetMimeType))"
FOLDER_FIELDS = "id,name,mimeType,driveId,webViewLink,trashed"
GOOGLE_BASE = "https://www.googleapis.com"

_FOLDER_URL = re.compile(r"(?:/folders/|[?&]id=)([A-Za-z0-9_-]{10,})")


def folder_id(value: str) -> str:
    """Accept a bare id or the link people copy from the browser (``.../drive/folders/<id>?usp=…``)."""
    value = value.strip()
    m = _FOLDER_URL.search(value)
    return m.group(1) if m else value


def folder_link(fid: str) -> str:
    return f"https://drive.google.com/drive/folders/{fid}"


def name_key(name: str) -> str:
    """How folder and school names are compared: folded, punctuation gone, "Trường" optional."""
    key = " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())
    return key.removeprefix("truong ").strip()


def school_keys(school: School) -> set[str]:
    keys = {name_key(school.name), name_key(school.id)}
    if school.folder:
        keys.add(name_key(school.folder))
    return {k for k in keys if k}


def q_literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def parse_time(value: Any) -> dt.datetime | None:
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


def is_spreadsheet(name: str, mime: str) -> bool:
    if name.startswith(("~$", ".")):
        return False
    if mime == SHEET_MIME:
        return True
    if mime.startswith("application/vnd.google-apps."):
        return False  # Docs, Slides, Forms: not spreadsheets we can read
    return PurePosixPath(name).suffix.lower() in SPREADSHEET_SUFFIXES or mime in UPLOAD_MIMES


def entry_from_item(item: dict[str, Any], path: str) -> DriveEntry:
    """A ``files.list`` item as an entry, with the link a person would open for its kind."""
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
        modified=parse_time(item.get("modifiedTime")),
        version=str(item["version"]) if item.get("version") is not None else None,
        md5=item.get("md5Checksum"),
        link=str(item.get("webViewLink") or default_link),
    )
