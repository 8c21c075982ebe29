"""Messages that piled up behind a crash or an outage are all read by the run that answers them."""

from connectors.base import TicketEvent

from bot.pipeline.intake import intake
from builders import message, ticket

EV = TicketEvent(helpdesk="zendesk", ticket_id="42", kind="message", dedupe_key="k")


def test_unanswered_burst_travels_with_the_latest_message():
    t = ticket(message("Can I change the size to M?", id="c1"), message("And ship it to my office?", id="c2"))
    gate = intake(EV, t, paused=False, already_processed=lambda _: False)
    assert gate.run and gate.message.id == "c2"
    assert "size to M" in gate.message.body and "office" in gate.message.body


def test_answered_messages_and_bot_notes_end_the_burst():
    t = ticket(message("old question", id="c1"), message("bot note", role="bot", public=False, id="c2"),
               message("first", id="c3"), message("second", id="c4"))
    gate = intake(EV, t, paused=False, already_processed=lambda _: False)
    assert gate.message.body == "first\n\nsecond"
    gate = intake(EV, t, paused=False, already_processed={"c3"}.__contains__)
    assert gate.message.body == "second"


def test_a_spoof_flag_anywhere_in_the_burst_counts():
    t = ticket(message("where is my order?", id="c1", spoof=True), message("order 10482", id="c2"))
    gate = intake(EV, t, paused=False, already_processed=lambda _: False)
    assert gate.message.spoof_flagged
