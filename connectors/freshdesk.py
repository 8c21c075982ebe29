"""Freshdesk HelpDesk adapter (API v2): tickets, verified identities, notes, replies, routing, tasks.

Identity rule. Freshdesk has no per-address verification; its verified state is the contact's
`active` flag. So: a contact email counts as verified only when the contact is `active` (and not
deleted); `email` is the primary address; `other_emails` count as verified emails of an active
contact; an inactive contact has no verified email at all (its addresses are kept, unverified).
Emails are only ever read from the contact re-read through the API, never from a webhook or a body.

Authors. The bot's own agent id (given, or read once from `GET /agents/me`) → "bot"; the ticket's
requester or any `incoming` entry → "end-user"; everything else → "agent". The ticket description
is the first message, by the requester (by an agent for outbound email).

Idempotency. Freshdesk takes no idempotency key. Before a note or reply, the conversation is read
and an entry by the bot (or the approving agent) with the same privacy and the same text after
normalising Freshdesk's HTML counts as already done. Handoff tasks carry the tag `dh-<external_id>`
(hashed when the id is not a short lowercase slug; Freshdesk tags are short) and, when configured,
the external id in a custom field. They are looked for first in `GET /tickets?requester_id=...`
(fresh, no index lag) and then in search (older tickets; the search index lags by minutes).
Residual risk: two workers creating the same task at the same instant can both miss each other;
the outbox runs one row at a time, so that needs two Deskhand processes on one outbox row.
Tags are merged read-then-write because PUT replaces the list: a tag an agent adds between the
read and the write can be lost.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import re
import time
from datetime import datetime, timezone
from typing import Any, ClassVar, Mapping, Sequence

import aiohttp

from connectors.base import EmailIdentity, HelpDeskWrite, Message, Requester, TaskRequest, Ticket, TicketEvent, WriteReceipt
from connectors.errors import BadResponseError, NotFoundError, ValidationError
from connectors.freshdesk_client import VENDOR, FreshdeskClient, numeric_id
from connectors.freshdesk_webhook import TASK_TAG, verify_and_parse
from connectors.http import RetryPolicy

PRIORITIES = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
PRIORITY_NAMES = {v: k for k, v in PRIORITIES.items()}
STATUSES = {2: "open", 3: "pending", 4: "solved", 5: "closed"}  # custom statuses pass through as status_<n>
CHANNELS = {1: "email", 2: "web", 3: "phone", 5: "twitter", 6: "facebook", 7: "chat", 9: "web", 10: "email"}
OUTBOUND_EMAIL = 10
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<\s*(br|/div|/p|/li)\s*/?>", re.IGNORECASE)
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,28}")


# --------------------------------------------------------------------------- pure helpers


def html_to_text(body: str) -> str:
    """Readable text of Freshdesk HTML: breaks kept, tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", body or ""))).strip()


def normalise(text: str) -> str:
    """Text compared for idempotency: HTML and whitespace differences do not count."""
    return " ".join(html_to_text(text).split())


