"""In-memory Freshdesk account of the sandbox: contacts, agents, groups, tickets, conversations."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from connectors.sandbox.people import PEOPLE

GROUP_NAMES = ("exchanges", "cancellations", "shipping", "returns_refunds", "billing", "privacy", "escalations", "general")
SOURCES = {"email": 1, "portal": 2, "web": 2, "phone": 3, "chat": 7, "feedback_widget": 9, "outbound_email": 10}
USER_ID_BASE = 80_000_000_000  # agents and contacts share one id space, as in Freshdesk
GROUP_ID_BASE = 90_000_000_000
CONVERSATION_ID_BASE = 70_000_000_000
_TAG = re.compile(r"<[^>]+>")


class SandboxInvalid(Exception):
    """A request the sandbox refuses with Freshdesk's validation shape."""

    def __init__(self, field_name: str, message: str, code: str = "invalid_value") -> None:
        super().__init__(message)
        self.errors = [{"field": field_name, "message": message, "code": code}]


def iso(ts: float) -> str:
    """Freshdesk timestamp: ISO-8601 UTC with Z, whole seconds."""
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_to_html(text: str) -> str:
    """Plain text as the <div> HTML Freshdesk stores."""
    return "".join(f"<div>{html.escape(line)}</div>" for line in text.split("\n"))


