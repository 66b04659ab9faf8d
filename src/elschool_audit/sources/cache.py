"""On-disk cache of what was read from Drive, so an unchanged file is never read twice.

Sheets reads are the scarce resource (60 a minute per user): a district re-audited every month
mostly re-reads files nobody touched. Entries are keyed by file id *and* the file's ``version``
(which Drive bumps on every change, native Sheets included) plus ``md5Checksum`` for uploads, so
a stale entry can only be missed, never served. Writes are atomic (temp file + rename) so an
interrupted run leaves no half-written entry; an entry whose checksum, header, md5 or shape does
not match is deleted and counts as a miss (see ``DriveCache``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elschool_audit import __version__
from elschool_audit.atomic import write_atomic
from elschool_audit.i18n import current_language, label
from elschool_audit.limits import MB, limits

FORMAT = "drive-v2"
"""Bumped when the stored shape changes: old entries are then simply ignored."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CacheKey:
    file_id: str
    version: str
    md5: str | None = None

    def stem(self) -> str:
        # Ids are URL-safe already, but hashing keeps any odd id a valid file name on every OS.
        digest = hashlib.sha256(self.file_id.encode()).hexdigest()[:32]
        return f"{digest}-v{self.version}-{self.md5 or 'x'}"

    def prefix(self) -> str:
        return hashlib.sha256(self.file_id.encode()).hexdigest()[:32] + "-"


def is_sheet_payload(payload: Any) -> bool:
    """The shape a native Sheet is cached in: ``[{"title": str, "hidden": bool, "values": [[...]]}]``."""
    return isinstance(payload, list) and all(
        isinstance(tab, dict)
        and isinstance(tab.get("title"), str)
        and isinstance(tab.get("hidden", False), bool)
        and isinstance(tab.get("values"), list)
        and all(isinstance(row, list) for row in tab["values"])
        for tab in payload
    )


class DriveCache:
    """``<root>/drive-v2/<id hash>-v<version>-<md5>.{bin,json}``.

    Each entry is one header line (JSON: file id, Drive version, tool version, SHA-256 of the
    content) and then the content. An entry whose header is missing or does not match, whose
    content does not match its checksum, or that is not a regular file (a FIFO would block the
    run) is deleted and counted as a miss, with a debug note: a hand-edited or torn entry can
    never be served as if Drive had said it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / FORMAT
        self.hits = 0
        self.misses = 0

    def _path(self, key: CacheKey, suffix: str) -> Path:
        return self.dir / (key.stem() + suffix)

    def get_bytes(self, key: CacheKey) -> bytes | None:
        data = self._read(key, ".bin")
        if data is not None and key.md5 is not None and hashlib.md5(data).hexdigest() != key.md5:
            self._discard(key, ".bin", "md5 differs from Drive's")
            data = None
        self._count(data)
        return data

    def put_bytes(self, key: CacheKey, data: bytes) -> None:
        self._write(key, ".bin", data)

    def get_json(self, key: CacheKey, valid: Callable[[Any], bool] = is_sheet_payload) -> Any | None:
        """The cached payload, or None; ``valid`` says whether a decoded payload has the right shape."""
        raw = self._read(key, ".json")
        payload: Any = None
        if raw is not None:
            try:
                payload = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                self._discard(key, ".json", "content is not JSON")
                payload = None
            if payload is not None and not valid(payload):
                self._discard(key, ".json", "content has the wrong shape")
                payload = None
        self._count(payload)
        return payload

    def put_json(self, key: CacheKey, payload: Any) -> None:
        self._write(key, ".json", json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def _count(self, found: Any) -> None:
        if found is None:
            self.misses += 1
        else:
            self.hits += 1

    def _header(self, key: CacheKey, content: bytes) -> dict[str, str]:
        return {
            "format": FORMAT,
            "file_id": key.file_id,
            "version": key.version,
            "tool": __version__,
            "sha256": hashlib.sha256(content).hexdigest(),
        }

    def _read(self, key: CacheKey, suffix: str) -> bytes | None:
        """An entry's verified content, or None (missing, or discarded as untrustworthy)."""
        path = self._path(key, suffix)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as fh:
                info = os.fstat(fh.fileno())
                if not stat.S_ISREG(info.st_mode):
                    self._discard(key, suffix, "not a regular file")
                    return None
                if info.st_size > limits().file_mb * MB + 4096:
                    self._discard(key, suffix, "larger than any file the readers accept")
                    return None
                blob = fh.read()
        except OSError:
            return None
        head, sep, content = blob.partition(b"\n")
        try:
            header = json.loads(head.decode("utf-8")) if sep else None
        except (UnicodeDecodeError, ValueError):
            header = None
        if header != self._header(key, content):
            self._discard(key, suffix, "header or checksum does not match")
            return None
        return content

    def _discard(self, key: CacheKey, suffix: str, why: str) -> None:
        """Delete an untrustworthy entry (it would be a miss every time), with a debug note."""
        path = self._path(key, suffix)
        log.debug("%s", label("log_cache_discarded", current_language(), name=path.name, why=why))
        with contextlib.suppress(OSError):
            path.unlink()
        return None

    def _write(self, key: CacheKey, suffix: str, data: bytes) -> None:
        """Atomic write; a cache that cannot be written is only a slower run, never an error."""
        header = json.dumps(self._header(key, data)).encode("utf-8")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._drop_old_versions(key)
            write_atomic(self._path(key, suffix), header + b"\n" + data, durable=False)
        except OSError:
            return

    def _drop_old_versions(self, key: CacheKey) -> None:
        keep = key.stem()
        for old in self.dir.glob(key.prefix() + "*"):
            if not old.name.startswith(keep):
                old.unlink(missing_ok=True)

    def clear(self) -> tuple[int, int]:
        """Remove every entry; returns (files, bytes) removed."""
        return clear_cache(self.root)


def clear_cache(root: Path) -> tuple[int, int]:
    """Remove the Drive cache under ``root`` (all formats); returns (files, bytes) removed."""
    files = size = 0
    if not root.is_dir():
        return 0, 0
    for child in root.iterdir():
        if not (child.is_dir() and child.name.startswith("drive-")):
            continue
        for entry in child.rglob("*"):
            if entry.is_file():
                files += 1
                size += entry.stat().st_size
        shutil.rmtree(child, ignore_errors=True)
    return files, size
