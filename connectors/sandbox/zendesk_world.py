"""The state bundle one Zendesk sandbox app holds, and how handlers reach it."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from connectors.sandbox.zendesk_delivery import Deliverer
from connectors.sandbox.zendesk_state import Account
from connectors.sandbox.zendesk_triggers import Automation


@dataclass
class ZendeskWorld:
    """Everything one sandbox app holds: data, automations, deliveries, settings."""

    account: Account
    automation: Automation
    deliverer: Deliverer
    email: str
    api_token: str
    max_page_size: int = 100


WORLD = web.AppKey("zendesk_world", ZendeskWorld)


def world(request: web.Request) -> ZendeskWorld:
    """The sandbox state behind a request."""
    return request.app[WORLD]
