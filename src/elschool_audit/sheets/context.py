"""What a tab's names say about its rows: the room, the post category, IT use, the year.

Real books carry facts once, outside the table: the asset book of "PHÒNG TIN HỌC 1" has no room
column, each tab of a portal's post list is one category, a "Sổ theo dõi sử dụng máy chiếu" is by
its nature a record of IT use, a class's "Sổ đầu bài lớp 5A" is kept in that class's room, and an
asset book writes dd/mm with the year only in its title. This module reads those facts from the
title rows, the tab name and the file name, and says where each came from, so that every value
the parser fills in this way is shown as assumed, never passed off as read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from elschool_audit.i18n import Lang, each_language, label
from elschool_audit.sheets.kinds import Catalogue
from elschool_audit.sheets.rooms import classify_room
from elschool_audit.text import clean, fold, header_key

ORIGINS = ("title", "tab", "file", "book", "class_book", "device_name", "mapping", "master")
"""Where an assumed value can come from; the evidence says it with the catalogue's ``origin_<name>``."""


def origin_words(origin: str, lang: Lang) -> str:
    """Where an assumed value came from, as the evidence says it ("lấy từ tên trang tính")."""
    return label(f"origin_{origin}", lang)


def origin_params(origin: str) -> dict[str, str]:
    """``origin_vi``/``origin_en`` for a message rendered later in a report's language."""
    return each_language("origin", lambda lang: origin_words(origin, lang))


@dataclass(frozen=True)
class Assumed:
    """A value the tab does not state in a column, and where it was found instead."""

    value: Any
    origin: str
    """a key of ``ORIGINS``"""
    text: str = ""
    """the text it was read from (the title, tab or file name)"""


@dataclass(frozen=True)
class Years:
    """What the names say about the year of a date written dd/mm."""

    start: dt.date | None = None
    end: dt.date | None = None
    """a range: a school year (1/8 to 31/7) or a week's "Từ … đến …" """
    origin: str = ""
    text: str = ""

    def year_of(self, day: int, month: int) -> int | None:
        """The year of day/month within the range: the start's year from its month on, else the end's."""
        if self.start is None or self.end is None:
            return None
        if self.start.year == self.end.year:
            return self.start.year
        return self.start.year if month >= self.start.month else self.end.year


@dataclass(frozen=True)
class TabContext:
    implied: dict[str, Assumed]
    """canonical column → the value the names imply for every row"""
    years: Years
    master_labels: dict[str, str] = field(default_factory=dict)
    """header key → label of the fields master rows carry ("Ngày lập", "Đơn vị thực hiện")"""


_MASTER_SPLIT_RE = re.compile(r"\s+-\s+(?=[^:\-]{2,40}:)")
_FIELD_RE = re.compile(r"^([^:]{2,40}):\s*(.*)$", re.DOTALL)
MASTER_SEARCH_ROWS = 60


def master_fields(cells: Sequence[Any]) -> dict[str, str] | None:
    """The fields of a master row of a master/detail export: one text cell "Mã: PM01 - Ngày lập:
    05-09-2016 - Đơn vị thực hiện: Tổ Toán" (label → value), or None when the row is not one."""
    only: Any = None
    for c in cells:  # called on every data row: a second filled cell settles it (most rows: at once)
        if c is None or c == "" or not str(c).strip():
            continue
        if only is not None:
            return None
        only = c
    if not isinstance(only, str):
        return None
    parts = _MASTER_SPLIT_RE.split(clean(only))
    fields: dict[str, str] = {}
    for part in parts:
        found = _FIELD_RE.match(part.strip())
        if not found:
            return None
        fields[found.group(1).strip()] = found.group(2).strip()
    return fields if len(fields) >= 2 else None


def title_texts(grid: Sequence[Sequence[Any]], limit: int = 15) -> list[str]:
    """The texts of the rows above the table: rows of at most one filled cell, before the first
    row of several (the header)."""
    texts: list[str] = []
    for cells in grid[:limit]:
        filled = [clean(str(c)) for c in cells if c is not None and clean(str(c))]
        if len(filled) >= 2:
            break
        texts.extend(filled)
    return texts


_SEGMENT_RE = re.compile(r"\s+[-–—:]\s+|[:;()\[\]]|\n")
_ROOM_IN_TEXT_RE = re.compile(r"(?:phòng|phong|p\.)\s*[^,;:()\-–]+$", re.IGNORECASE)
_CLASS_RE = re.compile(r"^(?:lớp\s+)?(\d{1,2}\s*[A-Za-z]{1,2}\d{0,2})$", re.IGNORECASE)
_NOT_A_ROOM = re.compile(r"\b(gd|gdđt|gd&đt|giáo dục|quận|huyện|thị xã|thành phố|tỉnh)\b", re.IGNORECASE)
_IT_BOOK = ("cntt", "cong nghe thong tin", "may chieu", "bang tuong tac", "phong may", "tin hoc", "thiet bi dien tu")


def _segments(text: str) -> list[str]:
    return [s.strip() for s in _SEGMENT_RE.split(text) if s and s.strip()]


