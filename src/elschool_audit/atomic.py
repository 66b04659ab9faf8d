"""The one way this tool writes a file it owns: whole or not at all, never through a special file.

Reports, cache entries and the Google token are all written to a temporary file beside the target
and renamed over it, so a reader (or the next run) never sees half a file and a failed write
leaves the old one. Callers turn ``OSError`` into their own error (a report error, a slower run).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """The target exists and is a symlink, a device, a FIFO or a folder: replacing it is refused."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes | str, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` in one step.

    ``mode`` forces the permissions (0600 for a credential); otherwise an existing file keeps its
    own (a private 0600 report stays private) and a new one gets what the umask allows. Anything at
    ``path`` but a regular file is refused: renaming over a symlink or ``/dev/...`` would replace
    the node itself, which is never what ``-o`` meant. ``durable`` syncs the data to disk first.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise NotRegularFile(0, "not a regular file", str(path))
    if mode is None:
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
