"""SIGKILL at every crash point, restart, and count: no help-desk write lost, none duplicated."""

from __future__ import annotations

import aiohttp
import pytest

from bot.crashpoints import POINTS
from rel_harness import (
    Deskhand,
    approve,
    customer_message,
    query,
    start_world,
    tally,
    thread,
    wait_until_drained,
    write_config,
)

# A mix: a drafted status answer (approved later), a size change handed off with a task ticket,
# an auto-sent product answer, and a follow-up message on the handed-off ticket.
CONVERSATIONS = (
    {"email": "sofia.garcia@example.com", "body": "Where is my order?", "channel": "chat"},
    {"email": "maya.lindqvist@example.com", "subject": "My order",
     "body": "Hi! Can I still change the size? The linen shirt in L will be too big, I need an M."},
    {"email": "sofia.garcia@example.com", "body": "Do you have the linen shirt in navy in size M?", "channel": "chat"},
)
FOLLOW_UP = "Also, could you send it to my office instead? Thanks, Maya"

CASES = [
    ("zendesk", "after_inbox_commit"),
    ("zendesk", "mid_pipeline"),
    ("zendesk", "after_run_commit:2"),  # the second run's commit: one run already fully recorded
    ("zendesk", "after_send_before_done"),
    ("zendesk", "after_approval_commit"),
    ("freshdesk", "after_send_before_done"),  # no idempotency keys: the conversation re-read must hold
]


def test_every_crash_point_is_covered():
    assert {point.split(":")[0] for _, point in CASES} == set(POINTS)


@pytest.mark.parametrize(("helpdesk", "crash_at"), CASES, ids=[f"{h}-{p}" for h, p in CASES])
async def test_sigkill_then_restart_loses_and_duplicates_nothing(tmp_path, helpdesk, crash_at):
    env = await start_world(tmp_path, helpdesk)
    deskhand = Deskhand(env, write_config(env.settings, tmp_path / "deskhand.toml"), tmp_path)
    approval_crash = crash_at.startswith("after_approval_commit")
    try:
        async with aiohttp.ClientSession() as http:
            await deskhand.start(crash_at=crash_at)
            tickets = [await customer_message(http, env, conv) for conv in CONVERSATIONS]
            await customer_message(http, env, {"email": CONVERSATIONS[1]["email"], "body": FOLLOW_UP,
                                               "ticket_id": int(tickets[1])})
            messages = len(CONVERSATIONS) + 1
            if approval_crash:  # the draft must exist before an agent can approve it
                await wait_until_drained(env, deskhand, runs=len(tickets))
                await approve(http, env, _draft_ticket(env, tickets[0]))
            assert await deskhand.wait_exit() == -9, "the process must die by SIGKILL at the crash point"
            crashed = _snapshot(env)
            at_crash = tally(env, tickets)
            landed = at_crash.expected - at_crash.lost  # writes the help desk holds, done or not
            if crash_at.startswith("after_send_before_done"):  # the window the crash point exists for
                assert landed > query(env, "SELECT COUNT(*) AS n FROM outbox WHERE status='done'")[0]["n"]

            await deskhand.start()  # no crash armed: recovery only
            recovery_s = await wait_until_drained(env, deskhand, runs=len(tickets))
            if not approval_crash:
                await approve(http, env, _draft_ticket(env, tickets[0]))
                await wait_until_drained(env, deskhand, runs=len(tickets))
            assert await deskhand.stop() == 0
    finally:
        await deskhand.stop()
        await env.close()

    result = tally(env, tickets)
    print("\n" + result.line(f"crash at {crash_at} ({helpdesk})") + f" recovery={recovery_s:.1f}s"
          f" at_crash: {crashed},landed={landed}")
    assert result.messages == messages
    assert (result.lost, result.duplicated, result.stray, result.parked) == (0, 0, 0, 0)
    processed = {(r["ticket_id"], r["message_id"]) for r in query(env, "SELECT * FROM processed_messages")}
    for ticket, entries in thread(env, tickets).items():
        latest = [e["id"] for e in entries if e["customer"]][-1]
        # The newest message of every ticket was answered; earlier unanswered ones ride along with it.
        assert (ticket, latest) in processed, (ticket, latest)
        # Two deliveries can race to the same unanswered message; they share the run key, hence its writes.
        answered = query(env, "SELECT COUNT(DISTINCT message_id) AS n FROM runs WHERE ticket_id=?"
                              " AND outcome!='skipped'", (ticket,))[0]["n"]
        approved = 1 if ticket == tickets[0] else 0
        # Exactly one bot note or reply per answered message (+ the agent-approved reply), never a copy.
        assert result.per_ticket[ticket]["bot_writes"] == answered + approved, (ticket, result.per_ticket[ticket], answered)
    assert query(env, "SELECT COUNT(*) AS n FROM outbox WHERE kind='task'")[0]["n"] >= 1  # a handoff was filed
    assert {r["status"] for r in query(env, "SELECT status FROM outbox")} == {"done"}
    assert {r["status"] for r in query(env, "SELECT status FROM inbox")} == {"done"}
    assert {r["status"] for r in query(env, "SELECT status FROM drafts WHERE ticket_id=?", (tickets[0],))} == {"approved"}
    assert query(env, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"


def _draft_ticket(env, ticket: str) -> str:
    rows = query(env, "SELECT 1 FROM drafts WHERE status='pending' AND ticket_id=?", (ticket,))
    assert rows, "the status question should have left a draft for an agent"
    return ticket


def _snapshot(env) -> str:
    """What the state file held when the process died (shows the crash landed where intended)."""
    counts = query(env, "SELECT (SELECT COUNT(*) FROM inbox) AS inbox, (SELECT COUNT(*) FROM runs) AS runs,"
                        " (SELECT COUNT(*) FROM outbox WHERE status='done') AS sent,"
                        " (SELECT COUNT(*) FROM outbox WHERE status!='done') AS unsent")[0]
    return ",".join(f"{k}={v}" for k, v in counts.items())
