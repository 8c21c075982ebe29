"""A short chase borrows its topic from the shop's reply it quotes; anything else ignores the quote."""

from __future__ import annotations

import pytest

from bot.understanding import understand
from bot.understanding.clean import clean, quoted_part


def _reply(own: str, quoted: str) -> str:
    return f"{own}\n\nOn Tue, 5 Nov 2024 at 09:14, Example Shop <help@example.com> wrote:\n" + "\n".join(
        f"> {line}" for line in quoted.split("\n"))


def _names(text: str) -> list[str]:
    return [i.name for i in understand(text).intents]


def test_the_quoted_part_is_split_off_and_kept_apart():
    text = _reply("Still nothing.", "Your refund of €12.00 has been issued.\nThe Example team")
    assert clean(text) == "Still nothing."
    assert "refund of €12.00 has been issued" in quoted_part(text)
    assert quoted_part("no quote here") == ""


@pytest.mark.parametrize("own,quoted,intent", [
    ("Ten days now and still not on my statement.", "We have refunded €40.00 to your Mastercard.", "refund/status"),
    ("It's been over a week, not 3-5 days.", "Your parcel is delayed at the sorting hub and should reach you in 3-5 working days.",
     "shipping/delivery_issue"),
    ("any news?", "Your return request has been approved; please use the label attached.", "return/status"),
])
def test_a_bare_chase_reads_as_the_topic_of_the_quoted_reply(own, quoted, intent):
    assert _names(_reply(own, quoted)) == [intent]


def test_a_message_that_names_its_own_topic_ignores_the_quote():
    names = _names(_reply("It's been a week - where is order 77812?", "Your refund of €20.00 has been issued."))
    assert "refund/status" not in names and "order/status" in names


def test_a_chase_without_a_quote_is_left_alone():
    assert "refund/status" not in _names("It's been two weeks now.")


def test_a_quote_does_not_drive_a_message_that_is_not_a_chase():
    assert "refund/status" not in _names(_reply("Do the linen shirts come in XL?", "Your refund has been issued."))
