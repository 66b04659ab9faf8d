"""Calling Google without tripping its quotas, and without hanging when it trips anyway.

googleapiclient's own ``execute(num_retries=N)`` retries per request with no shared budget, and
gspread's back-off client never gives up; a district run hitting a 429 storm must instead end in
bounded time with a clear message. So every request goes through :class:`GoogleCaller`:

* a client-side sliding-window limit on Sheets reads (Google allows 60 a minute per user, and a
  service account is one user — staying below it avoids the 429s in the first place). A read
  holds its slot while in flight and is counted from when it *completes*: Google counts it when
  it arrives, somewhere between the two, so the client's window always ends after Google's and a
  run at exactly Google's limit gets no 429;
* bounded retries with jittered exponential back-off on 429, 5xx, 403 ``userRateLimitExceeded``/``rateLimitExceeded``
  and network timeouts, honouring ``Retry-After``; never on other 4xx, which will not heal;
* one back-off budget for the whole run, so a storm costs at most that many seconds in total
  rather than that many per school.
"""

from __future__ import annotations

import collections
import contextlib
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httplib2
from googleapiclient.errors import HttpError

from elschool_audit.errors import Location, SourceError
from elschool_audit.retry import Backoff, RetryPolicy

RETRYABLE_REASONS = frozenset(
    {"userRateLimitExceeded", "rateLimitExceeded", "backendError", "internalError", "RATE_LIMIT_EXCEEDED"}
)
"""Error reasons that mean "try again later" even on a 403 (Drive's ``errors[].reason`` or an ``ErrorInfo``)."""

DEFAULT_SHEETS_READS_PER_MINUTE = 50
"""Below Google's 60 reads/min per user, leaving room for a person using the same account."""


class QuotaExhaustedError(SourceError):
    """Google kept refusing for quota reasons after every retry: the run should be resumed later."""


class SlidingWindowLimiter:
    """At most ``limit`` events in any ``window`` seconds; waits (via ``sleep``) for a free slot.

    :meth:`acquire` stamps an event when it starts; :meth:`slot` holds the slot for the whole
    request and stamps it when the request ends, which is what keeps the far side's count (on
    arrival, after the start) from ever seeing more than ``limit`` in its window.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._events: collections.deque[float] = collections.deque()
        self._in_flight = 0
        self._lock = threading.Lock()
        self.waited = 0.0

    def acquire(self) -> None:
        """Take a slot, counted from now."""
        self._take(hold=False)

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Take a slot for one request: busy while it runs, then counted from when it ended."""
        self._take(hold=True)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1
                self._events.append(self._clock())

    def _take(self, *, hold: bool) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._events and self._events[0] <= now - self.window:
                    self._events.popleft()
                if len(self._events) + self._in_flight < self.limit:
                    if hold:
                        self._in_flight += 1
                    else:
                        self._events.append(now)
                    return
                # Every slot is taken: wait for the oldest to leave the window (or, when all are
                # in flight, a moment for one to end).
                wait = self._events[0] + self.window - now if self._events else 0.05
            self.waited += wait
            (self._sleep or time.sleep)(max(wait, 0.001))


@dataclass
class CallStats:
    """What the run cost: per-operation request counts, retries and back-off seconds."""

    requests: collections.Counter[str]
    retries: int = 0
    backoff_seconds: float = 0.0


def error_reasons(exc: HttpError) -> set[str]:
    """The ``reason`` of each detail googleapiclient already parsed into ``error_details``: Drive's
    ``errors[].reason`` (``userRateLimitExceeded``) or the ``ErrorInfo`` reason of newer answers."""
    details = exc.error_details
    if not isinstance(details, list):
        return set()
    return {str(d["reason"]) for d in details if isinstance(d, dict) and d.get("reason")}


def error_message(exc: HttpError) -> str:
    """Google's own sentence for an error (``File not found: 1abc.``), for the user-facing message."""
    return str(exc.reason or (exc.resp.reason if exc.resp is not None else "") or "")


def is_retryable(exc: HttpError) -> bool:
    status = exc.status_code
    if status == 429 or status >= 500:
        return True
    return status == 403 and bool(error_reasons(exc) & RETRYABLE_REASONS)


def is_rate_limit(exc: HttpError) -> bool:
    return exc.status_code == 429 or (exc.status_code == 403 and bool(error_reasons(exc) & RETRYABLE_REASONS))


_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    TimeoutError,
    socket.timeout,
    ConnectionError,
    httplib2.ServerNotFoundError,
    httplib2.HttpLib2Error,
)


class GoogleCaller:
    """Executes googleapiclient requests with the rate limit and the retry policy above.

    Thread-safe for counting; one instance serves one run (one credential), so its budget and
    limiter are what "per run" and "per credential" mean.
    """

    def __init__(
        self,
        *,
        sheets_reads_per_minute: int = DEFAULT_SHEETS_READS_PER_MINUTE,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self.sheets_limiter = SlidingWindowLimiter(sheets_reads_per_minute, 60.0, clock=clock, sleep=sleep)
        self._rng = rng or random.Random()
        self._retry = Backoff(self.policy, self._rng)
        self._lock = threading.Lock()
        self.stats = CallStats(collections.Counter())

    def _do_sleep(self, seconds: float) -> None:
        # Looked up at call time so tests that patch time.sleep see every back-off.
        (self._sleep or time.sleep)(seconds)

    def _backoff(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt, or None when attempts or the budget are spent."""
        delay = self._retry.delay(attempt, retry_after, self._rng)
        if delay is not None:
            with self._lock:
                self.stats.retries += 1
                self.stats.backoff_seconds += delay
        return delay

    def execute(self, request: Any, operation: str, where: Location) -> Any:
        """Run ``request`` (a googleapiclient ``HttpRequest``); ``operation`` names it in counts.

        Raises ``SourceError`` (``QuotaExhaustedError`` for rate limits) with Google's reason
        once retrying is pointless; ``HttpError`` of other kinds propagates for the caller to
        translate in context (a 404 on a folder means something different from one on a file).
        """
        attempt = 0
        while True:
            attempt += 1
            limit = self.sheets_limiter.slot() if operation.startswith("sheets.") else contextlib.nullcontext()
            retry_after: float | None = None
            try:
                with limit:
                    with self._lock:
                        self.stats.requests[operation] += 1
                    return request.execute(num_retries=0)
            except HttpError as exc:
                if not is_retryable(exc):
                    raise
                failure: BaseException = exc
                header = exc.resp.get("retry-after") if exc.resp is not None else None
                try:
                    retry_after = float(header) if header is not None else None
                except ValueError:
                    retry_after = None
            except _NETWORK_ERRORS as exc:
                failure = exc
            except OSError as exc:  # ECONNRESET and friends surface as bare OSError on some platforms
                failure = exc
            delay = self._backoff(attempt, retry_after)
            if delay is None:
                raise self._give_up(failure, attempt, where) from failure
            self._do_sleep(delay)

    def _give_up(self, failure: BaseException, attempts: int, where: Location) -> SourceError:
        if isinstance(failure, HttpError):
            reason = f"HTTP {failure.status_code}: {error_message(failure)}"
            if is_rate_limit(failure):
                return QuotaExhaustedError("google_quota_exhausted", where, attempts=attempts, reason=reason)
            return SourceError("google_kept_failing", where, attempts=attempts, reason=reason)
        return SourceError(
            "google_unreachable", where, attempts=attempts, reason=f"{type(failure).__name__}: {failure}"
        )
