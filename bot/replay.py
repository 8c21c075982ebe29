"""Replay exported tickets through the whole pipeline without writing to the help desk.

Input: JSON Lines, UTF-8, one ticket per line::

    {"id": "T-1001", "channel": "email", "subject": "Where is my order?",
     "requester": {"name": "Maya Lindqvist", "email": "maya@example.com", "verified": true},
     "messages": [{"author": "customer", "body": "Hi, where is order 10482?"},
                  {"author": "agent", "body": "It ships tomorrow."}]}

- `id` (string or number) and `requester.email` are required; `channel` defaults to "email",
  `subject` to "", `requester.name` to "", `requester.verified` to false (an unverified requester
  never gets order data, exactly as in production).
- `messages` are oldest first; `author` is "customer" or "agent". Deskhand sees the conversation as
  it stood before the first agent reply (in production a human reply hands the ticket to the human),
  so later messages are ignored; a ticket that starts with an agent message is reported as skipped.
- Unknown keys are ignored, so help-desk exports can be trimmed rather than rewritten.

Nothing is sent anywhere: the help desk is an in-memory adapter built from the file, every write
Deskhand would have made is captured, and the state lives in a throw-away SQLite file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, ClassVar, Literal, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from tqdm import tqdm

from connectors.base import EmailIdentity, HelpDeskWrite, Message, Requester, TaskRequest, Ticket, TicketEvent, WriteReceipt
from connectors.errors import BadWebhookError, NotFoundError

from bot.outbox import OutboxRelay
from bot.pipeline.compose import ComposeConfig
from bot.pipeline.decide import DecideConfig
from bot.pipeline.retrieve import RetrieveDeps
from bot.records import Understanding
from bot.runner import Pipeline, process_safely
from bot.state import State
from bot.taxonomy import INTENTS

HELPDESK_KIND = "replay"
GUARD_PREFIX = "guard tripped: "


class ReplayInputError(ValueError):
    """A line of the replay file is not a ticket in the documented format."""


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class RequesterIn(_In):
    """Who asked: name, the email on the ticket, and whether the help desk verified it."""

    name: str = ""
    email: str = Field(min_length=3, max_length=320)
    verified: bool = False


class MessageIn(_In):
    """One message of the exported conversation."""

    author: Literal["customer", "agent"]
    body: str = Field(max_length=100_000)


class TicketIn(_In):
    """One exported ticket."""

    id: str = Field(min_length=1, max_length=100)
    channel: str = "email"
    subject: str = ""
    requester: RequesterIn
    messages: list[MessageIn] = Field(min_length=1)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


def to_ticket(item: TicketIn, *, at: datetime | None = None) -> Ticket:
    """The ticket as Deskhand would have first seen it: everything before the first agent reply."""
    at = at or datetime.now(timezone.utc)
    requester = Requester(id=f"requester-{item.id}", name=item.requester.name,
                          emails=(EmailIdentity(item.requester.email, item.requester.verified, primary=True),))
    messages = []
    for index, msg in enumerate(item.messages):
        if msg.author == "agent":
            break
        messages.append(Message(id=f"{item.id}-m{index + 1}", author_id=requester.id, author_role="end-user",
                                body=msg.body, public=True, created_at=at))
    return Ticket(helpdesk=HELPDESK_KIND, id=item.id, subject=item.subject, channel=item.channel, status="open",
                  requester=requester, messages=tuple(messages))


def parse_lines(lines: Sequence[str]) -> list[Ticket]:
    """Tickets from JSON Lines text; blank lines are skipped, a bad line raises with its number only."""
    tickets: list[Ticket] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = TicketIn.model_validate(json.loads(line))
        except ValueError as err:
            # The field names are enough to fix the file; values may hold customer data.
            where = ""
            if isinstance(err, ValidationError):
                where = ": " + ", ".join(sorted({".".join(map(str, e["loc"])) or "(line)" for e in err.errors()}))
            raise ReplayInputError(f"line {number} is not a ticket in the replay format{where}") from None
        if item.id in seen:
            raise ReplayInputError(f"line {number} repeats ticket id {item.id}")
        seen.add(item.id)
        tickets.append(to_ticket(item))
    return tickets


def load_tickets(path: str | Path) -> list[Ticket]:
    """Read a replay file."""
    return parse_lines(Path(path).read_text(encoding="utf-8").splitlines())


class CapturingHelpDesk:
    """A read-only help desk built from the file: reads come from memory, writes are only recorded."""

    kind: ClassVar[str] = HELPDESK_KIND

    def __init__(self, tickets: Sequence[Ticket]) -> None:
        self.tickets = {t.id: t for t in tickets}
        self.writes: list[tuple[str, HelpDeskWrite | TaskRequest]] = []

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> TicketEvent:
        """Replay never takes webhooks."""
        raise BadWebhookError("replay takes no webhooks")

    async def check(self) -> None:
        """Nothing to reach."""

    async def get_ticket(self, ticket_id: str, *, requester_hint: str | None = None) -> Ticket:
        """The ticket from the file."""
        try:
            return self.tickets[ticket_id]
        except KeyError:
            raise NotFoundError("no such ticket in the replay file") from None

    async def post(self, ticket_id: str, write: HelpDeskWrite) -> WriteReceipt:
        """Record the write that would have been made."""
        self.writes.append((ticket_id, write))
        return WriteReceipt(id=f"replay-{len(self.writes)}")

    async def create_task(self, task: TaskRequest) -> WriteReceipt:
        """Record the handoff ticket that would have been created."""
        self.writes.append((task.linked_ticket_id, task))
        return WriteReceipt(id=f"replay-{len(self.writes)}")

    def writes_for(self, ticket_id: str) -> list[HelpDeskWrite | TaskRequest]:
        """Every captured write on one ticket, in order."""
        return [w for tid, w in self.writes if tid == ticket_id]


class RecordingUnderstander:
    """Wraps the real Understander to keep each result for the report."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.last: Understanding | None = None

    async def understand(self, text: str, *, subject: str | None = None, channel: str = "email") -> Understanding:
        """Delegate and remember."""
        self.last = await self.inner.understand(text, subject=subject, channel=channel)
        return self.last


