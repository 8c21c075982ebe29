"""Sandbox webhooks, triggers and macros: storage, condition checks, actions and body rendering."""

from __future__ import annotations

import re
import secrets as _secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from connectors.sandbox.zendesk_state import Account, SandboxError, iso

UpdateType = Literal["Create", "Change"]

_CONDITION_FIELDS = {"update_type", "comment_is_public", "role", "current_tags", "status", "priority", "group_id"}
_MACRO_ACTIONS = {"current_tags", "remove_tags", "set_tags", "group_id", "priority", "status"}
_TRIGGER_ACTIONS = _MACRO_ACTIONS | {"notification_webhook"}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")


@dataclass(frozen=True)
class Update:
    """What just happened to a ticket, as trigger conditions see it."""

    kind: UpdateType
    actor_id: int
    comment_public: bool | None = None  # None: this update carried no comment


@dataclass(frozen=True)
class Delivery:
    """One webhook invocation waiting to be sent by the server."""

    invocation_id: int
    webhook_id: str
    trigger: str
    ticket_id: int
    body: str


@dataclass
class Automation:
    """Webhooks (+ signing secrets), triggers and macros of the sandbox account."""

    account: Account
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    triggers: dict[int, dict[str, Any]] = field(default_factory=dict)
    macros: dict[int, dict[str, Any]] = field(default_factory=dict)
    pending: list[Delivery] = field(default_factory=list)
    _next: int = 7_000_000_000

    def _id(self) -> int:
        self._next += 1
        return self._next

    # ------------------------------------------------------------------ admin objects

    def create_webhook(self, data: dict[str, Any], *, secret: str | None = None) -> dict[str, Any]:
        """Store a webhook; ids are ULID-like strings as in Zendesk."""
        for key in ("name", "endpoint"):
            if not data.get(key):
                raise SandboxError(400, "InvalidValue", f"{key} is required")
        wid = "01J" + _secrets.token_hex(12).upper()[:23]
        now = iso(self.account.now())
        hook = {
            "id": wid, "name": data["name"], "status": data.get("status", "active"), "endpoint": data["endpoint"],
            "http_method": data.get("http_method", "POST"), "request_format": data.get("request_format", "json"),
            "subscriptions": data.get("subscriptions", ["conditional_ticket_events"]),
            "authentication": data.get("authentication"), "signing_secret": {}, "external_source": {},
            "created_at": now, "updated_at": now, "created_by": str(self.account.api_user_id),
        }
        self.webhooks[wid] = hook
        self.secrets[wid] = secret or _secrets.token_urlsafe(32)
        return hook

    def webhook(self, webhook_id: str) -> dict[str, Any]:
        """One webhook or 404."""
        if webhook_id not in self.webhooks:
            raise SandboxError(404, "RecordNotFound", "Not found")
        return self.webhooks[webhook_id]

    def reset_secret(self, webhook_id: str) -> str:
        """New signing secret, effective immediately (as in Zendesk)."""
        self.webhook(webhook_id)
        self.secrets[webhook_id] = _secrets.token_urlsafe(32)
        return self.secrets[webhook_id]

    def create_trigger(self, data: dict[str, Any]) -> dict[str, Any]:
        """Store a trigger after checking the sandbox understands every condition and action."""
        conditions = data.get("conditions") or {}
        items = [*(conditions.get("all") or []), *(conditions.get("any") or [])]
        if not data.get("title") or not data.get("actions"):
            raise SandboxError(422, "RecordInvalid", "title and actions are required")
        for cond in items:
            if cond.get("field") not in _CONDITION_FIELDS:
                raise SandboxError(422, "RecordInvalid", f"condition field not supported: {cond.get('field')}")
        self._check_actions(data["actions"], _TRIGGER_ACTIONS)
        return self._store(self.triggers, data, conditions={"all": conditions.get("all") or [],
                                                           "any": conditions.get("any") or []})

    def create_macro(self, data: dict[str, Any]) -> dict[str, Any]:
        """Store a macro (tag/field actions only)."""
        if not data.get("title") or not data.get("actions"):
            raise SandboxError(422, "RecordInvalid", "title and actions are required")
        self._check_actions(data["actions"], _MACRO_ACTIONS)
        return self._store(self.macros, data)

    def _check_actions(self, actions: list[dict[str, Any]], allowed: set[str]) -> None:
        for action in actions:
            name = action.get("field")
            if name not in allowed:
                raise SandboxError(422, "RecordInvalid", f"action not supported: {name}")
            if name == "notification_webhook":
                value = action.get("value")
                if not (isinstance(value, list) and len(value) == 2 and str(value[0]) in self.webhooks):
                    raise SandboxError(422, "RecordInvalid", "notification_webhook needs [webhook_id, body]")

    def _store(self, table: dict[int, dict[str, Any]], data: dict[str, Any], **extra: Any) -> dict[str, Any]:
        oid = self._id()
        now = iso(self.account.now())
        item = {
            "id": oid, "title": data["title"], "raw_title": data["title"], "active": data.get("active", True),
            "description": data.get("description"), "actions": data["actions"], "position": len(table) + 1,
            "default": False, "created_at": now, "updated_at": now, **extra,
        }
        table[oid] = item
        return item

    def find_macro(self, *, macro_id: int | None = None, title: str | None = None) -> dict[str, Any]:
        """A macro by id or exact title, or 404."""
        for macro in self.macros.values():
            if macro["id"] == macro_id or (title is not None and macro["title"] == title):
                return macro
        raise SandboxError(404, "RecordNotFound", "Not found")

    # ------------------------------------------------------------------ running them

    def apply_macro(self, ticket_id: int, macro: dict[str, Any], agent_id: int) -> dict[str, Any]:
        """Apply a macro's actions as an agent, then run triggers as for any agent update."""
        if self.account.role_of(agent_id) not in ("agent", "admin"):
            raise SandboxError(403, "Forbidden", "macros are applied by agents")
        ticket = self.account.ticket(ticket_id)
        for action in macro["actions"]:
            self._apply(ticket, action, notify=None)
        self.account.touch(ticket)
        self.run(ticket_id, Update("Change", agent_id))
        return ticket

    def run(self, ticket_id: int, update: Update) -> list[str]:
        """Zendesk's trigger cycle: restart after each firing, each trigger fires once per update."""
        ticket = self.account.ticket(ticket_id)
        fired: list[str] = []
        notes: list[tuple[str, str, str]] = []
        ordered = sorted(self.triggers.values(), key=lambda t: (t["position"], t["id"]))
        progress = True
        while progress:
            progress = False
            for trigger in ordered:
                if trigger["title"] in fired or not trigger["active"] or not self._matches(trigger, ticket, update):
                    continue
                fired.append(trigger["title"])
                for action in trigger["actions"]:
                    self._apply(ticket, action, notify=lambda wid, body, t=trigger: notes.append((wid, body, t["title"])))
                progress = True
                break
        # Placeholders render after the cycle, against the ticket as saved.
        for webhook_id, template, title in notes:
            hook = self.webhooks.get(webhook_id)
            if hook and hook["status"] == "active":
                body = self.render(template, ticket, update.actor_id)
                self.pending.append(Delivery(self._id(), webhook_id, title, ticket_id, body))
        return fired

    def _matches(self, trigger: dict[str, Any], ticket: dict[str, Any], update: Update) -> bool:
        conds = trigger["conditions"]
        ok_all = all(self._holds(c, ticket, update) for c in conds["all"])
        return ok_all and (not conds["any"] or any(self._holds(c, ticket, update) for c in conds["any"]))

    def _holds(self, cond: dict[str, Any], ticket: dict[str, Any], update: Update) -> bool:
        name, op, value = cond.get("field"), cond.get("operator", "is"), cond.get("value")
        if name == "current_tags":
            wanted = set(str(value or "").lower().split())
            present = bool(wanted & set(ticket["tags"]))
            return present if op == "includes" else not present
        if name == "update_type":
            actual: Any = update.kind
        elif name == "comment_is_public":
            if update.comment_public is None:
                return False
            actual, value = update.comment_public, str(value).lower() in ("true", "1")
        elif name == "role":
            actual = self.account.role_of(update.actor_id).replace("-", "_")
        elif name == "group_id":
            actual, value = ticket.get("group_id"), None if value in (None, "") else int(value)
        else:
            actual = ticket.get(str(name))
        return actual == value if op == "is" else actual != value

    def _apply(self, ticket: dict[str, Any], action: dict[str, Any], *, notify: Any) -> None:
        name, value = action.get("field"), action.get("value")
        if name == "notification_webhook":
            if notify is not None:
                notify(str(value[0]), str(value[1]))
        elif name == "current_tags":
            self.account.add_tags(ticket, str(value).split())
        elif name == "remove_tags":
            self.account.remove_tags(ticket, str(value).split())
        elif name == "set_tags":
            ticket["tags"] = []
            self.account.add_tags(ticket, str(value).split())
        elif name in ("group_id", "priority", "status"):
            self.account.apply_fields(ticket, {name: value})

    def render(self, template: str, ticket: dict[str, Any], actor_id: int) -> str:
        """Replace placeholders with plain, unescaped text, as Zendesk does; unknown ones render empty."""
        requester = self.account.users.get(ticket["requester_id"], {})
        actor = self.account.users.get(actor_id, {})
        comments = self.account.comments.get(ticket["id"], [])
        public = [c for c in comments if c["public"]]
        values = {
            "ticket.id": ticket["id"], "ticket.external_id": ticket.get("external_id") or "",
            "ticket.title": ticket["subject"], "ticket.description": ticket["description"],
            "ticket.status": ticket["status"], "ticket.priority": ticket.get("priority") or "",
            "ticket.group.id": ticket.get("group_id") or "", "ticket.tags": " ".join(ticket["tags"]),
            "ticket.via": ticket["via"]["channel"], "ticket.updated_at_with_timestamp": ticket["updated_at"],
            "ticket.created_at_with_timestamp": ticket["created_at"],
            "ticket.requester.id": requester.get("id", ""), "ticket.requester.email": requester.get("email") or "",
            "ticket.requester.name": requester.get("name", ""), "current_user.id": actor.get("id", ""),
            "current_user.email": actor.get("email") or "", "current_user.name": actor.get("name", ""),
            "ticket.latest_comment": comments[-1]["body"] if comments else "",
            "ticket.latest_public_comment": public[-1]["body"] if public else "",
        }
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), template)

    def take_pending(self) -> list[Delivery]:
        """Deliveries produced since the last call."""
        out, self.pending = self.pending, []
        return out
