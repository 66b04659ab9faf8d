"""A school portal on loopback, for the portal source's tests.

A real threaded HTTP server serving pages written here in the markup of the district's platform
(``*.longbien.edu.vn``: category pages ``…-c5129.aspx``, articles ``…-tndetail2436-50379.aspx``,
items under ``.abctitle .title a``, pictures on a separate upload host) or of NukeViet. It answers
ETag / If-Modified-Since with 304, and counts every request, so a test can tell what a crawl cost.
The upload host is the same server reached as ``localhost`` while the site is ``127.0.0.1``.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import hashlib
import html
import io
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

LAST_MODIFIED = email.utils.format_datetime(dt.datetime(2016, 12, 1, tzinfo=dt.UTC), usegmt=True)


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None
    validators: bool = True


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, bool]] = field(default_factory=list)
    """(host, path, conditional) of every request, in order."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, path: str, text: str, **kw: object) -> None:
        self.routes[path] = Route(text.encode("utf-8"), **kw)  # type: ignore[arg-type]

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter("conditional" if c else "plain" for _, _, c in self.requests)

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.requests]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def do_GET(self) -> None:
            conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
            with site.lock:
                site.requests.append((self.headers.get("Host", ""), self.path, conditional))
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            if route.status == 200 and route.validators and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            if route.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            body = route.body
            rng = self.headers.get("Range", "")
            if rng.startswith("bytes=0-") and route.content_type.startswith("image/"):
                body = body[: int(rng.removeprefix("bytes=0-")) + 1]
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[int]:
    """Serve ``site`` on an ephemeral loopback port; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def png(width: int, height: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


# --- the district's platform ---------------------------------------------------------------------


@dataclass
class Post:
    published: dt.datetime
    title: str
    category: str
    pictures: int = 0
    width: int | None = None
    captions: bool = True
    attachments: tuple[str, ...] = ()
    width_in_markup: bool = True


CATEGORY_PAGES = {
    "Tin chuyên môn": "/tin-chuyen-mon-c5130.aspx",
    "Hoạt động đoàn thể": "/hoat-dong-doan-the-c5131.aspx",
    "Hoạt động chung": "/hoat-dong-chung-c5129.aspx",
    "Tin khác": "/tin-khac-c5132.aspx",
    "Thời khóa biểu": "/thoi-khoa-bieu-c5133.aspx",
    "Ba công khai": "/ba-cong-khai-c5134.aspx",
    "Giới thiệu": "/gioi-thieu-c5135.aspx",
    "Thống kê": "/thong-ke-c5136.aspx",
    "Văn bản": "/van-ban-c5137.aspx",
    "Thông báo": "/thong-bao-c5138.aspx",
    "Thời gian biểu": "/thoi-gian-bieu-c5139.aspx",
}
SHEET_TO_SITE = {
    "Chuyên môn": "Tin chuyên môn",
    "Đoàn thể": "Hoạt động đoàn thể",
    "Hoạt động của trường": "Hoạt động chung",
}
FEED_CATEGORY = "Lịch công tác"
"""The weekly schedule is published through the site's RSS feed only (no menu entry)."""
PER_PAGE = 5


def posts_from_sheet(path: Path) -> list[Post]:
    """The posts a school's exported sheet lists (``Thong ke tin bai.csv``), as its site would show them."""
    out = []
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            width = int(row["Chiều rộng ảnh (px)"]) if row["Chiều rộng ảnh (px)"] else None
            out.append(
                Post(
                    published=dt.datetime.strptime(row["Ngày đăng"], "%H:%M:%S %d/%m/%Y"),
                    title=row["Tiêu đề"],
                    category=SHEET_TO_SITE.get(row["Chuyên mục"], row["Chuyên mục"]),
                    pictures=int(row["Số ảnh"] or 0),
                    width=width,
                )
            )
    return out


def _article_path(i: int) -> str:
    return f"/bai-viet-so-{i}-tndetail2436-{50000 + i}.aspx"