@dataclass
class ReplaySetup:
    """The parts of a Pipeline that replay does not build itself."""

    retrieve_deps: RetrieveDeps
    understander: Any  # bot.pipeline.understand.Understander
    decide_config: DecideConfig
    compose_config: ComposeConfig
    today: Callable[[], date] = field(default=lambda: datetime.now(timezone.utc).date())


async def replay_tickets(tickets: Sequence[Ticket], setup: ReplaySetup, state: State, *,
                         progress: bool = True) -> dict[str, Any]:
    """Run every ticket through the real runner; returns the report (per ticket and aggregate)."""
    desk = CapturingHelpDesk(tickets)
    understander = RecordingUnderstander(setup.understander)
    pipeline = Pipeline(state=state, helpdesk=desk, retrieve_deps=setup.retrieve_deps, understander=understander,
                        decide_config=setup.decide_config, compose_config=setup.compose_config, today=setup.today)
    relay = OutboxRelay(state, desk, max_attempts=1)
    results = []
    with tqdm(total=len(tickets), desc="replay", unit="ticket", disable=not progress) as bar:
        for ticket in tickets:
            understander.last = None
            state.accept_event(HELPDESK_KIND, f"replay:{ticket.id}", ticket.id, "message", None)
            row = state.claim_inbox()[0]
            outcome = await process_safely(pipeline, row)
            while await relay.send_due():
                pass
            results.append(ticket_report(state, desk, ticket, outcome, understander.last))
            bar.update(1)
    return {"tickets": results, "aggregate": aggregate(results)}


