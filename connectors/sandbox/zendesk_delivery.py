"""Background webhook deliveries of the Zendesk sandbox: real signed HTTP POSTs, retried on 5xx."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from connectors.sandbox.zendesk_state import iso
from connectors.sandbox.zendesk_triggers import Automation, Delivery

ACCOUNT_ID = "7311001"


def zendesk_signature(secret: str, timestamp: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret as text, timestamp + body)) as Zendesk documents it."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("utf-8") + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass
class Deliverer:
    """Sends deliveries off the request path; keeps a log of every attempt."""

    automation: Automation
    attempts: int = 3
    timeout_s: float = 10.0  # Zendesk gives up after about ten seconds
    backoff_s: float = 0.05
    log: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        """Wait briefly for in-flight deliveries, then close the client session."""
        await self.drain(timeout=2.0)
        for task in list(self._tasks):
            task.cancel()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def spawn(self, deliveries: list[Delivery]) -> None:
        """Start each delivery in its own task so the API response is not held up."""
        for delivery in deliveries:
            task = asyncio.get_running_loop().create_task(self._deliver(delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float = 10.0) -> int:
        """Wait until no delivery is in flight (new ones included); returns how many are left."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and loop.time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=max(0.0, deadline - loop.time()))
        return len(self._tasks)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout_s))
        return self._session

    async def _deliver(self, delivery: Delivery) -> None:
        for attempt in range(1, self.attempts + 1):
            status, error = await self._attempt(delivery, attempt)
            if status is not None and status < 500:
                return  # Zendesk retries only server errors and timeouts
            if attempt < self.attempts:
                await asyncio.sleep(self.backoff_s * attempt)

    async def _attempt(self, delivery: Delivery, attempt: int) -> tuple[int | None, str | None]:
        automation = self.automation
        hook = automation.webhooks.get(delivery.webhook_id)
        if hook is None:
            return 410, "webhook deleted"
        body = delivery.body.encode("utf-8")
        timestamp = iso(automation.account.now())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Zendesk Webhook",
            "x-zendesk-account-id": ACCOUNT_ID,
            "x-zendesk-webhook-id": delivery.webhook_id,
            "x-zendesk-webhook-invocation-id": str(delivery.invocation_id),
            "x-zendesk-webhook-signature-timestamp": timestamp,
            # The secret is read at send time: a reset applies to the very next delivery.
            "x-zendesk-webhook-signature": zendesk_signature(automation.secrets[delivery.webhook_id], timestamp, body),
        }
        status: int | None = None
        error: str | None = None
        try:
            async with self._client().request(hook["http_method"], hook["endpoint"], data=body, headers=headers) as resp:
                await resp.read()
                status = resp.status
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as err:
            error = type(err).__name__
        self.log.append({
            "invocation_id": delivery.invocation_id, "webhook_id": delivery.webhook_id, "trigger": delivery.trigger,
            "ticket_id": delivery.ticket_id, "attempt": attempt, "status": status, "error": error,
            "timestamp": timestamp, "body": delivery.body,
        })
        return status, error
