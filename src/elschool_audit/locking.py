"""One run at a time: a monthly cron job that overruns must not race the next one.

The lock is ``filelock``'s (``flock`` on POSIX, ``msvcrt.locking`` on Windows): the OS drops it
when the process dies, so a killed run never wedges the next, and a lock held by another run is
the same "another run is in progress" error (exit 2) on every platform.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from elschool_audit.errors import ConfigError, Location


class RunLocked(ConfigError):
    """Another run holds the lock."""


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``path`` for the duration; released even on a crash."""
    lock = FileLock(path, timeout=0, is_singleton=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as exc:
        raise RunLocked(
            "run_locked",
            Location(file=str(path)),
        ) from exc
    except OSError as exc:  # an unwritable folder: a setup problem, not an internal error
        raise ConfigError(
            "lock_uncreatable",
            Location(file=str(path)),
            reason=str(exc.strerror or exc),
        ) from exc
    try:
        yield
    finally:
        lock.release()