def to_html(text: str) -> str:
    """Plain text (what Deskhand composes) as Freshdesk HTML: one <div> per paragraph, <br> per line."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<div>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</div>" for p in paragraphs)


def task_tag(external_id: str) -> str:
    """`dh-<external_id>` when it is a short lowercase slug, else `dh-` + a hash (tags max 32 chars)."""
    if _SLUG.fullmatch(external_id):
        return "dh-" + external_id
    return "dh-" + hashlib.sha256(external_id.encode("utf-8")).hexdigest()[:29]


def parse_time(value: Any) -> datetime:
    """Freshdesk ISO-8601 (Z or offset) as an aware datetime."""
    if not isinstance(value, str):
        raise ValueError("timestamp missing")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def requester_from_contact(contact: Mapping[str, Any]) -> Requester:
    """Requester with emails verified only for an active, not deleted contact (module docstring)."""
    verified = contact.get("active") is True and not contact.get("deleted")
    emails: list[EmailIdentity] = []
    primary = contact.get("email")
    if isinstance(primary, str) and primary:
        emails.append(EmailIdentity(primary, verified=verified, primary=True))
    for other in contact.get("other_emails") or ():
        if isinstance(other, str) and other and other != primary:
            emails.append(EmailIdentity(other, verified=verified, primary=False))
    tags = tuple(t for t in contact.get("tags") or () if isinstance(t, str))
    return Requester(id=str(contact["id"]), name=str(contact.get("name") or ""), emails=tuple(emails), tags=tags)


def author_role(user_id: str, *, incoming: bool, requester_id: str, bot_id: str | None) -> str:
    """bot / end-user / agent for one conversation entry."""
    if bot_id and user_id == bot_id:
        return "bot"
    if incoming or user_id == requester_id:
        return "end-user"
    return "agent"


def _entry_text(entry: Mapping[str, Any]) -> str:
    text = entry.get("body_text")
    return text if isinstance(text, str) and text.strip() else html_to_text(str(entry.get("body") or ""))


def ticket_from_api(
    data: Mapping[str, Any], contact: Mapping[str, Any] | None, entries: Sequence[Mapping[str, Any]],
    *, bot_id: str | None, id_field: str | None = None,
) -> Ticket:
    """Build the Ticket record from the ticket, its requester contact and its conversation."""
    tid, requester_id = str(data["id"]), str(data["requester_id"])
    requester = requester_from_contact(contact) if contact else Requester(id=requester_id, name="")
    tags = tuple(t for t in data.get("tags") or () if isinstance(t, str))
    source = data.get("source")
    if source == OUTBOUND_EMAIL or TASK_TAG in tags:
        first_author = str(data.get("responder_id") or bot_id or "")
        first_role = "bot" if TASK_TAG in tags else "agent"
    else:
        first_author, first_role = requester_id, "end-user"
    messages = [Message(id=f"{tid}:description", author_id=first_author, author_role=first_role,  # type: ignore[arg-type]
                        body=_entry_text({"body_text": data.get("description_text"), "body": data.get("description")}),
                        public=True, created_at=parse_time(data.get("created_at")))]
    for entry in entries:
        uid = str(entry.get("user_id"))
        role = author_role(uid, incoming=bool(entry.get("incoming")), requester_id=requester_id, bot_id=bot_id)
        messages.append(Message(id=str(entry["id"]), author_id=uid, author_role=role,  # type: ignore[arg-type]
                                body=_entry_text(entry), public=not entry.get("private", False),
                                created_at=parse_time(entry.get("created_at"))))
    status = data.get("status")
    custom = data.get("custom_fields") or {}
    return Ticket(
        helpdesk=VENDOR, id=tid, subject=str(data.get("subject") or ""),
        channel=CHANNELS.get(source, "other") if isinstance(source, int) else "other",
        status=STATUSES.get(status, f"status_{status}"), requester=requester,
        messages=tuple(sorted(messages, key=lambda m: m.created_at)), tags=tags,
        group_id=str(data["group_id"]) if data.get("group_id") is not None else None,
        priority=PRIORITY_NAMES.get(data.get("priority")),  # type: ignore[arg-type]
        external_id=str(custom[id_field]) if id_field and custom.get(id_field) else None,
    )


# --------------------------------------------------------------------------- the adapter


class Freshdesk:
    """HelpDesk implementation for Freshdesk API v2."""

    kind: ClassVar[str] = "freshdesk"

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        api_key: str,
        webhook_secrets: Sequence[str] = (),
        timeout: float = 15,
        bot_agent_id: str | None = None,
        task_id_field: str | None = None,  # e.g. "cf_deskhand_id": also store the external id there
        task_lookback_days: int = 30,
        retry: RetryPolicy = RetryPolicy(),
        clock=time.time,
    ) -> None:
        self.client = FreshdeskClient(session, base_url=base_url, api_key=api_key, timeout=timeout, retry=retry)
        self._secrets = tuple(webhook_secrets)
        self._bot_id = str(bot_agent_id) if bot_agent_id else None
        self._id_field = task_id_field
        self._lookback_s = task_lookback_days * 86400
        self._clock = clock
        self._groups: dict[str, str] = {}

    @property
    def rate_limit_remaining(self) -> int | None:
        """Last X-Ratelimit-Remaining seen; callers slow down when it runs low."""
        return self.client.rate_limit_remaining

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> TicketEvent:
        """Shared-secret check and ids-only body (see connectors.freshdesk_webhook)."""
        return verify_and_parse(headers, body, self._secrets)

    async def check(self) -> None:
        """GET /agents/me: proves the key and learns the bot's agent id."""
        me = await self.client.me()
        if not self._bot_id and isinstance(me, Mapping) and me.get("id"):
            self._bot_id = str(me["id"])

    async def bot_id(self) -> str | None:
        """The bot's agent id, read once from /agents/me when not configured."""
        if not self._bot_id:
            await self.check()
        return self._bot_id

    async def get_ticket(self, ticket_id: str, *, requester_hint: str | None = None) -> Ticket:
        """Ticket, requester contact and conversation, re-read from the API."""
        data = await self.client.ticket(ticket_id)
        if not isinstance(data, Mapping) or "requester_id" not in data:
            raise BadResponseError(f"{VENDOR}: ticket has an unexpected shape", vendor=VENDOR)
        # return_exceptions: no sibling call is left running when one fails; the first error is raised.
        results = await asyncio.gather(
            self._contact(data["requester_id"]), self.client.conversations(ticket_id), self.bot_id(),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        contact, entries, bot = results
        try:
            return ticket_from_api(data, contact, entries, bot_id=bot, id_field=self._id_field)
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            raise BadResponseError(f"{VENDOR}: ticket {ticket_id} could not be parsed", vendor=VENDOR) from err

    async def _contact(self, contact_id: Any) -> Mapping[str, Any] | None:
        try:
            contact = await self.client.contact(contact_id)
        except NotFoundError:
            return None  # deleted contact or an agent requester: no verified email
        return contact if isinstance(contact, Mapping) and "id" in contact else None

    async def post(self, ticket_id: str, write: HelpDeskWrite) -> WriteReceipt:
        """Note (always private), reply (as write.author_id when given) or routing; retries are no-ops."""
        tid = numeric_id(ticket_id, "ticket id")
        if write.kind == "routing":
            changed = await self._route(tid, write)
            return WriteReceipt(id=tid, created=changed)
        if write.kind not in ("note", "reply"):
            raise ValidationError(f"{VENDOR}: unknown write kind {write.kind!r}", vendor=VENDOR)
        if not write.body.strip():
            raise ValidationError(f"{VENDOR}: refusing to post an empty {write.kind}", vendor=VENDOR)
        existing = None if write.first_attempt else await self._existing_entry(tid, write)
        if existing is not None:
            receipt = WriteReceipt(id=str(existing["id"]), created=False)
        elif write.kind == "note":
            entry = await self.client.note(tid, to_html(write.body), user_id=write.author_id)
            receipt = WriteReceipt(id=str(entry.get("id", "")))
        else:
            entry = await self.client.reply(tid, to_html(write.body), user_id=write.author_id)
            receipt = WriteReceipt(id=str(entry.get("id", "")))
        if write.group_id or write.queue or write.priority or write.add_tags or write.remove_tags or write.custom_fields:
            await self._route(tid, write)
        return receipt

    async def _existing_entry(self, tid: str, write: HelpDeskWrite) -> Mapping[str, Any] | None:
        """An entry by the bot or the approving agent with the same privacy and normalised text."""
        authors = {a for a in (await self.bot_id(), write.author_id) if a}
        wanted, private = normalise(write.body), write.kind == "note"
        for entry in reversed(await self.client.conversations(tid)):
            if not isinstance(entry, Mapping) or str(entry.get("user_id")) not in authors or entry.get("incoming"):
                continue
            if bool(entry.get("private")) != private:
                continue
            for text in (normalise(str(entry.get("body_text") or "")), normalise(str(entry.get("body") or ""))):
                # Freshdesk may append an agent signature to a reply, hence the prefix match.
                if text == wanted or text.startswith(wanted + " "):
                    return entry
        return None

    async def _route(self, tid: str, write: HelpDeskWrite) -> bool:
        """Group, priority, tags (merged: PUT replaces the list) and cf_* fields; True when changed."""
        current = await self.client.ticket(tid)
        fields: dict[str, Any] = {}
        group = await self._resolve_group(write.group_id, write.queue)
        if group and str(current.get("group_id")) != str(group):
            fields["group_id"] = int(numeric_id(group, "group id"))
        if write.priority and current.get("priority") != _priority(write.priority):
            fields["priority"] = _priority(write.priority)
        tags = list(current.get("tags") or [])
        merged = [t for t in dict.fromkeys([*tags, *write.add_tags]) if t not in set(write.remove_tags)]
        if merged != tags:
            fields["tags"] = merged
        custom = _custom_fields(write.custom_fields)
        existing = current.get("custom_fields") or {}
        changed = {k: v for k, v in custom.items() if existing.get(k) != v}
        if changed:
            fields["custom_fields"] = changed
        if fields:
            await self.client.update_ticket(tid, fields)
        return bool(fields)

    async def _resolve_group(self, group_id: str | None, queue: str | None) -> str | None:
        # A routing file shared with Zendesk may carry Zendesk group ids: the queue name wins then.
        if group_id and (not queue or group_id in (await self._group_map()).values()):
            return group_id
        return await self.group_id(queue) if queue else None

    async def _group_map(self, refresh: bool = False) -> dict[str, str]:
        if refresh or not self._groups:
            self._groups = {str(g["name"]): str(g["id"]) for g in await self.client.groups() if "name" in g}
        return self._groups

    async def group_id(self, name: str) -> str:
        """Group id by exact name; the list is cached and re-read once on a miss."""
        if name not in await self._group_map():
            await self._group_map(refresh=True)
        if name not in self._groups:
            raise ValidationError(f"{VENDOR}: no group named {name!r}", vendor=VENDOR)
        return self._groups[name]

    async def create_task(self, task: TaskRequest) -> WriteReceipt:
        """Find the handoff ticket by its tag (list, then search) or create it; then ensure its private note."""
        tag = task_tag(task.external_id)
        found = None if task.first_attempt else await self._find_task(task, tag)
        created = found is None
        if found is None:
            found = await self.client.create_ticket(await self._task_fields(task, tag))
        tid = str(found["id"])
        # On a ticket this call just created the note cannot exist yet: no lookup needed.
        note = HelpDeskWrite(kind="note", idempotency_key=f"{task.external_id}:note", body=task.body,
                             first_attempt=created)
        await self.post(tid, note)
        return WriteReceipt(id=tid, created=created)

    def _is_task(self, ticket: Mapping[str, Any], task: TaskRequest, tag: str) -> bool:
        if tag not in (ticket.get("tags") or ()):
            return False
        value = (ticket.get("custom_fields") or {}).get(self._id_field) if self._id_field else None
        return value in (None, task.external_id)  # a hashed tag collision is ruled out by the field

    async def _find_task(self, task: TaskRequest, tag: str) -> Mapping[str, Any] | None:
        since = datetime.fromtimestamp(self._clock() - self._lookback_s, tz=timezone.utc)
        recent = await self.client.tickets({
            "requester_id": numeric_id(task.requester_id, "requester id"),
            "updated_since": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "order_by": "created_at", "order_type": "desc",
        })
        for ticket in recent:
            if self._is_task(ticket, task, tag):
                return ticket
        try:
            older = await self.client.search_tickets(f"tag:'{tag}'")
        except ValidationError:
            older = []  # search refused (plan or syntax): the list lookup above is the primary check
        return next((t for t in older if self._is_task(t, task, tag)), None)

    async def _task_fields(self, task: TaskRequest, tag: str) -> dict[str, Any]:
        linked = numeric_id(task.linked_ticket_id, "linked ticket id")
        group = await self._resolve_group(task.group_id, task.queue)
        custom = _custom_fields(task.custom_fields)
        if self._id_field:
            custom[self._id_field] = task.external_id
        fields: dict[str, Any] = {
            "requester_id": int(numeric_id(task.requester_id, "requester id")),
            "subject": task.subject[:255] or f"Deskhand handoff for ticket #{linked}",
            # The description is visible to the requester in the portal: the handoff goes in a private note.
            "description": to_html(f"Follow-up of ticket #{linked}, prepared by Deskhand for the support team."),
            "status": 2,
            "priority": _priority(task.priority or "normal"),
            "source": 2,
            "tags": list(dict.fromkeys([TASK_TAG, tag, f"deskhand_link_{linked}", *task.tags])),
        }
        if group:
            fields["group_id"] = int(numeric_id(group, "group id"))
        if custom:
            fields["custom_fields"] = custom
        return fields


def _priority(name: str) -> int:
    """low/normal/high/urgent → Freshdesk's 1-4."""
    if name not in PRIORITIES:
        raise ValidationError(f"{VENDOR}: unknown priority {name!r}", vendor=VENDOR)
    return PRIORITIES[name]


def _custom_fields(values: Mapping[str, str]) -> dict[str, str]:
    """Custom fields must use their API names (cf_*); anything else is refused before the call."""
    bad = [k for k in values if not k.startswith("cf_")]
    if bad:
        raise ValidationError(f"{VENDOR}: custom field names must start with cf_: {', '.join(bad)}", vendor=VENDOR)
    return dict(values)
