"""In-memory account of the Zendesk sandbox: people, groups, fields, tickets and comments."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from connectors.sandbox.people import PEOPLE

GROUP_NAMES = (
    "exchanges", "cancellations", "shipping", "returns_refunds", "billing", "privacy", "escalations", "general",
)
# The ids the sample routing file (config/routing.toml) configures, so the demo routes by id.
_GROUP_IDS = {
    "general": 9000, "escalations": 9100, "privacy": 9200, "exchanges": 9300, "cancellations": 9400,
    "shipping": 9500, "returns_refunds": 9600, "billing": 9700,
}
TICKET_FIELDS = (("Deskhand intent", "deskhand_intent"), ("Order number", "deskhand_order_number"))
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
SPOOF_TAG = "potential_message_spoofing"  # Zendesk lowercases ticket tags
SPOOF_FLAG = "POTENTIAL_MESSAGE_SPOOFING"
IDEMPOTENCY_TTL_S = 2 * 3600

_USER_BASE = 37_000_000_100
_FIELD_BASE = 36_000_000_100


def user_id_for(key: str) -> int:
    """Stable id of a sample person (see people.py) in the Zendesk sandbox."""
    keys = [p.key for p in PEOPLE]
    return _USER_BASE + keys.index(key)


def group_id_for(name: str) -> int:
    """Stable id of a seeded group."""
    return _GROUP_IDS[name]


def field_id_for(key: str) -> int:
    """Stable id of a seeded custom ticket field, by its key."""
    return _FIELD_BASE + [k for _, k in TICKET_FIELDS].index(key)


class SandboxError(Exception):
    """A Zendesk-shaped API error: HTTP status plus {"error", "description"}."""

    def __init__(self, status: int, error: str, description: str = "") -> None:
        super().__init__(description or error)
        self.status = status
        self.error = error
        self.description = description or error


def iso(ts: float) -> str:
    """Zendesk's timestamp format: UTC, whole seconds, trailing Z."""
    return datetime.fromtimestamp(int(ts), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Idempotent:
    """A remembered ticket-create response for one Idempotency-Key."""

    body_hash: str
    expires_at: float
    status: int
    payload: dict[str, Any]


@dataclass
class Account:
    """The sandbox's data; every mutation goes through a method here."""

    api_email: str
    clock: Callable[[], float] = time.time
    offset_s: float = 0.0
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    identities: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    ticket_fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    idempotency: dict[str, Idempotent] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = {"user": _USER_BASE + 500, "ticket": 1000, "comment": 51_000_000_000, "identity": 61_000_000_000}
        self._seed()
        self.api_user_id = self.find_user(self.api_email) or self._add_user(
            "API user", "admin", [(self.api_email, True, True)]
        )

    # ------------------------------------------------------------------ basics

    def now(self) -> float:
        """Sandbox time: the injected clock plus any /_sandbox/clock advance."""
        return self.clock() + self.offset_s

    def next_id(self, kind: str) -> int:
        """A fresh id of the given kind."""
        self._ids[kind] += 1
        return self._ids[kind]

    def _seed(self) -> None:
        created = iso(self.now())
        for index, person in enumerate(PEOPLE):
            self._add_user(person.name, person.role, list(person.emails), user_id=_USER_BASE + index)
        for name in GROUP_NAMES:
            gid = group_id_for(name)
            self.groups[gid] = {
                "id": gid, "name": name, "description": "", "default": name == "general", "deleted": False,
                "is_public": True, "created_at": created, "updated_at": created,
            }
        for title, key in TICKET_FIELDS:
            fid = field_id_for(key)
            self.ticket_fields[fid] = {
                "id": fid, "type": "text", "title": title, "raw_title": title, "key": key, "active": True,
                "required": False, "description": "", "position": fid - _FIELD_BASE, "tag": None,
                "created_at": created, "updated_at": created,
            }

    def _add_user(
        self, name: str, role: str, emails: list[tuple[str, bool, bool]], *, user_id: int | None = None,
        external_id: str | None = None,
    ) -> int:
        uid = user_id or self.next_id("user")
        created = iso(self.now())
        primary = next((a for a, _, p in emails if p), emails[0][0] if emails else None)
        self.users[uid] = {
            "id": uid, "name": name, "email": primary, "role": role, "verified": any(v for _, v, _ in emails),
            "active": True, "suspended": False, "external_id": external_id, "tags": [], "user_fields": {},
            "organization_id": None, "created_at": created, "updated_at": created, "time_zone": "UTC",
        }
        self.identities[uid] = [
            {
                "id": self.next_id("identity"), "user_id": uid, "type": "email", "value": address,
                "verified": verified, "primary": is_primary, "created_at": created, "updated_at": created,
                "undeliverable_count": 0, "deliverable_state": "deliverable",
            }
            for address, verified, is_primary in emails
        ]
        return uid

    def find_user(self, email: str) -> int | None:
        """User owning an email identity (any verification state), matched case-insensitively."""
        wanted = email.strip().lower()
        for uid, identities in self.identities.items():
            if any(i["type"] == "email" and i["value"].lower() == wanted for i in identities):
                return uid
        return None

    def end_user_for(self, email: str, *, external_id: str | None = None) -> int:
        """Existing user for this email, or a new end-user whose identity is NOT verified."""
        uid = self.find_user(email)
        if uid is None:
            uid = self._add_user(email.split("@")[0], "end-user", [(email, False, True)], external_id=external_id)
        elif external_id:
            self.users[uid]["external_id"] = external_id  # the store's JWT signed this user in
        return uid

    def user(self, user_id: int) -> dict[str, Any]:
        """One user or RecordNotFound."""
        if user_id not in self.users:
            raise SandboxError(404, "RecordNotFound", "Not found")
        return self.users[user_id]

    def role_of(self, user_id: int) -> str:
        """end-user | agent | admin ("" for unknown ids)."""
        return self.users.get(user_id, {}).get("role", "")

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        """One ticket or RecordNotFound."""
        if ticket_id not in self.tickets:
            raise SandboxError(404, "RecordNotFound", "Not found")
        return self.tickets[ticket_id]

    # ------------------------------------------------------------------ tickets

    def touch(self, ticket: dict[str, Any]) -> None:
        """Record an update: a new updated_at."""
        # Sandbox choice: updated_at strictly increases per update (real Zendesk keeps whole seconds
        # and two updates in one second share a value); trigger bodies embed it, receivers dedupe on it.
        stamp = max(int(self.now()), ticket.get("_updated_ts", 0) + 1)
        ticket["_updated_ts"] = stamp
        ticket["updated_at"] = iso(stamp)

    def create_ticket(self, data: dict[str, Any], *, actor_id: int, channel: str = "api") -> dict[str, Any]:
        """New ticket from a create payload; its first comment becomes the description."""
        comment = data.get("comment") or {}
        body = str(comment.get("body") or comment.get("html_body") or "").strip()
        if not body:
            raise SandboxError(422, "RecordInvalid", "Description: cannot be blank")
        requester_id = self._requester_of(data, actor_id)
        tid = self.next_id("ticket")
        created = iso(self.now())
        ticket: dict[str, Any] = {
            "id": tid, "external_id": data.get("external_id"), "via": {"channel": channel, "source": {}},
            "created_at": created, "type": data.get("type"), "subject": str(data.get("subject") or body[:60]),
            "description": body, "priority": None, "status": "new", "recipient": None,
            "requester_id": requester_id, "submitter_id": actor_id, "assignee_id": None, "organization_id": None,
            "group_id": None, "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "problem_id": None,
            "has_incidents": False, "is_public": True, "due_at": None, "tags": [], "custom_fields": self._blank_fields(),
            "satisfaction_rating": None, "from_messaging_channel": channel in ("native_messaging", "messaging"),
        }
        ticket["raw_subject"] = ticket["subject"]
        self.tickets[tid] = ticket
        self.comments[tid] = []
        self.touch(ticket)
        self.apply_fields(ticket, data)
        self.add_comment(
            tid, author_id=int(comment.get("author_id") or actor_id), body=body,
            public=bool(comment.get("public", True)), channel=channel, custom=data.get("metadata"),
        )
        return ticket

    def _requester_of(self, data: dict[str, Any], actor_id: int) -> int:
        if data.get("requester_id") is not None:
            rid = as_int(data["requester_id"], "requester_id")
            if rid not in self.users:
                raise SandboxError(422, "RecordInvalid", "Requester: not found")
            return rid
        requester = data.get("requester")
        if isinstance(requester, dict) and requester.get("email"):
            return self.end_user_for(str(requester["email"]))
        return actor_id

    def _blank_fields(self) -> list[dict[str, Any]]:
        return [{"id": fid, "value": None} for fid in self.ticket_fields]

    def apply_fields(self, ticket: dict[str, Any], data: dict[str, Any]) -> None:
        """Group, priority, status, tags (replace, add, remove), custom fields (merge by id) from an update."""
        if "group_id" in data:
            gid = None if data["group_id"] is None else as_int(data["group_id"], "group_id")
            if gid is not None and gid not in self.groups:
                raise SandboxError(422, "RecordInvalid", "Group: is invalid")
            ticket["group_id"] = gid
        for key, allowed in (("priority", PRIORITIES), ("status", STATUSES)):
            if data.get(key) is not None:
                if data[key] not in allowed:
                    raise SandboxError(422, "RecordInvalid", f"{key}: is invalid")
                ticket[key] = data[key]
        if "tags" in data:
            ticket["tags"] = _clean_tags(data["tags"] or [])
        # Zendesk's update also takes additional_tags / remove_tags, so a tag change rides along.
        for key, change in (("additional_tags", self.add_tags), ("remove_tags", self.remove_tags)):
            if data.get(key) is not None:
                if not isinstance(data[key], list):
                    raise SandboxError(400, "InvalidValue", f"{key} must be a list")
                change(ticket, [str(t) for t in data[key]])
        for item in data.get("custom_fields") or []:
            fid = as_int(item.get("id"), "custom_fields.id")
            for slot in ticket["custom_fields"]:
                if slot["id"] == fid:
                    slot["value"] = item.get("value")
                    break
            else:
                ticket["custom_fields"].append({"id": fid, "value": item.get("value")})
        ticket["fields"] = ticket["custom_fields"]

    def add_comment(
        self, ticket_id: int, *, author_id: int, body: str, public: bool, channel: str = "api",
        custom: dict[str, Any] | None = None, spoofed: bool = False,
    ) -> dict[str, Any]:
        """Append a comment (public reply or private note) and bump the ticket."""
        ticket = self.ticket(ticket_id)
        if author_id not in self.users:
            raise SandboxError(422, "RecordInvalid", "Comment author: not found")
        metadata: dict[str, Any] = {"system": {"client": "sandbox"}, "custom": dict(custom or {})}
        if spoofed:
            metadata["flags"] = [SPOOF_FLAG]
            self.add_tags(ticket, [SPOOF_TAG])
        cid = self.next_id("comment")
        comment = {
            "id": cid, "type": "Comment", "author_id": author_id, "body": body, "plain_body": body,
            "html_body": f"<div class=\"zd-comment\"><p>{_escape(body)}</p></div>", "public": public,
            "attachments": [], "audit_id": cid + 1, "via": {"channel": channel, "source": {}},
            "created_at": iso(self.now()), "metadata": metadata,
        }
        self.comments[ticket_id].append(comment)
        if public and self.role_of(author_id) == "end-user" and ticket["status"] not in ("new",):
            ticket["status"] = "open"
        self.touch(ticket)
        return comment

    @staticmethod
    def add_tags(ticket: dict[str, Any], tags: Iterable[str]) -> None:
        """Add tags without replacing the list."""
        ticket["tags"] = _clean_tags([*ticket["tags"], *tags])

    @staticmethod
    def remove_tags(ticket: dict[str, Any], tags: Iterable[str]) -> None:
        """Remove tags if present."""
        drop = set(_clean_tags(tags))
        ticket["tags"] = [t for t in ticket["tags"] if t not in drop]

    # ------------------------------------------------------------------ idempotent create

    def remembered(self, key: str, raw_body: bytes) -> Idempotent | None:
        """The stored response for a live key; 400 when the key was used with another body."""
        entry = self.idempotency.get(key)
        if entry is None or entry.expires_at <= self.now():
            self.idempotency.pop(key, None)
            return None
        if entry.body_hash != hashlib.sha256(raw_body).hexdigest():
            raise SandboxError(400, "IdempotentRequestError", "Idempotency key reused with a different body")
        return entry

    def remember(self, key: str, raw_body: bytes, status: int, payload: dict[str, Any]) -> None:
        """Keep a create response for two hours of sandbox time."""
        self.idempotency[key] = Idempotent(
            hashlib.sha256(raw_body).hexdigest(), self.now() + IDEMPOTENCY_TTL_S, status, payload
        )


def as_int(value: Any, name: str) -> int:
    """A numeric field of a request body, or 422 RecordInvalid."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SandboxError(422, "RecordInvalid", f"{name}: is not a number") from None


def _clean_tags(tags: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        for part in str(tag).lower().split():
            if part not in out:
                out.append(part)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
