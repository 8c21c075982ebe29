"""The outbox: every help-desk write is a row first, sent later, retried idempotently, parked if hopeless."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import asdict, dataclass
from typing import Any

from connectors.base import HelpDesk, HelpDeskWrite, TaskRequest, WriteReceipt
from connectors.errors import ConnectorError

from bot.crashpoints import crash_point
from bot.retry import ParkPolicy
from bot.state import State, dumps, on_loop

log = logging.getLogger("deskhand.outbox")


@dataclass(frozen=True)
class OutboxItem:
    """One queued write: a note, reply or routing change on a ticket, or a handoff task ticket."""

    key: str  # idempotency key, also the row id
    helpdesk: str
    ticket_id: str
    write: HelpDeskWrite | TaskRequest

    @property
    def kind(self) -> str:
        """note | reply | routing | task."""
        return "task" if isinstance(self.write, TaskRequest) else self.write.kind


def encode(write: HelpDeskWrite | TaskRequest) -> str:
    """Serialise a write for the outbox row (first_attempt is decided at send time, never stored)."""
    data = asdict(write)
    data["custom_fields"] = dict(write.custom_fields)
    data.pop("first_attempt", None)
    return dumps(data)


def decode(kind: str, payload: str) -> HelpDeskWrite | TaskRequest:
    """Rebuild the write from its outbox row."""
    import json

    data: dict[str, Any] = json.loads(payload)
    for name in ("add_tags", "remove_tags", "tags"):
        if name in data:
            data[name] = tuple(data[name])
    return TaskRequest(**data) if kind == "task" else HelpDeskWrite(**data)


def enqueue(db, item: OutboxItem, run_id: int | None, now: float) -> bool:
    """Insert the row inside the caller's transaction; False when the key already exists."""
    cur = db.conn.execute(
        "INSERT OR IGNORE INTO outbox (id, run_id, helpdesk, ticket_id, kind, payload, status, attempts,"
        " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)",
        (item.key, run_id, item.helpdesk, item.ticket_id, item.kind, encode(item.write), now),
    )
    return cur.rowcount == 1


