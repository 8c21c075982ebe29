"""Install Deskhand's Zendesk webhook, triggers and approval macros; idempotent by name."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from connectors.zendesk_objects import (
    WEBHOOK_NAME,
    macro_specs,
    trigger_specs,
    webhook_endpoint,
    webhook_spec,
)

SECRET_ENV = "DESKHAND_ZENDESK__WEBHOOK_SECRET"
PREVIOUS_SECRET_ENV = "DESKHAND_ZENDESK__WEBHOOK_SECRET_PREVIOUS"
PLACEHOLDER_ID = "<webhook id>"

Status = Literal["created", "found"]


class Admin(Protocol):
    """The admin calls setup needs (connectors.zendesk_admin.ZendeskAdmin implements them)."""

    async def webhooks(self) -> list[dict[str, Any]]: ...
    async def create_webhook(self, spec: dict[str, Any]) -> dict[str, Any]: ...
    async def signing_secret(self, webhook_id: str) -> str: ...
    async def triggers(self) -> list[dict[str, Any]]: ...
    async def create_trigger(self, spec: dict[str, Any]) -> dict[str, Any]: ...
    async def macros(self) -> list[dict[str, Any]]: ...
    async def create_macro(self, spec: dict[str, Any]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SetupItem:
    """One object setup looked for: what it is, its name, whether it was created or already there."""

    kind: Literal["webhook", "trigger", "macro"]
    name: str
    status: Status
    id: str
    note: str = ""


@dataclass(frozen=True)
class SetupReport:
    """Result of `setup --apply`."""

    endpoint: str
    webhook_id: str
    signing_secret: str
    items: tuple[SetupItem, ...] = field(default_factory=tuple)

    @property
    def created(self) -> int:
        """How many objects this run created."""
        return sum(1 for i in self.items if i.status == "created")


def plan(public_url: str) -> dict[str, Any]:
    """Everything setup would create, with the webhook id still a placeholder."""
    endpoint = webhook_endpoint(public_url)
    return {"webhook": webhook_spec(endpoint), "triggers": trigger_specs(PLACEHOLDER_ID), "macros": macro_specs()}


def render_plan(public_url: str) -> str:
    """The dry-run listing printed by `deskhand zendesk setup`."""
    return (
        "Would create (when missing, matched by name):\n"
        + json.dumps(plan(public_url), indent=2, ensure_ascii=False)
        + "\n\nRun again with --apply to create them."
    )


def _by_name(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        out.setdefault(str(item.get(key) or ""), item)  # the first one wins when names repeat
    return out


async def apply(admin: Admin, public_url: str) -> SetupReport:
    """Create what is missing, find what exists by name, and read the webhook's signing secret."""
    endpoint = webhook_endpoint(public_url)
    items: list[SetupItem] = []
    hook = _by_name(await admin.webhooks(), "name").get(WEBHOOK_NAME)
    if hook is None:
        hook = await admin.create_webhook(webhook_spec(endpoint))
        items.append(SetupItem("webhook", WEBHOOK_NAME, "created", str(hook["id"])))
    else:
        note = "" if hook.get("endpoint") == endpoint else f"endpoint is {hook.get('endpoint')}, expected {endpoint}"
        items.append(SetupItem("webhook", WEBHOOK_NAME, "found", str(hook["id"]), note))
    hook_id = str(hook["id"])
    existing = _by_name(await admin.triggers(), "title")
    for spec in trigger_specs(hook_id):
        found = existing.get(spec["title"])
        if found is None:
            made = await admin.create_trigger(spec)
            items.append(SetupItem("trigger", spec["title"], "created", str(made["id"])))
        else:
            note = "" if _notifies(found, hook_id) else "does not notify the Deskhand webhook"
            items.append(SetupItem("trigger", spec["title"], "found", str(found["id"]), note))
    macros = _by_name(await admin.macros(), "title")
    for spec in macro_specs():
        found = macros.get(spec["title"])
        if found is None:
            made = await admin.create_macro(spec)
            items.append(SetupItem("macro", spec["title"], "created", str(made["id"])))
        else:
            items.append(SetupItem("macro", spec["title"], "found", str(found["id"])))
    secret = await admin.signing_secret(hook_id)
    return SetupReport(endpoint=endpoint, webhook_id=hook_id, signing_secret=secret, items=tuple(items))


def _notifies(trigger: dict[str, Any], hook_id: str) -> bool:
    for action in trigger.get("actions") or []:
        value = action.get("value")
        if action.get("field") == "notification_webhook" and isinstance(value, list) and value and str(value[0]) == hook_id:
            return True
    return False


def render_report(report: SetupReport, configured: tuple[str, ...] = ()) -> str:
    """Per-object created/found lines plus how to configure the signing secret."""
    lines = [f"Zendesk webhook endpoint: {report.endpoint}"]
    for item in report.items:
        lines.append(f"  {item.status:<8} {item.kind:<8} {item.name} (id {item.id})" + (f"  ! {item.note}" if item.note else ""))
    lines.append(f"{report.created} created, {len(report.items) - report.created} found.")
    if report.signing_secret in configured:
        lines.append("The webhook signing secret is already configured.")
    else:
        lines.append("Configure the webhook signing secret (keep it out of version control):")
        lines.append(f"  export {SECRET_ENV}='{report.signing_secret}'")
        if configured:
            lines.append(f"  export {PREVIOUS_SECRET_ENV}='{configured[0]}'   # keep during the change-over")
    return "\n".join(lines)