def _article(post: Post, port: int, i: int) -> str:
    pictures = []
    for k in range(post.pictures):
        width = post.width or 300
        attr = f' width="{width}"' if post.width_in_markup else ""
        caption = f"<p><em>Ảnh {k + 1}: {html.escape(post.title)}</em></p>" if post.captions else ""
        pictures.append(
            f'<p style="text-align:center"><img src="http://localhost:{port}/Upload/{i}-{k}-{width}.png"{attr} '
            f'alt=""></p>{caption}'
        )
    links = "".join(f'<p><a href="http://localhost:{port}/Upload/{name}">{name}</a></p>' for name in post.attachments)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(post.title)}</title></head>
<body><div class="path"><a href="/">Trang chủ</a> ›
<a href="{CATEGORY_PAGES.get(post.category, "/")}">{post.category}</a></div>
<h1 class="title-detail">{html.escape(post.title)}</h1>
<div class="date-detail">Cập nhật lúc {post.published:%H:%M} ngày {post.published:%d/%m/%Y}</div>
<div class="content-detail"><p>Nội dung bài viết.</p>{"".join(pictures)}{links}</div>
<div class="author">Quản trị viên</div></body></html>"""


def _listing(items: list[tuple[int, Post]], page: int, pages: int, base: str) -> str:
    rows = "".join(
        f'<div class="abctitle"><div class="title"><a href="{_article_path(i)}">{html.escape(p.title)}</a></div>'
        f'<span class="date">{p.published:%d/%m/%Y}</span></div>'
        for i, p in items
    )
    nxt = f'<div class="paging"><a class="next" href="{base}?page={page + 1}">Sau</a></div>' if page < pages else ""
    return f"<html><body><div class='list'>{rows}</div>{nxt}</body></html>"


def longbien_site(posts: list[Post], port: int, *, extra_menu: str = "") -> Site:
    """A school site on the district's platform showing ``posts``; the schedule only via RSS."""
    site = Site()
    menu = "".join(f'<li><a href="{url}">{name}</a></li>' for name, url in CATEGORY_PAGES.items())
    site.page(
        "/",
        f"""<html><head>
<link rel="alternate" type="application/rss+xml" title="Lịch công tác" href="/rss/lich-cong-tac.rss">
</head><body><ul class="menu">{menu}{extra_menu}<li><a href="/lien-he.aspx">Liên hệ</a></li></ul></body></html>""",
    )
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    by_category: dict[str, list[tuple[int, Post]]] = {}
    feed = []
    for i, post in enumerate(posts):
        site.page(_article_path(i), _article(post, port, i))
        for k in range(post.pictures):
            width = post.width or 300
            site.routes[f"/Upload/{i}-{k}-{width}.png"] = Route(png(width), "image/png")
        for name in post.attachments:
            site.routes[f"/Upload/{name}"] = Route(b"%PDF-1.4 fixture", "application/pdf")
        if post.category == FEED_CATEGORY:
            feed.append((i, post))
        else:
            by_category.setdefault(post.category, []).append((i, post))
    for name, url in CATEGORY_PAGES.items():
        items = sorted(by_category.get(name, []), key=lambda ip: ip[1].published, reverse=True)
        pages = max(1, -(-len(items) // PER_PAGE))
        for page in range(1, pages + 1):
            chunk = items[(page - 1) * PER_PAGE : page * PER_PAGE]
            path = url if page == 1 else f"{url}?page={page}"
            site.page(path, _listing(chunk, page, pages, url))
    entries = "".join(
        f"<item><title>{html.escape(p.title)}</title><link>http://127.0.0.1:{port}{_article_path(i)}</link>"
        f"<pubDate>{email.utils.format_datetime(p.published.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))))}</pubDate>"
        f"<category>{FEED_CATEGORY}</category></item>"
        for i, p in feed
    )
    site.page(
        "/rss/lich-cong-tac.rss",
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{FEED_CATEGORY}</title>'
        f"<link>http://127.0.0.1:{port}/</link>{entries}</channel></rss>",
        content_type="application/rss+xml; charset=utf-8",
    )
    urls = "".join(
        f"<url><loc>http://127.0.0.1:{port}{_article_path(i)}</loc><lastmod>{p.published:%Y-%m-%d}</lastmod></url>"
        for i, p in enumerate(posts)
    )
    site.page(
        "/sitemap.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        content_type="application/xml",
    )
    return site
