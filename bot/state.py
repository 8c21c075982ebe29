"""Durable state in one SQLite file: inbox, runs, outbox, drafts, handoffs (sqlite-utils Migrations)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bot.wal_sync import WalSync

migrations = Migrations("deskhand")
T = TypeVar("T")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    """Inbox, runs, outbox, drafts, handoffs, per-ticket bookkeeping."""
    db["inbox"].create(
        {
            "id": int, "source": str, "dedupe_key": str, "ticket_id": str, "kind": str,
            "actor_id": str, "received_at": float, "status": str, "attempts": int,
            "next_attempt_at": float, "last_error": str, "finished_at": float,
        },
        pk="id", not_null={"source", "dedupe_key", "status"},
        defaults={"status": "pending", "attempts": 0, "next_attempt_at": 0.0},
    )
    db["inbox"].create_index(["source", "dedupe_key"], unique=True)
    db["inbox"].create_index(["status", "next_attempt_at"])
    db["runs"].create(
        {
            "id": int, "inbox_id": int, "helpdesk": str, "ticket_id": str, "message_id": str,
            "started_at": float, "finished_at": float, "outcome": str, "action": str,
            "intents": str, "answer_classes": str, "confidence": float, "language": str,
            "reasons": str, "trace": str, "fallback_reason": str,
        },
        pk="id",
    )
    db["runs"].create_index(["inbox_id"], unique=True)
    db["outbox"].create(
        {
            "id": str, "run_id": int, "helpdesk": str, "ticket_id": str, "kind": str,
            "payload": str, "status": str, "attempts": int, "next_attempt_at": float,
            "last_error": str, "receipt_id": str, "created_at": float, "done_at": float,
        },
        pk="id", not_null={"kind", "payload", "status"},
        defaults={"status": "pending", "attempts": 0, "next_attempt_at": 0.0},
    )
    db["outbox"].create_index(["status", "next_attempt_at"])
    db["drafts"].create(
        {
            "id": int, "run_id": int, "helpdesk": str, "ticket_id": str, "text": str,
            "intents": str, "status": str, "created_at": float, "decided_at": float,
            "decided_by": str, "outbox_id": str,
        },
        pk="id", defaults={"status": "pending"},
    )
    db["drafts"].create_index(["helpdesk", "ticket_id", "status"])
    db["handoffs"].create(
        {
            "id": int, "run_id": int, "helpdesk": str, "ticket_id": str, "queue": str,
            "payload": str, "created_at": float,
        },
        pk="id",
    )
    db["handoffs"].create_index(["run_id"], unique=True)
    db["processed_messages"].create(
        {"helpdesk": str, "ticket_id": str, "message_id": str, "run_id": int},
        pk=("helpdesk", "ticket_id", "message_id"),
    )
    db["ticket_state"].create(
        {"helpdesk": str, "ticket_id": str, "bot_paused": int, "paused_reason": str, "updated_at": float},
        pk=("helpdesk", "ticket_id"),
    )


@migrations()
def m002_webhook_health(db: sqlite_utils.Database) -> None:
    """Last delivery per webhook source, for silent-source detection."""
    db["webhook_sources"].create(
        {"source": str, "last_delivery_at": float, "accepted": int, "rejected": int},
        pk="source", defaults={"accepted": 0, "rejected": 0},
    )


@migrations()
def m003_outbox_per_ticket(db: sqlite_utils.Database) -> None:
    """Per-ticket outbox lookups: direct sends and the 'earlier write still pending?' ordering check."""
    db["outbox"].create_index(["helpdesk", "ticket_id", "status"], if_not_exists=True)


@migrations()
def m004_inbox_requester_hint(db: sqlite_utils.Database) -> None:
    """The requester id a delivery named, so the ticket read can fetch identities alongside."""
    if "requester_hint" not in db["inbox"].columns_dict:
        db["inbox"].add_column("requester_hint", str)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the state file with WAL, synchronous=FULL and a busy timeout, migrations applied."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves (a deferred BEGIN that upgrades
    # to a write fails at once under WAL contention, busy_timeout or not).
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=ON")
    db = sqlite_utils.Database(conn)
    migrations.apply(db)
    return db


class State:
    """The one writer of the state file; every method is a short transaction, safe from threads."""

    def __init__(self, db: sqlite_utils.Database, clock=time.time) -> None:
        self.db = db
        self.clock = clock
        self._lock = threading.RLock()
        path = db.conn.execute("PRAGMA database_list").fetchone()[2]
        # Commits hand their pages to the OS (a crash keeps them); synced() makes them durable in batches.
        db.conn.execute("PRAGMA synchronous=NORMAL")
        self.wal = WalSync(path or ":memory:")

    @classmethod
    def open(cls, path: str | Path, clock=time.time) -> "State":
        """Open (and migrate) the state file at path."""
        return cls(connect(path), clock)

    async def synced(self) -> None:
        """Return once every commit so far is on disk: await it before promising anything outside.

        Promises are an acknowledged webhook (the sender will not retry) and an outbox row about to be sent
        (its claimed attempt count is what makes a resend look before it posts). Bookkeeping that is safe
        to redo (claims of inbox rows, done markers, retry times) never waits; a power cut may roll it back.
        """
        await self.wal.barrier()

    def sync_now(self) -> None:
        """synced() on the caller's thread: blocks it (not the state lock) for one fsync of the WAL."""
        self.wal.flush()

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """BEGIN IMMEDIATE ... COMMIT, serialised; never await inside (durable once synced() returns)."""
        with self._lock:
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        """The connection for reads, serialised with the writers (a write may follow inside)."""
        with self._lock:
            yield self.db

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts."""
        with self._lock:
            return list(self.db.query(sql, params))

    def close(self) -> None:
        """Make everything durable, then close the connection."""
        self.wal.close()
        with self._lock:
            self.db.conn.close()

    # ------------------------------------------------------------------ inbox

    def accept_event(self, source: str, dedupe_key: str, ticket_id: str, kind: str, actor_id: str | None,
                     requester_hint: str | None = None) -> bool:
        """Store a verified delivery durably; False when it was a duplicate."""
        now = self.clock()
        with self.write() as db:
            cur = db.conn.execute(
                "INSERT OR IGNORE INTO inbox (source, dedupe_key, ticket_id, kind, actor_id, requester_hint,"
                " received_at, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0)",
                (source, dedupe_key, ticket_id, kind, actor_id, requester_hint, now),
            )
            self._touch_source(db, source, accepted=True, now=now)
            return cur.rowcount == 1

    def record_delivery(self, source: str) -> None:
        """Note a genuine delivery from a source that needs no inbox row (store order events)."""
        with self.write() as db:
            self._touch_source(db, source, accepted=True, now=self.clock())

    def record_rejected(self, source: str, count: int = 1) -> None:
        """Count refused deliveries for the source's health figures (no payload kept)."""
        with self.write() as db:
            self._touch_source(db, source, accepted=False, now=self.clock(), count=count)

    def _touch_source(self, db: sqlite_utils.Database, source: str, *, accepted: bool, now: float,
                      count: int = 1) -> None:
        column = "accepted" if accepted else "rejected"
        stamp = ", last_delivery_at = excluded.last_delivery_at" if accepted else ""
        db.conn.execute(
            f"INSERT INTO webhook_sources (source, last_delivery_at, accepted, rejected)"
            f" VALUES (?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET {column} = {column} + ?{stamp}",
            (source, now if accepted else None, count if accepted else 0, 0 if accepted else count, count),
        )

    def claim_inbox(self, limit: int = 1) -> list[dict[str, Any]]:
        """Take due pending inbox rows (marking them running) for a worker."""
        now = self.clock()
        with self.write() as db:
            rows = list(db.query(
                "SELECT * FROM inbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                (now, limit),
            ))
            for row in rows:
                db.conn.execute(
                    "UPDATE inbox SET status = 'running', attempts = attempts + 1 WHERE id = ?", (row["id"],)
                )
            return rows

    def requeue_running(self) -> int:
        """After a crash, runs that were in flight go back to pending."""
        with self.write() as db:
            return db.conn.execute("UPDATE inbox SET status = 'pending' WHERE status = 'running'").rowcount

    def finish_inbox(self, inbox_id: int, status: str = "done", error: str | None = None) -> None:
        """Mark an inbox row done / parked."""
        with self.write() as db:
            db.conn.execute(
                "UPDATE inbox SET status = ?, last_error = ?, finished_at = ? WHERE id = ?",
                (status, error, self.clock(), inbox_id),
            )

    def retry_inbox(self, inbox_id: int, delay: float, error: str) -> None:
        """Put an inbox row back for a later attempt."""
        with self.write() as db:
            db.conn.execute(
                "UPDATE inbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?",
                (self.clock() + delay, error, inbox_id),
            )

    # ------------------------------------------------------------------ tickets

    def ticket_paused(self, helpdesk: str, ticket_id: str) -> bool:
        """True when the bot stopped drafting on this ticket (an agent took over)."""
        rows = self.query(
            "SELECT bot_paused FROM ticket_state WHERE helpdesk = ? AND ticket_id = ?", (helpdesk, ticket_id)
        )
        return bool(rows and rows[0]["bot_paused"])

    def set_paused(self, helpdesk: str, ticket_id: str, paused: bool, reason: str) -> None:
        """Pause or resume the bot on one ticket."""
        with self.write() as db:
            db["ticket_state"].upsert(
                {"helpdesk": helpdesk, "ticket_id": ticket_id, "bot_paused": int(paused),
                 "paused_reason": reason, "updated_at": self.clock()},
                pk=("helpdesk", "ticket_id"),
            )

    def message_processed(self, helpdesk: str, ticket_id: str, message_id: str) -> bool:
        """True when a run already handled this customer message."""
        return bool(self.query(
            "SELECT 1 FROM processed_messages WHERE helpdesk = ? AND ticket_id = ? AND message_id = ?",
            (helpdesk, ticket_id, message_id),
        ))

    # ------------------------------------------------------------------ drafts

    def pending_draft(self, helpdesk: str, ticket_id: str) -> dict[str, Any] | None:
        """The newest draft on a ticket still waiting for an agent."""
        rows = self.query(
            "SELECT * FROM drafts WHERE helpdesk = ? AND ticket_id = ? AND status = 'pending'"
            " ORDER BY id DESC LIMIT 1",
            (helpdesk, ticket_id),
        )
        return rows[0] if rows else None

    def latest_draft(self, helpdesk: str, ticket_id: str) -> dict[str, Any] | None:
        """The newest draft on a ticket whatever its status."""
        rows = self.query(
            "SELECT * FROM drafts WHERE helpdesk = ? AND ticket_id = ? ORDER BY id DESC LIMIT 1",
            (helpdesk, ticket_id),
        )
        return rows[0] if rows else None


async def on_loop(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run a short State transaction on the event loop's own thread.

    Each transaction is a few statements plus the WAL fsync (well under a millisecond here). A hop to
    a worker thread cost more than that in GIL hand-offs, and while the hopping thread waited for the
    GIL it held the state lock that webhook acknowledgements (bot/front_door.py) wait for.
    """
    return fn(*args, **kwargs)


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """INSERT one row into an existing table; returns its rowid (hot-path writes skip sqlite-utils' checks)."""
    return db.conn.execute(_insert_sql(table, tuple(row)), tuple(row.values())).lastrowid


def dumps(value: Any) -> str:
    """Compact JSON for state columns."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