def _room_in(text: str) -> str | None:
    """A room named in a title, tab or file name ("… - PHÒNG TIN HỌC 1", "P.Tin học 2")."""
    for seg in _segments(text):
        if _NOT_A_ROOM.search(seg) or len(seg) > 40:
            continue
        found = _ROOM_IN_TEXT_RE.search(seg)
        if found is None:
            continue  # "Thiết bị", "Tin học" alone name a subject or a book, not a room
        cand = found.group(0).strip()
        code = classify_room(cand)
        if code not in (None, "khac", "hoc_thuong"):
            return cand
    return None


def _class_in(text: str) -> str | None:
    """A class named alone in a segment of a name ("Lớp 5A", "5A1")."""
    for seg in _segments(text):
        found = _CLASS_RE.match(seg) or _CLASS_RE.match(seg.split()[-1]) if seg.split() else None
        if found and (fold(seg).startswith("lop") or seg == found.group(0)):
            return f"Lớp {found.group(1).replace(' ', '').upper()}"
    return None


def _stem(file: str) -> str:
    name = file.rsplit("/", 1)[-1]
    name = name.rsplit(".", 1)[0] if "." in name else name
    return name.replace("_", " ").replace("-", " - ")


_SCHOOL_YEAR_RE = re.compile(r"(20\d\d)\s*[-–/]\s*(20\d\d)")
_RANGE_RE = re.compile(
    r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d|\d\d)\D+?(?:đến|den|-|–)\D*?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d|\d\d)",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:năm|nam)\s+(20\d\d)\b|\b(20\d\d)\b", re.IGNORECASE)


def _years_in(text: str, origin: str) -> Years | None:
    found = _RANGE_RE.search(text)
    if found:
        d1, m1, y1, d2, m2, y2 = (int(g) for g in found.groups())
        y1 += 2000 if y1 < 100 else 0
        y2 += 2000 if y2 < 100 else 0
        try:
            return Years(dt.date(y1, m1, d1), dt.date(y2, m2, d2), origin, text)
        except ValueError:
            return None
    school = _SCHOOL_YEAR_RE.search(text)
    if school and int(school.group(2)) == int(school.group(1)) + 1:
        start = int(school.group(1))
        return Years(dt.date(start, 8, 1), dt.date(start + 1, 7, 31), origin, text)
    year = _YEAR_RE.search(text)
    if year:
        y = int(year.group(1) or year.group(2))
        return Years(dt.date(y, 1, 1), dt.date(y, 12, 31), origin, text)
    return None


def tab_context(grid: Sequence[Sequence[Any]], file: str, tab: str, cat: Catalogue) -> TabContext:
    """The values the tab's names imply, nearest first: title rows, then the tab, then the file."""
    sources = [(t, "title") for t in title_texts(grid)] + [(tab, "tab"), (_stem(file), "file")]
    implied: dict[str, Assumed] = {}
    for text, origin in sources:
        if "room" not in implied:
            room = _room_in(text)
            if room is not None:
                implied["room"] = Assumed(room, origin, text)
    if "room" not in implied:
        for text, _ in sources:
            klass = _class_in(text)
            if klass is not None:
                implied["room"] = Assumed(klass, "class_book", text)
                break
    category = cat.enums["post_category"].match(tab)
    if category is not None:
        implied["category"] = Assumed(category, "tab", tab)
    names = " ".join(fold(t) for t, _ in sources)
    if any(word in names for word in _IT_BOOK):
        implied["used_it"] = Assumed(True, "book", next(t for t, _ in sources if any(w in fold(t) for w in _IT_BOOK)))
    years = Years()
    for text, origin in sources:
        found = _years_in(text, origin)
        if found is not None:
            years = found
            break
    labels: dict[str, str] = {}
    for cells in grid[:MASTER_SEARCH_ROWS]:
        fields = master_fields(cells)
        for text in fields or {}:
            labels.setdefault(header_key(text), text)
    return TabContext(implied, years, labels)


# Device type from the device's name, longest phrase first: "máy chiếu vật thể" is a document
# camera, not a projector.
_DEVICE_WORDS: tuple[tuple[str, str], ...] = (
    ("may chieu vat the", "document_camera"),
    ("may chieu da vat the", "document_camera"),
    ("may soi bai", "document_camera"),
    ("vat the", "document_camera"),
    ("bang tuong tac", "interactive_board"),
    ("bang thong minh", "interactive_board"),
    ("may chieu", "projector"),
    ("projector", "projector"),
    ("smart tv", "tv"),
    ("tivi", "tv"),
    ("ti vi", "tv"),
    ("man hinh", "tv"),
    ("laptop", "computer"),
    ("may tinh", "computer"),
    ("may vi tinh", "computer"),
    ("pc", "computer"),
    ("may chu", "server"),
    ("may in", "printer"),
    ("may photo", "printer"),
    ("may scan", "printer"),
    ("camera", "camera"),
    ("wifi", "wifi"),
    ("wi fi", "wifi"),
    ("router", "switch"),
    ("switch", "switch"),
    ("loa", "audio"),
    ("amply", "audio"),
)


def device_type_from_name(name: object) -> str | None:
    """The device type a device's name implies ("Máy chiếu Epson EB-X05" → projector), or None."""
    if not isinstance(name, str):
        return None
    words = f" {' '.join(re.sub(r'[^a-z0-9]+', ' ', fold(name)).split())} "
    for phrase, code in _DEVICE_WORDS:
        if f" {phrase} " in words:
            return code
    return None