class OutboxRelay:
    """Sends due outbox rows through the help desk; safe to run after a crash."""

    def __init__(self, state: State, helpdesk: HelpDesk, *, max_attempts: int = 8,
                 base_delay: float = 2.0, max_delay: float = 300.0, park_after_s: float = 24 * 3600.0,
                 unknown_outcome_delay: float = 0.0, on_sent=None) -> None:
        self.state = state
        self.helpdesk = helpdesk
        self.policy = ParkPolicy(max_attempts=max_attempts, base_delay=base_delay, max_delay=max_delay,
                                 park_after_s=park_after_s, unknown_outcome_delay=unknown_outcome_delay)
        self.on_sent = on_sent  # callback(row, receipt) for metrics / bookkeeping

    def _due(self, db, limit: int, ticket_id: str | None) -> list[dict[str, Any]]:
        now = self.state.clock()
        one_ticket = " AND ticket_id = ?" if ticket_id is not None else ""
        return list(db.query(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND helpdesk = ?"
            f"{one_ticket}"
            # Writes to a ticket go out in order: none while an earlier one is in flight or waiting
            # for its retry (parked rows no longer hold the line).
            " AND NOT EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.helpdesk = outbox.helpdesk"
            " AND earlier.ticket_id = outbox.ticket_id AND earlier.status IN ('pending', 'sending')"
            " AND (earlier.created_at < outbox.created_at"
            " OR (earlier.created_at = outbox.created_at AND earlier.id < outbox.id))"
            " AND (earlier.status = 'sending' OR earlier.next_attempt_at > ?))"
            " ORDER BY created_at, run_id, id LIMIT ?",
            (now, self.helpdesk.kind, *((ticket_id,) if ticket_id is not None else ()), now, limit),
        ))

    def claim_within(self, db, ticket_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """Claim one ticket's due rows inside the caller's transaction: the run that just wrote them."""
        return self._mark_sending(db, self._due(db, limit, ticket_id))

    def claim(self, limit: int, ticket_id: str | None = None) -> list[dict[str, Any]]:
        """Mark due rows (of one ticket, or any) as sending; a crash leaves them 'sending' for recover()."""
        with self.state.reading() as db:
            if not self._due(db, limit, ticket_id):
                return []  # a read is enough to find nothing: no write lock
            with self.state.write() as db:
                return self._mark_sending(db, self._due(db, limit, ticket_id))

    @staticmethod
    def _mark_sending(db, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            db.conn.execute("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?", (row["id"],))
        return rows

    def unclaim(self, ids: list[str]) -> None:
        """Rows claimed but not sent because of a bug go back to the queue; their attempt count stays, so
        the resend looks before it posts."""
        if ids:
            with self.state.write() as db:
                db.conn.executemany("UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'",
                                    [(i,) for i in ids])

    def recover(self) -> int:
        """Rows caught mid-send by a crash are sent again (the adapters make that idempotent)."""
        with self.state.write() as db:
            return db.conn.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'").rowcount

    async def send_due(self, limit: int = 20) -> int:
        """Send every due row once, concurrently per ticket order; returns how many were sent."""
        rows = await on_loop(self.claim, limit)
        if not rows:
            return 0
        # The claimed attempt counts reach the disk before anything is sent: after a power cut a resend
        # must know it is one, and look before it posts.
        await self.state.synced()
        # Writes to one ticket keep their order (note before routing before task); tickets run in parallel.
        by_ticket: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_ticket.setdefault(row["ticket_id"], []).append(row)
        results = await asyncio.gather(*(self._send_chain(chain) for chain in by_ticket.values()))
        return sum(results)

    async def send_ticket(self, ticket_id: str) -> int:
        """Send one ticket's due rows now (the worker that just committed them); the loop sends the rest."""
        return await self.send_claimed(await on_loop(self.claim, 20, ticket_id))

    async def send_claimed(self, rows: list[dict[str, Any]]) -> int:
        """Send rows already claimed (by claim or claim_within); on a bug they go back to the queue."""
        if not rows:
            return 0
        try:
            await self.state.synced()  # as in send_due: the claim is on disk before the first send
            return await self._send_chain(rows)
        except Exception:
            log.exception("sending claimed rows failed")
            await on_loop(self.unclaim, [r["id"] for r in rows])
            return 0

    async def _send_chain(self, chain: list[dict[str, Any]]) -> int:
        """One ticket's rows in order, run by run; within a run the task ticket goes alongside the update."""
        groups: list[list[dict[str, Any]]] = []
        for row in chain:
            if groups and groups[-1][0]["run_id"] == row["run_id"] and row["run_id"] is not None:
                groups[-1].append(row)
            else:
                groups.append([row])
        sent = 0
        for index, group in enumerate(groups):
            updates = [r for r in group if r["kind"] != "task"]
            tasks = [r for r in group if r["kind"] == "task"]
            results = await asyncio.gather(self._send_in_order(updates), *(self._send_one(t) for t in tasks))
            sent += results[0] + sum(bool(ok) for ok in results[1:])
            if results[0] < len(updates) or not all(results[1:]):
                # Keep order: later runs' writes on this ticket wait for the failed one.
                rest = [r["id"] for g in groups[index + 1:] for r in g]
                rest += [r["id"] for r in updates[results[0] + 1:]]
                await on_loop(self._release, rest)
                break
        return sent

    async def _send_in_order(self, rows: list[dict[str, Any]]) -> int:
        """Send rows one after another; stop at the first failure and return how many went out."""
        for index, row in enumerate(rows):
            if not await self._send_one(row):
                return index
        return len(rows)

    async def _send_one(self, row: dict[str, Any]) -> bool:
        # `attempts` is the count before this claim: 0 with no recorded error means no earlier try can
        # have reached the help desk (a crash mid-send leaves it at 1+; a redriven row keeps its
        # last_error), so the adapter may skip its "already posted?" lookup call.
        first = row["attempts"] == 0 and not row.get("last_error")
        write = dataclasses.replace(decode(row["kind"], row["payload"]), first_attempt=first)
        try:
            if isinstance(write, TaskRequest):
                receipt = await self.helpdesk.create_task(write)
            else:
                receipt = await self.helpdesk.post(row["ticket_id"], write)
        except ConnectorError as err:
            await on_loop(self._failed, row, err)
            return False
        crash_point("after_send_before_done")
        await on_loop(self._done, row, receipt)
        if self.on_sent:
            self.on_sent(row, receipt)
        return True

    def _done(self, row: dict[str, Any], receipt: WriteReceipt) -> None:
        # Lazy: lost to a power cut, the row is 'sending' again and its resend looks before it posts.
        with self.state.write() as db:
            db.conn.execute(
                "UPDATE outbox SET status = 'done', receipt_id = ?, done_at = ?, last_error = NULL WHERE id = ?",
                (receipt.id, self.state.clock(), row["id"]),
            )

    def _release(self, ids: list[str]) -> None:
        if not ids:
            return
        with self.state.write() as db:
            db.conn.executemany(
                "UPDATE outbox SET status = 'pending', attempts = attempts - 1 WHERE id = ?", [(i,) for i in ids]
            )

    def _failed(self, row: dict[str, Any], err: ConnectorError) -> None:
        attempts = row["attempts"] + 1  # the row was read before claim() counted this attempt
        reason = f"{type(err).__name__}: {err}"[:300]
        now = self.state.clock()
        # Retryable trouble parks only when the row is both retried out and old (an outage only delays).
        if self.policy.parks(err, attempts, now - (row.get("created_at") or now)):
            log.warning("outbox row parked", extra={"outbox_id": row["id"], "error": type(err).__name__})
            with self.state.write() as db:
                db.conn.execute(
                    "UPDATE outbox SET status = 'parked', last_error = ? WHERE id = ?", (reason, row["id"])
                )
            return
        with self.state.write() as db:
            db.conn.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?",
                (now + self.policy.delay(attempts, err), reason, row["id"]),
            )


def redrive(state: State, row_id: str | None = None) -> int:
    """Put parked rows (or one of them) back in the queue with attempts reset."""
    where, params = ("id = ? AND status = 'parked'", (row_id,)) if row_id else ("status = 'parked'", ())
    with state.write() as db:
        return db.conn.execute(
            f"UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = 0 WHERE {where}", params
        ).rowcount