def html_to_text(body: str) -> str:
    """Rough body_text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub(" ", body.replace("</div><div>", "\n"))).strip()


@dataclass
class FreshdeskState:
    """Everything the sandbox account holds; handlers mutate it, tests read it."""

    clock: Callable[[], float]
    custom_fields: tuple[str, ...] = ("cf_deskhand_id", "cf_order_number")
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    agents: dict[int, dict[str, Any]] = field(default_factory=dict)
    groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)  # people.py key -> user id
    _next_ticket: int = 1001
    _next_conversation: int = CONVERSATION_ID_BASE + 1
    _next_user: int = USER_ID_BASE + 500

    def seed(self) -> "FreshdeskState":
        """Load the sample people and the standard groups."""
        now = iso(self.clock())
        for index, person in enumerate(PEOPLE, start=1):
            uid = USER_ID_BASE + index
            self.keys[person.key] = uid
            primary = next((e for e in person.emails if e[2]), person.emails[0])
            others = [e[0] for e in person.emails if e is not primary]
            if person.role == "agent":
                self.agents[uid] = {
                    "id": uid, "available": True, "occasional": False, "signature": None, "ticket_scope": 1,
                    "group_ids": [], "role_ids": [], "type": "support_agent", "created_at": now, "updated_at": now,
                    "contact": {"active": True, "email": primary[0], "name": person.name, "job_title": None,
                                "language": "en", "mobile": None, "phone": None, "time_zone": "UTC",
                                "created_at": now, "updated_at": now},
                }
            else:
                # Freshdesk's verified state is per contact: active only when every address is confirmed.
                active = all(verified for _, verified, _ in person.emails)
                self.contacts[uid] = self._contact(uid, person.name, primary[0], others, active, now)
        for index, name in enumerate(GROUP_NAMES, start=1):
            gid = GROUP_ID_BASE + index
            self.groups[gid] = {
                "id": gid, "name": name, "description": f"{name.replace('_', ' ').title()} queue",
                "business_hour_id": None, "escalate_to": None, "unassigned_for": None, "agent_ids": [],
                "auto_ticket_assign": False, "created_at": now, "updated_at": now,
            }
        return self

    @staticmethod
    def _contact(uid: int, name: str, email: str, others: list[str], active: bool, now: str) -> dict[str, Any]:
        return {
            "id": uid, "name": name, "email": email, "other_emails": others, "active": active, "deleted": False,
            "address": None, "company_id": None, "view_all_tickets": False, "description": None,
            "job_title": None, "language": "en", "mobile": None, "phone": None, "time_zone": "UTC",
            "twitter_id": None, "unique_external_id": None, "other_companies": [], "custom_fields": {},
            "tags": [], "created_at": now, "updated_at": now,
        }

    # ------------------------------------------------------------------ lookups

    def contact_by_email(self, email: str) -> dict[str, Any] | None:
        """The contact owning `email` as primary or other email."""
        wanted = email.strip().lower()
        for contact in self.contacts.values():
            addresses = [contact["email"], *contact["other_emails"]]
            if wanted in (a.lower() for a in addresses if a):
                return contact
        return None

    def ensure_contact(self, email: str, name: str | None = None) -> dict[str, Any]:
        """Known contact, or a new one; mail from a new address is not verified (active false)."""
        found = self.contact_by_email(email)
        if found:
            return found
        uid = self._next_user
        self._next_user += 1
        self.contacts[uid] = self._contact(uid, name or email.split("@")[0], email, [], False, iso(self.clock()))
        return self.contacts[uid]

    def agent_id(self, key_or_id: Any) -> int:
        """An agent id from a people.py key or a numeric id; SandboxInvalid when unknown."""
        uid = self.keys.get(str(key_or_id)) if not str(key_or_id).isdigit() else int(key_or_id)
        if uid not in self.agents:
            raise SandboxInvalid("user_id", "There is no agent with this id.")
        return uid

    def ticket(self, ticket_id: int) -> dict[str, Any] | None:
        """A ticket by id, or None."""
        return self.tickets.get(ticket_id)

    # ------------------------------------------------------------------ writes

    def check_ticket_fields(self, fields: dict[str, Any], *, creating: bool) -> None:
        """Freshdesk-like validation of a create/update body; raises SandboxInvalid."""
        allowed = {"subject", "description", "status", "priority", "source", "requester_id", "email",
                   "responder_id", "group_id", "tags", "custom_fields", "type"}
        for name in fields:
            if name not in allowed:
                raise SandboxInvalid(name, "Unexpected/invalid field in request", "invalid_field")
        if creating:
            if "requester_id" not in fields and "email" not in fields:
                raise SandboxInvalid("requester_id", "Please fill at least 1 of requester_id, email fields",
                                     "missing_field")
            for name in ("subject", "description"):
                if not isinstance(fields.get(name), str) or not fields[name].strip():
                    raise SandboxInvalid(name, "It should be a/an String", "missing_field")
        if "requester_id" in fields and fields["requester_id"] not in self.contacts:
            raise SandboxInvalid("requester_id", "There is no contact matching the given requester_id")
        if "priority" in fields and fields["priority"] not in (1, 2, 3, 4):
            raise SandboxInvalid("priority", "It should be one of these values: '1,2,3,4'")
        if "status" in fields and fields["status"] not in (2, 3, 4, 5):
            raise SandboxInvalid("status", "It should be one of these values: '2,3,4,5'")
        if fields.get("group_id") is not None and fields["group_id"] not in self.groups:
            raise SandboxInvalid("group_id", "There is no group matching the given group_id")
        if "tags" in fields:
            tags = fields["tags"]
            if not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t) <= 32 for t in tags):
                raise SandboxInvalid("tags", "It should only contain elements that have maximum of 32 characters")
        custom = fields.get("custom_fields", {})
        if not isinstance(custom, dict):
            raise SandboxInvalid("custom_fields", "It should be a/an key/value pair", "datatype_mismatch")
        for name in custom:
            if name not in self.custom_fields:
                raise SandboxInvalid(name, "Unexpected/invalid field in request", "invalid_field")

    def create_ticket(self, fields: dict[str, Any], *, source: int = 2) -> dict[str, Any]:
        """A new ticket (fields already checked)."""
        now = iso(self.clock())
        if "requester_id" not in fields:
            fields = {**fields, "requester_id": self.ensure_contact(fields["email"])["id"]}
        tid = self._next_ticket
        self._next_ticket += 1
        description = fields["description"]
        ticket = {
            "id": tid, "subject": fields["subject"], "description": description,
            "description_text": html_to_text(description), "status": fields.get("status", 2),
            "priority": fields.get("priority", 1), "source": fields.get("source", source), "type": fields.get("type"),
            "requester_id": fields["requester_id"], "responder_id": fields.get("responder_id"),
            "group_id": fields.get("group_id"), "company_id": None, "cc_emails": [], "fwd_emails": [],
            "reply_cc_emails": [], "to_emails": None, "email_config_id": None, "product_id": None,
            "fr_escalated": False, "is_escalated": False, "spam": False, "tags": list(fields.get("tags", [])),
            "custom_fields": {name: None for name in self.custom_fields} | dict(fields.get("custom_fields", {})),
            "attachments": [], "created_at": now, "updated_at": now, "due_by": now, "fr_due_by": now,
            "_created_ts": self.clock(),
        }
        self.tickets[tid] = ticket
        self.conversations[tid] = []
        return ticket

    def update_ticket(self, ticket: dict[str, Any], fields: dict[str, Any]) -> list[str]:
        """Apply an update (fields already checked); returns the tags it added. `tags` replaces the list."""
        before = set(ticket["tags"])
        for name, value in fields.items():
            if name == "custom_fields":
                ticket["custom_fields"] = {**ticket["custom_fields"], **value}
            elif name == "description":
                ticket["description"], ticket["description_text"] = value, html_to_text(value)
            else:
                ticket[name] = list(value) if name == "tags" else value
        self.touch(ticket)
        return [t for t in ticket["tags"] if t not in before]

    def add_conversation(self, ticket: dict[str, Any], *, user_id: int, body_html: str, incoming: bool,
                         private: bool, source: int) -> dict[str, Any]:
        """Append a reply or note to a ticket."""
        now = iso(self.clock())
        entry = {
            "id": self._next_conversation, "body": body_html, "body_text": html_to_text(body_html),
            "incoming": incoming, "private": private, "user_id": user_id, "ticket_id": ticket["id"],
            "source": source, "support_email": None, "to_emails": [], "from_email": None, "cc_emails": [],
            "bcc_emails": [], "attachments": [], "created_at": now, "updated_at": now,
        }
        self._next_conversation += 1
        self.conversations[ticket["id"]].append(entry)
        self.touch(ticket)
        return entry

    def touch(self, ticket: dict[str, Any]) -> None:
        """Bump updated_at."""
        ticket["updated_at"] = iso(self.clock())

    @staticmethod
    def public(ticket: dict[str, Any]) -> dict[str, Any]:
        """The API view of a ticket (internal keys dropped)."""
        return {k: v for k, v in ticket.items() if not k.startswith("_")}
