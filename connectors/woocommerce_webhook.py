"""Verify and parse WooCommerce order webhooks: HMAC over the raw bytes, unsigned ping, dedupe key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from connectors.base import Fulfillment
from connectors.errors import BadWebhookError, ForgedWebhookError, IgnoredWebhook
from connectors.woocommerce_parse import fulfillment_for

_PING = re.compile(rb"webhook_id=\d{1,20}")
MAX_BODY_BYTES = 1_048_576
# wp_specialchars_decode(..., ENT_QUOTES): WooCommerce signs with the entity-decoded secret.
_WP_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#039;", "'"), ("&#x27;", "'"), ("&amp;", "&"))


def woocommerce_signature(secret: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, body)), as WC_Webhook::generate_signature() computes it."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _decoded(secret: str) -> str:
    for entity, char in _WP_ENTITIES:
        secret = secret.replace(entity, char)
    return secret


@dataclass(frozen=True)
class OrderWebhookEvent:
    """A verified order delivery: ids and state only; re-read the order before acting on it."""

    webhook_id: str
    topic: str
    order_id: int
    status: str | None  # None for order.deleted, whose body is only {"id": N}
    modified_gmt: datetime | None
    dedupe_key: str

    @property
    def fulfillment(self) -> Fulfillment | None:
        """The status mapped to Deskhand's fulfillment vocabulary."""
        return fulfillment_for(self.status) if self.status is not None else None


class _OrderPayload(BaseModel):
    """The few fields of an order payload Deskhand reads; everything else is ignored."""

    model_config = ConfigDict(extra="ignore")

    id: int
    status: str | None = None
    date_modified_gmt: datetime | None = None

    @field_validator("id")
    @classmethod
    def _positive(cls, value: int) -> int:
        # WooCommerce ids are 64-bit; a bigger one cannot be stored (SQLite INTEGER) and is not real.
        if not 0 < value < 2**63:
            raise ValueError("order id must be a positive 64-bit integer")
        return value

    @field_validator("date_modified_gmt")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def verify_signature(headers: Mapping[str, str], body: bytes, secrets: Sequence[str]) -> None:
    """Raise ForgedWebhookError unless X-WC-Webhook-Signature matches one of the secrets."""
    candidates = [s for s in secrets if s]
    if not candidates:
        # Fail closed: no configured secret never means "accept".
        raise ForgedWebhookError("woocommerce: no webhook secret configured")
    given = (_header(headers, "X-WC-Webhook-Signature") or "").strip()
    if not given:
        raise ForgedWebhookError("woocommerce: missing signature")
    given_bytes = given.encode("utf-8", "replace")
    matched = False
    for secret in candidates:
        for variant in {secret, _decoded(secret)}:
            expected = woocommerce_signature(variant, body).encode("ascii")
            # Every candidate is compared, in constant time, so timing says nothing about which one.
            matched |= hmac.compare_digest(expected, given_bytes)
    if not matched:
        raise ForgedWebhookError("woocommerce: signature mismatch")


def parse_woocommerce_webhook(headers: Mapping[str, str], body: bytes, secrets: Sequence[str]) -> OrderWebhookEvent:
    """Verify one delivery over its raw bytes and return the order event it carries.

    Raises IgnoredWebhook for the unsigned activation ping and for non-order topics,
    ForgedWebhookError for a missing or wrong signature, BadWebhookError for a signed but malformed body.
    """
    if len(body) > MAX_BODY_BYTES:
        raise BadWebhookError("woocommerce: body too large")
    if _header(headers, "X-WC-Webhook-Signature") is None and _PING.fullmatch(body.strip()):
        raise IgnoredWebhook("woocommerce: activation ping")
    verify_signature(headers, body, secrets)

    topic = (_header(headers, "X-WC-Webhook-Topic") or "").strip()
    if not topic:
        raise BadWebhookError("woocommerce: missing topic header")
    if not topic.startswith("order."):
        raise IgnoredWebhook("woocommerce: not an order topic")
    webhook_id = (_header(headers, "X-WC-Webhook-ID") or "").strip()
    try:
        raw: Any = json.loads(body)
        payload = _OrderPayload.model_validate(raw)
    except (ValueError, ValidationError, RecursionError) as err:  # deep nesting raises RecursionError
        raise BadWebhookError("woocommerce: malformed order payload") from err

    if webhook_id and payload.date_modified_gmt is not None:
        stamp = payload.date_modified_gmt.strftime("%Y-%m-%dT%H:%M:%S")
        dedupe = f"woocommerce:{webhook_id}:{topic}:{payload.id}:{stamp}"
    else:
        dedupe = "woocommerce:sha256:" + hashlib.sha256(body).hexdigest()
    status = (payload.status or "").strip() or None
    if status is None and topic != "order.deleted":
        raise BadWebhookError("woocommerce: order payload without a status")
    return OrderWebhookEvent(
        webhook_id=webhook_id,
        topic=topic,
        order_id=payload.id,
        status=status,
        modified_gmt=payload.date_modified_gmt,
        dedupe_key=dedupe,
    )
