"""Quoted replies, forwarded headers and signatures are removed; the customer's own words stay."""

import pytest

from bot.understanding import understand
from bot.understanding.clean import clean

CASES = [
    # (message, cleaned)
    ("Where is my parcel?\n\nOn Mon, 3 Jun 2024 at 10:00, Shop <help@example.com> wrote:\n> We shipped it.",
     "Where is my parcel?"),
    ("Any news?\n\nOn Tue, 4 Jun 2024 at 09:12, Shop Support\n<help@example.com> wrote:\n> Hi there",
     "Any news?"),
    ("Please cancel it.\n> earlier text\n> more earlier text", "Please cancel it."),
    ("Ok, thanks.\n\n-----Original Message-----\nFrom: Shop\nSent: Monday\nSubject: Refund\n\nWe refunded you.",
     "Ok, thanks."),
    ("See below.\n\nFrom: Shop <help@example.com>\nSent: 3 June 2024 10:00\nTo: Me\nSubject: Order\n\nold text",
     "See below."),
    ("Hola\n\nEl lun, 3 jun 2024 a las 10:00, Tienda <help@example.com> escribió:\n> Texto antiguo", "Hola"),
    ("Danke\n\nAm 03.06.2024 um 10:00 schrieb Shop <help@example.com>:\n> Alter Text", "Danke"),
    ("Merci\n\nLe lun. 3 juin 2024 à 10:00, Shop <help@example.com> a écrit :\n> Ancien texte", "Merci"),
    ("Bedankt\n\nOp ma 3 jun. 2024 om 10:00 schreef Shop <help@example.com>:\n> Oude tekst", "Bedankt"),
    ("Hi\n\n---------- Forwarded message ---------\nFrom: Someone\nDate: today\nSubject: x\n\nforwarded", "Hi"),
    ("Is it waterproof?\n\n-- \nAnna Example\nExample Ltd", "Is it waterproof?"),
    ("Is it waterproof?\n\nSent from my iPhone", "Is it waterproof?"),
    ("¿Es impermeable?\n\nEnviado desde mi iPhone", "¿Es impermeable?"),
    ("Hello,\n\nCan I pay by card?\n\nKind regards,\nMarta", "Hello,\n\nCan I pay by card?"),
    ("Can I pay by card?\n\nThanks, Ines", "Can I pay by card?"),
    ("Can I pay by card?\n\nMit freundlichen Grüßen\nH. Beispiel", "Can I pay by card?"),
    ("thanks!", "thanks!"),  # a lone thank-you is the message, not a sign-off
    ("\n\nSent from my phone", ""),
    ("", ""),
]


@pytest.mark.parametrize("message, expected", CASES)
def test_clean(message, expected):
    assert clean(message) == expected


def test_windows_line_endings_are_normalised():
    assert clean("Where is it?\r\n\r\nOn Mon, 3 Jun 2024, Shop wrote:\r\n> old") == "Where is it?"


QUOTED_ONLY_DRIVERS = [
    # The quoted part mentions a refund / cancellation; the customer's own words do not.
    ("Thanks, got it!\n\nOn Mon, 3 Jun 2024, Shop <help@example.com> wrote:\n> We have refunded your order 12345.\n"
     "> Reply if you want to cancel anything.", {"other/thanks"}),
    ("The package still isn't here.\n\nOn Fri, 7 Jun 2024, Shop wrote:\n> Would you like a refund instead?",
     {"shipping/delivery_issue"}),
    ("Is it machine washable?\n\n-- \nSam, who wants a refund on everything and will call a lawyer",
     {"product/question"}),
]


@pytest.mark.parametrize("message, intents", QUOTED_ONLY_DRIVERS)
def test_quoted_text_and_signatures_do_not_drive_intents(message, intents):
    assert set(understand(message).intent_names) == intents


def test_cleaned_text_is_reported():
    u = understand("Where is order 12345?\n\nSent from my iPhone")
    assert u.cleaned_text == "Where is order 12345?"