def _loads(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def ticket_report(state: State, desk: CapturingHelpDesk, ticket: Ticket, outcome: str,
                  understanding: Understanding | None) -> dict[str, Any]:
    """What Deskhand would have done on one ticket."""
    runs = state.query("SELECT * FROM runs WHERE helpdesk = ? AND ticket_id = ? ORDER BY id DESC LIMIT 1",
                       (HELPDESK_KIND, ticket.id))
    run = runs[0] if runs else {}
    drafts = state.query("SELECT text FROM drafts WHERE helpdesk = ? AND ticket_id = ? ORDER BY id",
                         (HELPDESK_KIND, ticket.id))
    handoffs = state.query("SELECT queue FROM handoffs WHERE helpdesk = ? AND ticket_id = ?", (HELPDESK_KIND, ticket.id))
    writes = desk.writes_for(ticket.id)
    reasons = _loads(run.get("reasons"), [])
    intents = _loads(run.get("intents"), [])
    reply = next((w.body for w in writes if isinstance(w, HelpDeskWrite) and w.kind == "reply"), None)
    return {
        "id": ticket.id,
        "channel": ticket.channel,
        "outcome": outcome,
        "action": run.get("action"),
        "intents": intents,
        "answer_classes": _loads(run.get("answer_classes"), []),
        "language": run.get("language"),
        "confidence": run.get("confidence"),
        "understood_by": understanding.source if understanding else None,
        "fallback_reason": run.get("fallback_reason"),
        "handoff": bool(handoffs),
        "handoff_queue": handoffs[0]["queue"] if handoffs else None,
        "reply_text": reply,
        "draft_text": drafts[-1]["text"] if drafts else None,
        "guard_trips": [r[len(GUARD_PREFIX):] for r in reasons if r.startswith(GUARD_PREFIX)],
        "reasons": [r for r in reasons if not r.startswith(GUARD_PREFIX)],
        "writes": [w.kind if isinstance(w, HelpDeskWrite) else "task" for w in writes],
        "error": None if outcome not in ("retry", "parked") else "run failed; see reasons",
    }


def aggregate(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts by action, answer class and queue; handoff rate; guard trips."""
    ran = [r for r in results if r["action"] not in (None, "none")]
    by_class: Counter[str] = Counter()
    primary_class: Counter[str] = Counter()
    for r in ran:
        by_class.update(set(r["answer_classes"]))
        if r["intents"] and r["intents"][0] in INTENTS:
            primary_class[INTENTS[r["intents"][0]].answer_class] += 1
    handoffs = sum(1 for r in ran if r["handoff"])
    trips = Counter(t for r in results for t in r["guard_trips"])
    return {
        "tickets": len(results),
        "processed": len(ran),
        "by_outcome": dict(Counter(r["outcome"] for r in results)),
        "by_action": dict(Counter(r["action"] for r in ran)),
        "by_answer_class": dict(by_class),
        "by_primary_answer_class": dict(primary_class),
        "by_queue": dict(Counter(r["handoff_queue"] for r in ran if r["handoff_queue"])),
        "by_language": dict(Counter(r["language"] for r in ran if r["language"])),
        "handoffs": handoffs,
        "handoff_rate": round(handoffs / len(ran), 3) if ran else 0.0,
        "public_replies": sum(1 for r in ran if r["reply_text"]),
        "drafts": sum(1 for r in ran if r["draft_text"]),
        "guard_trips": sum(trips.values()),
        "tickets_with_guard_trips": sum(1 for r in results if r["guard_trips"]),
        "guard_trip_reasons": dict(trips.most_common(20)),
        "model_fallbacks": sum(1 for r in ran if r["fallback_reason"]),
        "errors": sum(1 for r in results if r["error"]),
    }


def render_summary(report: Mapping[str, Any]) -> str:
    """A few readable lines for the terminal."""
    agg = report["aggregate"]

    def counts(name: str) -> str:
        items = sorted(agg[name].items(), key=lambda kv: (-kv[1], str(kv[0])))
        return ", ".join(f"{k} {v}" for k, v in items) or "-"

    return "\n".join([
        f"tickets        {agg['tickets']} ({agg['processed']} processed, {agg['errors']} errors)",
        f"actions        {counts('by_action')}",
        f"answer classes {counts('by_answer_class')}",
        f"queues         {counts('by_queue')}",
        f"handoff rate   {agg['handoff_rate']:.1%} ({agg['handoffs']} handoffs)",
        f"replies/drafts {agg['public_replies']} public replies, {agg['drafts']} drafts for approval",
        f"guard trips    {agg['guard_trips']} on {agg['tickets_with_guard_trips']} tickets",
        f"model fallback {agg['model_fallbacks']}",
    ])


async def replay_with_settings(tickets: Sequence[Ticket], settings: Any, *, workdir: str | Path,
                               sandbox: bool = False, progress: bool = True,
                               today: date | None = None) -> dict[str, Any]:
    """Replay against the configured store (or the bundled sample store); state lives in workdir."""
    import aiohttp

    from bot.catalog import CatalogCache
    from bot.pipeline.understand import Understander
    from bot.policies import load_policies
    from bot.routing_config import load_routing
    from bot.sandbox_env import start_sandbox
    from bot.state import connect
    from bot.wiring import CatalogSearch, make_store

    workdir = Path(workdir)
    env = await start_sandbox(database=workdir / "sandbox.db", base=settings) if sandbox else None
    settings = env.settings if env else settings
    state = State.open(workdir / "replay.db")
    session = aiohttp.ClientSession()
    try:
        store = make_store(settings, session)
        cache = CatalogCache(connect(workdir / "replay.db"), store,
                             max_age_s=settings.woocommerce.catalog_max_age_seconds)
        policies = load_policies(settings.store.policies_dir)
        model = None
        if settings.llm.enabled:
            from bot.llm import LLMUnderstanding

            model = LLMUnderstanding.from_settings(settings.llm)
        setup = ReplaySetup(
            retrieve_deps=RetrieveDeps(store=store, catalog=CatalogSearch(cache, store), policies=policies),
            understander=Understander(model),
            decide_config=DecideConfig(routing=load_routing(settings.store.routing_file), policies=policies,
                                       languages=settings.store.languages),
            compose_config=ComposeConfig(store_name=settings.store.name, languages=settings.store.languages),
        )
        if today is not None:
            setup.today = lambda: today
        report = await replay_tickets(tickets, setup, state, progress=progress)
        report["store"] = "sandbox sample store" if sandbox else (settings.woocommerce.url or "")
        return report
    finally:
        await session.close()
        state.close()
        if env is not None:
            await env.close()
