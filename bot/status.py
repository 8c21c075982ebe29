"""Health summary from the state file: backlog, parked items, last 24 h, silent webhook sources."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    @property
    def healthy(self) -> bool:
        """No parked work and no silent source."""
        return not (self.parked_inbox or self.parked_outbox or self.silent)


def _counts(state: State, sql: str, since: float) -> dict[str, int]:
    return {str(r["k"]): r["n"] for r in state.query(sql, (since,))}


def collect(state: State, *, silent_after_s: float, expected_sources: tuple[str, ...] = ()) -> Status:
    """Read the figures; a source never heard from counts as silent once Deskhand has run a while."""
    now = state.clock()
    since = now - DAY
    one = lambda sql: state.query(sql)[0]["n"]  # noqa: E731
    last = {r["source"]: r["last_delivery_at"] for r in state.query("SELECT source, last_delivery_at FROM webhook_sources")}
    ages = {s: (now - t if t else None) for s, t in last.items()}
    for source in expected_sources:
        ages.setdefault(source, None)
    silent = tuple(sorted(s for s, age in ages.items() if age is None or age > silent_after_s))
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
    )


def render(status: Status) -> str:
    """A few lines for a terminal."""
    fmt = lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items())) or "none"  # noqa: E731
    ages = ", ".join(f"{s} {'never' if a is None else f'{a / 60:.0f} min ago'}" for s, a in sorted(status.sources.items()))
    lines = [
        f"health: {'OK' if status.healthy else 'ATTENTION'}",
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
    return "\n".join(lines)
