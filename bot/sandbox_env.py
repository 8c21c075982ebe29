"""Start the bundled sample store and a sandbox help desk on loopback, and settings that point at them."""

from __future__ import annotations

import random
import secrets
import socket
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from connectors.sandbox.server import SandboxServer

from bot.settings import Settings

HelpDeskKind = Literal["zendesk", "freshdesk"]


def free_port(host: str = "127.0.0.1") -> int:
    """A free port for Deskhand, chosen before it listens (the sandbox needs its URL first).

    Taken below the OS's ephemeral range: a port the OS handed out and took back could be handed out
    again at once (to a sandbox binding port 0, or to an outgoing connection) before Deskhand binds it.
    """
    low = _ephemeral_low() - 12_000
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(max(10_000, low), max(10_001, low + 10_000))
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # crowded host: let the OS choose
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _ephemeral_low() -> int:
    """Start of the OS's ephemeral port range (Linux default 32768)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


@dataclass
class SandboxEnv:
    """Running sandbox servers plus the settings Deskhand needs to use them."""

    settings: Settings
    store: SandboxServer
    helpdesk: SandboxServer
    helpdesk_kind: HelpDeskKind
    deskhand_url: str
    stack: AsyncExitStack
    today: date  # the sample store's fixed "today", so eligibility windows replay the same way

    async def close(self) -> None:
        """Stop every sandbox server."""
        await self.stack.aclose()


async def start_sandbox(
    *,
    helpdesk: HelpDeskKind = "zendesk",
    database: str | Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    latency_ms: float = 0,
    base: Settings | None = None,
) -> SandboxEnv:
    """Start WooCommerce + the help desk sandboxes with fresh random credentials."""
    from connectors.sandbox.store import TODAY, load_sample_store
    from connectors.sandbox.woocommerce_server import start_woocommerce

    port = port or free_port(host)
    deskhand_url = f"http://{host}:{port}"
    ck, cs = "ck_" + secrets.token_hex(12), "cs_" + secrets.token_hex(12)
    wc_secret = secrets.token_urlsafe(24)
    hook_secret = secrets.token_urlsafe(32)
    stack = AsyncExitStack()
    store = await start_woocommerce(store=load_sample_store(), consumer_key=ck, consumer_secret=cs, latency_ms=latency_ms)
    stack.push_async_callback(store.close)
    base = base or Settings()
    service = base.service.model_copy(update={"host": host, "port": port, "public_url": deskhand_url,
                                              "database": str(database), "helpdesk": helpdesk})
    woo = base.woocommerce.model_copy(update={"url": store.url, "consumer_key": ck, "consumer_secret": cs,
                                              "webhook_secret": wc_secret})
    if helpdesk == "zendesk":
        from connectors.sandbox.zendesk_server import start_zendesk

        email, token = "deskhand.bot@example.org", secrets.token_hex(16)
        desk = await start_zendesk(email=email, api_token=token, latency_ms=latency_ms,
                                   deskhand_webhook_url=f"{deskhand_url}/webhooks/zendesk", signing_secret=hook_secret)
        stack.push_async_callback(desk.close)
        zd = base.zendesk.model_copy(update={"url": desk.url, "email": email, "api_token": token,
                                             "webhook_secret": hook_secret})
        settings = base.model_copy(update={"service": service, "woocommerce": woo, "zendesk": zd})
    else:
        from connectors.sandbox.freshdesk_server import start_freshdesk

        key = secrets.token_hex(16)
        desk = await start_freshdesk(api_key=key, latency_ms=latency_ms,
                                     deskhand_webhook_url=f"{deskhand_url}/webhooks/freshdesk", webhook_secret=hook_secret)
        stack.push_async_callback(desk.close)
        fd = base.freshdesk.model_copy(update={"url": desk.url, "api_key": key, "webhook_secret": hook_secret})
        settings = base.model_copy(update={"service": service, "woocommerce": woo, "freshdesk": fd})
    return SandboxEnv(settings, store, desk, helpdesk, deskhand_url, stack, TODAY.date())
