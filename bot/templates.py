"""Reply templates per language; every fact slot is filled from evidence, never from free text."""

from __future__ import annotations

from string import Formatter

# Keys are message parts; the composer picks them by decision and evidence.
# Slots: {name} customer first name, {store}, {number}, {status}, {date}, {items}, {total},
# {tracking}, {clause}, {text}, {product}, {price}, {stock}, {sizes}, {queue}, {change}.
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hi {name},",
        "greeting_anon": "Hello,",
        "signoff": "Best wishes,\n{store} customer care",
        "status.awaiting_payment": "Your order #{number} (placed {date}) is waiting for payment to be confirmed.",
        "status.processing": "Your order #{number} (placed {date}) has been received and is being prepared; it has not been dispatched yet.",
        "status.on_hold": "Your order #{number} (placed {date}) is currently on hold while our team checks it.",
        "status.fulfilled": "Your order #{number} (placed {date}) has been dispatched.",
        "status.cancelled": "Your order #{number} (placed {date}) was cancelled.",
        "status.refunded": "Your order #{number} (placed {date}) has been refunded.",
        "status.failed": "The payment for your order #{number} (placed {date}) did not go through.",
        "status.unknown": "I can see your order #{number} (placed {date}); a colleague will confirm its exact status.",
        "tracking": "Tracking: {tracking}.",
        "details": "Order #{number} contains: {items}. Order total: {total}.",
        "refunds": "Refunds recorded on order #{number}: {total}.",
        "no_refunds": "There is no refund recorded on order #{number} yet.",
        "return_status": "I can't see a completed return on order #{number} yet; a colleague will check where it stands.",
        "order_not_found": "I couldn't find an order with that number under the email address on this conversation. Could you check the number, or reply from the email address you used at checkout?",
        "no_orders": "I couldn't find any orders under the email address on this conversation. If you ordered with a different address, please let us know which one from that address.",
        "unverified": "For your security, I can only share order details once your email address is confirmed. A colleague will follow up with you.",
        "unavailable": "I can't reach our order system right now, so a colleague will confirm the details of your order shortly.",
        "product": "{product}: {price}, {stock}.",
        "product_sizes": "Available sizes: {sizes}.",
        "no_product": "I couldn't find that product in our catalogue; a colleague will help.",
        "stock.instock": "in stock",
        "stock.outofstock": "currently out of stock",
        "stock.onbackorder": "available on backorder",
        "policy": "{text}",
        "account_help": "You can reset your password from the “Forgot password?” link on the login page, and update your details under My account.",
        "handoff": "I've passed your request ({change}) to our {queue} team, who will confirm what is possible and get back to you. You don't need to send anything else.",
        "handoff_generic": "I've passed your message to our {queue} team, who will get back to you personally.",
        "ask": "Could you tell me a little more about what you need help with, and include your order number if it's about an order?",
        "closing": "Thank you for your message!",
    },
}


def render(language: str, key: str, **slots: object) -> str:
    """Fill one template; falls back to English when the language lacks the key."""
    table = TEMPLATES.get(language, TEMPLATES["en"])
    template = table.get(key) or TEMPLATES["en"][key]
    return template.format(**slots)


def slots_of(language: str, key: str) -> set[str]:
    """The slot names one template uses (for tests that keep languages in step)."""
    template = TEMPLATES.get(language, {}).get(key, "")
    return {name for _, name, _, _ in Formatter().parse(template) if name}
