"""The demo's scripted conversations: each shows one promise Deskhand makes to a store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Conversation:
    """One customer message sent through the sandbox help desk, and what it demonstrates."""

    title: str
    email: str
    body: str
    subject: str = ""
    channel: str = "email"
    spoofed: bool = False
    approve: bool = False  # an agent approves the draft with the macro afterwards


CONVERSATIONS: tuple[Conversation, ...] = (
    Conversation(
        "The mission's example: status answered, size change handed off",
        "maya.lindqvist@example.com",
        "Hi! Where is my order, and can I still change the size? The linen shirt in L will be too big, "
        "I need an M.\n\nThanks,\nMaya",
        subject="My order",
    ),
    Conversation(
        "Unverified requester: no order data",
        "eve.morgan@example.com",
        "Where is my order? Can you tell me what I ordered and where it is being delivered?",
        subject="Order status",
    ),
    Conversation(
        "Size change on a completed order is not promised",
        "ravi.menon@example.com",
        "Can I change the size of my Willow Sneakers to a 43? The 42 is a bit tight.",
        subject="Size change",
    ),
    Conversation(
        "Pure product question answered from the catalog (auto-send is on for product questions)",
        "sofia.garcia@example.com",
        "Do you have the linen shirt in navy in size M?",
        channel="chat",
    ),
    Conversation(
        "Policy question answered with a cited clause",
        "claire.dubois@example.com",
        "Do you ship to Canada, and how long does delivery usually take?",
        subject="Shipping question",
    ),
    Conversation(
        "Someone else's order number behaves exactly like a missing one",
        "ann@example.com",
        "Can you tell me the status of order 10455?",
        channel="chat",
    ),
    Conversation(
        "Spanish order status, drafted in Spanish; the agent approves it with the macro",
        "sofia.garcia@example.com",
        "Hola, ¿dónde está mi pedido? Gracias.",
        subject="Mi pedido",
        approve=True,
    ),
    Conversation(
        "Escalation: a person is asked for, no draft of substance",
        "tom.okafor@example.com",
        "This is the second time the wrong colour arrived. I want to speak to a manager, not a bot.",
        subject="Wrong item again",
    ),
)
