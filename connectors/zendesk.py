"""Zendesk Support as Deskhand's help desk: read tickets, write notes/replies/routing, file handoffs."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from typing import Any, Callable, ClassVar, Mapping, Sequence

import aiohttp

from connectors.base import HelpDeskWrite, TaskRequest, Ticket, TicketEvent, WriteReceipt
from connectors.errors import BadResponseError, ConnectorError, NotFoundError, ValidationError
from connectors.zendesk_objects import HANDOFF_TAG
from connectors.zendesk_parse import author_ids, channel_of, parse_requester, parse_ticket
from connectors.zendesk_api import VENDOR, ZendeskApi
from connectors.zendesk_webhook import STATIC_TEST_SECRET, verify_and_parse

# Stored in the audit's custom metadata of every comment Deskhand posts, so a retry can tell
# "my earlier attempt landed" from "an identical text posted for another reason".
IDEMPOTENCY_METADATA = "deskhand_idempotency_key"


def _ticket_number(ticket_id: str | int) -> int:
    text = str(ticket_id).strip()
    if not (text.isascii() and text.isdigit()):
        raise NotFoundError("Zendesk ticket ids are numeric", vendor=VENDOR, status=404)
    return int(text)


def _numeric(value: str | int, what: str) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(f"Zendesk {what} must be a numeric id", vendor=VENDOR)
    return int(text)


def _posted_key(comment: Mapping[str, Any]) -> Any:
    """Deskhand's idempotency key from a comment's audit metadata, when Zendesk kept it."""
    metadata = comment.get("metadata")
    custom = metadata.get("custom") if isinstance(metadata, Mapping) else None
    return custom.get(IDEMPOTENCY_METADATA) if isinstance(custom, Mapping) else None


async def _none() -> None:
    return None


async def _value(value: Any) -> Any:
    return value


class Zendesk:
    """HelpDesk adapter over the Zendesk REST API (aiohttp), pointed at any base URL."""

    kind: ClassVar[str] = "zendesk"

    def __init__(
        self,
        *,
        base_url: str,
        email: str,
        api_token: str,
        webhook_secrets: Sequence[str] = (),
        timeout: float = 15,
        replay_window_s: float = 300,
        clock: Callable[[], float] = time.time,
        max_concurrency: int = 32,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        if STATIC_TEST_SECRET in webhook_secrets:
            raise ValueError("Zendesk's published test secret must not be configured as a webhook secret")
        self._t = ZendeskApi(base_url=base_url, email=email, api_token=api_token, timeout=timeout,
                             session=session, max_connections=max_concurrency)
        self._secrets = tuple(webhook_secrets)
        self._window = replay_window_s
        self._clock = clock
        self._bot_id: str | None = None
        self._groups: dict[str, str] = {}
        self._fields: dict[str, str] = {}

    async def close(self) -> None:
        """Release the HTTP session when this adapter opened its own."""
        await self._t.close()

    # ------------------------------------------------------------------ webhook + health

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> TicketEvent:
        """Verify the signature (fail closed) and parse the ids-only trigger body."""
        return verify_and_parse(headers, body, self._secrets, now=self._clock(), window_s=self._window)

    async def check(self) -> None:
        """GET users/me: proves the credentials and learns the bot's own user id."""
        me = await self._t.get_object("check", "users/me.json", "user")
        self._bot_id = str(me["id"])

    async def bot_user_id(self) -> str:
        """Id of the API user Deskhand acts as (cached after the first call)."""
        if self._bot_id is None:
            await self.check()
        assert self._bot_id is not None
        return self._bot_id

    # ------------------------------------------------------------------ reading

    async def get_ticket(self, ticket_id: str, *, requester_hint: str | None = None) -> Ticket:
        """Ticket, comments (authors sideloaded) and the requester's identities, in one round trip when hinted.

        The hint (the requester id a signed delivery named) only decides what to fetch early: when
        the ticket names another requester, that requester's identities are read instead.
        """
        tid = _ticket_number(ticket_id)
        bot_id = await self.bot_user_id()
        hint = requester_hint if requester_hint and requester_hint.isascii() and requester_hint.isdigit() else None
        (ticket, (comments, authors)), early = await asyncio.gather(
            asyncio.gather(
                self._t.get_object("get ticket", f"tickets/{tid}.json", "ticket"),
                self._t.get_pages("list comments", f"tickets/{tid}/comments.json", "comments", include="users"),
            ),
            self._early_identities(hint) if hint else _none(),
        )
        requester_id = ticket.get("requester_id")
        if requester_id is None:
            raise BadResponseError("Zendesk ticket has no requester", vendor=VENDOR)
        by_id = {str(u.get("id")): u for u in authors}
        # Comment authors came sideloaded; only a requester who never wrote needs a users call.
        missing = [int(i) for i in dict.fromkeys([str(requester_id), *author_ids(comments)]) if i not in by_id]
        stale = early is None or str(requester_id) != hint
        identities, users = await asyncio.gather(
            self._identities(str(requester_id)) if stale else _value(early),
            self._t.get_pages("show users", "users/show_many.json", "users",
                              params={"ids": ",".join(map(str, missing))}) if missing else _value(([], [])),
        )
        by_id.update({str(u.get("id")): u for u in users[0]})
        if str(requester_id) not in by_id:
            raise NotFoundError("Zendesk requester not found", vendor=VENDOR, status=404)
        roles = {uid: str(u.get("role") or "") for uid, u in by_id.items()}
        requester = parse_requester(by_id[str(requester_id)], identities, channel_of(ticket))
        return parse_ticket(ticket, comments, requester, bot_id=bot_id, roles=roles)

    async def _early_identities(self, user_id: str) -> list[dict[str, Any]] | None:
        """Identities for the hinted requester; any failure just means reading them after the ticket."""
        try:
            return await self._identities(user_id)
        except ConnectorError:
            return None

    async def _identities(self, user_id: str) -> list[dict[str, Any]]:
        path = f"users/{_numeric(user_id, 'requester id')}/identities.json"
        return (await self._t.get_pages("list identities", path, "identities"))[0]

    async def _comments(self, tid: int) -> list[dict[str, Any]]:
        return (await self._t.get_pages("list comments", f"tickets/{tid}/comments.json", "comments"))[0]

    # ------------------------------------------------------------------ writing

    async def post(self, ticket_id: str, write: HelpDeskWrite) -> WriteReceipt:
        """Note (private), reply (public, as write.author_id when given) and/or routing; retry-safe."""
        tid = _ticket_number(ticket_id)
        body = write.body.strip()
        if write.kind in ("note", "reply") and not body:
            raise ValidationError(f"a {write.kind} needs a body", vendor=VENDOR)
        public = write.kind == "reply"
        author = str(_numeric(write.author_id or await self.bot_user_id(), "author_id"))
        update: dict[str, Any] = {}
        group = await self._resolve_group(write.group_id, write.queue)
        if group is not None:
            update["group_id"] = _numeric(group, "group_id")
        if write.priority:
            update["priority"] = write.priority
        if write.custom_fields:
            update["custom_fields"] = [
                {"id": _numeric(await self.field_id(k), "field id"), "value": v} for k, v in write.custom_fields.items()
            ]
        # Tag changes ride on the same PUT (Zendesk's additional_tags / remove_tags): one call, one audit.
        if write.add_tags:
            update["additional_tags"] = list(write.add_tags)
        if write.remove_tags:
            update["remove_tags"] = list(write.remove_tags)
        receipt = WriteReceipt(id=str(tid), created=bool(update))
        if body:
            # PUT takes no idempotency key: on a retry, look for an earlier attempt before posting again.
            found = None if write.first_attempt else await self._already_posted(tid, write, public=public, author=author)
            if found is not None:
                receipt = WriteReceipt(id=found, created=False)
            else:
                update["comment"] = {"body": body, "public": public, "author_id": int(author)}
        if update:
            comment_id = await self._update(tid, update, write.idempotency_key)
            if "comment" in update:
                receipt = WriteReceipt(id=comment_id or str(tid), created=True)
        return receipt

    async def _update(self, tid: int, update: dict[str, Any], key: str) -> str | None:
        """PUT the ticket; a comment carries Deskhand's key in the audit metadata. Returns the comment id."""
        ticket = dict(update)
        if "comment" in update:
            ticket["metadata"] = {IDEMPOTENCY_METADATA: key}
        data = (await self._t.call("update ticket", "PUT", f"tickets/{tid}.json", json_body={"ticket": ticket})).data
        audit = data.get("audit") if isinstance(data, dict) else None
        events = (audit.get("events") if isinstance(audit, dict) else None) or []
        ids = [e.get("id") for e in events if isinstance(e, dict) and e.get("type") == "Comment"]
        return str(ids[0]) if ids and ids[0] is not None else None

    async def _already_posted(self, tid: int, write: HelpDeskWrite, *, public: bool, author: str) -> str | None:
        """Id of a comment an earlier attempt of this write left behind, if any.

        Costs one extra GET of the comments (one per 100 comments), paid only on retries.
        """
        match = None
        for comment in await self._comments(tid):
            if str(comment.get("author_id")) != author or (comment.get("public") is not False) != public:
                continue
            key = _posted_key(comment)
            if key == write.idempotency_key:
                return str(comment["id"])
            # Without our key (metadata not kept), identical text by the same author counts as done.
            if key is None and str(comment.get("body") or "").strip() == write.body.strip():
                match = str(comment["id"])
        return match

    async def create_task(self, task: TaskRequest) -> WriteReceipt:
        """Find the handoff ticket by external_id, else create it (Idempotency-Key = external_id)."""
        # A first attempt cannot have created anything; retries search (the Idempotency-Key covers 24 h only).
        existing = None if task.first_attempt else await self._find_task(task.external_id)
        if existing is not None:
            return WriteReceipt(id=existing, created=False)
        linked = _ticket_number(task.linked_ticket_id)
        ticket: dict[str, Any] = {
            "subject": task.subject,
            "external_id": task.external_id,
            "requester_id": _numeric(task.requester_id, "requester_id"),
            "comment": {"body": f"{task.body.rstrip()}\n\nOriginal ticket: #{linked}", "public": False},
            "tags": list(dict.fromkeys([*task.tags, HANDOFF_TAG, f"deskhand_from_{linked}"])),
        }
        group = await self._resolve_group(task.group_id, task.queue)
        if group is not None:
            ticket["group_id"] = _numeric(group, "group_id")
        if task.priority:
            ticket["priority"] = task.priority
        if task.custom_fields:
            ticket["custom_fields"] = [
                {"id": _numeric(await self.field_id(k), "field id"), "value": v} for k, v in task.custom_fields.items()
            ]
        # Keys in sorted order: the same bytes on every retry, so Zendesk's idempotency check matches.
        body = json.loads(json.dumps({"ticket": ticket}, sort_keys=True))
        key = task.external_id if len(task.external_id) <= 255 else hashlib.sha256(task.external_id.encode()).hexdigest()
        try:
            response = await self._t.call("create task", "POST", "tickets.json", json_body=body,
                                          headers={"Idempotency-Key": key})
        except ValidationError as err:
            # 400 IdempotentRequestError: this key already created something; prefer finding it.
            found = await self._find_task(task.external_id) if err.status == 400 else None
            if found is None:
                raise
            return WriteReceipt(id=found, created=False)
        try:
            created_id = str(response.data["ticket"]["id"])
        except (KeyError, TypeError):
            raise BadResponseError("Zendesk create task: unreadable response", vendor=VENDOR) from None
        return WriteReceipt(id=created_id, created=response.headers.get("x-idempotency-lookup") != "hit")

    async def _find_task(self, external_id: str) -> str | None:
        found = (await self._t.get_pages("find task", "tickets.json", "tickets",
                                         params={"external_id": external_id}))[0]
        matches = [t for t in found if t.get("external_id") == external_id]
        return str(matches[0]["id"]) if matches else None

    # ------------------------------------------------------------------ lookups

    async def _load_groups(self) -> None:
        groups = (await self._t.get_pages("list groups", "groups.json", "groups"))[0]
        self._groups = {str(g["name"]): str(g["id"]) for g in groups if not g.get("deleted")}

    async def group_id(self, name: str) -> str:
        """Group id for a group name (cached; refreshed once on a miss)."""
        if name not in self._groups:
            await self._load_groups()
        if name not in self._groups:
            raise ValidationError(f"Zendesk group {name!r} does not exist", vendor=VENDOR)
        return self._groups[name]

    async def _resolve_group(self, group_id: str | None, queue: str | None) -> str | None:
        """A configured group id when the account has it, else the group named like the queue."""
        if group_id and queue:
            if group_id not in self._groups.values():
                await self._load_groups()  # also picks up groups created since the last look
            if group_id not in self._groups.values():
                return await self.group_id(queue)  # stale or foreign id: the queue name decides
        return group_id or (await self.group_id(queue) if queue else None)

    async def field_id(self, key: str) -> str:
        """Custom field id: numeric ids pass through, field keys/titles are resolved (cached)."""
        if key.isdigit():
            return key
        if key not in self._fields:
            fields = (await self._t.get_pages("list ticket fields", "ticket_fields.json", "ticket_fields"))[0]
            for f in fields:
                for name in (f.get("key"), f.get("title")):
                    if name:
                        self._fields[str(name)] = str(f["id"])
        if key not in self._fields:
            raise ValidationError(f"Zendesk ticket field {key!r} does not exist", vendor=VENDOR)
        return self._fields[key]
