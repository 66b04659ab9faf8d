"""A fake Google OAuth2 + Drive v3 + Sheets v4 server on 127.0.0.1, for offline tests.

Why a real HTTP server rather than mocks: the product talks to Google through
google-api-python-client (httplib2 transport), google-auth and possibly gspread (requests
transport).  Mocking those libraries would test our assumptions about them; serving real HTTP
tests the libraries' actual behaviour — the URLs they build, the JWT they sign, which statuses
they retry, how they surface errors — exactly as it will happen against Google, minus the
network.  Response bodies follow the recorded Google exchanges in
``/work/shared/google-cassettes`` (ragged rows, ``[]`` for empty rows, no ``values`` key for an
empty range, ``{"error": {"code", "message", "status"}}``).

The server is read-only on purpose: any method other than GET (except ``POST /token``) answers
405 and is recorded in :attr:`FakeGoogle.write_attempts`, so a test can prove the auditor never
writes to a school's Drive.

Only the standard library serves HTTP; ``cryptography`` verifies the RS256 JWT assertion and
``openpyxl`` (lazily imported) converts spreadsheets to and from xlsx.

Paths served (as the libraries send them once their base URL points here)::

    POST /token                                        OAuth2 JWT-bearer grant (service account)
    GET  /drive/v3/files                               drive.files.list
    GET  /drive/v3/files/<id>                          drive.files.get (alt=media: get_media)
    GET  /drive/v3/files/<id>/export?mimeType=...      drive.files.export
    GET  /drive/v3/about?fields=user                   drive.about.get
    POST + X-HTTP-Method-Override: GET                 any GET above, its query in the body (sent
                                                       by googleapiclient for URLs over 2 KB)
    POST /batch/drive/v3                               drive.batch: multipart/mixed of the GETs
                                                       above, each counted and faulted as its own
                                                       operation (a read, so not a write attempt)
    GET  /v4/spreadsheets/<id>                         sheets.spreadsheets.get
    GET  /v4/spreadsheets/<id>/values:batchGet         sheets.values.batchGet
    GET  /v4/spreadsheets/<id>/values/<range>          sheets.values.get
"""

from __future__ import annotations

import base64
import collections
import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import math
import mimetypes
import random
import re
import secrets
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    import gspread
    from google.oauth2 import service_account as _sa
    from gspread.http_client import HTTPClient

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

FOLDER_MIME = "application/vnd.google-apps.folder"
SHEET_MIME = "application/vnd.google-apps.spreadsheet"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
SHORTCUT_MIME = "application/vnd.google-apps.shortcut"

_AUTH = "https://www.googleapis.com/auth/"
DRIVE_READONLY = _AUTH + "drive.readonly"
DRIVE_METADATA_READONLY = _AUTH + "drive.metadata.readonly"
SHEETS_READONLY = _AUTH + "spreadsheets.readonly"
#: The scopes the fake token endpoint grants by default: read-only ones only (least privilege).
READONLY_SCOPES: frozenset[str] = frozenset({DRIVE_READONLY, DRIVE_METADATA_READONLY, SHEETS_READONLY})
_DRIVE_META_SCOPES = frozenset({DRIVE_READONLY, DRIVE_METADATA_READONLY, _AUTH + "drive", _AUTH + "drive.metadata"})
_DRIVE_CONTENT_SCOPES = frozenset({DRIVE_READONLY, _AUTH + "drive"})
_SHEETS_SCOPES = frozenset({SHEETS_READONLY, DRIVE_READONLY, _AUTH + "spreadsheets", _AUTH + "drive"})

#: Operation names used by :attr:`FakeGoogle.calls` and :meth:`FakeGoogle.inject`.
OPERATIONS: tuple[str, ...] = (
    "token",
    "drive.files.list",
    "drive.files.get",
    "drive.files.get_media",
    "drive.files.export",
    "drive.about.get",
    "drive.batch",
    "sheets.spreadsheets.get",
    "sheets.values.batchGet",
    "sheets.values.get",
)
_SHEETS_READ_OPS = frozenset(op for op in OPERATIONS if op.startswith("sheets."))
_DRIVE_OPS = frozenset(op for op in OPERATIONS if op.startswith("drive.") and op != "drive.batch")
"""Drive operations that count against the Drive quota (a batch counts as its inner requests)."""
_SCOPES_FOR_OP: dict[str, frozenset[str]] = {
    "drive.files.list": _DRIVE_META_SCOPES,
    "drive.files.get": _DRIVE_META_SCOPES,
    "drive.about.get": _DRIVE_META_SCOPES,
    "drive.files.get_media": _DRIVE_CONTENT_SCOPES,
    "drive.files.export": _DRIVE_CONTENT_SCOPES,
    **{op: _SHEETS_SCOPES for op in _SHEETS_READ_OPS},
}

#: Audiences google-auth puts in the JWT assertion.  Note: google-auth always signs for
#: ``https://oauth2.googleapis.com/token`` whatever ``token_uri`` says, and only *posts* to
#: ``token_uri``; Google accepts these historic audiences too.
_TOKEN_AUDIENCES = frozenset(
    {
        "https://oauth2.googleapis.com/token",
        "https://accounts.google.com/o/oauth2/token",
        "https://www.googleapis.com/oauth2/v4/token",
    }
)
_JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

#: Day zero of Google Sheets (and Excel's 1900 system, past 1900-03-01) serial numbers.
SERIAL_EPOCH = dt.datetime(1899, 12, 30)

#: Field names of the Drive v3 File resource: a ``fields`` mask naming anything else is a 400,
#: as on Google, which catches typos in the product's masks.
DRIVE_FILE_FIELDS = frozenset(
    str.split(
        """kind id name mimeType description starred trashed explicitlyTrashed trashingUser
        trashedTime parents properties appProperties spaces version webContentLink webViewLink
        iconLink hasThumbnail thumbnailLink thumbnailVersion viewedByMe viewedByMeTime
        createdTime modifiedTime modifiedByMeTime modifiedByMe sharedWithMeTime sharingUser
        owners driveId teamDriveId lastModifyingUser shared ownedByMe capabilities
        viewersCanCopyContent copyRequiresWriterPermission writersCanShare permissions
        permissionIds hasAugmentedPermissions folderColorRgb originalFilename fullFileExtension
        fileExtension md5Checksum sha1Checksum sha256Checksum size quotaBytesUsed headRevisionId
        contentHints imageMediaMetadata videoMediaMetadata isAppAuthorized exportLinks
        shortcutDetails contentRestrictions resourceKey linkShareMetadata labelInfo
        inheritedPermissionsDisabled downloadRestrictions"""
    )
)
_FILE_LIST_FIELDS = frozenset({"kind", "nextPageToken", "incompleteSearch", "files"})
_DEFAULT_LIST_FIELDS = "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)"
_DEFAULT_GET_FIELDS = "kind,id,name,mimeType"

# --------------------------------------------------------------------------------------------
# Cells: how Google stores spreadsheet values, and how it renders them
# --------------------------------------------------------------------------------------------

CellValue = str | int | float | bool
#: What the builder accepts for a cell; dates become serial numbers like Google's (school records
#: hold no time-of-day or duration cells, so the fake stores none).
CellInput = CellValue | None | dt.date | dt.datetime
DateKind = Literal["date", "datetime"]


@dataclass(frozen=True)
class Cell:
    """One stored cell: the effective value plus, for dates, the kind of date format applied.

    Google keeps dates as serial numbers with a date number-format; ``UNFORMATTED_VALUE`` +
    ``SERIAL_NUMBER`` gives the number, ``FORMATTED_VALUE`` the formatted text.
    """

    value: CellValue
    kind: DateKind | None = None
    pattern: str | None = None  # number format pattern (from xlsx), None = locale default


def to_serial(value: dt.date | dt.datetime) -> int | float:
    """Return the Sheets serial number of a date or datetime (days since 1899-12-30).

    Whole numbers come back as ``int`` because Google's JSON writes ``45536``, not ``45536.0``.
    """
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - SERIAL_EPOCH
        days: float = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    else:
        days = (value - SERIAL_EPOCH.date()).days
    return _json_number(days)


def _json_number(value: float) -> int | float:
    """Render a number the way Google's JSON does: integral values without a fraction."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _from_serial(serial: float) -> dt.datetime:
    """Serial number → naive datetime, rounded to the second as Sheets displays it."""
    return SERIAL_EPOCH + dt.timedelta(seconds=round(serial * 86400))


def to_cell(value: CellInput, pattern: str | None = None, kind: DateKind | None = None) -> Cell | None:
    """Convert a Python value to a stored cell; ``None`` and ``""`` are empty (no cell).

    ``kind`` overrides the date kind (xlsx conversion knows a datetime is really a date from the
    cell's number format).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Cell(value)
    if isinstance(value, dt.datetime):
        return Cell(to_serial(value), kind or "datetime", pattern)
    if isinstance(value, dt.date):
        return Cell(to_serial(value), "date", pattern)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"Google Sheets cannot hold {value!r}")
        return Cell(_json_number(value), None, pattern)
    if isinstance(value, str):
        return Cell(value, None, pattern)
    raise TypeError(f"unsupported cell value {value!r} ({type(value).__name__})")


_LOCALE_DATE_PATTERNS: dict[str, dict[DateKind, str]] = {
    # Approximations of Google's defaults; only FORMATTED_VALUE and CSV export use them.
    "en_US": {
        "date": "M/d/yyyy",
        "datetime": "M/d/yyyy H:mm:ss",
    },
    "vi_VN": {
        "date": "d/M/yyyy",
        "datetime": "d/M/yyyy H:mm:ss",
    },
}
_DATE_TOKEN = re.compile(r"\[[^\]]*\]|yyyy|mm|m|dd|d|hh|h|ss|s|.", re.IGNORECASE)
"""The tokens of the date patterns school files and Google's defaults use (no names, no AM/PM)."""


def _format_date(serial: float, pattern: str) -> str:
    """Format a serial number with a Sheets/Excel date pattern (``dd/mm/yyyy``, ``d/M/yyyy H:mm:ss``)."""
    when = _from_serial(serial)
    tokens = _DATE_TOKEN.findall(pattern.split(";")[0])
    lowered = [t.lower() for t in tokens]
    out: list[str] = []
    for i, (tok, low) in enumerate(zip(tokens, lowered, strict=True)):
        if low in ("m", "mm"):
            before = next((t for t in reversed(lowered[:i]) if t[0] in "ydhs"), "")
            after = next((t for t in lowered[i + 1 :] if t[0] in "ydhs"), "")
            minute = before.startswith("h") or after.startswith("s")
            number = when.minute if minute else when.month
        elif low in ("dd", "d"):
            number = when.day
        elif low in ("hh", "h"):
            number = when.hour
        elif low in ("ss", "s"):
            number = when.second
        elif low == "yyyy":
            out.append(f"{when.year:04d}")
            continue
        else:
            out.append("" if tok.startswith("[") else tok)
            continue
        out.append(f"{number:02d}" if len(low) == 2 else str(number))
    return "".join(out)


