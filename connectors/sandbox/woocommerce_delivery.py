"""Outgoing sandbox webhooks: deliveries signed and encoded the way WC_Webhook::deliver() does it."""

from __future__ import annotations

import json
import secrets as _secrets
from dataclasses import dataclass
from typing import Any

import aiohttp

from connectors.woocommerce_webhook import woocommerce_signature


def php_json_encode(payload: Any) -> bytes:
    """Bytes as PHP wp_json_encode writes them: compact, `\\/` escaped slashes, `\\uXXXX` for non-ASCII."""
    # "/" only occurs inside JSON strings, so a plain replace escapes exactly what PHP escapes.
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode("ascii")


@dataclass(frozen=True)
class Delivery:
    """What a sandbox webhook delivery sent and what the receiver answered."""

    status: int
    body: bytes
    headers: dict[str, str]


async def deliver_order_webhook(
    session: aiohttp.ClientSession,
    url: str,
    order_json: dict[str, Any],
    secret: str,
    topic: str = "order.updated",
    webhook_id: int = 31,
    *,
    source: str = "https://juniper-oak.example.com/",
) -> Delivery:
    """POST one signed delivery the way WC_Webhook::deliver() does."""
    body = php_json_encode(order_json)
    resource, _, event = topic.partition(".")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7)",
        "X-WC-Webhook-Source": source,
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": woocommerce_signature(secret, body),
        "X-WC-Webhook-ID": str(webhook_id),
        "X-WC-Webhook-Delivery-ID": _secrets.token_hex(16),
    }
    async with session.post(url, data=body, headers=headers, allow_redirects=False) as resp:
        await resp.read()
        return Delivery(resp.status, body, headers)


async def deliver_ping(session: aiohttp.ClientSession, url: str, webhook_id: int = 31) -> int:
    """The unsigned activation ping (form body `webhook_id=<id>`); returns the receiver's status."""
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7)"}
    async with session.post(url, data=f"webhook_id={int(webhook_id)}".encode(), headers=headers,
                            allow_redirects=False) as resp:
        await resp.read()
        return resp.status
