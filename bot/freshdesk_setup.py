"""`deskhand freshdesk setup`: print the automation rules to create by hand, then check key and groups."""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import aiohttp

from bot.settings import Settings
from connectors.errors import AuthError, ConnectorError, NotFoundError
from connectors.freshdesk_client import FreshdeskClient
from connectors.freshdesk_webhook import ASK_TAG, AUTOMATION_RULES, SCENARIOS, TASK_TAG
from connectors.http import NO_RETRY

SECRET_ENV = "DESKHAND_FRESHDESK__WEBHOOK_SECRET"
PREVIOUS_ENV = "DESKHAND_FRESHDESK__WEBHOOK_SECRET_PREVIOUS"
Print = Callable[[str], None]


def webhook_url(public_url: str | None) -> str:
    """Where the rules POST: <public_url>/webhooks/freshdesk."""
    return f"{(public_url or '<public_url>').rstrip('/')}/webhooks/freshdesk"


def routing_queues(path: str | Path) -> list[str]:
    """Queue names the routing config uses (top-level `queues` and every rule's `queue`), in order."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    names = [q for q in data.get("queues", []) if isinstance(q, str)]
    names += [r["queue"] for r in data.get("routes", []) if isinstance(r, dict) and isinstance(r.get("queue"), str)]
    return list(dict.fromkeys(names))


def instructions(*, public_url: str | None, secret_line: str) -> list[str]:
    """The rules and scenarios an admin creates in the Freshdesk UI, with URL, header and bodies."""
    url = webhook_url(public_url)
    lines = [
        "Freshdesk cannot create automation rules through its API: create these in",
        "Admin > Workflows > Automations (names matter only to people; keep them as shown).",
        "",
        'Every rule ends with the action "Trigger webhook", set up like this:',
        "  Request type:   POST",
        f"  Callback URL:   {url}",
        "  Encoding:       JSON, content: Advanced (hand-written body below)",
        f"  Custom header:  {secret_line}",
        "  (Alternative to the header: 'Requires authentication' with any user name and the secret as password.)",
        "",
    ]
    for number, rule in enumerate(AUTOMATION_RULES, start=1):
        tab = "Ticket Creation" if rule.kind == "ticket_creation" else "Ticket Updates"
        lines += [f'{number}. [{tab}] "{rule.name}"', f"   When:       {rule.when}"]
        lines += [f"   Condition:  {c}" for c in rule.conditions]
        lines += ["   Action:     Trigger webhook (as above) with body:", f"               {rule.body}", ""]
    lines += ["Scenario automations (Admin > Workflows > Scenario Automations), run by agents on a draft:"]
    lines += [f'  "{s.name}": action Add tag {s.tag}' for s in SCENARIOS]
    lines += [
        "",
        "Notes:",
        f"  - Handoff tickets Deskhand files carry the tag {TASK_TAG}; the creation rule skips them.",
        "  - A tag already on the ticket is not 'added' again: remove the approval tag before re-using a scenario.",
        f"  - Agents trigger \"ask again\" by adding the tag {ASK_TAG} by hand (no scenario needed).",
        "  - {{ticket.agent.id}} is the ticket's ASSIGNED agent: we know of no placeholder for the agent who ran",
        "    the scenario (confirm on your account), so an approved reply may be posted as Deskhand's own agent.",
        "  - The webhook is not signed: the secret is the only proof of origin. Deskhand re-reads the ticket",
        "    from the API, so a forged call can trigger a run but cannot inject content.",
        f"  - Rotation: put the old secret in {PREVIOUS_ENV}, the new one in {SECRET_ENV},",
        "    update the header in every rule, then remove the old secret.",
    ]
    return lines


@dataclass(frozen=True)
class GroupCheck:
    """Result of the one verification call."""

    ok: bool
    error: str | None = None
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


async def check_groups(session: aiohttp.ClientSession, *, base_url: str, api_key: str, queues: Sequence[str],
                       timeout: float = 15.0) -> GroupCheck:
    """ONE call (GET /groups, first page of 100): proves the key and finds the routing queues."""
    client = FreshdeskClient(session, base_url=base_url, api_key=api_key, timeout=timeout, retry=NO_RETRY)
    try:
        groups = await client.get_all("groups", max_pages=1)
    except AuthError as err:
        return GroupCheck(False, f"the API key was refused ({err})")
    except NotFoundError:
        return GroupCheck(False, "the API was not found: use https://<domain>.freshdesk.com, not a custom domain")
    except ConnectorError as err:
        return GroupCheck(False, f"Freshdesk could not be checked: {err}")
    names = {str(g.get("name")): str(g.get("id")) for g in groups if isinstance(g, dict)}
    found = tuple(q for q in queues if q in names)
    missing = tuple(q for q in queues if q not in names)
    return GroupCheck(not missing, None, found, missing, {q: names[q] for q in found})


async def run_setup(settings: Settings, *, out: Print = print, show_secret: bool = False,
                    public_url: str | None = None) -> int:
    """Print the setup, then verify; 0 when the key works and every routing queue has a group."""
    fd = settings.freshdesk
    public_url = public_url or settings.service.public_url
    configured = fd.webhook_secrets
    if configured:
        secret_line = f"X-Deskhand-Secret: {configured[0] if show_secret else '<the value of ' + SECRET_ENV + '>'}"
    else:
        generated = secrets.token_urlsafe(32)
        secret_line = f"X-Deskhand-Secret: {generated}"
    out("Deskhand - Freshdesk setup")
    out("")
    if not public_url:
        out("! service.public_url is not set: replace <public_url> with the HTTPS address Freshdesk can reach.")
    for line in instructions(public_url=public_url, secret_line=secret_line):
        out(line)
    out("")
    if not configured:
        out("A new webhook secret was generated (shown in the header above). Give it to Deskhand:")
        out(f"  export {SECRET_ENV}='{generated}'")
        out("")
    problems = []
    if not fd.base_url:
        problems.append("[freshdesk.url] or [freshdesk.domain] is not set")
    if not fd.api_key:
        problems.append("[freshdesk.api_key] is not set (DESKHAND_FRESHDESK__API_KEY)")
    try:
        queues = routing_queues(settings.store.routing_file)
    except (OSError, tomllib.TOMLDecodeError) as err:
        problems.append(f"routing file {settings.store.routing_file} could not be read ({type(err).__name__})")
        queues = []
    if problems:
        for problem in problems:
            out(f"x {problem}")
        return 1
    out("Checking Freshdesk with one call (GET /api/v2/groups) ...")
    async with aiohttp.ClientSession() as session:
        result = await check_groups(session, base_url=fd.base_url or "", api_key=fd.api_key or "", queues=queues,
                                    timeout=fd.timeout)
    if result.error:
        out(f"x {result.error}")
        return 1
    out("ok API key accepted")
    for queue in result.found:
        out(f"ok group {queue!r} (id {result.extra[queue]})")
    for queue in result.missing:
        out(f"x group {queue!r} is used by the routing config but does not exist in Freshdesk: create it")
    return 0 if result.ok else 1