def _format_number(value: float) -> str:
    """Google's automatic number format (en_US): what FORMATTED_VALUE shows for a General cell."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def render_cell(cell: Cell, value_render: str, datetime_render: str, locale: str) -> CellValue:
    """Return a cell as the Sheets API would for the given render options."""
    if value_render == "FORMATTED_VALUE" or (cell.kind and datetime_render == "FORMATTED_STRING"):
        return format_cell(cell, locale)
    return cell.value


def format_cell(cell: Cell, locale: str) -> str:
    """The cell's displayed text (``FORMATTED_VALUE``)."""
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    if cell.kind:
        defaults = _LOCALE_DATE_PATTERNS.get(locale, _LOCALE_DATE_PATTERNS["en_US"])
        return _format_date(value, cell.pattern or defaults[cell.kind])
    return _format_number(value)


# --------------------------------------------------------------------------------------------
# A1 notation
# --------------------------------------------------------------------------------------------

_A1_END = re.compile(r"^([A-Za-z]{0,3})(\d*)$")


def col_letters(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def quote_sheet_title(title: str) -> str:
    """Quote a tab title the way Sheets echoes ranges: ``Sheet1`` bare, ``'Học sinh'`` quoted."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_range(text: str) -> tuple[str | None, str | None]:
    """Split ``'Tab ''x'''!A1:B2`` into (title, cells); either part may be ``None``."""
    if text.startswith("'"):
        i, chars = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    chars.append("'")
                    i += 2
                    continue
                break
            chars.append(text[i])
            i += 1
        else:
            raise ValueError(text)
        rest = text[i + 1 :]
        if rest and not rest.startswith("!"):
            raise ValueError(text)
        return "".join(chars), (rest[1:] or None) if rest else None
    if "!" in text:
        title, cells = text.split("!", 1)
        return title, cells or None
    return text, None


@dataclass(frozen=True)
class GridRange:
    """1-based inclusive bounds; ``None`` = open to the grid's edge."""

    r0: int
    c0: int
    r1: int | None
    c1: int | None
    single: bool = False


def parse_cells(cells: str) -> GridRange:
    """Parse ``A1``, ``A1:B2``, ``A:C``, ``2:5``, ``A5:C``; raise ``ValueError`` otherwise."""
    parts = cells.split(":")
    if len(parts) > 2 or not all(parts):
        raise ValueError(cells)
    ends = [_A1_END.match(p) for p in parts]
    if not all(ends):
        raise ValueError(cells)
    matched = [cast(re.Match[str], m) for m in ends]
    if len(parts) == 1:
        letters, digits = matched[0].groups()
        if not letters or not digits:
            raise ValueError(cells)
        r, c = int(digits), _col_index(letters)
        return GridRange(r, c, r, c, single=True)
    (l0, d0), (l1, d1) = matched[0].groups(), matched[1].groups()
    if (not l0 and not d0) or (not l1 and not d1):
        raise ValueError(cells)
    if (l0 and not l1 and not d0) or (d0 and not d1 and not l0):
        raise ValueError(cells)  # e.g. "A:3"
    r0 = int(d0) if d0 else 1
    c0 = _col_index(l0) if l0 else 1
    r1 = int(d1) if d1 else None
    c1 = _col_index(l1) if l1 else None
    if (r1 is not None and r1 < r0) or (c1 is not None and c1 < c0) or r0 < 1 or c0 < 1:
        raise ValueError(cells)
    return GridRange(r0, c0, r1, c1)


# --------------------------------------------------------------------------------------------
# Partial-response field masks (``fields=files(id,name),nextPageToken``)
# --------------------------------------------------------------------------------------------

Mask = dict[str, "Mask | None"]


def parse_fields(text: str) -> Mask:
    """Parse a Google partial-response mask; ``/`` and ``.`` both separate path segments."""
    pos = 0

    def parse_list(depth: int) -> Mask:
        nonlocal pos
        mask: Mask = {}
        while True:
            start = pos
            while pos < len(text) and text[pos] not in ",()":
                pos += 1
            path = text[start:pos].strip()
            if not path:
                raise ValueError(f"empty field in {text!r}")
            sub: Mask | None = None
            if pos < len(text) and text[pos] == "(":
                pos += 1
                sub = parse_list(depth + 1)
                if pos >= len(text) or text[pos] != ")":
                    raise ValueError(f"unbalanced parentheses in {text!r}")
                pos += 1
            _merge_path(mask, re.split(r"[/.]", path), sub)
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            if depth == 0 and pos < len(text):
                raise ValueError(f"unexpected {text[pos]!r} in {text!r}")
            return mask

    result = parse_list(0)
    return result


def _merge_path(mask: Mask, segments: list[str], sub: Mask | None) -> None:
    head, rest = segments[0].strip(), segments[1:]
    if not rest:
        existing = mask.get(head, {})
        if head in mask and existing is None:
            return
        if sub is None:
            mask[head] = None
        else:
            merged = dict(existing or {})
            for key, value in sub.items():
                _merge_path(merged, [key], value)
            mask[head] = merged
        return
    child = mask.get(head, {})
    if child is None:
        return
    mask[head] = child
    _merge_path(child, rest, sub)


def apply_mask(mask: Mask | None, value: Any) -> Any:
    """Keep only the masked parts of a JSON value (lists: applied to each element)."""
    if mask is None or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(mask, item) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: apply_mask(sub, value[key]) for key, sub in mask.items() if key in value}


# --------------------------------------------------------------------------------------------
# Drive ``q`` queries
# --------------------------------------------------------------------------------------------

_Q_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|(?P<op>!=|<=|>=|=|<|>|\(|\))"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
Predicate = Callable[["DriveFile"], bool]


class QueryError(ValueError):
    """A Drive ``q`` the fake (or Drive) does not accept."""


VISIBILITY_VALUES = ("anyoneCanFind", "anyoneWithLink", "domainCanFind", "domainWithLink", "limited")
"""Drive's ``visibility`` query values; any other value is a 400."""


def compile_query(
    q: str, resolve: Callable[[str], str], visibility: Callable[[DriveFile], str] | None = None
) -> Predicate:
    """Compile a Drive ``q`` into a predicate over :class:`DriveFile`.

    Supports what the product asks: ``and``/``or``/parentheses, ``'<id>' in parents``,
    ``trashed = bool``, ``mimeType``/``name`` with ``=``/``!=`` and ``visibility`` (``=``/``!=``,
    Drive's five values); anything else is Drive's 400 ``invalid``.  ``resolve`` maps aliases such
    as ``root``; ``visibility`` says a file's visibility level.
    """
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(q):
        if q[pos:].strip() == "":
            break
        m = _Q_TOKEN.match(q, pos)
        if not m or m.end() == pos:
            raise QueryError(q)
        kind = cast(str, m.lastgroup)
        raw = m.group(kind)
        if kind == "str":
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        tokens.append((kind, raw))
        pos = m.end()
    index = 0

    def peek() -> tuple[str, str] | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal index
        if index >= len(tokens):
            raise QueryError(q)
        index += 1
        return tokens[index - 1]

    def is_word(tok: tuple[str, str] | None, word: str) -> bool:
        return tok is not None and tok[0] == "word" and tok[1].lower() == word

    def parse_or() -> Predicate:
        parts = [parse_and()]
        while is_word(peek(), "or"):
            take()
            parts.append(parse_and())
        return parts[0] if len(parts) == 1 else lambda f: any(p(f) for p in parts)

    def parse_and() -> Predicate:
        parts = [parse_group()]
        while is_word(peek(), "and"):
            take()
            parts.append(parse_group())
        return parts[0] if len(parts) == 1 else lambda f: all(p(f) for p in parts)

    def parse_group() -> Predicate:
        if peek() == ("op", "("):
            take()
            inner = parse_or()
            if take() != ("op", ")"):
                raise QueryError(q)
            return inner
        return parse_term()

    def parse_term() -> Predicate:
        first = take()
        if first[0] == "str":
            if not is_word(take(), "in"):
                raise QueryError(q)
            target = take()
            if target[0] != "word" or target[1] != "parents":
                raise QueryError(q)
            parent = resolve(first[1])
            return lambda f: parent in f.parents
        if first[0] != "word":
            raise QueryError(q)
        name = first[1]
        op_tok = take()
        op = op_tok[1].lower()
        value_tok = take()
        if op not in ("=", "!="):
            raise QueryError(q)
        if name == "trashed":
            if value_tok[0] != "word" or value_tok[1] not in ("true", "false"):
                raise QueryError(q)
            want = value_tok[1] == "true"
            return (lambda f: f.trashed == want) if op == "=" else (lambda f: f.trashed != want)
        if value_tok[0] != "str":
            raise QueryError(q)
        value = value_tok[1]
        if name == "visibility":
            if value not in VISIBILITY_VALUES or visibility is None:
                raise QueryError(q)
            see = visibility
            return (lambda f: see(f) == value) if op == "=" else (lambda f: see(f) != value)
        getters: dict[str, Callable[[DriveFile], str]] = {"name": lambda f: f.name, "mimeType": lambda f: f.mime_type}
        if name not in getters:
            raise QueryError(q)
        get = getters[name]
        return (lambda f: get(f) == value) if op == "=" else (lambda f: get(f) != value)

    if not tokens:
        return lambda f: True
    predicate = parse_or()
    if index != len(tokens):
        raise QueryError(q)
    return predicate


# --------------------------------------------------------------------------------------------
# The in-memory Drive
# --------------------------------------------------------------------------------------------


@dataclass
class Tab:
    """One tab of a native Google Sheet: rows of stored cells (ragged; ``None`` = empty)."""

    title: str
    rows: list[list[Cell | None]]
    sheet_id: int
    hidden: bool = False
    row_count: int = 1000
    column_count: int = 26
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges as Google's GridRange: (startRow, endRow, startColumn, endColumn), ends exclusive."""


@dataclass(frozen=True)
class TabSpec:
    """Builder input for a tab when plain rows are not enough (hidden tab, explicit grid, merges)."""

    rows: Sequence[Sequence[CellInput | Cell]]
    hidden: bool = False
    row_count: int | None = None
    column_count: int | None = None
    merges: Sequence[tuple[int, int, int, int]] = ()


@dataclass
class DriveFile:
    """A file, folder or native spreadsheet in the fake Drive."""

    id: str
    name: str
    mime_type: str
    parents: list[str]
    created_time: dt.datetime
    modified_time: dt.datetime
    version: int = 1
    trashed: bool = False
    drive_id: str | None = None
    data: bytes | None = None
    tabs: list[Tab] | None = None
    unshared: bool = False
    locale: str = "en_US"
    time_zone: str = "Asia/Ho_Chi_Minh"
    owner_email: str = "school@example.edu.vn"
    shortcut: dict[str, str] | None = None
    """A shortcut's ``shortcutDetails`` (targetId, targetMimeType as recorded when it was made)."""
    grants: list[dict[str, Any]] = field(default_factory=list)
    """Permissions beyond the owner's (Drive's Permission shape: type, role, domain/emailAddress,
    allowFileDiscovery); they propagate to everything under a folder, as on Drive."""

    @property
    def is_folder(self) -> bool:
        return self.mime_type == FOLDER_MIME

    @property
    def is_sheet(self) -> bool:
        return self.mime_type == SHEET_MIME

    @property
    def md5(self) -> str | None:
        return hashlib.md5(self.data).hexdigest() if self.data is not None else None


