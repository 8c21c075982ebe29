"""Named crash points: DESKHAND_CRASH_AT=name[:N] makes the process SIGKILL itself there (fault suite)."""

from __future__ import annotations

import os
import signal
import threading

ENV_VAR = "DESKHAND_CRASH_AT"

# Every point the fault suite kills the process at; a misspelt name in the variable would crash nowhere.
POINTS = (
    "after_inbox_commit",  # webhook stored, 2xx not yet sent
    "mid_pipeline",  # run composed, nothing committed
    "after_run_commit",  # run and outbox rows committed, nothing sent
    "after_send_before_done",  # help desk accepted the write, row not yet marked done
    "after_approval_commit",  # approval recorded and the reply queued, nothing sent
)


def _parse(value: str | None) -> tuple[str, int] | None:
    """'name' or 'name:N' (N >= 1) -> (name, N); anything else -> None."""
    if not value:
        return None
    name, _, count = value.strip().partition(":")
    if name not in POINTS:
        raise ValueError(f"{ENV_VAR}={value!r}: unknown crash point (known: {', '.join(POINTS)})")
    n = int(count) if count else 1
    if n < 1:
        raise ValueError(f"{ENV_VAR}={value!r}: N must be >= 1")
    return name, n


# Read once at import: in production the variable is unset and crash_point() is one comparison.
_TARGET = _parse(os.environ.get(ENV_VAR))
_hits = 0
_lock = threading.Lock()  # points are reached from worker threads too


def crash_point(name: str) -> None:
    """SIGKILL this process when `name` is the armed point and this is its N-th arrival; else nothing."""
    global _hits
    if _TARGET is None or _TARGET[0] != name:
        return
    with _lock:
        _hits += 1
        if _hits < _TARGET[1]:
            return
    os.kill(os.getpid(), signal.SIGKILL)
