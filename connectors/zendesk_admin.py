"""Zendesk admin calls used by `deskhand zendesk setup`: webhooks, signing secrets, triggers, macros."""

from __future__ import annotations

from typing import Any

from zenpy.lib.api_objects import Macro, Trigger, Webhook

from connectors.zendesk_transport import ZendeskTransport


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [item.to_dict() for item in items]


class ZendeskAdmin:
    """List and create the automation objects Deskhand relies on (needs an admin API token)."""

    def __init__(self, *, base_url: str, email: str, api_token: str, timeout: float = 15) -> None:
        self._t = ZendeskTransport(base_url=base_url, email=email, api_token=api_token, timeout=timeout)

    async def me(self) -> dict[str, Any]:
        """The API user (proves the credentials)."""
        return await self._t.run("check", lambda z: z.users.me().to_dict())

    async def webhooks(self) -> list[dict[str, Any]]:
        """Every webhook of the account."""
        return await self._t.run("list webhooks", lambda z: _dicts(z.webhooks.list()))

    async def create_webhook(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Create one webhook from a spec (see connectors.zendesk_objects)."""
        return await self._t.run("create webhook", lambda z: z.webhooks.create(Webhook(**spec)).to_dict())

    async def signing_secret(self, webhook_id: str) -> str:
        """The webhook's current signing secret (GET; never resets it)."""
        result = await self._t.run("show webhook secret", lambda z: z.webhooks.show_secret(webhook_id).to_dict())
        return str(result["secret"])

    async def triggers(self) -> list[dict[str, Any]]:
        """Every trigger of the account."""
        return await self._t.run("list triggers", lambda z: _dicts(z.triggers()))

    async def create_trigger(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Create one trigger from a spec."""
        return await self._t.run("create trigger", lambda z: z.triggers.create(Trigger(**spec)).to_dict())

    async def macros(self) -> list[dict[str, Any]]:
        """Every macro of the account."""
        return await self._t.run("list macros", lambda z: _dicts(z.macros()))

    async def create_macro(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Create one macro from a spec."""
        return await self._t.run("create macro", lambda z: z.macros.create(Macro(**spec)).to_dict())
