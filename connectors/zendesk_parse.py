"""Zendesk JSON (tickets, comments, users, identities) to Deskhand's frozen records.

Identity rule (fail safe): an email identity counts as verified only when
- `verification_method`, if present, is one of full / sso / embed (any other or unknown value: no);
- otherwise `verified` is exactly true (missing or null: no);
- and `ownership`, if present, is "owned" (a "shared" mailbox proves no single person).

Store sign-in rule: a requester is `authenticated_by_store` when the user has an `external_id` (set
by the store's messaging JWT) AND the ticket came in through messaging (`via.channel` messaging or
native_messaging). An external_id alone (e.g. set by an import) is not proof on an email ticket.

Spoofing: Zendesk's POTENTIAL_MESSAGE_SPOOFING signal is looked for in the ticket tags and anywhere
in a comment's `metadata` (its exact API location is not confirmed on a real account).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from connectors.base import EmailIdentity, Message, Requester, Ticket
from connectors.errors import BadResponseError

SPOOF_SIGNAL = "potential_message_spoofing"
TRUSTED_METHODS = {"full", "sso", "embed"}
MESSAGING_CHANNELS = {"messaging", "native_messaging"}
_CHANNELS = {"native_messaging": "chat", "messaging": "chat", "chat": "chat", "chat_transcript": "chat"}


def _bad(what: str) -> BadResponseError:
    return BadResponseError(f"Zendesk returned an unexpected {what}", vendor="zendesk")


def parse_time(value: Any) -> datetime:
    """Zendesk ISO-8601 timestamp as an aware UTC datetime."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise _bad("timestamp") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def channel_of(ticket: Mapping[str, Any]) -> str:
    """The raw via.channel ("email", "native_messaging", "api", ...)."""
    via = ticket.get("via") or {}
    return str(via.get("channel") or "unknown") if isinstance(via, Mapping) else "unknown"


def identity_verified(identity: Mapping[str, Any]) -> bool:
    """Apply the module's identity rule to one identity object."""
    method = identity.get("verification_method")
    if method is not None:
        trusted = str(method).lower() in TRUSTED_METHODS
    else:
        trusted = identity.get("verified") is True
    ownership = identity.get("ownership")
    return trusted and (ownership is None or str(ownership).lower() == "owned")


def email_identities(identities: Iterable[Mapping[str, Any]]) -> tuple[EmailIdentity, ...]:
    """Email identities only, primary first, addresses as Zendesk stores them."""
    out = [
        EmailIdentity(address=str(i["value"]), verified=identity_verified(i), primary=i.get("primary") is True)
        for i in identities
        if i.get("type") == "email" and i.get("value")
    ]
    return tuple(sorted(out, key=lambda e: not e.primary))


def parse_requester(user: Mapping[str, Any], identities: Iterable[Mapping[str, Any]], via_channel: str) -> Requester:
    """Requester record from the re-read user and identities."""
    if "id" not in user:
        raise _bad("user")
    external = user.get("external_id")
    return Requester(
        id=str(user["id"]),
        name=str(user.get("name") or ""),
        emails=email_identities(identities),
        role=str(user.get("role") or "end-user"),
        authenticated_by_store=bool(external) and via_channel in MESSAGING_CHANNELS,
        tags=tuple(str(t) for t in user.get("tags") or ()),
    )


def _mentions_spoofing(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, str):
        return value.lower() == SPOOF_SIGNAL
    if isinstance(value, Mapping):
        return any(_mentions_spoofing(k, depth + 1) or _mentions_spoofing(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_mentions_spoofing(v, depth + 1) for v in value)
    return False


def author_role(author_id: str, *, bot_id: str | None, roles: Mapping[str, str]) -> str:
    """bot for Deskhand's API user, agent for agents/admins, end-user, else system."""
    if bot_id is not None and author_id == bot_id:
        return "bot"
    role = roles.get(author_id)
    if role in ("agent", "admin"):
        return "agent"
    if role == "end-user":
        return "end-user"
    return "system"  # unknown or deleted authors never count as the customer


def parse_message(comment: Mapping[str, Any], *, bot_id: str | None, roles: Mapping[str, str]) -> Message:
    """One comment as a Message."""
    try:
        author = str(comment["author_id"])
        body = comment.get("plain_body") or comment.get("body") or ""
        return Message(
            id=str(comment["id"]),
            author_id=author,
            author_role=author_role(author, bot_id=bot_id, roles=roles),  # type: ignore[arg-type]
            body=str(body),
            public=comment.get("public") is not False,
            created_at=parse_time(comment.get("created_at")),
            spoof_flagged=_mentions_spoofing(comment.get("metadata")),
        )
    except KeyError:
        raise _bad("comment") from None


def parse_ticket(
    ticket: Mapping[str, Any],
    comments: Iterable[Mapping[str, Any]],
    requester: Requester,
    *,
    bot_id: str | None,
    roles: Mapping[str, str],
) -> Ticket:
    """Ticket record, messages oldest first; channel normalised (messaging variants become "chat")."""
    if "id" not in ticket:
        raise _bad("ticket")
    raw_channel = channel_of(ticket)
    messages = sorted(
        (parse_message(c, bot_id=bot_id, roles=roles) for c in comments),
        key=lambda m: (m.created_at, int(m.id) if m.id.isdigit() else 0),
    )
    group = ticket.get("group_id")
    return Ticket(
        helpdesk="zendesk",
        id=str(ticket["id"]),
        subject=str(ticket.get("subject") or ticket.get("raw_subject") or ""),
        channel=_CHANNELS.get(raw_channel, raw_channel),
        status=str(ticket.get("status") or ""),
        requester=requester,
        messages=tuple(messages),
        tags=tuple(str(t) for t in ticket.get("tags") or ()),
        group_id=str(group) if group is not None else None,
        priority=ticket.get("priority"),
        external_id=ticket.get("external_id"),
    )


def author_ids(comments: Iterable[Mapping[str, Any]]) -> list[str]:
    """Distinct comment author ids in order of appearance."""
    seen: dict[str, None] = {}
    for comment in comments:
        if comment.get("author_id") is not None:
            seen.setdefault(str(comment["author_id"]), None)
    return list(seen)
