"""The one retry policy: exponential back-off with jitter, a bounded number of attempts, and a
budget of seconds shared by a whole run.

Google requests and SMTP sends both go through it. Without jitter several auditors sharing a
Google project (or one school server) retry in lockstep; without a run budget a server that keeps
failing costs minutes per school and the monthly cron never ends.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to insist. The budget is shared by every request of one run."""

    max_attempts: int = 6
    base_delay: float = 2.0
    max_delay: float = 32.0
    """With equal jitter the five waits add up to 31-62 s: enough to outlast Google's one-minute quota window."""
    total_backoff_budget: float = 240.0
    """Seconds of back-off the whole run may spend; once spent, failures are not retried."""


class Backoff:
    """Hands out waits under one ``RetryPolicy``; thread-safe, one instance per run."""

    def __init__(self, policy: RetryPolicy, rng: random.Random | None = None) -> None:
        self.policy = policy
        self._rng = rng or random.Random()
        self._budget = policy.total_backoff_budget
        self._lock = threading.Lock()
        self.retries = 0
        self.seconds = 0.0

    def delay(self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None) -> float | None:
        """Seconds to wait after failed attempt number ``attempt`` (from 1), or None to give up:
        attempts used up, or the run's budget spent.

        Equal jitter: at least half the exponential wait (a quota window needs real time to pass)
        plus a random half. A server's ``Retry-After`` is honoured up to ``max_delay``.
        """
        if attempt >= self.policy.max_attempts:
            return None
        cap: float = min(self.policy.max_delay, self.policy.base_delay * 2.0 ** (attempt - 1))
        wait = cap / 2 + (rng or self._rng).uniform(0, cap / 2)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.policy.max_delay))
        with self._lock:
            if wait > self._budget:
                return None
            self._budget -= wait
            self.retries += 1
            self.seconds += wait
        return wait
