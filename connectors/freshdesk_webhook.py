"""Freshdesk automation-rule webhooks: shared-secret check and the ids-only body.

Freshdesk cannot sign webhooks. The automation rule sends a long random secret that Deskhand
generates, either as the custom header ``X-Deskhand-Secret`` or as the password of Basic auth.
Every configured secret (current, previous during rotation) is compared in constant time; with no
secret configured every delivery is refused (fail closed).

Residual risk: nothing binds the body to the secret, so anyone holding the secret (or a captured
request) can make Deskhand run on a real ticket, and replay it. The body therefore carries ids only;
the ticket, requester and conversation are re-read from the API, so a forged body can trigger a
run but cannot inject content or identity. A replayed body dedupes on its hash.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import re
from base64 import b64decode
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from connectors.base import TicketEvent
from connectors.errors import BadWebhookError, ForgedWebhookError

SECRET_HEADER = "x-deskhand-secret"
_ID = re.compile(r"[0-9]{1,20}")
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup over any mapping (aiohttp's is already case-insensitive)."""
    try:
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == name:
                return value if isinstance(value, str) else None
    except (AttributeError, TypeError):
        return None
    return None


def _basic_password(value: str | None) -> str | None:
    """The password of a Basic Authorization header, or None when it is not one."""
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    _, sep, password = decoded.partition(":")
    return password if sep else None


def _matches(candidate: str | None, secrets: Sequence[str]) -> bool:
    if not candidate:
        return False
    given = candidate.encode("utf-8", "surrogatepass")
    found = False
    for secret in secrets:
        # Compare against every secret so timing does not reveal which one (or none) matched.
        found |= hmac.compare_digest(given, secret.encode("utf-8", "surrogatepass"))
    return found


def authenticate(headers: Mapping[str, str], secrets: Sequence[str]) -> None:
    """Raise ForgedWebhookError unless the header or Basic password equals a configured secret."""
    usable = [s for s in secrets if isinstance(s, str) and s]
    if not usable:
        raise ForgedWebhookError("freshdesk webhook secret is not configured")
    if _matches(_header(headers, SECRET_HEADER), usable):
        return
    if _matches(_basic_password(_header(headers, "authorization")), usable):
        return
    raise ForgedWebhookError("freshdesk webhook secret missing or wrong")


class WebhookBody(BaseModel):
    """The ids-only body an automation rule sends; extra keys are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    ticket_id: str
    event: Literal["message", "approve", "discard", "ask_again"]
    actor_id: str | None = None
    updated_at: str | None = Field(None, max_length=100)

    @field_validator("ticket_id", "actor_id", mode="before")
    @classmethod
    def _numeric_id(cls, value: Any, info: ValidationInfo) -> str | None:
        # Freshdesk renders placeholders as text; an empty or unrendered optional id means "unknown".
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = str(value)
        if value is None or (isinstance(value, str) and (not value.strip() or _PLACEHOLDER.fullmatch(value.strip()))):
            if info.field_name == "ticket_id":
                raise ValueError("missing")
            return None
        if not isinstance(value, str) or not _ID.fullmatch(value.strip()):
            raise ValueError("must be a numeric id")
        return value.strip()


def parse_body(body: bytes) -> WebhookBody:
    """Decode the ids-only JSON body; BadWebhookError for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as err:
        raise BadWebhookError("freshdesk webhook body is not JSON") from err
    if not isinstance(data, dict):
        raise BadWebhookError("freshdesk webhook body must be a JSON object")
    try:
        return WebhookBody.model_validate(data)
    except PydanticValidationError as err:
        # Name the fields only: values may be anything the sender typed.
        fields = sorted({".".join(str(p) for p in e["loc"]) or "body" for e in err.errors()})
        raise BadWebhookError("freshdesk webhook: invalid " + ", ".join(fields)) from None


def verify_and_parse(
    headers: Mapping[str, str], body: bytes, secrets: Sequence[str], *, received_at: datetime | None = None
) -> TicketEvent:
    """Authenticate one delivery, then parse it into a TicketEvent; raises only WebhookError subclasses."""
    authenticate(headers, secrets)
    if not isinstance(body, (bytes, bytearray)):
        raise BadWebhookError("freshdesk webhook body must be bytes")
    parsed = parse_body(bytes(body))
    return TicketEvent(
        helpdesk="freshdesk",
        ticket_id=parsed.ticket_id,
        kind=parsed.event,
        dedupe_key="freshdesk:" + hashlib.sha256(bytes(body)).hexdigest(),
        actor_id=parsed.actor_id,
        received_at=received_at or datetime.now(timezone.utc),
    )


# --------------------------------------------------------------------------- the rules that send them
# Defined once here so `deskhand freshdesk setup` prints and the sandbox emulates the same rules.

TASK_TAG = "deskhand_task"  # on handoff tickets Deskhand creates; the creation rule skips them
SEND_TAG = "deskhand_send"
DISCARD_TAG = "deskhand_discard"
ASK_TAG = "deskhand_ask"


def body_template(event: str, *, with_actor: bool = False) -> str:
    """The "advanced" JSON body an automation rule sends: placeholders for ids only."""
    actor = ', "actor_id": "{{ticket.agent.id}}"' if with_actor else ""
    return '{"ticket_id": "{{ticket.id}}", "event": "%s"%s, "updated_at": "{{ticket.updated_at}}"}' % (event, actor)


@dataclass(frozen=True)
class AutomationRule:
    """One Freshdesk automation rule an admin creates by hand (the API cannot create them)."""

    name: str
    kind: Literal["ticket_creation", "ticket_update"]
    when: str  # the event, in the words of the Freshdesk rule editor (confirm on a real account)
    conditions: tuple[str, ...]
    event: str  # the Deskhand event the body carries
    tag: str | None = None  # ticket_update rules fire when this tag is added
    body: str = ""


@dataclass(frozen=True)
class Scenario:
    """A scenario automation agents run on a ticket: it only adds a tag."""

    name: str
    tag: str


AUTOMATION_RULES: tuple[AutomationRule, ...] = (
    AutomationRule(
        "Deskhand: new ticket", "ticket_creation", "Ticket is created",
        (f"Tags does not contain {TASK_TAG}",), "message", body=body_template("message"),
    ),
    AutomationRule(
        "Deskhand: customer reply", "ticket_update", "Reply is sent",
        ("Performed by: Requester",), "message", body=body_template("message"),
    ),
    AutomationRule(
        "Deskhand: send draft", "ticket_update", f"Tag {SEND_TAG} is added",
        (f"Tags contains {SEND_TAG}", "Performed by: Agent"), "approve", SEND_TAG,
        body_template("approve", with_actor=True),
    ),
    AutomationRule(
        "Deskhand: discard draft", "ticket_update", f"Tag {DISCARD_TAG} is added",
        (f"Tags contains {DISCARD_TAG}", "Performed by: Agent"), "discard", DISCARD_TAG,
        body_template("discard", with_actor=True),
    ),
    AutomationRule(
        "Deskhand: ask again", "ticket_update", f"Tag {ASK_TAG} is added",
        (f"Tags contains {ASK_TAG}", "Performed by: Agent"), "ask_again", ASK_TAG,
        body_template("ask_again", with_actor=True),
    ),
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("Deskhand: send draft", SEND_TAG),
    Scenario("Deskhand: discard draft", DISCARD_TAG),
)


def rule_for_tag(tag: str) -> AutomationRule | None:
    """The approval rule that fires when `tag` is added, if any."""
    return next((r for r in AUTOMATION_RULES if r.tag == tag), None)
