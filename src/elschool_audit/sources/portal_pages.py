"""Reading what a portal publishes: home page menus, listings, feeds, sitemaps and article pages.

Pure functions from bytes to plain records, so each is tested on a fixture without a server. The
dates a site shows are many-shaped (``Thứ hai - 21/11/2016 08:30``, ``08:17:04 12/10/2015``,
ISO 8601 in a ``<time>`` or a meta tag, RFC 822 in a feed): we look for a day/month/year and,
when there is one, a time — the weekly-schedule rule cares about Monday *morning*.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from elschool_audit.sources.portal_profile import Article, Listing, PortalProfile

VN = dt.timezone(dt.timedelta(hours=7))
"""Vietnam's time: dates given with another offset are shown as a school there would read them."""

ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rar", ".zip", ".7z"}
)

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_HMS = re.compile(r"(?<!\d)(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")


@dataclass(frozen=True)
class When:
    """A publication moment; ``has_time`` is False when the site gave only the day."""

    at: dt.datetime
    has_time: bool

    def cell(self) -> str:
        """As a school's exported sheet writes it (the sheet parser reads both forms)."""
        return self.at.strftime("%H:%M:%S %d/%m/%Y") if self.has_time else self.at.strftime("%d/%m/%Y")


def parse_when(text: str | None) -> When | None:
    """A date (and time, when given) in any of the shapes school portals print."""
    if not text:
        return None
    iso = _ISO.search(text)
    if iso:
        y, mo, d, h, mi, s, tz = iso.groups()
        try:
            at = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        if tz:
            offset = dt.UTC if tz == "Z" else _offset(tz)
            at = at.replace(tzinfo=offset).astimezone(VN).replace(tzinfo=None)
        return When(at, h is not None)
    dmy = _DMY.search(text)
    if not dmy:
        return None
    hms = _HMS.search(text[: dmy.start()] + " " + text[dmy.end() :])
    try:
        day = dt.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
        if hms and int(hms.group(1)) < 24 and int(hms.group(2)) < 60:
            clock = dt.time(int(hms.group(1)), int(hms.group(2)), int(hms.group(3) or 0))
            return When(dt.datetime.combine(day, clock), True)
    except ValueError:
        return None
    return When(dt.datetime.combine(day, dt.time()), False)


