"""The front door: the webhook app on a thread and event loop of its own.

Under a burst the worker loop is busy running pipelines; a webhook handled on that loop waits for
every ready callback before each of its steps. On its own loop, an acknowledgement costs its own
work (verify, one SQLite insert, respond) plus a GIL hand-off, whatever the workers are doing.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future

from aiohttp import web


class FrontDoor:
    """Serve an aiohttp app from a daemon thread; start() returns once the port is listening."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app, self.host, self.port = app, host, port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start the thread, bind the port, and re-raise any start-up error here."""
        ready: Future[None] = Future()
        self._thread = threading.Thread(target=self._main, args=(ready,), name="deskhand-front-door", daemon=True)
        self._thread.start()
        ready.result(timeout)

    def _main(self, ready: Future[None]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._listen())
        except BaseException as err:  # surfaced to start()
            ready.set_exception(err)
            loop.close()
            return
        ready.set_result(None)
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _listen(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if not self.port:  # port 0: learn the one the OS picked
            sockets = getattr(site._server, "sockets", None) or []
            if sockets:
                self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop accepting, finish in-flight requests, end the thread."""
        loop, runner = self._loop, self._runner
        if loop is None or runner is None or self._thread is None:
            return
        done = asyncio.run_coroutine_threadsafe(runner.cleanup(), loop)
        await asyncio.wrap_future(done)
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(self._thread.join, 10.0)
        self._loop = self._runner = self._thread = None
