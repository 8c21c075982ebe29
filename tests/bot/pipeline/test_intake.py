"""intake: only a new end-user message starts a run; agents and the bot never do."""

from connectors.base import TicketEvent

from bot.pipeline.intake import intake, normalise
from builders import message, ticket

EV = TicketEvent(helpdesk="zendesk", ticket_id="42", kind="message", dedupe_key="k")


def never(_):
    return False


def test_new_customer_message_runs():
    gate = intake(EV, ticket(message("where is my order?")), paused=False, already_processed=never)
    assert gate.run and gate.message.id == "c1"


def test_latest_comment_by_bot_or_agent_does_not_run():
    for role in ("bot", "agent"):
        t = ticket(message("hi"), message("note", role=role, public=False, id="c2"))
        gate = intake(EV, t, paused=False, already_processed=never)
        assert not gate.run and role in gate.skip_reason


def test_agent_public_reply_pauses_the_bot():
    t = ticket(message("hi"), message("Hello, I'm on it", role="agent", id="c2"), message("thanks", id="c3"))
    gate = intake(EV, t, paused=False, already_processed=never)
    assert not gate.run and gate.agent_took_over


def test_reply_deskhand_posted_for_the_agent_does_not_pause():
    t = ticket(message("hi"), message("<p>Your order   is on its way</p>", role="agent", id="c2"), message("and?", id="c3"))
    sent = frozenset({normalise("Your order is on its way")})
    gate = intake(EV, t, paused=False, already_processed=never, sent_texts=sent)
    assert gate.run and gate.message.id == "c3"


def test_paused_ticket_skips_but_ask_again_runs():
    t = ticket(message("hi"))
    assert not intake(EV, t, paused=True, already_processed=never).run
    ask = TicketEvent(helpdesk="zendesk", ticket_id="42", kind="ask_again", dedupe_key="k2")
    assert intake(ask, t, paused=True, already_processed=lambda _: True).run


def test_already_processed_message_is_skipped():
    gate = intake(EV, ticket(message("hi")), paused=False, already_processed=lambda mid: mid == "c1")
    assert not gate.run and "already" in gate.skip_reason


def test_approval_events_are_not_pipeline_runs():
    ev = TicketEvent(helpdesk="zendesk", ticket_id="42", kind="approve", dedupe_key="k")
    assert not intake(ev, ticket(message("hi")), paused=False, already_processed=never).run
