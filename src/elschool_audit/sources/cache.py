"""On-disk cache of what was read from Drive, so an unchanged file is never read twice.

Sheets reads are the scarce resource (60 a minute per user): a district re-audited every month
mostly re-reads files nobody touched. Entries are keyed by file id *and* the file's ``version``
(which Drive bumps on every change, native Sheets included) plus ``md5Checksum`` for uploads, so
a stale entry can only be missed, never served. Writes are atomic (temp file + rename) so an
interrupted run leaves no half-written entry; an entry that fails to decode or to match its md5
counts as a miss and is overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "drive-v1"
"""Bumped when the stored shape changes: old entries are then simply ignored."""


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


class DriveCache:
    """``<root>/drive-v1/<id hash>-v<version>-<md5>.{bin,json}``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / FORMAT
        self.hits = 0
        self.misses = 0

    def _path(self, key: CacheKey, suffix: str) -> Path:
        return self.dir / (key.stem() + suffix)

    def get_bytes(self, key: CacheKey) -> bytes | None:
        path = self._path(key, ".bin")
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        if key.md5 is not None and hashlib.md5(data).hexdigest() != key.md5:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put_bytes(self, key: CacheKey, data: bytes) -> None:
        self._write(key, ".bin", data)

    def get_json(self, key: CacheKey) -> Any | None:
        path = self._path(key, ".json")
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(entry, dict) or entry.get("file_id") != key.file_id or "payload" not in entry:
            self.misses += 1
            return None
        self.hits += 1
        return entry["payload"]

    def put_json(self, key: CacheKey, payload: Any) -> None:
        text = json.dumps({"file_id": key.file_id, "version": key.version, "payload": payload}, ensure_ascii=False)
        self._write(key, ".json", text.encode("utf-8"))

    def _write(self, key: CacheKey, suffix: str, data: bytes) -> None:
        """Atomic write; a cache that cannot be written is only a slower run, never an error."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._drop_old_versions(key)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.dir)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, self._path(key, suffix))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
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