@dataclass
class ServiceAccount:
    """A service account the token endpoint trusts: its key pair and its JSON key file."""

    email: str
    private_key_id: str
    private_key_pem: str
    public_key: Any  # cryptography RSAPublicKey
    project_id: str
    token_uri: str
    delegation: bool = True  # may it impersonate users (domain-wide delegation)?

    def info(self) -> dict[str, str]:
        """The JSON key file content, as downloaded from the Cloud console."""
        return {
            "type": "service_account",
            "project_id": self.project_id,
            "private_key_id": self.private_key_id,
            "private_key": self.private_key_pem,
            "client_email": self.email,
            "client_id": str(int(hashlib.sha256(self.email.encode()).hexdigest()[:20], 16)),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
            + self.email.replace("@", "%40"),
            "universe_domain": "googleapis.com",
        }

    def write(self, path: Path) -> Path:
        """Write the JSON key file to ``path`` and return it."""
        path.write_text(json.dumps(self.info(), indent=2), encoding="utf-8")
        return path


@dataclass(frozen=True)
class TokenGrant:
    """An access token the fake issued: who, for whom (``sub``), which scopes."""

    token: str
    email: str
    subject: str | None
    scopes: frozenset[str]
    expires_at: float  # time.monotonic()

    @property
    def user(self) -> str:
        """The Drive user the token acts as: the delegated subject, else the service account."""
        return self.subject or self.email


@dataclass
class RequestRecord:
    """One request as the server saw it (``status`` is filled in once answered)."""

    method: str
    path: str
    query: dict[str, list[str]]
    operation: str = "unknown"
    status: int = 0
    user: str | None = None


@dataclass(frozen=True)
class WriteAttempt:
    """A non-GET request that the read-only fake refused with 405."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes


@dataclass
class Fault:
    """An injected failure/delay for the next ``times`` requests matching ``target``."""

    target: str
    status: int | None
    times: int | None
    delay: float
    reason: str | None
    message: str | None
    hits: int = 0
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    def matches(self, operation: str, path_and_query: str) -> bool:
        if self.target == operation:
            return True
        return self._pattern is not None and bool(self._pattern.search(path_and_query))

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


class ScaledClock:
    """Monotonic "simulated seconds" running ``scale`` times faster than real time.

    Quota windows are measured on this clock so a benchmark can simulate minutes of quota in
    seconds; :meth:`advance` jumps ahead for deterministic tests.
    """

    def __init__(self, scale: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._t0 = time.monotonic()
        self._offset = 0.0
        self.scale = scale

    def now(self) -> float:
        """Simulated seconds since the clock started."""
        with self._lock:
            return (time.monotonic() - self._t0) * self.scale + self._offset

    def advance(self, seconds: float) -> None:
        """Jump the simulated time forward."""
        with self._lock:
            self._offset += seconds

    def set_scale(self, scale: float) -> None:
        """Change the speed without a jump in simulated time."""
        current = self.now()
        with self._lock:
            self._t0 = time.monotonic()
            self._offset = current
            self.scale = scale


@dataclass
class _Quota:
    sheets_per_user: int | None
    drive_per_user: int | None
    events: dict[str, collections.deque[float]] = field(
        default_factory=lambda: collections.defaultdict(collections.deque)
    )


# --------------------------------------------------------------------------------------------
# Errors shaped like Google's
# --------------------------------------------------------------------------------------------

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class ApiError(Exception):
    """An HTTP error answer; raised inside handlers, turned into a response by the dispatcher."""

    def __init__(self, code: int, body: dict[str, Any], headers: Mapping[str, str] | None = None):
        super().__init__(f"{code}: {json.dumps(body)[:200]}")
        self.code = code
        self.body = body
        self.headers = dict(headers or {})


def sheets_error(code: int, message: str, status: str | None = None, details: list[Any] | None = None) -> ApiError:
    """``{"error": {"code", "message", "status"}}`` — the Sheets v4 (and gRPC gateway) shape."""
    err: dict[str, Any] = {
        "code": code,
        "message": message,
        "status": status or _STATUS_NAMES.get(code, "UNKNOWN"),
    }
    if details:
        err["details"] = details
    return ApiError(code, {"error": err})


def drive_error(
    code: int,
    message: str,
    reason: str,
    *,
    domain: str = "global",
    location: str | None = None,
    location_type: str | None = None,
    status: str | None = None,
) -> ApiError:
    """Drive v3's shape: ``errors: [{domain, reason, message, ...}]`` next to code/message.

    googleapiclient looks at ``errors[0].reason`` to decide whether a 403 is retryable
    (``userRateLimitExceeded``/``rateLimitExceeded``), so the shape matters.
    """
    item: dict[str, str] = {"message": message, "domain": domain, "reason": reason}
    if location:
        item["location"] = location
        item["locationType"] = location_type or "parameter"
    err: dict[str, Any] = {"code": code, "message": message, "errors": [item]}
    if status:
        err["status"] = status
    return ApiError(code, {"error": err})


def oauth_error(code: int, error: str, description: str) -> ApiError:
    """The token endpoint's RFC 6749 shape: ``{"error", "error_description"}``."""
    return ApiError(code, {"error": error, "error_description": description})


def _quota_details(limit_name: str, limit: int, service: str) -> list[Any]:
    return [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_limit": limit_name,
                "quota_metric": f"{service}/read_requests",
                "quota_location": "global",
                "service": service,
                "consumer": "projects/000000000000",
                "quota_limit_value": str(limit),
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]


def _sheets_quota_error(limit_name: str, limit: int) -> ApiError:
    human = {
        "ReadRequestsPerMinutePerUser": "Read requests per minute per user",
        "ReadRequestsPerMinutePerProject": "Read requests per minute",
    }.get(limit_name, limit_name)
    return sheets_error(
        429,
        "Quota exceeded for quota metric 'Read requests' and limit "
        f"'{human}' of service 'sheets.googleapis.com' for consumer "
        "'project_number:000000000000'.",
        "RESOURCE_EXHAUSTED",
        _quota_details(limit_name, limit, "sheets.googleapis.com"),
    )


_DRIVE_REASONS: dict[str, tuple[str, str]] = {
    # reason → (domain, message)
    "userRateLimitExceeded": ("usageLimits", "User Rate Limit Exceeded"),
    "rateLimitExceeded": ("usageLimits", "Rate Limit Exceeded"),
    "dailyLimitExceeded": ("usageLimits", "Daily Limit Exceeded"),
    "forbidden": ("global", "The user does not have sufficient permissions for this file."),
    "insufficientFilePermissions": (
        "global",
        "The user does not have sufficient permissions for this file.",
    ),
    "notFound": ("global", "File not found."),
    "backendError": ("global", "Backend Error"),
    "internalError": ("global", "Internal Error"),
    "badRequest": ("global", "Bad Request"),
}


def _fault_error(api: str, fault: Fault, file_id: str | None) -> ApiError:
    """The error body an injected fault produces, in the shape of the API it hit."""
    code = cast(int, fault.status)
    if api == "oauth":
        error = {400: "invalid_grant", 401: "invalid_client"}.get(code, "internal_failure")
        return oauth_error(code, fault.reason or error, fault.message or "Injected failure.")
    if api == "drive":
        default_reason = {
            403: "userRateLimitExceeded",
            404: "notFound",
            429: "rateLimitExceeded",
            400: "badRequest",
        }.get(code, "backendError")
        reason = fault.reason or default_reason
        domain, message = _DRIVE_REASONS.get(reason, ("global", reason))
        if reason == "notFound" and file_id:
            message = f"File not found: {file_id}."
        return drive_error(code, fault.message or message, reason, domain=domain)
    if code == 429:
        err = _sheets_quota_error("ReadRequestsPerMinutePerUser", 60)
        if fault.message:
            err.body["error"]["message"] = fault.message
        return err
    default_message = {
        400: "Request contains an invalid argument.",
        403: "The caller does not have permission",
        404: "Requested entity was not found.",
        500: "Internal error encountered.",
        503: "The service is currently unavailable.",
    }.get(code, "Injected failure.")
    details = None
    if fault.reason:
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": fault.reason,
                "domain": "googleapis.com",
            }
        ]
    return sheets_error(code, fault.message or default_message, None, details)


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


@dataclass
class _Response:
    status: int
    body: bytes
    content_type: str = "application/json; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)


