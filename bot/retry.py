"""When a failed inbox event or outbox write is retried, and when it is parked for a human."""

from __future__ import annotations

import random
from dataclasses import dataclass

from connectors.errors import ConnectorError

_rng = random.Random()


def backoff(attempt: int, base: float, cap: float, rng: random.Random = _rng) -> float:
    """Full-jitter exponential backoff (AWS style) for attempt 1, 2, ..."""
    return rng.uniform(0, min(cap, base * (2 ** (min(attempt, 64) - 1))))


@dataclass(frozen=True)
class ParkPolicy:
    """Retryable trouble (5xx, 429, timeouts, refused) delays work; only a long-dead item is parked."""

    max_attempts: int = 8
    base_delay: float = 2.0
    max_delay: float = 300.0  # short enough that work resumes within minutes after an outage ends
    park_after_s: float = 24 * 3600.0
    unknown_outcome_delay: float = 0.0  # floor on the wait after a timeout or reset (writes: see delay())

    def parks(self, err: BaseException, attempts: int, age_s: float) -> bool:
        """True when the item should stop retrying and wait for a human."""
        if not isinstance(err, ConnectorError) or not err.retryable:
            # A 4xx validation, auth or not-found answer will not change by itself: park at once.
            return True
        # An hour-long help-desk outage must only delay work: both limits have to be exceeded.
        return attempts >= self.max_attempts and age_s >= self.park_after_s

    def delay(self, attempts: int, err: BaseException, rng: random.Random = _rng) -> float:
        """Seconds until the next attempt: the vendor's Retry-After (capped, jittered) or full jitter."""
        retry_after = getattr(err, "retry_after", None)
        if retry_after is not None:
            # A little jitter on top so several instances do not retry in lockstep.
            return min(self.max_delay, max(0.0, float(retry_after))) + rng.uniform(0, 1)
        wait = backoff(attempts, self.base_delay, self.max_delay, rng)
        if isinstance(err, ConnectorError) and err.retryable and err.status is None:
            # No answer at all (timeout, reset): the help desk may still be applying the write. A retry
            # whose "already posted?" lookup runs before that finishes finds nothing and posts twice.
            wait = max(wait, self.unknown_outcome_delay + rng.uniform(0, 1))
        return wait