def _offset(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def canonical(url: str) -> str:
    return urldefrag(url)[0]


def host_allowed(url: str, site: str, upload_hosts: list[str]) -> bool:
    """The site's own host, or one of the profile's upload hosts (``quantri.*``, ``*.example.vn``)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == (urlsplit(site).hostname or "").lower():
        return True
    return any(fnmatch(host, pattern.lower()) for pattern in upload_hosts)


def suffix(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


def _text(node: LexborNode | None) -> str:
    return " ".join((node.text(separator=" ") or "").split()) if node is not None else ""


def _value(node: LexborNode | None) -> str:
    """A meta tag's content, a <time>'s datetime, else the text."""
    if node is None:
        return ""
    for attr in ("datetime", "content"):
        value = node.attributes.get(attr)
        if value:
            return value
    return _text(node)


def _first(tree: LexborHTMLParser | LexborNode, selector: str | None) -> LexborNode | None:
    if not selector:
        return None
    for node in tree.css(selector):
        if _value(node):
            return node
    return None


# --- home page and listings ------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    when: When | None = None


def menu_links(html: str, base: str, profile: PortalProfile) -> list[Link]:
    """Category pages linked from the home page, with the names the site gives them."""
    if not profile.menu:
        return []
    tree = LexborHTMLParser(html)
    out: dict[str, Link] = {}
    for node in tree.css(profile.menu):
        href = node.attributes.get("href")
        name = _text(node) or (node.attributes.get("title") or "")
        if href and name and not href.startswith(("javascript:", "mailto:", "#")):
            url = canonical(urljoin(base, href))
            if host_allowed(url, base, []):
                out.setdefault(url, Link(url, name))
    return list(out.values())


def feed_links(html: str, base: str) -> list[str]:
    """Feeds the page announces with ``<link rel="alternate" type="application/rss+xml|atom+xml">``."""
    tree = LexborHTMLParser(html)
    out = []
    for node in tree.css('link[rel="alternate"]'):
        kind = (node.attributes.get("type") or "").lower()
        href = node.attributes.get("href")
        if href and ("rss" in kind or "atom" in kind):
            out.append(canonical(urljoin(base, href)))
    return out


def listing_items(html: str, url: str, rule: Listing) -> tuple[list[Link], str | None]:
    """A listing page's article links (with the date shown next to each) and the next page."""
    tree = LexborHTMLParser(html)
    items: list[Link] = []
    for node in tree.css(rule.item):
        anchor = node if node.tag == "a" else node.css_first("a[href]")
        href = anchor.attributes.get("href") if anchor is not None else None
        if not href:
            continue
        when = None
        if rule.date:
            block = _ancestor(node, rule.container) if rule.container else node.parent
            when = parse_when(_value(_first(block, rule.date))) if block is not None else None
        items.append(Link(canonical(urljoin(url, href)), _text(anchor), when))
    nxt = _first(tree, rule.next) if rule.next else None
    href = nxt.attributes.get("href") if nxt is not None else None
    return items, canonical(urljoin(url, href)) if href else None


def _matches(node: LexborNode, selector: str) -> bool:
    parent = node.parent
    return parent is not None and any(n.mem_id == node.mem_id for n in parent.css(selector))


def _ancestor(node: LexborNode, selector: str | None) -> LexborNode | None:
    """The closest ancestor matching ``selector``, or the node itself when it matches."""
    current: LexborNode | None = node
    while current is not None and selector:
        if _matches(current, selector):
            return current
        current = current.parent
    return None


# --- feeds and sitemaps ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str
    when: When | None
    categories: tuple[str, ...]


def feed_items(data: bytes, base: str) -> tuple[str, list[FeedItem]]:
    """A feed's title and items (RSS 0.9x/1.0/2.0, Atom), read with feedparser."""
    import feedparser  # only when a site has feeds

    parsed = feedparser.parse(data)
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        when = None
        if stamp is not None:
            at = dt.datetime(*stamp[:6]).replace(tzinfo=dt.UTC).astimezone(VN).replace(tzinfo=None)
            raw = entry.get("published") or entry.get("updated") or ""
            when = When(at, bool(_HMS.search(raw)) or "T" in raw)
        tags = tuple(t.get("term") or "" for t in entry.get("tags", []) if t.get("term"))
        items.append(FeedItem(canonical(urljoin(base, link)), entry.get("title", ""), when, tags))
    return str(parsed.feed.get("title", "")), items


def sitemap_urls(data: bytes) -> tuple[list[tuple[str, When | None]], list[str]]:
    """Page addresses with their ``lastmod``, and nested sitemaps (a sitemap index)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return [], []
    pages: list[tuple[str, When | None]] = []
    nested: list[str] = []
    for node in root:
        tag = node.tag.rsplit("}", 1)[-1]
        loc = lastmod = None
        for child in node:
            name = child.tag.rsplit("}", 1)[-1]
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if not loc:
            continue
        if tag == "sitemap":
            nested.append(loc)
        elif tag == "url":
            pages.append((canonical(loc), parse_when(lastmod)))
    return pages, nested


# --- article pages -----------------------------------------------------------------------------


@dataclass
class Picture:
    url: str
    width: int | None
    captioned: bool


@dataclass
class ArticlePage:
    url: str
    title: str
    when: When | None
    category: str
    author: str
    pictures: list[Picture] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    lecture_links: list[str] = field(default_factory=list)


_STYLE_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d+)\s*px", re.I)


def read_article(html: str, url: str, profile: PortalProfile) -> ArticlePage:
    rule: Article = profile.article
    tree = LexborHTMLParser(html)
    body = _first_node(tree, rule.body) or tree.body
    page = ArticlePage(
        url=url,
        title=_value(_first(tree, rule.title)),
        when=parse_when(_value(_first(tree, rule.date))),
        category=_value(_first(tree, rule.category)),
        author=_value(_first(tree, rule.author)),
    )
    if body is None:
        return page
    for img in body.css("img[src]"):
        src = img.attributes.get("src") or ""
        if src.startswith("data:"):
            continue
        page.pictures.append(Picture(canonical(urljoin(url, src)), _markup_width(img), _captioned(img, rule)))
    for anchor in body.css("a[href]"):
        href = canonical(urljoin(url, anchor.attributes.get("href") or ""))
        lowered = href.lower()
        if any(lowered.endswith(m) or m in lowered for m in profile.lecture_links):
            page.lecture_links.append(href)
        elif suffix(href) in ATTACHMENT_SUFFIXES:
            page.attachments.append(href)
    return page


def _first_node(tree: LexborHTMLParser, selector: str) -> LexborNode | None:
    nodes = tree.css(selector)
    return nodes[0] if nodes else None


def _markup_width(img: LexborNode) -> int | None:
    width = (img.attributes.get("width") or "").strip().lower().removesuffix("px")
    if width.isdigit():
        return int(width)
    style = _STYLE_WIDTH.search(img.attributes.get("style") or "")
    return int(style.group(1)) if style else None


def _captioned(img: LexborNode, rule: Article) -> bool:
    """A caption in the picture's block, or in the element right after it (``<p><em>…</em></p>``)."""
    block = _ancestor(img, rule.picture_block) or img.parent
    if block is None:
        return False
    if any(_text(n) for n in block.css(rule.caption)):
        return True
    sibling = block.next
    while sibling is not None and sibling.tag in ("-text", "br") and not _text(sibling):
        sibling = sibling.next
    if sibling is None or sibling.tag == "-text":
        return False
    own = [n for n in sibling.css(rule.caption)] if sibling.css_first(rule.caption) is not None else []
    return bool(own and any(_text(n) for n in own) and len(_text(sibling)) <= 300)


def image_width(head: bytes) -> int | None:
    """The width an image's header declares, from its first bytes only (PNG, JPEG, GIF, WebP, BMP)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(head)) as image:
            return int(image.size[0])
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
