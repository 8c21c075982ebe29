"""Zendesk webhook deliveries: signature check, replay window and payload parsing.

Zendesk signs ``base64(HMAC-SHA256(secret, TIMESTAMP + BODY))`` where TIMESTAMP is the exact
``x-zendesk-webhook-signature-timestamp`` header string, BODY the raw request bytes, and the secret
is used as UTF-8 text (never base64-decoded). Published vectors, checked in
tests/connectors/test_zendesk_webhook.py:

- A (third-party, static test secret, ``2021-03-25T05:09:27Z``) matches TIMESTAMP+BODY.
- B (constructed delivery, same secret and timestamp) matches TIMESTAMP+BODY.
- C (Zendesk event-connectors page) reproduces only as BODY+TIMESTAMP. It contradicts the main
  verification page and Zendesk's Node example, so this module does NOT accept that order; a real
  captured delivery should be pinned as the golden fixture before release.

Zendesk prescribes no replay window; Deskhand enforces one in both directions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from connectors.base import TicketEvent
from connectors.errors import BadWebhookError, ForgedWebhookError

SIGNATURE_HEADER = "x-zendesk-webhook-signature"
TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp"
WEBHOOK_ID_HEADER = "x-zendesk-webhook-id"
INVOCATION_ID_HEADER = "x-zendesk-webhook-invocation-id"

# Signs webhook-builder test requests before a webhook exists; never a production secret.
STATIC_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="

_MAX_HEADER_CHARS = 256  # real values are ~30-45 chars; longer input is refused before any work
_MAX_ID_CHARS = 20  # Zendesk ids are 64-bit integers


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature Zendesk sends for `body` at `timestamp` (base64 HMAC-SHA256)."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("utf-8") + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive single-value lookup that tolerates any mapping shape."""
    found: list[Any] = []
    try:
        for key, value in headers.items():
            text = _text(key)
            if text is not None and text.lower() == name:
                found.append(value)
    except Exception:  # a hostile or odd mapping must still end in a declared error
        return None
    if len(found) != 1:  # missing or duplicated: both refused
        return None
    value = _text(found[0])
    return value.strip() if value is not None else None


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        try:
            return value.decode("ascii")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def _parse_timestamp(raw: str) -> float | None:
    """Epoch seconds of an ISO-8601 timestamp with a zone; None when it is anything else."""
    if not raw.isascii() or len(raw) > 40 or "T" not in raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            return None
        return parsed.timestamp()
    except (ValueError, OverflowError, TypeError):
        return None


def _signature_ok(signature: str, timestamp: str, body: bytes, secrets: Sequence[str]) -> bool:
    try:
        given = signature.encode("ascii")
        base64.b64decode(given, validate=True)  # reject hex and other encodings outright
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return False
    matched = False
    for secret in secrets:
        expected = sign(secret, timestamp, body).encode("ascii")
        # Check every secret so timing does not reveal which one matched.
        matched |= hmac.compare_digest(expected, given)
    return matched


def verify(
    headers: Mapping[str, Any], body: bytes, secrets: Sequence[str], *, now: float, window_s: float = 300
) -> None:
    """Raise ForgedWebhookError unless a configured secret signed this delivery recently."""
    usable = [s for s in secrets if isinstance(s, str) and s]
    if not usable:
        raise ForgedWebhookError("no Zendesk webhook secret configured")  # fail closed
    if not isinstance(body, (bytes, bytearray)):
        raise ForgedWebhookError("body is not raw bytes")
    signature = _header(headers, SIGNATURE_HEADER)
    timestamp = _header(headers, TIMESTAMP_HEADER)
    if not signature or not timestamp or len(signature) > _MAX_HEADER_CHARS:
        raise ForgedWebhookError("missing or malformed signature headers")
    signed_at = _parse_timestamp(timestamp)
    if signed_at is None:
        raise ForgedWebhookError("unreadable signature timestamp")
    if abs(now - signed_at) > window_s:
        raise ForgedWebhookError("signature timestamp outside the replay window")
    if not _signature_ok(signature, timestamp, bytes(body), usable):
        raise ForgedWebhookError("signature mismatch")


class _Payload(BaseModel):
    """The ids-only JSON body Deskhand's triggers send (see connectors/zendesk_objects.py)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    ticket_id: str
    event: str = "message"  # a bare {"ticket_id": ...} trigger still means "look at this ticket"
    actor_id: str | None = None
    requester_id: str | None = None

    @field_validator("ticket_id", "actor_id", "requester_id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        # Placeholders render as text ("123"); accept plain integers too, nothing else.
        if isinstance(value, bool):
            raise ValueError("not an id")
        return str(value) if isinstance(value, int) else value

    @field_validator("ticket_id")
    @classmethod
    def _ticket_digits(cls, value: str) -> str:
        value = value.strip()
        if not (value.isascii() and value.isdigit() and 0 < len(value) <= _MAX_ID_CHARS):
            raise ValueError("ticket_id must be a numeric id")
        return value

    @field_validator("actor_id", "requester_id")
    @classmethod
    def _actor_digits(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        # An empty or unrendered placeholder means "unknown actor", not a malformed delivery.
        ok = value.isascii() and value.isdigit() and len(value) <= _MAX_ID_CHARS
        return value if ok and value else None


_EVENTS = {"message", "approve", "discard", "ask_again"}


def parse_payload(body: bytes, *, now: float) -> TicketEvent:
    """TicketEvent from a verified body; BadWebhookError when it is not Deskhand's shape."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadWebhookError("body is not JSON") from None
    if not isinstance(data, dict):
        raise BadWebhookError("body is not a JSON object")
    try:
        payload = _Payload.model_validate(data)
    except ValidationError:
        raise BadWebhookError("body is not a Deskhand trigger payload (numeric ticket_id)") from None
    if payload.event not in _EVENTS:
        raise BadWebhookError("unknown event")
    return TicketEvent(
        helpdesk="zendesk",
        ticket_id=payload.ticket_id,
        kind=payload.event,  # type: ignore[arg-type]  # checked against _EVENTS above
        # The body carries the ticket's updated_at, so a re-delivery dedupes and a new comment does not.
        dedupe_key="zendesk:" + hashlib.sha256(body).hexdigest(),
        actor_id=payload.actor_id,
        requester_hint=payload.requester_id,
        received_at=datetime.fromtimestamp(now, tz=timezone.utc),
    )


def verify_and_parse(
    headers: Mapping[str, Any], body: bytes, secrets: Sequence[str], *, now: float, window_s: float = 300
) -> TicketEvent:
    """Verify one delivery and parse it; raises only ForgedWebhookError (401) or BadWebhookError (400)."""
    verify(headers, body, secrets, now=now, window_s=window_s)
    return parse_payload(bytes(body), now=now)
