"""A polite, read-only web fetcher for school portals.

A school's portal is a public site run on a small budget: an audit must never look like an attack
on it, and a monthly re-run must cost it almost nothing. So: GET only, robots.txt obeyed, a minimum
interval between requests to one host and at most a few at a time, timeouts, a cap on the size of
any answer, redirects followed only a few hops, a user agent that says who is asking, and an
on-disk cache revalidated with ETag / If-Modified-Since, so an unchanged page costs one ``304``.
Nothing here submits a form, logs in or runs JavaScript.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.robotparser
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from elschool_audit import __version__

USER_AGENT = f"elschool-audit/{__version__} (kiem tra mo hinh truong hoc dien tu; read-only; respects robots.txt)"
ROBOTS_AGENT = "elschool-audit"


class FetchError(Exception):
    """A page that could not be fetched; ``reason`` is a short code for the message catalogue."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{url}: {reason} {detail}".strip())
        self.url = url
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Page:
    url: str
    """The final address, after redirects."""
    status: int
    body: bytes
    content_type: str
    from_cache: bool = False

    @property
    def text(self) -> str:
        charset = "utf-8"
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
        return self.body.decode(charset, errors="replace")


@dataclass
class CrawlSettings:
    """How gentle to be. Defaults suit a school's shared hosting; tests shorten the interval."""

    min_interval: float = 1.0
    """Seconds between two requests to the same host."""
    per_host: int = 2
    """Requests in flight to one host at most."""
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    """Larger answers are cut off and reported: no school page needs more."""
    max_redirects: int = 5
    head_bytes: int = 65_536
    """What is read of an image to learn its size (its header), never the whole picture."""


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(2))
    last: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None


class HttpCache:
    """Pages kept on disk by URL, with the validators the site gave (ETag, Last-Modified)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, url: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(url.encode()).hexdigest()
        return self.folder / digest[:2] / digest

    def get(self, url: str) -> tuple[dict[str, str], bytes] | None:
        path = self._path(url)
        if path is None or not path.exists():
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            return meta, path.read_bytes()
        except (OSError, ValueError):
            return None

    def put(self, url: str, meta: dict[str, str], body: bytes) -> None:
        path = self._path(url)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(body)
            tmp.replace(path)
            path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
        except OSError:
            return  # a cache that cannot be written only costs the next run a full fetch


class Crawler:
    """Fetches pages politely; counts what it asked (``stats``) so tests and logs can show it."""

    def __init__(
        self,
        settings: CrawlSettings | None = None,
        cache: HttpCache | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings or CrawlSettings()
        self.cache = cache or HttpCache(None)
        self.stats: Counter[str] = Counter()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Language": "vi,en;q=0.5"},
            timeout=self.settings.timeout,
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(slots=threading.Semaphore(self.settings.per_host))
            return self._hosts[key]

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host says we may fetch it (a missing robots.txt allows all)."""
        host = self._host(url)
        if host.robots is None:
            parts = urlsplit(url)
            robots = urllib.robotparser.RobotFileParser()
            try:
                page = self._get(f"{parts.scheme}://{parts.netloc}/robots.txt", robots=False)
                status, body = page.status, page.body
            except FetchError as exc:
                status, body = (int(exc.detail) if exc.detail.isdigit() else 404), b""
            if status in (401, 403):
                robots.parse(["User-agent: *", "Disallow: /"])  # what the standard says a refusal means
            elif status < 400:
                robots.parse(body.decode("utf-8", errors="replace").splitlines())
            else:
                robots.parse([])  # no robots.txt: everything is allowed
            host.robots = robots
        return host.robots.can_fetch(ROBOTS_AGENT, url)

    def _request(self, url: str, headers: dict[str, str], limit: int) -> _Answer:
        """One GET, spaced from the previous one to the same host, read up to ``limit`` bytes."""
        host = self._host(url)
        with host.slots:
            with host.lock:
                wait = host.last + self.settings.min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                host.last = time.monotonic()
            self.stats["requests"] += 1
            if headers.get("If-None-Match") or headers.get("If-Modified-Since"):
                self.stats["conditional"] += 1
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size >= limit:
                            self.stats["truncated"] += 1
                            break
                    return _Answer(response.status_code, response.headers, b"".join(chunks)[:limit])
            except httpx.TimeoutException as exc:
                raise FetchError(url, "timeout") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, "network", type(exc).__name__) from exc

    def get(self, url: str) -> Page:
        """A page, revalidated against the cache; raises ``FetchError`` (robots, status, loop, size)."""
        return self._get(url, robots=True)

    def _get(self, url: str, *, robots: bool) -> Page:
        seen: list[str] = []
        while True:
            if robots and not self.allowed(url):
                self.stats["robots_refused"] += 1
                raise FetchError(url, "robots")
            seen.append(url)
            cached = self.cache.get(url)
            headers: dict[str, str] = {}
            if cached is not None:
                meta = cached[0]
                if meta.get("etag"):
                    headers["If-None-Match"] = meta["etag"]
                if meta.get("last_modified"):
                    headers["If-Modified-Since"] = meta["last_modified"]
            response = self._request(url, headers, self.settings.max_bytes)
            if response.status == 304 and cached is not None:
                self.stats["not_modified"] += 1
                meta, body = cached
                return Page(url, 200, body, meta.get("content_type", ""), from_cache=True)
            if response.status in (301, 302, 303, 307, 308):
                target = urljoin(url, response.headers.get("location", ""))
                if target in seen or len(seen) > self.settings.max_redirects:
                    raise FetchError(url, "redirect_loop")
                url = target
                continue
            if response.status >= 400:
                raise FetchError(url, "status", str(response.status))
            if len(response.body) >= self.settings.max_bytes:
                raise FetchError(url, "too_large", str(self.settings.max_bytes))
            content_type = response.headers.get("content-type", "")
            validators = {
                "etag": response.headers.get("etag", ""),
                "last_modified": response.headers.get("last-modified", ""),
                "content_type": content_type,
            }
            if validators["etag"] or validators["last_modified"]:
                self.cache.put(url, validators, response.body)
            return Page(url, response.status, response.body, content_type)

    def head_bytes(self, url: str) -> bytes:
        """The first bytes of a file (an image's header), asked with a Range and cut off anyway."""
        if not self.allowed(url):
            self.stats["robots_refused"] += 1
            raise FetchError(url, "robots")
        limit = self.settings.head_bytes
        response = self._request(url, {"Range": f"bytes=0-{limit - 1}"}, limit)
        if response.status >= 400:
            raise FetchError(url, "status", str(response.status))
        return response.body
