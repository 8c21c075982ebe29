"""Health summary from the state file: backlog, parked items, last 24 h, webhook health and reconciliation."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from bot.monitor import TABLE, DisabledWebhook, load_health
from bot.state import State

DAY = 86_400


@dataclass(frozen=True)
class Status:
    """What `deskhand status` prints."""

    inbox_backlog: int
    outbox_backlog: int
    parked_inbox: int
    parked_outbox: int
    runs_24h: dict[str, int] = field(default_factory=dict)
    handoffs_24h: dict[str, int] = field(default_factory=dict)
    drafts_24h: dict[str, int] = field(default_factory=dict)
    sources: dict[str, float | None] = field(default_factory=dict)  # source -> seconds since last delivery
    silent: tuple[str, ...] = ()
    # What the running service's monitor last found (bot/monitor.py); None/empty before its first pass.
    monitor_checked_at: float | None = None
    disabled_webhooks: tuple[DisabledWebhook, ...] = ()
    webhooks_error: str | None = None
    last_reconcile_at: float | None = None
    reconcile_error: str | None = None
    reconciled_orders: int = 0
    caught_up: int = 0
    now: float = 0.0

    @property
    def problems(self) -> tuple[str, ...]:
        """One short phrase per thing that needs a human."""
        out = [f"{n} parked {what}" for n, what in ((self.parked_inbox, "events"), (self.parked_outbox, "writes")) if n]
        out += [f"{s} silent" for s in self.silent]
        out += [f"store webhook {h.id} {h.status}" for h in self.disabled_webhooks]
        if self.webhooks_error:
            out.append("store webhooks unreadable")
        if self.reconcile_error:
            out.append("reconcile failing")
        return tuple(out)

    @property
    def healthy(self) -> bool:
        """No parked work, no silent source, no disabled store webhook, no failing check."""
        return not self.problems


def _counts(state: State, sql: str, since: float) -> dict[str, int]:
    return {str(r["k"]): r["n"] for r in state.query(sql, (since,))}


def collect(state: State, *, silent_after_s: float, expected_sources: tuple[str, ...] = (),
            now: float | None = None) -> Status:
    """Read the figures; a source never heard from counts as silent once Deskhand has run a while."""
    now = state.clock() if now is None else now
    health = load_health(state)
    watching_since = _watching_since(state)
    since = now - DAY
    one = lambda sql: state.query(sql)[0]["n"]  # noqa: E731
    last = {r["source"]: r["last_delivery_at"] for r in state.query("SELECT source, last_delivery_at FROM webhook_sources")}
    ages = {s: (now - t if t else None) for s, t in last.items()}
    for source in expected_sources:
        ages.setdefault(source, None)
    # "Never heard from" is only silent once the monitor has watched for longer than the threshold
    # (or when no monitor ever ran against this file, as before).
    never_silent = watching_since is None or now - watching_since > silent_after_s
    silent = tuple(sorted(s for s, age in ages.items() if (never_silent if age is None else age > silent_after_s)))
    return Status(
        inbox_backlog=one("SELECT COUNT(*) AS n FROM inbox WHERE status IN ('pending','running')"),
        outbox_backlog=one("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending','sending')"),
        parked_inbox=one("SELECT COUNT(*) AS n FROM inbox WHERE status='parked'"),
        parked_outbox=one("SELECT COUNT(*) AS n FROM outbox WHERE status='parked'"),
        runs_24h=_counts(state, "SELECT outcome AS k, COUNT(*) AS n FROM runs WHERE finished_at >= ? GROUP BY outcome", since),
        handoffs_24h=_counts(state, "SELECT queue AS k, COUNT(*) AS n FROM handoffs WHERE created_at >= ? GROUP BY queue", since),
        drafts_24h=_counts(state, "SELECT status AS k, COUNT(*) AS n FROM drafts WHERE created_at >= ? GROUP BY status", since),
        sources=ages,
        silent=silent,
        monitor_checked_at=health.checked_at,
        disabled_webhooks=health.disabled_webhooks,
        webhooks_error=health.webhooks_error,
        last_reconcile_at=health.last_reconcile_at,
        reconcile_error=health.reconcile_error,
        reconciled_orders=health.reconciled_orders,
        caught_up=health.caught_up,
        now=now,
    )


def _watching_since(state: State) -> float | None:
    if not state.query("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)):
        return None
    rows = state.query(f"SELECT value FROM {TABLE} WHERE name='watching'")
    return json.loads(rows[0]["value"]).get("since") if rows else None


def _ago(now: float, then: float | None) -> str:
    if then is None:
        return "never"
    minutes = max(0.0, now - then) / 60
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(then))
    return f"{stamp} ({minutes:.0f} min ago)"


def render(status: Status) -> str:
    """A few lines for a terminal."""
    fmt = lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items())) or "none"  # noqa: E731
    ages = ", ".join(f"{s} {'never' if a is None else f'{a / 60:.0f} min ago'}" for s, a in sorted(status.sources.items()))
    lines = [
        "health: OK" if status.healthy else "health: ATTENTION (" + "; ".join(status.problems) + ")",
        f"backlog: inbox {status.inbox_backlog}, outbox {status.outbox_backlog}",
        f"parked: inbox {status.parked_inbox}, outbox {status.parked_outbox}"
        + (" (deskhand outbox redrive)" if status.parked_outbox else ""),
        f"last 24 h runs: {fmt(status.runs_24h)}",
        f"last 24 h handoffs by queue: {fmt(status.handoffs_24h)}",
        f"last 24 h drafts: {fmt(status.drafts_24h)}",
        f"webhooks: {ages or 'no deliveries yet'}",
    ]
    if status.silent:
        lines.append("silent sources: " + ", ".join(status.silent))
    if status.monitor_checked_at is None:
        lines.append("store webhooks: not checked yet (the running service checks them)")
    elif status.webhooks_error:
        lines.append(f"store webhooks: could not be read ({status.webhooks_error})")
    elif status.disabled_webhooks:
        lines.append("store webhooks disabled: " + ", ".join(
            f"{h.id} {h.topic} {h.status}" for h in status.disabled_webhooks) + " (re-enable them in WooCommerce)")
    else:
        lines.append(f"store webhooks: all active (checked {_ago(status.now, status.monitor_checked_at)})")
    reconcile = (f"reconcile: last {_ago(status.now, status.last_reconcile_at)}, {status.reconciled_orders} orders read,"
                 f" {status.caught_up} missed order events caught up")
    lines.append(reconcile + (f"; failing: {status.reconcile_error}" if status.reconcile_error else ""))
    return "\n".join(lines)
