"""Schools' portals as a source: the posts, resources and documents tables, from what is published.

Today the portal rules are judged from sheets the school exports itself. The portal is public, so
an auditor can read it: this source crawls each school's site (politely, see ``crawler``) with the
school's portal profile and writes what it finds as the same tables a sheet gives — one row per
article, in the sheet's own columns — then hands them to the same sheet parser, so every rule
reads portal evidence exactly as it reads a sheet.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from elschool_audit.errors import ConfigError, Location, SourceError
from elschool_audit.results import DataProblem, Msg
from elschool_audit.roster import School
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.crawler import Crawler, CrawlSettings, FetchError, HttpCache
from elschool_audit.sources.interface import Source, SourceRequest
from elschool_audit.sources.portal_pages import (
    ArticlePage,
    FeedItem,
    When,
    feed_items,
    feed_links,
    host_allowed,
    image_width,
    listing_items,
    menu_links,
    read_article,
    sitemap_urls,
    suffix,
)
from elschool_audit.sources.portal_profile import PortalProfile, TableName, load_profile
from elschool_audit.sources.readers import RawTab
from elschool_audit.workbook import Workbook

ENV_CACHE_DIR = "ELSCHOOL_AUDIT_CACHE_DIR"
"""The same variable the Drive cache obeys: one place for everything the tool keeps between runs."""

ENV_INTERVAL = "ELSCHOOL_AUDIT_PORTAL_INTERVAL"
"""Seconds between two requests to one portal (default 1): raise it for a fragile site."""

TAB_NAMES: dict[TableName, str] = {
    "posts": "Tin bài (cổng TTĐT)",
    "resources": "Kho học liệu (cổng TTĐT)",
    "documents": "Văn bản (cổng TTĐT)",
}
_ENUMS: dict[TableName, str] = {"posts": "post_category", "resources": "resource_kind", "documents": "document_kind"}
_GRADE = re.compile(r"(?:lớp|khối|lop|khoi)\s*(\d{1,2})", re.I)
_DOC_NUMBER = re.compile(r"(?:số|so)?\s*:?\s*(\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-z0-9]*(?:\s*-\s*[A-ZĐ0-9]+)*)")


@dataclass
class _Ref:
    """An article the site points at, with what the pointer said about it."""

    url: str
    category: str = ""
    when: When | None = None


@dataclass
class _Crawl:
    refs: dict[str, _Ref] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)

    def add(self, url: str, category: str = "", when: When | None = None) -> None:
        ref = self.refs.setdefault(url, _Ref(url))
        ref.category = ref.category or category
        ref.when = ref.when or when


class PortalSource(Source):
    """Reads each school's ``portal:`` site with its profile; never submits, logs in or runs scripts."""

    def __init__(
        self,
        roster_dir: Path | None = None,
        crawler: Crawler | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> None:
        self.roster_dir = roster_dir
        self.crawler = crawler or Crawler(CrawlSettings(), HttpCache(cache_dir))
        self._sizes: dict[str, int | None] = {}
        self._profiles: dict[str, PortalProfile] = {}

    def profile(self, school: School) -> PortalProfile:
        assert school.portal is not None
        ref = school.portal.profile
        if ref not in self._profiles:
            self._profiles[ref] = load_profile(ref, self.roster_dir)
        return self._profiles[ref]

    def describe(self, school: School) -> str:
        return school.portal.url if school.portal else "—"

    def prepare(self, schools: Iterable[School]) -> None:
        """Load every profile once, before any site is read: a broken profile stops the run early."""
        for school in schools:
            if school.portal is not None:
                self.profile(school)

    def collect(self, school: School) -> Workbook:
        if school.portal is None:
            raise SourceError(
                "portal_not_declared",
                Location(field="portal"),
            )
        site = school.portal.url.rstrip("/") + "/"
        profile = self.profile(school)
        try:
            home = self.crawler.get(site)
        except FetchError as exc:
            why = _why(exc)
            raise SourceError(
                "portal_unreadable",
                Location(file=site),
                why=why,
            ) from exc
        crawl = _Crawl()
        self._walk_listings(home.text, site, profile, crawl)
        self._read_feeds(home.text, site, profile, crawl)
        self._read_sitemap(site, profile, crawl)
        pages = self._read_articles(list(crawl.refs.values())[: profile.max_articles], profile, crawl)
        return _tables(site, profile, pages, crawl)

    # ---- finding the articles ----------------------------------------------------------------

    def _fetch(self, url: str, crawl: _Crawl) -> str | None:
        try:
            return self.crawler.get(url).text
        except FetchError as exc:
            crawl.problems.append(_unreadable(exc))
            return None

    def _walk_listings(self, home: str, site: str, profile: PortalProfile, crawl: _Crawl) -> None:
        if profile.listing is None:
            return
        for link in menu_links(home, site, profile):
            if _classify(profile, link.text) is None:
                continue  # a page of the site the guideline does not count (contact, introduction…)
            url: str | None = link.url
            seen: set[str] = set()
            while url is not None and url not in seen and len(seen) < profile.listing.max_pages:
                seen.add(url)
                html = self._fetch(url, crawl)
                if html is None:
                    break
                items, url = listing_items(html, url, profile.listing)
                for item in items:
                    if host_allowed(item.url, site, []):
                        crawl.add(item.url, link.text, item.when)

    def _read_feeds(self, home: str, site: str, profile: PortalProfile, crawl: _Crawl) -> None:
        urls = [site.rstrip("/") + f if f.startswith("/") else f for f in profile.feeds]
        if profile.discover_feeds:
            urls += feed_links(home, site)
        for url in dict.fromkeys(urls):
            try:
                data = self.crawler.get(url).body
            except FetchError as exc:
                if exc.reason != "status":  # a feed address the site does not have is no news
                    crawl.problems.append(_unreadable(exc))
                continue
            title, items = feed_items(data, url)
            for item in items:
                if host_allowed(item.url, site, []):
                    crawl.add(item.url, _feed_category(profile, item, title), item.when)

    def _read_sitemap(self, site: str, profile: PortalProfile, crawl: _Crawl) -> None:
        if not profile.sitemap:
            return
        todo = [site.rstrip("/") + profile.sitemap]
        done: set[str] = set()
        while todo and len(done) < 20:
            url = todo.pop(0)
            done.add(url)
            try:
                data = self.crawler.get(url).body
            except FetchError as exc:
                if exc.reason != "status":
                    crawl.problems.append(_unreadable(exc))
                continue
            pages, nested = sitemap_urls(data)
            todo += [n for n in nested if n not in done and host_allowed(n, site, [])]
            for page, _lastmod in pages:
                if _is_article(profile, page) and host_allowed(page, site, []):
                    crawl.add(page)

    # ---- reading them -------------------------------------------------------------------------

    def _read_articles(self, refs: list[_Ref], profile: PortalProfile, crawl: _Crawl) -> list[tuple[_Ref, ArticlePage]]:
        def one(ref: _Ref) -> tuple[_Ref, ArticlePage] | FetchError:
            try:
                page = self.crawler.get(ref.url)
            except FetchError as exc:
                return exc
            return ref, read_article(page.text, page.url, profile)

        out: list[tuple[_Ref, ArticlePage]] = []
        with ThreadPoolExecutor(max_workers=self.crawler.settings.per_host) as pool:
            for result in pool.map(one, refs):
                if isinstance(result, FetchError):
                    crawl.problems.append(_unreadable(result))
                else:
                    out.append(result)
        for _ref, page in out:
            for picture in page.pictures:
                if picture.width is None:
                    picture.width = self._probe(picture.url)
        return out

    def _probe(self, url: str) -> int | None:
        """An image's width from its header; remembered on disk, as a picture's address rarely
        changes what it shows (a monthly re-run asks nothing for it)."""
        if url not in self._sizes:
            cached = self.crawler.cache.get("size:" + url)
            if cached is not None:
                self._sizes[url] = int(cached[0]["width"]) if cached[0].get("width") else None
            else:
                try:
                    width = image_width(self.crawler.head_bytes(url))
                except FetchError:
                    return None
                self._sizes[url] = width
                self.crawler.cache.put("size:" + url, {"width": str(width or "")}, b"")
        return self._sizes[url]


def _why(exc: FetchError) -> Msg:
    return Msg(f"portal_fetch_{exc.reason}", {"detail": exc.detail})


def _unreadable(exc: FetchError) -> DataProblem:
    return DataProblem(
        "warning", "portal_page_unreadable", {"reason": exc.reason, "why": _why(exc)}, Location(file=exc.url)
    )


def _is_article(profile: PortalProfile, url: str) -> bool:
    return not profile.article_urls or any(part in url for part in profile.article_urls)


def _classify(profile: PortalProfile, name: str) -> tuple[TableName, str | None] | None:
    """Which table, and which category code, a category name of the site stands for."""
    if not name:
        return None
    section = profile.section(name)
    if section is not None:
        return section.table, section.category
    enums = catalogue().enums
    for table, enum in _ENUMS.items():
        code = enums[enum].match(name)
        if code is not None:
            return table, code
    return None


def _feed_category(profile: PortalProfile, item: FeedItem, feed_title: str) -> str:
    for name in (*item.categories, feed_title):
        if _classify(profile, name) is not None:
            return name
    return item.categories[0] if item.categories else ""


# ---- rows ------------------------------------------------------------------------------------


def _tables(site: str, profile: PortalProfile, pages: list[tuple[_Ref, ArticlePage]], crawl: _Crawl) -> Workbook:
    enums = catalogue().enums
    rows: dict[TableName, list[list[Any]]] = {"posts": [], "resources": [], "documents": []}
    uncategorised = 0
    for ref, page in sorted(pages, key=lambda p: (p[1].when or p[0].when or _NEVER).at):
        name = ref.category or page.category
        found = _classify(profile, name)
        when = page.when or ref.when
        if found is None or when is None:
            uncategorised += 1
            continue
        table, code = found
        label = enums[_ENUMS[table]].label(code) if code else name
        rows[table].append(_ROW[table](page, when, label))
    builder = WorkbookBuilder()
    kinds = catalogue().kinds
    tabs = []
    for table, body in rows.items():
        if body:
            header = [kinds[table].columns[c].vi for c in _COLUMNS[table]]
            tabs.append(RawTab(TAB_NAMES[table], [header, *body]))
    builder.add_file(site, tabs, modified=None, link=site)
    workbook = builder.build()
    workbook.problems.extend(crawl.problems)
    if uncategorised:
        workbook.problems.append(
            DataProblem("note", "portal_uncategorised", {"count": uncategorised}, Location(file=site))
        )
    return workbook


_NEVER = When(dt.datetime(1900, 1, 1), False)

_COLUMNS: dict[TableName, tuple[str, ...]] = {
    "posts": ("published", "title", "category", "pictures", "picture_width", "captions", "author"),
    "resources": ("date", "title", "kind", "grade", "subject", "format", "caption"),
    "documents": ("date", "number", "kind", "title", "posted_web", "file_format"),
}


def _post_row(page: ArticlePage, when: When, label: str) -> list[Any]:
    widths = [p.width for p in page.pictures if p.width is not None]
    pictures = len(page.pictures)
    return [
        when.cell(),
        page.title,
        label,
        pictures,
        min(widths) if widths and len(widths) == pictures else None,
        ("Có" if all(p.captioned for p in page.pictures) else "Không") if pictures else None,
        page.author or None,
    ]


def _resource_row(page: ArticlePage, when: When, label: str) -> list[Any]:
    grade = _GRADE.search(page.title)
    fmt = "HTML5" if page.lecture_links else _format(page)
    caption = None
    if page.pictures:
        caption = "Có chú thích" if all(p.captioned for p in page.pictures) else None
    return [when.cell(), page.title, label, grade.group(1) if grade else None, _subject(page.title), fmt, caption]


def _document_row(page: ArticlePage, when: When, label: str) -> list[Any]:
    number = _DOC_NUMBER.search(page.title)
    fmt = _format(page)
    kind = _document_kind(page.title, number.group(1) if number else "") or label
    return [when.cell(), number.group(1).replace(" ", "") if number else page.title[:40], kind, page.title, "Có", fmt]


def _format(page: ArticlePage) -> str | None:
    """The first attachment's format (``PDF``, ``DOCX``), as a sheet's «Định dạng» column says it."""
    return suffix(page.attachments[0]).lstrip(".").upper() if page.attachments else None


def _subject(title: str) -> str | None:
    """The subject a lecture's title names (``Bài giảng Toán lớp 3`` → Toán), when it names one."""
    from elschool_audit.text import fold

    folded = f" {fold(title)} "
    subjects = catalogue().enums["subject"]
    best: tuple[int, str] | None = None
    for code, spellings in subjects.values.items():
        for spelling in spellings:
            key = fold(spelling)
            if len(key) > 2 and f" {key} " in folded and (best is None or len(key) > best[0]):
                best = (len(key), subjects.label(code))
    return best[1] if best else None


def _document_kind(title: str, number: str) -> str | None:
    """A document's kind from its number's suffix (``12/KH-THAM`` → Kế hoạch) or its first words."""
    kinds = catalogue().enums["document_kind"]
    if "/" in number:
        code = kinds.match(number.split("/")[-1].split("-")[0])
        if code:
            return kinds.label(code)
    words = title.split()
    for n in (3, 2, 1):
        code = kinds.match(" ".join(words[:n]))
        if code:
            return kinds.label(code)
    return None


_ROW = {"posts": _post_row, "resources": _resource_row, "documents": _document_row}


def open_source(request: SourceRequest) -> tuple[Source, Path]:
    """``--source portal``: every school's ``portal:`` from ``--roster``; nothing else is read."""
    if request.roster_path is None:
        raise ConfigError("source_needs_roster", source="portal")
    roster_file = _roster_file(request.roster_path)
    return portal_source(roster_file, request.use_cache), request.roster_path


def portal_source(roster_file: Path, use_cache: bool = True) -> PortalSource:
    """The portal source for a roster; pages are kept in the user's cache folder between runs."""
    folder = Path(os.environ.get(ENV_CACHE_DIR) or platformdirs.user_cache_dir("elschool-audit")) / "portal"
    settings = CrawlSettings()
    interval = os.environ.get(ENV_INTERVAL, "").strip()
    if interval:
        try:
            settings.min_interval = max(0.0, float(interval))
        except ValueError as exc:
            raise ConfigError(
                "env_not_a_number", Location(value=interval), name=ENV_INTERVAL, value=repr(interval)
            ) from exc
    return PortalSource(roster_file.parent, Crawler(settings, HttpCache(folder if use_cache else None)))


def _roster_file(path: Path) -> Path:
    return path / "roster.yaml" if path.is_dir() else path