def _json_response(payload: Any, status: int = 200) -> _Response:
    return _Response(status, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fake: FakeGoogle) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    """Thin adapter: every method goes to :meth:`FakeGoogle._dispatch`."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as httplib2/requests expect
    timeout = 30  # idle keep-alive connections close eventually

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add
        # ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.fake._track_connection(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._track_connection(self.connection, add=False)

    def do_GET(self) -> None:
        self.server.fake._dispatch(self)

    def __getattr__(self, name: str) -> Any:
        # Any other verb (POST, PUT, PATCH, DELETE, HEAD, OPTIONS, PROPFIND...) is dispatched
        # too, so the read-only policy answers 405 instead of http.server's 501.
        if name.startswith("do_"):
            return lambda: self.server.fake._dispatch(self)
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("fake-google: " + format, *args)


@dataclass
class _InnerRequest:
    """One ``application/http`` part of a batch, shaped like the handler ``_handle`` reads."""

    command: str
    path: str
    headers: Message
    body: bytes

    @classmethod
    def parse(cls, payload: Any, outer: _Handler) -> _InnerRequest:
        text = payload if isinstance(payload, str) else bytes(payload).decode("utf-8")
        head, _, body = text.replace("\r\n", "\n").partition("\n\n")
        request_line, *header_lines = head.strip("\n").split("\n")
        command, path, *_ = request_line.split(" ")
        headers = Message()
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        if "Authorization" not in headers and outer.headers.get("Authorization"):
            headers["Authorization"] = outer.headers["Authorization"]
        return cls(command.upper(), path, headers, body.encode("utf-8"))


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    """Read the request body so keep-alive stays in sync (the Google libraries send Content-Length)."""
    headers: Message = handler.headers
    length = int(headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


def _truthy(query: Mapping[str, list[str]], name: str) -> bool:
    return query.get(name, ["false"])[-1].lower() in ("true", "1")


def _one(query: Mapping[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = query.get(name)
    return values[-1] if values else default


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _rfc3339(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True)
class _Route:
    operation: str
    api: Literal["oauth", "drive", "sheets", "other"]
    file_id: str | None = None
    range: str | None = None


def _route(method: str, raw_path: str, query: Mapping[str, list[str]]) -> _Route:
    """Map (method, raw path) to an operation; path segments are unquoted *after* splitting so
    a ``/`` inside an encoded range or id cannot confuse routing."""
    if raw_path == "/token":
        return _Route("token", "oauth")
    if method == "POST" and raw_path.rstrip("/") == "/batch/drive/v3":
        return _Route("drive.batch", "drive")
    segments = [unquote(s) for s in raw_path.strip("/").split("/")]
    if segments[:2] == ["drive", "v3"]:
        rest = segments[2:]
        if rest == ["files"]:
            return _Route("drive.files.list", "drive")
        if len(rest) == 2 and rest[0] == "files":
            op = "drive.files.get_media" if _one(query, "alt") == "media" else "drive.files.get"
            return _Route(op, "drive", rest[1])
        if len(rest) == 3 and rest[0] == "files" and rest[2] == "export":
            return _Route("drive.files.export", "drive", rest[1])
        if rest == ["about"]:
            return _Route("drive.about.get", "drive")
        return _Route("unknown", "drive")
    if segments[:2] == ["v4", "spreadsheets"] and len(segments) >= 3:
        rest = segments[2:]
        if len(rest) == 1 and ":" not in rest[0]:
            return _Route("sheets.spreadsheets.get", "sheets", rest[0])
        if len(rest) == 2 and rest[1] == "values:batchGet":
            return _Route("sheets.values.batchGet", "sheets", rest[0])
        if len(rest) == 3 and rest[1] == "values":
            return _Route("sheets.values.get", "sheets", rest[0], rest[2])
        return _Route("unknown", "sheets", rest[0])
    return _Route("unknown", "other")


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeGoogle:
    """Loopback fake of Google's token, Drive v3 and Sheets v4 endpoints (read-only).

    Build the drive with :meth:`add_folder`, :meth:`add_google_sheet`, :meth:`add_file`...,
    point the real libraries at :attr:`base_url` (see :func:`google_clients`), then assert on
    :attr:`calls`, :attr:`requests`, :attr:`write_attempts`, :attr:`token_grants`.
    """

    def __init__(self, *, seed: int = 0, start_time: dt.datetime | None = None) -> None:
        self._lock = threading.RLock()
        self._rng = random.Random(seed)
        self._now = start_time or dt.datetime(2024, 9, 2, 1, 0, tzinfo=dt.UTC)
        self.files: dict[str, DriveFile] = {}
        self.shared_drives: dict[str, str] = {}  # id → name
        self.root_id = self._new_id(28, prefix="0A")
        self.service_accounts: dict[str, ServiceAccount] = {}
        self.allowed_scopes: set[str] = set(READONLY_SCOPES)
        self.token_lifetime = 3600
        self.tokens: dict[str, TokenGrant] = {}
        self.token_grants: list[TokenGrant] = []
        self.subjects: list[str] = []
        self.calls: collections.Counter[str] = collections.Counter()
        self.requests: list[RequestRecord] = []
        self.write_attempts: list[WriteAttempt] = []
        self.faults: list[Fault] = []
        self.clock = ScaledClock()
        self.quota: _Quota | None = None
        self.quota_rejections = 0
        self.server_errors: list[str] = []  # tracebacks of bugs in the fake itself
        self.can_share = False
        """Whether the service account may share the files (writer): Drive then returns
        ``permissions`` and ``capabilities.canShare``; a Viewer (the default) never sees them."""
        self.export_limit_bytes = 10 * 1024 * 1024
        """Drive refuses to export more than 10 MB (403 ``exportSizeLimitExceeded``)."""
        self._exports: dict[tuple[str, int], bytes] = {}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeGoogle:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        if self._httpd is None:
            self._httpd = _HTTPServer(self)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-google",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop open keep-alive connections."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeGoogle is not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def token_uri(self) -> str:
        return self.base_url + "/token"

    def _track_connection(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    # ---- service accounts and tokens -----------------------------------------------------

    def create_service_account(
        self,
        email: str = "elschool-audit@elschool-test.iam.gserviceaccount.com",
        *,
        delegation: bool = True,
    ) -> ServiceAccount:
        """Make an RSA key pair and register a service account the token endpoint trusts.

        The key JSON (:meth:`ServiceAccount.info`) has ``token_uri`` pointing at this server,
        which is all google-auth needs to run the real JWT-bearer flow against it.
        """
        from cryptography.hazmat.primitives import serialization

        key = _rsa_key()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        account = ServiceAccount(
            email=email,
            private_key_id=secrets.token_hex(20),
            private_key_pem=pem,
            public_key=key.public_key(),
            project_id=email.split("@")[1].split(".")[0],
            token_uri=self.token_uri,
            delegation=delegation,
        )
        with self._lock:
            self.service_accounts[email] = account
        return account

    def expire_tokens(self) -> None:
        """Make every issued access token invalid (the next API call gets 401 and the client
        library must refresh)."""
        with self._lock:
            for token, grant in list(self.tokens.items()):
                self.tokens[token] = TokenGrant(grant.token, grant.email, grant.subject, grant.scopes, 0.0)

    # ---- building the drive --------------------------------------------------------------

    def _new_id(self, length: int, prefix: str = "1") -> str:
        return prefix + "".join(self._rng.choice(_ID_ALPHABET) for _ in range(length))

    def _tick(self, when: dt.datetime | None) -> dt.datetime:
        if when is not None:
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        self._now += dt.timedelta(seconds=1, milliseconds=self._rng.randrange(1000))
        return self._now

    def _place(self, parent: str | None) -> tuple[list[str], str | None]:
        if parent is None or parent == "root":
            return [self.root_id], None
        if parent in self.shared_drives:
            return [parent], parent
        if parent not in self.files:
            raise KeyError(f"no such parent folder {parent!r}")
        folder = self.files[parent]
        if not folder.is_folder:
            raise ValueError(f"parent {parent!r} is not a folder")
        return [parent], folder.drive_id

    def _add(
        self,
        name: str,
        mime: str,
        parent: str | None,
        *,
        id_length: int,
        modified_time: dt.datetime | None,
        **extra: Any,
    ) -> str:
        with self._lock:
            parents, drive_id = self._place(parent)
            file_id = self._new_id(id_length)
            when = self._tick(modified_time)
            self.files[file_id] = DriveFile(
                id=file_id,
                name=name,
                mime_type=mime,
                parents=parents,
                created_time=when,
                modified_time=when,
                drive_id=drive_id,
                **extra,
            )
            return file_id

    def add_shared_drive(self, name: str) -> str:
        """Create a shared drive; its id doubles as the id of its root folder."""
        with self._lock:
            drive_id = self._new_id(17, prefix="0A") + "Uk9PVA"
            self.shared_drives[drive_id] = name
            return drive_id

    def add_folder(self, name: str, parent: str | None = None, *, modified_time: dt.datetime | None = None) -> str:
        """Add a folder (in My Drive root, another folder, or a shared drive) and return its id."""
        return self._add(name, FOLDER_MIME, parent, id_length=32, modified_time=modified_time)

    def add_google_sheet(
        self,
        name: str,
        parent: str | None,
        tabs: Mapping[str, Sequence[Sequence[CellInput | Cell]] | TabSpec],
        *,
        locale: str = "en_US",
        time_zone: str = "Asia/Ho_Chi_Minh",
        modified_time: dt.datetime | None = None,
    ) -> str:
        """Add a native Google Sheet; ``tabs`` maps tab title → rows (or a :class:`TabSpec`).

        Cells: str/int/float/bool as themselves; date/datetime/time/timedelta become serial
        numbers with a date format; ``None``/``""`` are empty.  Trailing empties are dropped.
        """
        with self._lock:
            built = self._build_tabs(tabs)
        return self._add(
            name,
            SHEET_MIME,
            parent,
            id_length=43,
            modified_time=modified_time,
            tabs=built,
            locale=locale,
            time_zone=time_zone,
        )

    def _build_tabs(self, tabs: Mapping[str, Sequence[Sequence[CellInput | Cell]] | TabSpec]) -> list[Tab]:
        if not tabs:
            raise ValueError("a Google Sheet has at least one tab")
        built: list[Tab] = []
        for index, (title, spec) in enumerate(tabs.items()):
            if not isinstance(spec, TabSpec):
                spec = TabSpec(spec)
            rows: list[list[Cell | None]] = []
            for raw_row in spec.rows:
                row = [c if isinstance(c, Cell) else to_cell(c) for c in raw_row]
                while row and row[-1] is None:
                    row.pop()
                rows.append(row)
            while rows and not rows[-1]:
                rows.pop()
            width = max((len(r) for r in rows), default=0)
            built.append(
                Tab(
                    title=title,
                    rows=rows,
                    sheet_id=0 if index == 0 else self._rng.randrange(1, 2**31 - 1),
                    hidden=spec.hidden,
                    row_count=spec.row_count or max(1000, len(rows)),
                    column_count=spec.column_count or max(26, width),
                    merges=list(spec.merges),
                )
            )
        return built

    def add_google_sheet_from_xlsx(
        self,
        path: str | Path,
        parent: str | None,
        *,
        name: str | None = None,
        uncached_formulas: Literal["error", "empty"] = "error",
        modified_time: dt.datetime | None = None,
    ) -> str:
        """Convert an .xlsx into a native Google Sheet, as Drive's "convert uploads" does.

        Values are read with openpyxl ``data_only=True`` (cached results of formulas); dates
        become serial numbers from 1899-12-30, booleans/numbers/strings stay typed; hidden
        sheets stay hidden; trailing empty cells are dropped per row.  A formula with no cached
        value (a file written by openpyxl and never opened in Excel) would be *recalculated* by
        Google, which this fake cannot do: by default that is an error, not a silent blank.
        """
        path = Path(path)
        tabs = _xlsx_to_tabs(path, uncached_formulas)
        return self.add_google_sheet(name if name is not None else path.stem, parent, tabs, modified_time=modified_time)

    def add_file(
        self,
        name: str,
        parent: str | None,
        data: bytes,
        mime: str | None = None,
        *,
        modified_time: dt.datetime | None = None,
    ) -> str:
        """Add an uploaded (binary) file; ``mime`` is guessed from the name if omitted."""
        mime = mime or _guess_mime(name)
        return self._add(name, mime, parent, id_length=32, modified_time=modified_time, data=bytes(data))

    def add_file_from_path(self, path: str | Path, parent: str | None) -> str:
        """Upload a local file as-is (no conversion)."""
        path = Path(path)
        return self.add_file(path.name, parent, path.read_bytes(), _guess_mime(path.name))

    def add_shortcut(self, name: str, parent: str | None, target: str, *, target_mime: str | None = None) -> str:
        """A shortcut to ``target``; ``target_mime`` overrides the recorded target type (Drive
        keeps the type from when the shortcut was made, so it can be stale)."""
        with self._lock:
            mime = target_mime or (self.files[target].mime_type if target in self.files else FOLDER_MIME)
        details = {"targetId": target, "targetMimeType": mime}
        return self._add(name, SHORTCUT_MIME, parent, id_length=33, modified_time=None, shortcut=details)

    def set_export(self, file_id: str, data: bytes) -> None:
        """Serve ``data`` as this native Sheet's .xlsx export: a benchmark hands over the workbook
        the Sheet was made from rather than have openpyxl rebuild hundreds of them."""
        with self._lock:
            f = self.files[file_id]
            self._exports[(f.id, f.version)] = bytes(data)

    def prebuild_exports(self) -> int:
        """Build every native Sheet's .xlsx export now. On Google that work runs on Google's
        servers; in a benchmark the in-process fake would otherwise bill it to the auditor's CPU."""
        with self._lock:
            sheets = [f for f in self.files.values() if f.is_sheet and f.tabs]
        for f in sheets:
            self._exports.setdefault((f.id, f.version), _tabs_to_xlsx(cast(list[Tab], f.tabs), f.modified_time))
        return len(sheets)

    def mirror_directory(self, directory: str | Path, parent: str | None = None, *, convert_xlsx: bool = True) -> str:
        """Copy a local folder tree into the fake Drive and return the new folder's id.

        ``.xlsx`` files become native Google Sheets when ``convert_xlsx`` (as when a school
        uploads with conversion on), otherwise uploaded files; everything else is uploaded.
        """
        directory = Path(directory)
        folder = self.add_folder(directory.name, parent)
        for child in sorted(directory.iterdir()):
            if child.name.startswith((".", "~$")):
                continue
            if child.is_dir():
                self.mirror_directory(child, folder, convert_xlsx=convert_xlsx)
            elif child.suffix.lower() == ".xlsx" and convert_xlsx:
                self.add_google_sheet_from_xlsx(child, folder)
            else:
                self.add_file_from_path(child, folder)
        return folder

    def file(self, file_id: str) -> DriveFile:
        """The stored file (for assertions and direct tweaks)."""
        return self.files[file_id]

    def touch(
        self,
        file_id: str,
        *,
        data: bytes | None = None,
        tabs: Mapping[str, Sequence[Sequence[CellInput | Cell]] | TabSpec] | None = None,
        modified_time: dt.datetime | None = None,
    ) -> None:
        """Simulate an edit: bump ``version`` and ``modifiedTime``; new ``data`` (uploaded
        files, changes ``md5Checksum``) or new ``tabs`` (native sheets) replace the content."""
        with self._lock:
            f = self.files[file_id]
            if data is not None:
                if f.data is None:
                    raise ValueError(f"{file_id} is not an uploaded file")
                f.data = bytes(data)
            if tabs is not None:
                if not f.is_sheet:
                    raise ValueError(f"{file_id} is not a Google Sheet")
                f.tabs = self._build_tabs(tabs)
            f.version += 1
            f.modified_time = self._tick(modified_time)

    def trash(self, file_id: str) -> None:
        """Move to trash (still readable by id; listed unless ``trashed = false`` filters)."""
        with self._lock:
            f = self.files[file_id]
            f.trashed = True
            f.version += 1
            f.modified_time = self._tick(None)

    def unshare(self, file_id: str) -> None:
        """The service account loses access to ``file_id`` and everything under it (Drive then
        answers 404, Sheets 403 — as when a school forgets to share its folder)."""
        with self._lock:
            self.files[file_id].unshared = True

    def share(
        self,
        file_id: str,
        kind: str,
        *,
        domain: str | None = None,
        email: str | None = None,
        discoverable: bool = False,
        role: str = "reader",
    ) -> None:
        """Grant ``kind`` (anyone, domain, user, group) access to ``file_id`` and all under it."""
        perm: dict[str, Any] = {"kind": "drive#permission", "type": kind, "role": role}
        if kind in ("anyone", "domain"):
            perm["allowFileDiscovery"] = discoverable
        if domain is not None:
            perm["domain"] = domain
        if email is not None:
            perm["emailAddress"] = email
        with self._lock:
            f = self.files[file_id]
            perm["id"] = (
                "anyoneWithLink"
                if kind == "anyone"
                else hashlib.sha1(f"{kind}{domain}{email}".encode()).hexdigest()[:20]
            )
            f.grants.append(perm)

    def _grants(self, f: DriveFile) -> list[dict[str, Any]]:
        """The file's own grants and those inherited from every folder above it."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        stack = [f]
        while stack:
            node = stack.pop()
            out.extend(g for g in node.grants if g not in out)
            for p in node.parents:
                if p in self.files and p not in seen:
                    seen.add(p)
                    stack.append(self.files[p])
        return out

    def _visibility(self, f: DriveFile) -> str:
        """Drive's visibility level: the most open of the file's (own and inherited) grants."""
        levels = ["limited"]
        for g in self._grants(f):
            if g["type"] in ("anyone", "domain"):
                levels.append(f"{g['type']}{'CanFind' if g.get('allowFileDiscovery') else 'WithLink'}")
        return min(levels, key=VISIBILITY_VALUES.index)

    def _accessible(self, f: DriveFile) -> bool:
        seen: set[str] = set()
        stack = [f]
        while stack:
            node = stack.pop()
            if node.unshared:
                return False
            for p in node.parents:
                if p in self.files and p not in seen:
                    seen.add(p)
                    stack.append(self.files[p])
        return True

    # ---- instrumentation and fault injection ---------------------------------------------

    def reset_counts(self) -> None:
        """Forget calls, the request log, write attempts and quota rejections."""
        with self._lock:
            self.calls.clear()
            self.requests.clear()
            self.write_attempts.clear()
            self.quota_rejections = 0

    def inject(
        self,
        target: str,
        status: int | None = 500,
        *,
        times: int | None = 1,
        delay: float = 0.0,
        reason: str | None = None,
        message: str | None = None,
    ) -> Fault:
        """Fail (``status``) and/or delay (``delay`` real seconds) the next ``times`` requests
        whose operation name equals ``target`` — or whose ``path?query`` matches it as a regex.

        Bodies follow the API hit: Sheets 429 → ``RESOURCE_EXHAUSTED``; Drive 403 → reason
        ``userRateLimitExceeded`` unless ``reason`` says e.g. ``forbidden``; 500 → ``INTERNAL``/
        ``backendError``.  ``status=None`` only delays.  ``times=None`` never runs out.
        """
        pattern = None if target in OPERATIONS else re.compile(target)
        fault = Fault(target, status, times, delay, reason, message, _pattern=pattern)
        with self._lock:
            self.faults.append(fault)
        return fault

    def enforce_quota(
        self,
        reads_per_minute: int | None = 60,
        *,
        drive_per_minute: int | None = None,
        clock_scale: float | None = None,
    ) -> None:
        """Answer 429 ``RESOURCE_EXHAUSTED`` once more Sheets reads than allowed fall in a
        sliding 60-second window (per user — a service account is one user), measured on
        :attr:`clock` (``clock_scale`` > 1 simulates minutes in seconds).
        ``drive_per_minute`` does the same for Drive calls with 403 ``userRateLimitExceeded``.
        Rejected requests do not consume quota.
        """
        with self._lock:
            self.quota = _Quota(reads_per_minute, drive_per_minute)
            if clock_scale is not None:
                self.clock.set_scale(clock_scale)

    def disable_quota(self) -> None:
        with self._lock:
            self.quota = None

    @property
    def simulated_seconds(self) -> float:
        """Seconds elapsed on the (scaled) quota clock."""
        return self.clock.now()

    def _check_quota(self, op: str, grant: TokenGrant) -> None:
        quota = self.quota
        if quota is None:
            return
        now = self.clock.now()
        checks: list[tuple[str, int, Callable[[], ApiError]]] = []
        if op in _SHEETS_READ_OPS and quota.sheets_per_user is not None:
            limit = quota.sheets_per_user
            checks.append(
                ("sheets:" + grant.user, limit, lambda: _sheets_quota_error("ReadRequestsPerMinutePerUser", limit))
            )
        elif op in _DRIVE_OPS and quota.drive_per_user is not None:
            checks.append(
                (
                    "drive:" + grant.user,
                    quota.drive_per_user,
                    lambda: drive_error(
                        403,
                        "User Rate Limit Exceeded",
                        "userRateLimitExceeded",
                        domain="usageLimits",
                    ),
                )
            )
        with self._lock:
            for key, limit, make_error in checks:
                window = quota.events[key]
                while window and window[0] <= now - 60.0:
                    window.popleft()
                if len(window) >= limit:
                    self.quota_rejections += 1
                    raise make_error()
            for key, _, _ in checks:
                quota.events[key].append(now)

    # ---- dispatch ------------------------------------------------------------------------

    def _dispatch(self, handler: _Handler) -> None:
        split = urlsplit(handler.path)
        query = parse_qs(split.query, keep_blank_values=True)
        record = RequestRecord(handler.command, unquote(split.path), query)
        with self._lock:
            self.requests.append(record)
        try:
            body = _read_body(handler)
            raw_query = split.query
            method: str | None = None
            override = handler.headers.get("X-HTTP-Method-Override", "").upper()
            if handler.command == "POST" and override == "GET" and split.path != "/token":
                # What google-api-python-client sends for a GET whose URL passes 2 KB (a long
                # files.list ``q``): the query moves to the body. Google answers it as the GET.
                method, raw_query = "GET", body.decode("utf-8")
                query = parse_qs(raw_query, keep_blank_values=True)
                record.method, record.query, body = "GET", query, b""
            response = self._handle(handler, split.path, raw_query, query, body, record, method=method)
        except ApiError as err:
            response = _json_response(err.body, err.code)
            response.headers.update(err.headers)
        except Exception:
            trace = traceback.format_exc()
            log.error("fake-google crashed on %s %s\n%s", handler.command, handler.path, trace)
            with self._lock:
                self.server_errors.append(trace)
            response = _json_response(
                {
                    "error": {
                        "code": 500,
                        "message": "fake-google bug: " + trace,
                        "status": "INTERNAL",
                    }
                },
                500,
            )
        record.status = response.status
        try:
            handler.send_response(response.status)
            handler.send_header("Content-Type", response.content_type)
            handler.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(response.body)
        except OSError:  # the client gave up (timeout) or the server is stopping
            handler.close_connection = True

    def _handle(
        self,
        handler: _Handler,
        raw_path: str,
        raw_query: str,
        query: dict[str, list[str]],
        body: bytes,
        record: RequestRecord,
        *,
        method: str | None = None,
    ) -> _Response:
        method = method or handler.command
        route = _route(method, raw_path, query)
        if method != "GET" and not (method == "POST" and route.operation in ("token", "drive.batch")):
            record.operation = "write"
            with self._lock:
                self.write_attempts.append(WriteAttempt(method, record.path, query, body))
            message = f"fake-google is read-only: {method} {record.path} is not allowed"
            err = (
                drive_error(405, message, "methodNotAllowed", status="METHOD_NOT_ALLOWED")
                if route.api == "drive"
                else sheets_error(405, message)
            )
            err.headers["Allow"] = "GET"
            raise err
        if method == "GET" and route.operation == "token":
            route = _Route("unknown", "oauth")
        record.operation = route.operation
        with self._lock:
            self.calls[route.operation] += 1
        if route.operation == "unknown":
            message = f"fake-google does not serve {method} {record.path}"
            if route.api == "drive":
                raise drive_error(404, message, "notFound")
            raise sheets_error(404, message)

        grant = None if route.operation == "token" else self._authenticate(handler, route.api)
        if grant is not None:
            record.user = grant.user
        self._apply_faults(route, raw_path + ("?" + raw_query if raw_query else ""))
        if grant is not None:
            self._check_scopes(route, grant)
            self._check_quota(route.operation, grant)
        if route.operation == "token":
            return self._op_token(body)
        assert grant is not None
        if route.operation == "drive.batch":
            return self._op_batch(handler, body)
        handlers: dict[str, Callable[[_Route, dict[str, list[str]], TokenGrant, _Handler], _Response]]
        handlers = {
            "drive.files.list": self._op_files_list,
            "drive.files.get": self._op_files_get,
            "drive.files.get_media": self._op_files_get_media,
            "drive.files.export": self._op_files_export,
            "drive.about.get": self._op_about_get,
            "sheets.spreadsheets.get": self._op_spreadsheets_get,
            "sheets.values.batchGet": self._op_values_batch_get,
            "sheets.values.get": self._op_values_get,
        }
        return handlers[route.operation](route, query, grant, handler)

    def _apply_faults(self, route: _Route, path_and_query: str) -> None:
        with self._lock:
            fault = next(
                (f for f in self.faults if not f.exhausted and f.matches(route.operation, path_and_query)),
                None,
            )
            if fault is None:
                return
            fault.hits += 1
        if fault.delay:
            threading.Event().wait(fault.delay)  # not time.sleep: tests may patch that
        if fault.status is not None:
            raise _fault_error(route.api, fault, route.file_id)

    def _authenticate(self, handler: _Handler, api: str) -> TokenGrant:
        header = handler.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        with self._lock:
            grant = self.tokens.get(token)
        if grant is not None and grant.expires_at > time.monotonic():
            return grant
        if not token:
            message = (
                "Request is missing required authentication credential. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project."
            )
            reason, short = "required", "Login Required."
        else:
            message = (
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project."
            )
            reason, short = "authError", "Invalid Credentials"
            if token.count(".") == 2 and token.startswith("eyJ"):
                message = (
                    "fake-google: got a self-signed JWT as bearer token; create the "
                    "credentials with explicit scopes so the OAuth2 token flow runs."
                )
        if api == "drive":
            err = drive_error(
                401,
                message,
                reason,
                location="Authorization",
                location_type="header",
                status="UNAUTHENTICATED",
            )
            err.body["error"]["errors"][0]["message"] = short
        else:
            err = sheets_error(401, message, "UNAUTHENTICATED")
        err.headers["WWW-Authenticate"] = 'Bearer realm="https://accounts.google.com/"'
        raise err

    def _check_scopes(self, route: _Route, grant: TokenGrant) -> None:
        needed = _SCOPES_FOR_OP.get(route.operation)
        if needed is None or grant.scopes & needed:
            return
        message = "Request had insufficient authentication scopes."
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {"method": route.operation},
            }
        ]
        if route.api == "drive":
            err = drive_error(403, message, "insufficientPermissions", status="PERMISSION_DENIED")
            err.body["error"]["errors"][0]["message"] = "Insufficient Permission"
            err.body["error"]["details"] = details
            raise err
        raise sheets_error(403, message, "PERMISSION_DENIED", details)

    # ---- OAuth2 ---------------------------------------------------------------------------

    def _op_token(self, body: bytes) -> _Response:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        form = parse_qs(body.decode("utf-8", "replace"))
        grant_type = (form.get("grant_type") or [""])[0]
        if grant_type != _JWT_GRANT:
            raise oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type or '(none)'}")
        assertion = (form.get("assertion") or [""])[0]
        try:
            head_b64, payload_b64, sig_b64 = assertion.split(".")
            header = json.loads(_b64url_decode(head_b64))
            claims = json.loads(_b64url_decode(payload_b64))
            signature = _b64url_decode(sig_b64)
        except ValueError as exc:
            raise oauth_error(400, "invalid_grant", "Invalid JWT: malformed assertion.") from exc
        if header.get("alg") != "RS256":
            raise oauth_error(400, "invalid_grant", "Invalid JWT: alg must be RS256.")
        with self._lock:
            account = self.service_accounts.get(str(claims.get("iss")))
        if account is None:
            raise oauth_error(400, "invalid_grant", "Invalid grant: account not found")
        if header.get("kid") not in (None, account.private_key_id):
            raise oauth_error(400, "invalid_grant", "Invalid JWT Signature.")
        try:
            account.public_key.verify(
                signature,
                f"{head_b64}.{payload_b64}".encode("ascii"),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature as exc:
            raise oauth_error(400, "invalid_grant", "Invalid JWT Signature.") from exc
        if claims.get("aud") not in _TOKEN_AUDIENCES | {self.token_uri}:
            raise oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check.")
        now = time.time()
        iat, exp = claims.get("iat"), claims.get("exp")
        if (
            not isinstance(iat, int | float)
            or not isinstance(exp, int | float)
            or exp <= now
            or iat > now + 300
            or exp - iat > 3600
        ):
            raise oauth_error(
                400,
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                "timeframe. Check your iat and exp values in the JWT claim.",
            )
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            raise oauth_error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        refused = sorted(scopes - self.allowed_scopes)
        if refused:
            raise oauth_error(
                400,
                "invalid_scope",
                "fake-google grants read-only scopes only; refused: " + " ".join(refused),
            )
        subject = claims.get("sub")
        if subject is not None and not account.delegation:
            raise oauth_error(
                401,
                "unauthorized_client",
                "Client is unauthorized to retrieve access tokens using this method, or client "
                "not authorized for any of the scopes requested.",
            )
        grant = TokenGrant(
            token="ya29.fake-" + secrets.token_urlsafe(32),
            email=account.email,
            subject=str(subject) if subject is not None else None,
            scopes=scopes,
            expires_at=time.monotonic() + self.token_lifetime,
        )
        with self._lock:
            self.tokens[grant.token] = grant
            self.token_grants.append(grant)
            if grant.subject:
                self.subjects.append(grant.subject)
        return _json_response({"access_token": grant.token, "expires_in": self.token_lifetime, "token_type": "Bearer"})

    # ---- Drive ------------------------------------------------------------------------------

    def _resolve_alias(self, file_id: str) -> str:
        return self.root_id if file_id == "root" else file_id

    def _drive_file(self, route: _Route, query: Mapping[str, list[str]]) -> DriveFile:
        file_id = self._resolve_alias(cast(str, route.file_id))
        f = self.files.get(file_id)
        if f is None or not self._accessible(f) or (f.drive_id is not None and not _truthy(query, "supportsAllDrives")):
            # Drive hides shared-drive items unless the caller says supportsAllDrives=true.
            raise drive_error(
                404,
                f"File not found: {route.file_id}.",
                "notFound",
                location="fileId",
            )
        return f

    def _file_resource(self, f: DriveFile) -> dict[str, Any]:
        """The file's resource, with the fields the product and the tests ask for (a field the
        resource lacks is left out of the answer, as Drive does for an unset field)."""
        res: dict[str, Any] = {
            "kind": "drive#file",
            "id": f.id,
            "name": f.name,
            "mimeType": f.mime_type,
            "parents": list(f.parents),
            "trashed": f.trashed,
            "version": str(f.version),
            "createdTime": _rfc3339(f.created_time),
            "modifiedTime": _rfc3339(f.modified_time),
            "shared": True,
            "capabilities": {"canDownload": True, "canEdit": False, "canShare": self.can_share},
        }
        if self.can_share and not f.drive_id:
            # Drive fills ``permissions`` only for a caller who may share the file, never in shared drives.
            owner = {"kind": "drive#permission", "type": "user", "role": "owner", "emailAddress": f.owner_email}
            res["permissions"] = [owner, *(dict(g) for g in self._grants(f))]
        if f.shortcut is not None:
            res["shortcutDetails"] = dict(f.shortcut)
        if f.drive_id:
            res["driveId"] = f.drive_id
        if f.is_folder:
            res["webViewLink"] = f"https://drive.google.com/drive/folders/{f.id}"
        elif f.is_sheet:
            res["webViewLink"] = f"https://docs.google.com/spreadsheets/d/{f.id}/edit?usp=drivesdk"
        if f.data is not None:
            res["md5Checksum"] = f.md5
            res["size"] = str(len(f.data))
            if f.mime_type == XLSX_MIME:
                res["webViewLink"] = f"https://docs.google.com/spreadsheets/d/{f.id}/edit?usp=drivesdk&rtpof=true"
            else:
                res["webViewLink"] = f"https://drive.google.com/file/d/{f.id}/view?usp=drivesdk"
        return res

    def _drive_mask(self, query: Mapping[str, list[str]], default: str, allowed_top: frozenset[str]) -> Mask:
        fields = _one(query, "fields") or default
        try:
            mask = parse_fields(fields)
        except ValueError as exc:
            raise drive_error(400, f"Invalid field selection {fields}", "invalidParameter", location="fields") from exc

        def check(level: Mask, allowed: frozenset[str]) -> None:
            for key, sub in level.items():
                if key != "*" and key not in allowed:
                    raise drive_error(
                        400,
                        f"Invalid field selection {key}",
                        "invalidParameter",
                        location="fields",
                    )
                if key == "files" and sub is not None:
                    check(sub, DRIVE_FILE_FIELDS | {"*"})

        check(mask, allowed_top)
        return mask

    def _op_batch(self, handler: _Handler, body: bytes) -> _Response:
        """Drive's batch endpoint: each ``application/http`` part is dispatched like a request of
        its own (auth, faults, quota, counts, request log); only GETs to Drive are accepted."""
        from email.parser import BytesParser

        content_type = handler.headers.get("Content-Type", "")
        if not content_type.lower().startswith("multipart/mixed"):
            raise drive_error(400, "Batch requests must be multipart/mixed", "invalid")
        message = BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        parts = message.get_payload() if message.is_multipart() else []
        if not isinstance(parts, list) or not 1 <= len(parts) <= 100:
            raise drive_error(400, "A batch holds 1 to 100 requests", "invalid")
        boundary = "batch_" + secrets.token_hex(8)
        out: list[bytes] = []
        for part in parts:
            # Unfold the header: googleapiclient's "<base + id>" ids are long enough to be folded.
            content_id = re.sub(r"\r?\n(?=[ \t])", "", str(part.get("Content-ID", "<x + 0>"))).strip()
            inner = _InnerRequest.parse(part.get_payload(decode=False), handler)
            response = self._dispatch_inner(inner)
            try:
                reason = HTTPStatus(response.status).phrase
            except ValueError:
                reason = "Unknown"
            out.append(
                (
                    f"--{boundary}\r\nContent-Type: application/http\r\n"
                    f"Content-ID: <response-{content_id.strip('<>')}>\r\n\r\n"
                    f"HTTP/1.1 {response.status} {reason}\r\nContent-Type: {response.content_type}\r\n"
                    + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
                    + "\r\n"
                ).encode("utf-8")
                + response.body
                + b"\r\n"
            )
        out.append(f"--{boundary}--\r\n".encode())
        return _Response(200, b"".join(out), f"multipart/mixed; boundary={boundary}")

    def _dispatch_inner(self, inner: _InnerRequest) -> _Response:
        split = urlsplit(inner.path)
        query = parse_qs(split.query, keep_blank_values=True)
        record = RequestRecord(inner.command, unquote(split.path), query)
        with self._lock:
            self.requests.append(record)
        try:
            route = _route(inner.command, split.path, query)
            if route.api != "drive" or route.operation == "drive.batch":
                record.operation = "unknown"
                raise drive_error(
                    400, f"fake-google: not allowed in a Drive batch: {inner.command} {split.path}", "invalid"
                )
            response = self._handle(cast(_Handler, inner), split.path, split.query, query, inner.body, record)
        except ApiError as err:
            response = _json_response(err.body, err.code)
            response.headers.update(err.headers)
        record.status = response.status
        return response

    def _op_files_get(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        mask = self._drive_mask(query, _DEFAULT_GET_FIELDS, DRIVE_FILE_FIELDS)
        with self._lock:
            f = self._drive_file(route, query)
            resource = self._file_resource(f)
        return _json_response(apply_mask(mask, resource))

    def _op_files_list(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        mask = self._drive_mask(query, _DEFAULT_LIST_FIELDS, _FILE_LIST_FIELDS)
        q = _one(query, "q") or ""
        try:
            predicate = compile_query(q, self._resolve_alias, self._visibility)
        except QueryError as exc:
            raise drive_error(400, "Invalid Value", "invalid", location="q") from exc
        try:
            page_size = int(_one(query, "pageSize") or 100)
        except ValueError:
            page_size = 0
        if not 1 <= page_size <= 1000:
            raise drive_error(
                400,
                f"Invalid value '{_one(query, 'pageSize')}'. Values must be within the range: [1, 1000]",
                "invalid",
                location="pageSize",
            )
        corpora = _one(query, "corpora") or "user"
        drive_id = _one(query, "driveId")
        include_all = _truthy(query, "includeItemsFromAllDrives")
        if corpora not in ("user", "drive", "domain", "allDrives"):
            raise drive_error(400, "Invalid Value", "invalid", location="corpora")
        if (corpora == "drive") != (drive_id is not None):
            raise drive_error(
                400,
                "The driveId parameter must be specified if and only if corpora is set to drive.",
                "invalid",
                location="driveId",
            )
        if corpora in ("drive", "allDrives") and not (include_all and _truthy(query, "supportsAllDrives")):
            raise drive_error(
                403,
                "The includeItemsFromAllDrives and supportsAllDrives parameters must be set to "
                "true when corpora is set to drive or allDrives.",
                "teamDriveItemsRequired" if corpora == "drive" else "teamDriveItemsOnlyNotSupported",
                location="includeItemsFromAllDrives",
            )
        order_keys = self._order_keys(_one(query, "orderBy"))
        with self._lock:
            matches = [
                f
                for f in self.files.values()
                if self._accessible(f)
                and (f.drive_id is None or include_all)
                and (corpora != "drive" or f.drive_id == drive_id)
                and predicate(f)
            ]
            for key, reverse in reversed(order_keys):
                matches.sort(key=key, reverse=reverse)
            cursor_key = hashlib.sha1(
                json.dumps([q, _one(query, "orderBy"), corpora, drive_id, include_all]).encode()
            ).hexdigest()[:12]
            offset = 0
            token = _one(query, "pageToken")
            if token:
                try:
                    decoded = json.loads(_b64url_decode(token))
                    if decoded["k"] != cursor_key:
                        raise ValueError("page token of another query")
                    offset = int(decoded["o"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise drive_error(400, "Invalid Value", "invalid", location="pageToken") from exc
            page = matches[offset : offset + page_size]
            response: dict[str, Any] = {
                "kind": "drive#fileList",
                "incompleteSearch": False,
                "files": [self._file_resource(f) for f in page],
            }
            if offset + page_size < len(matches):
                next_token = json.dumps({"o": offset + page_size, "k": cursor_key})
                response["nextPageToken"] = base64.urlsafe_b64encode(next_token.encode()).decode().rstrip("=")
        return _json_response(apply_mask(mask, response))

    def _order_keys(self, order_by: str | None) -> list[tuple[Callable[[DriveFile], Any], bool]]:
        keys: list[tuple[Callable[[DriveFile], Any], bool]] = []
        # The product lists without orderBy; these two keep test listings readable.
        getters: dict[str, Callable[[DriveFile], Any]] = {
            "name": lambda f: f.name,
            "modifiedTime": lambda f: f.modified_time,
        }
        for part in (order_by or "").split(","):
            words = part.split()
            if not words:
                continue
            if words[0] not in getters or len(words) > 2 or words[1:] not in ([], ["desc"]):
                raise drive_error(400, "Invalid Value", "invalid", location="orderBy")
            keys.append((getters[words[0]], words[1:] == ["desc"]))
        return keys

    def _op_files_get_media(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        with self._lock:
            f = self._drive_file(route, query)
            data = f.data
            mime = f.mime_type
        if data is None:
            raise drive_error(
                403,
                "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
                "fileNotDownloadable",
                location="alt",
            )
        range_header = handler.headers.get("Range") or handler.headers.get("range")
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", (range_header or "").strip())
        if m and data:
            start = int(m.group(1)) if m.group(1) else max(0, len(data) - int(m.group(2)))
            end = int(m.group(2)) if m.group(1) and m.group(2) else len(data) - 1
            end = min(end, len(data) - 1)
            if start > end:
                return _Response(416, b"", mime, {"Content-Range": f"bytes */{len(data)}"})
            return _Response(
                206,
                data[start : end + 1],
                mime,
                {"Content-Range": f"bytes {start}-{end}/{len(data)}"},
            )
        return _Response(200, data, mime)

    def _op_files_export(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        target = _one(query, "mimeType")
        if not target:
            raise drive_error(400, "Required parameter: mimeType", "required", location="mimeType")
        with self._lock:
            f = self._drive_file(route, query)
            if not f.is_sheet:
                raise drive_error(
                    403,
                    "Export only supports Docs Editors files.",
                    "fileNotExportable",
                )
            built = self._exports.get((f.id, f.version)) if target == XLSX_MIME else None
            tabs = [
                Tab(
                    t.title,
                    [list(r) for r in t.rows] if built is None else [],
                    t.sheet_id,
                    t.hidden,
                    t.row_count,
                    t.column_count,
                    list(t.merges),
                )
                for t in cast(list[Tab], f.tabs)
            ]
            locale, modified = f.locale, f.modified_time
        if target == XLSX_MIME:
            # Deterministic bytes per file version, so they are built once (the benchmark exports hundreds).
            key = (f.id, f.version)
            data = built if built is not None else self._exports.get(key)
            data = data or self._exports.setdefault(key, _tabs_to_xlsx(tabs, modified))
            if len(data) > self.export_limit_bytes:
                raise drive_error(403, "This file is too large to be exported.", "exportSizeLimitExceeded")
            return _Response(200, data, XLSX_MIME)
        if target == CSV_MIME:
            text = _tab_to_csv(tabs[0], locale)
            return _Response(200, text.encode("utf-8"), target)
        raise drive_error(400, "The requested conversion is not supported.", "badRequest", location="convertTo")

    def _op_about_get(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        fields = _one(query, "fields")
        if not fields:
            raise drive_error(
                400,
                "The 'fields' parameter is required for this method.",
                "required",
                location="fields",
            )
        try:
            mask = parse_fields(fields)
        except ValueError as exc:
            raise drive_error(400, f"Invalid field selection {fields}", "invalidParameter", location="fields") from exc
        about = {
            "kind": "drive#about",
            "user": {
                "kind": "drive#user",
                "displayName": grant.user.split("@")[0],
                "me": True,
                "permissionId": hashlib.sha1(grant.user.encode()).hexdigest()[:20],
                "emailAddress": grant.user,
            },
            "storageQuota": {"usage": "0", "usageInDrive": "0", "usageInDriveTrash": "0"},
            "canCreateDrives": False,
        }
        return _json_response(apply_mask(mask, about))

    # ---- Sheets -----------------------------------------------------------------------------

    def _sheet_file(self, route: _Route) -> DriveFile:
        f = self.files.get(cast(str, route.file_id))
        if f is None:
            raise sheets_error(404, "Requested entity was not found.", "NOT_FOUND")
        if not self._accessible(f):
            raise sheets_error(403, "The caller does not have permission", "PERMISSION_DENIED")
        if not f.is_sheet:
            raise sheets_error(400, "This operation is not supported for this document", "FAILED_PRECONDITION")
        return f

    def _op_spreadsheets_get(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        with self._lock:
            f = self._sheet_file(route)
            tabs = cast(list[Tab], f.tabs)
            sheets = []
            for index, tab in enumerate(tabs):
                props: dict[str, Any] = {
                    "sheetId": tab.sheet_id,
                    "title": tab.title,
                    "index": index,
                    "sheetType": "GRID",
                    "gridProperties": {
                        "rowCount": tab.row_count,
                        "columnCount": tab.column_count,
                    },
                }
                if tab.hidden:
                    props["hidden"] = True  # Google omits false booleans
                sheet: dict[str, Any] = {"properties": props}
                if tab.merges:
                    sheet["merges"] = [_grid_range(tab.sheet_id, m) for m in tab.merges]
                sheets.append(sheet)
            resource = {
                "spreadsheetId": f.id,
                "properties": {
                    "title": f.name,
                    "locale": f.locale,
                    "autoRecalc": "ON_CHANGE",
                    "timeZone": f.time_zone,
                    "defaultFormat": {
                        "backgroundColor": {"red": 1, "green": 1, "blue": 1},
                        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
                        "verticalAlignment": "BOTTOM",
                        "wrapStrategy": "OVERFLOW_CELL",
                        "textFormat": {
                            "foregroundColor": {},
                            "fontFamily": "arial,sans,sans-serif",
                            "fontSize": 10,
                            "bold": False,
                            "italic": False,
                            "strikethrough": False,
                            "underline": False,
                        },
                    },
                },
                "sheets": sheets,
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{f.id}/edit",
            }
        fields = _one(query, "fields")
        if fields:
            try:
                resource = apply_mask(parse_fields(fields), resource)
            except ValueError as exc:
                raise sheets_error(400, f"Invalid field mask: {fields}") from exc
        return _json_response(resource)

    def _find_tab(self, f: DriveFile, text: str) -> tuple[Tab, GridRange | None]:
        tabs = cast(list[Tab], f.tabs)
        bad = sheets_error(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT")
        try:
            title, cells = split_range(text.strip())
        except ValueError as exc:
            raise bad from exc
        by_title = {t.title: t for t in tabs}
        if title is not None and cells is None and not text.startswith("'"):
            if title in by_title:
                return by_title[title], None
            try:  # "A1:B2" with no tab = the first tab
                return tabs[0], parse_cells(title)
            except ValueError as exc:
                raise bad from exc
        if title not in by_title:
            raise bad
        try:
            return by_title[title], parse_cells(cells) if cells else None
        except ValueError as exc:
            raise bad from exc

    def _value_range(
        self,
        f: DriveFile,
        text: str,
        query: Mapping[str, list[str]],
    ) -> dict[str, Any]:
        value_render = _one(query, "valueRenderOption") or "FORMATTED_VALUE"
        datetime_render = _one(query, "dateTimeRenderOption") or "SERIAL_NUMBER"
        major = _one(query, "majorDimension") or "ROWS"
        if value_render not in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
            raise sheets_error(
                400,
                "Invalid value at 'value_render_option' "
                f'(type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "{value_render}"',
            )
        if datetime_render not in ("SERIAL_NUMBER", "FORMATTED_STRING"):
            raise sheets_error(
                400,
                "Invalid value at 'date_time_render_option' "
                "(type.googleapis.com/google.apps.sheets.v4.DateTimeRenderOption), "
                f'"{datetime_render}"',
            )
        if major not in ("ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"):
            raise sheets_error(
                400,
                "Invalid value at 'major_dimension' "
                f'(type.googleapis.com/google.apps.sheets.v4.Dimension), "{major}"',
            )
        major = "COLUMNS" if major == "COLUMNS" else "ROWS"
        tab, grid = self._find_tab(f, text)
        grid = grid or GridRange(1, 1, None, None)
        r1 = min(grid.r1 or tab.row_count, tab.row_count)
        c1 = min(grid.c1 or tab.column_count, tab.column_count)
        if grid.single:
            echo = f"{col_letters(grid.c0)}{grid.r0}"
        else:
            echo = f"{col_letters(grid.c0)}{grid.r0}:{col_letters(c1)}{r1}"
        matrix: list[list[Cell | None]] = []
        for r in range(grid.r0, min(r1, len(tab.rows)) + 1):
            row = tab.rows[r - 1]
            matrix.append([row[c - 1] if c - 1 < len(row) else None for c in range(grid.c0, c1 + 1)])
        if major == "COLUMNS":
            width = c1 - grid.c0 + 1 if matrix else 0
            matrix = [[row[i] for row in matrix] for i in range(width)]
        values: list[list[CellValue]] = []
        for cells in matrix:
            while cells and cells[-1] is None:
                cells.pop()
            values.append(["" if c is None else render_cell(c, value_render, datetime_render, f.locale) for c in cells])
        while values and not values[-1]:
            values.pop()
        result: dict[str, Any] = {
            "range": f"{quote_sheet_title(tab.title)}!{echo}",
            "majorDimension": major,
        }
        if values:
            result["values"] = values
        return result

    def _op_values_batch_get(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        with self._lock:
            f = self._sheet_file(route)
            ranges = query.get("ranges", [])
            response: dict[str, Any] = {"spreadsheetId": f.id}
            if ranges:
                response["valueRanges"] = [self._value_range(f, r, query) for r in ranges]
        return _json_response(response)

    def _op_values_get(
        self, route: _Route, query: dict[str, list[str]], grant: TokenGrant, handler: _Handler
    ) -> _Response:
        with self._lock:
            f = self._sheet_file(route)
            return _json_response(self._value_range(f, cast(str, route.range), query))


# --------------------------------------------------------------------------------------------
# xlsx / csv conversion
# --------------------------------------------------------------------------------------------

_RSA_KEY: Any = None
_RSA_LOCK = threading.Lock()


def _rsa_key() -> Any:
    """One 2048-bit RSA key per test process: generating one per test would cost ~50 ms each."""
    global _RSA_KEY
    with _RSA_LOCK:
        if _RSA_KEY is None:
            from cryptography.hazmat.primitives.asymmetric import rsa

            _RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _RSA_KEY


def _guess_mime(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return XLSX_MIME
    if lowered.endswith(".csv"):
        return CSV_MIME
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _date_kind_of(number_format: str) -> DateKind:
    """A datetime cell shown with hours or seconds stays a datetime; otherwise it is a date."""
    fmt = re.sub(r'"[^"]*"|\[\$[^\]]*\]|\\.', "", number_format).lower()
    return "datetime" if re.search(r"[hs]", fmt) else "date"


def _grid_range(sheet_id: int, merge: tuple[int, int, int, int]) -> dict[str, int]:
    """A GridRange as Google serialises it: zero fields (sheetId 0, row 0, column 0) are omitted."""
    keys = ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")
    out = {"sheetId": sheet_id, **dict(zip(keys, merge, strict=True))}
    return {k: v for k, v in out.items() if v}


_CONVERTED: dict[tuple[str, str], dict[str, TabSpec]] = {}


def _xlsx_to_tabs(path: Path, uncached_formulas: str) -> dict[str, TabSpec]:
    """The conversion, once per file version per test process: the suite mirrors the same sample
    district into the fake dozens of times, and openpyxl took most of each Drive test's time.
    A TabSpec is builder input, read and never changed, so the cached one is handed out as is."""
    import hashlib

    # by content: tests mirror private copies of the sample district (new paths, new times)
    key = (hashlib.sha1(Path(path).read_bytes()).hexdigest(), uncached_formulas)
    if key not in _CONVERTED:
        _CONVERTED[key] = _convert_xlsx(Path(path), uncached_formulas)
    return _CONVERTED[key]


def _convert_xlsx(path: Path, uncached_formulas: str) -> dict[str, TabSpec]:
    import openpyxl

    values_wb = openpyxl.load_workbook(path, data_only=True)
    formulas_wb = openpyxl.load_workbook(path, data_only=False)
    tabs: dict[str, TabSpec] = {}
    for ws in values_wb.worksheets:
        fws = formulas_wb[ws.title]
        rows: list[list[Cell | None]] = []
        for row in ws.iter_rows():
            out: list[Cell | None] = []
            for cell in row:
                value = cell.value
                if value is None and uncached_formulas == "error":
                    formula = fws[cell.coordinate].value
                    if isinstance(formula, str) and formula.startswith("="):
                        raise ValueError(
                            f"{path.name}!{ws.title}!{cell.coordinate} has formula {formula} "
                            "without a cached value; Google would recalculate it. Save the file "
                            "from Excel/LibreOffice, or pass uncached_formulas='empty'."
                        )
                pattern = cell.number_format if cell.number_format != "General" else None
                if isinstance(value, dt.datetime | dt.date):
                    kind = _date_kind_of(cell.number_format) if isinstance(value, dt.datetime) else None
                    out.append(to_cell(value, pattern, kind))
                elif isinstance(value, str):
                    out.append(to_cell(value))
                else:
                    out.append(to_cell(cast(CellInput, value), pattern))
            rows.append(out)
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        tabs[ws.title] = TabSpec(rows, hidden=ws.sheet_state != "visible", merges=merges)
    return tabs


_EXPORTED: dict[str, bytes] = {}


def _tabs_to_xlsx(tabs: list[Tab], modified: dt.datetime) -> bytes:
    """The export, once per content per test process (Google builds it on its own servers; here
    openpyxl would bill every test that mirrors the sample district for all of its Sheets)."""
    import hashlib

    key = hashlib.sha1(repr((tabs, modified)).encode()).hexdigest()
    if key not in _EXPORTED:
        _EXPORTED[key] = _build_xlsx(tabs, modified)
    return _EXPORTED[key]


def _build_xlsx(tabs: Sequence[Tab], modified: dt.datetime) -> bytes:
    """Export like Drive's xlsx export: values, date formats, hidden tabs.  Deterministic bytes
    for a given content (document timestamps come from the file's modifiedTime)."""
    import openpyxl

    wb = openpyxl.Workbook()
    default_ws = wb.active
    defaults: dict[DateKind, str] = {
        "date": "yyyy-mm-dd",
        "datetime": "yyyy-mm-dd h:mm:ss",
    }
    for tab in tabs:
        title = re.sub(r"[\\/*?:\[\]]", "_", tab.title)[:31]
        ws = wb.create_sheet(title)
        if tab.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(tab.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                target = ws.cell(row=r, column=c)
                if cell.kind and not isinstance(cell.value, bool | str):
                    when = _from_serial(float(cell.value))
                    target.value = when if cell.kind == "datetime" else when.date()
                    target.number_format = cell.pattern or defaults[cell.kind]
                else:
                    target.value = cell.value
                    if cell.pattern:
                        target.number_format = cell.pattern
        for r0, r1, c0, c1 in tab.merges:
            ws.merge_cells(start_row=r0 + 1, end_row=r1, start_column=c0 + 1, end_column=c1)
    if default_ws is not None:
        wb.remove(default_ws)
    naive = modified.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.created = naive
    wb.properties.modified = naive
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _tab_to_csv(tab: Tab, locale: str) -> str:
    """CSV export of the first tab: formatted values, rectangular over the data extent."""
    width = max((len(r) for r in tab.rows), default=0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in tab.rows:
        texts = ["" if c is None else format_cell(c, locale) for c in row]
        writer.writerow(texts + [""] * (width - len(texts)))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Pointing the real libraries at the fake
# --------------------------------------------------------------------------------------------

_GOOGLE_PREFIXES = ("https://sheets.googleapis.com", "https://www.googleapis.com")


def gspread_http_client_for(base_url: str) -> type[HTTPClient]:
    """A gspread ``HTTPClient`` subclass whose requests go to ``base_url`` instead of Google.

    gspread hard-codes ``https://sheets.googleapis.com/v4/...`` and
    ``https://www.googleapis.com/drive/v3/...`` (gspread/urls.py); every call funnels through
    ``HTTPClient.request(method, endpoint, ...)``, so rewriting the prefix there is enough.
    Pass the returned *class* as ``gspread.Client(auth=creds, http_client=...)``.
    """
    from gspread.http_client import HTTPClient

    base = base_url.rstrip("/")

    class LoopbackHTTPClient(HTTPClient):
        """gspread HTTP client rewritten to a loopback base URL."""

        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            for prefix in _GOOGLE_PREFIXES:
                if endpoint.startswith(prefix):
                    endpoint = base + endpoint[len(prefix) :]
                    break
            return super().request(method, endpoint, *args, **kwargs)

    return LoopbackHTTPClient


@dataclass(frozen=True)
class GoogleClients:
    """Real Google clients wired to a fake server: what the product's Drive source will use."""

    credentials: _sa.Credentials
    drive: Any  # googleapiclient.discovery.Resource
    sheets: Any  # googleapiclient.discovery.Resource
    gspread: gspread.Client


#: Default scopes for :func:`google_clients`: enough to list, download, export and read sheets.
DEFAULT_CLIENT_SCOPES: tuple[str, ...] = (DRIVE_READONLY, SHEETS_READONLY)


def google_clients(
    base_url: str,
    sa_file: str | Path,
    subject: str | None = None,
    *,
    scopes: Iterable[str] = DEFAULT_CLIENT_SCOPES,
) -> GoogleClients:
    """Build google-api-python-client Drive v3 + Sheets v4 services and a gspread client that
    reach ``base_url`` — the same endpoint override the product needs.

    * Drive: ``api_endpoint = base + "/drive/v3/"`` — replaces rootUrl+servicePath
      (``https://www.googleapis.com/drive/v3/``), method paths (``files``, ``about``) are joined
      to it, so the trailing slash matters.
    * Sheets: ``api_endpoint = base + "/"`` — Sheets' servicePath is empty and its method
      paths already start with ``v4/spreadsheets``.
    * ``static_discovery=True`` reads the discovery document bundled with the library (no
      network); ``cache_discovery=False`` avoids the file-cache warning.
    * Credentials need explicit scopes: without them googleapiclient scopes them with *every*
      scope in the discovery document (incl. full ``drive``), which the fake refuses.
    """
    import gspread
    from google.oauth2 import service_account
    from googleapiclient.discovery import build

    base = base_url.rstrip("/")
    credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
        str(sa_file), scopes=list(scopes), subject=subject
    )
    drive = build(
        "drive",
        "v3",
        credentials=credentials,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": base + "/drive/v3/"},
    )
    sheets = build(
        "sheets",
        "v4",
        credentials=credentials,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": base + "/"},
    )
    gc = gspread.Client(auth=credentials, http_client=gspread_http_client_for(base))
    return GoogleClients(credentials=credentials, drive=drive, sheets=sheets, gspread=gc)
