"""Group commit for the state file: commits skip their own fsync; one fsync of the WAL covers all before it.

The state connection runs with synchronous=NORMAL, so a COMMIT only hands its WAL frames to the OS:
they survive a crash of Deskhand (the kernel still has them) but not a power cut. Where a promise is
made to the outside world (a webhook acknowledged, a write about to be sent) the caller first awaits
`barrier()`. A thread of ours then fsyncs the WAL file once for every caller waiting, which is exactly
the fsync SQLite itself would have done at synchronous=FULL, but off the event loop, outside the state
lock, and shared by every commit that came before it. Under load one fsync serves many tickets.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Callable


class WalSync:
    """Makes earlier commits to one SQLite file durable, in batches, on a thread of its own."""

    def __init__(self, database: str | Path, *, fsync: Callable[[int], None] = getattr(os, "fdatasync", os.fsync)) -> None:
        self.enabled = str(database) not in ("", ":memory:")
        self.wal = Path(f"{database}-wal")
        self._fsync = fsync
        self._fd: int | None = None
        self._inode: int | None = None
        self._cond = threading.Condition()
        self._file_lock = threading.Lock()  # the loop thread's flush() and ours share the fd
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = []
        self._thread: threading.Thread | None = None
        self._closed = False
        self.syncs = 0  # fsyncs done, for tests and metrics

    async def barrier(self) -> None:
        """Return once every commit made before this call is on disk."""
        if not self.enabled:
            return
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._cond:
            if self._closed:
                raise RuntimeError("state file closed")
            self._waiters.append((loop, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deskhand-wal-sync", daemon=True)
                self._thread.start()
            self._cond.notify()
        await future

    def flush(self) -> None:
        """fsync now, on the caller's thread (webhook acknowledgements, command-line writers, shutdown)."""
        if self.enabled:
            self._sync_once()

    def close(self) -> None:
        """Flush, release waiters and the file; later barriers fail."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(10.0)
        self.flush()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._waiters and not self._closed:
                    self._cond.wait()
                batch, self._waiters = self._waiters, []
                if not batch and self._closed:
                    return
            error: BaseException | None = None
            try:
                # Outside the condition: callers arriving during this fsync queue up for the next one.
                self._sync_once()
            except BaseException as err:  # surfaced to every waiter of this batch
                error = err
            for loop, future in batch:
                try:
                    loop.call_soon_threadsafe(_settle, future, error)
                except RuntimeError:  # that loop has closed; nobody is waiting any more
                    pass

    def _sync_once(self) -> None:
        with self._file_lock:
            fd = self._wal_fd()
            if fd is not None:
                self._fsync(fd)
                self.syncs += 1

    def _wal_fd(self) -> int | None:
        """An fd on the current WAL file (reopened if SQLite recreated it); None while there is none."""
        try:
            inode = os.stat(self.wal).st_ino
        except FileNotFoundError:
            return None  # nothing committed in WAL mode yet
        if self._fd is None or inode != self._inode:
            if self._fd is not None:
                os.close(self._fd)
            self._fd, self._inode = os.open(self.wal, os.O_RDONLY), inode
            # A new file's directory entry must reach the disk too, once.
            directory = os.open(self.wal.parent, os.O_RDONLY)
            try:
                self._fsync(directory)
            finally:
                os.close(directory)
        return self._fd


def _settle(future: asyncio.Future, error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
