"""Help-desk people of the bundled sample store, shared by the Zendesk and Freshdesk sandboxes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxPerson:
    """One help-desk user: emails as (address, verified, primary)."""

    key: str
    name: str
    role: str  # "end-user" | "agent"
    emails: tuple[tuple[str, bool, bool], ...]


PEOPLE: tuple[SandboxPerson, ...] = (
    SandboxPerson("maya", "Maya Lindqvist", "end-user", (("maya.lindqvist@example.com", True, True),)),
    SandboxPerson(
        "tom",
        "Tom Okafor",
        "end-user",
        (("tom.okafor@example.com", True, True), ("t.okafor@example.org", True, False)),
    ),
    SandboxPerson("ann", "Ann Berger", "end-user", (("ann@example.com", True, True),)),
    SandboxPerson("ann_lee", "Ann Lee", "end-user", (("ann@example.com.au", True, True),)),
    SandboxPerson("joann", "Jo Ann Park", "end-user", (("joann@example.com", True, True),)),
    SandboxPerson("ravi", "Ravi Menon", "end-user", (("ravi.menon@example.com", True, True),)),
    SandboxPerson("sofia", "Sofia García", "end-user", (("sofia.garcia@example.com", True, True),)),
    SandboxPerson("lukas", "Lukas Weber", "end-user", (("lukas.weber@example.com", True, True),)),
    SandboxPerson("claire", "Claire Dubois", "end-user", (("claire.dubois@example.com", True, True),)),
    SandboxPerson("pat", "Pat Guest", "end-user", (("pat.guest@example.org", True, True),)),
    # Eve's address was never confirmed: she must never see order data.
    SandboxPerson("eve", "Eve Morgan", "end-user", (("eve.morgan@example.com", False, True),)),
    SandboxPerson("alex", "Alex Rivera", "agent", (("alex.agent@example.org", True, True),)),
    SandboxPerson("deskhand", "Deskhand", "agent", (("deskhand.bot@example.org", True, True),)),
)

BOT_KEY = "deskhand"
AGENT_KEY = "alex"


def person(key: str) -> SandboxPerson:
    """Look a person up by key."""
    return next(p for p in PEOPLE if p.key == key)
