"""Build a running Deskhand from Settings: connectors, state, pipeline, relay and service."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

import aiohttp

from connectors.base import HelpDesk, Product
from connectors.errors import ConnectorError
from connectors.woocommerce import WooCommerce
from connectors.woocommerce_webhook import parse_woocommerce_webhook

from bot.catalog import CatalogCache
from bot.understanding import warm_up as warm_up_understanding
from bot.monitor import monitor_from_settings
from bot.order_cache import OrderStateCache
from bot.outbox import OutboxRelay
from bot.pipeline.compose import ComposeConfig
from bot.pipeline.decide import DecideConfig
from bot.pipeline.retrieve import RetrieveDeps
from bot.pipeline.understand import Understander
from bot.policies import load_policies
from bot.routing_config import load_routing
from bot.runner import Pipeline
from bot.service import Service, StoreWebhooks
from bot.settings import Settings
from bot.state import State, connect, on_loop


class CatalogSearch:
    """Catalog questions go to the local FTS cache, refreshed when stale; the live Store API if it is empty."""

    def __init__(self, cache: CatalogCache, store: WooCommerce) -> None:
        self.cache = cache
        self.store = store
        self._refreshing = asyncio.Lock()

    async def search(self, query: str, limit: int = 5) -> Sequence[Product]:
        """Search cached products; a failed refresh keeps serving the last good copy."""
        if self.cache.is_stale():
            async with self._refreshing:
                if self.cache.is_stale():
                    try:
                        await self.cache.refresh()
                    except ConnectorError:
                        if self.cache.is_empty():
                            raise
        return await on_loop(self.cache.search, query, limit)  # an FTS query: quicker than a thread hop


def make_helpdesk(settings: Settings, session: aiohttp.ClientSession) -> HelpDesk:
    """The configured help desk adapter."""
    if settings.service.helpdesk == "freshdesk":
        from connectors.freshdesk import Freshdesk

        fd = settings.freshdesk
        return Freshdesk(session, base_url=fd.base_url or "", api_key=fd.api_key or "",
                         webhook_secrets=fd.webhook_secrets, timeout=fd.timeout)
    from connectors.zendesk import Zendesk

    zd = settings.zendesk
    return Zendesk(base_url=zd.base_url or "", email=zd.email or "", api_token=zd.api_token or "",
                   webhook_secrets=zd.webhook_secrets, timeout=zd.timeout,
                   replay_window_s=zd.replay_window_seconds, max_concurrency=zd.max_concurrency, session=session)


def make_store(settings: Settings, session: aiohttp.ClientSession) -> WooCommerce:
    """The WooCommerce connector with a read-only key."""
    wc = settings.woocommerce
    return WooCommerce(session, url=wc.url or "", consumer_key=wc.consumer_key or "",
                       consumer_secret=wc.consumer_secret or "", query_string_auth=wc.query_string_auth,
                       timeout=wc.timeout, max_pages=wc.max_order_pages, customer_cache_s=wc.customer_cache_seconds)


@dataclass
class Runtime:
    """A wired Deskhand: close() releases the session and the state file."""

    settings: Settings
    session: aiohttp.ClientSession
    state: State
    store: WooCommerce
    helpdesk: HelpDesk
    catalog: CatalogSearch
    pipeline: Pipeline
    service: Service

    async def close(self) -> None:
        """Stop workers, close the HTTP session and the state file."""
        await self.service.stop_workers()
        await self.session.close()
        self.state.close()


async def build_runtime(settings: Settings, *, understander: Understander | None = None,
                        today: Callable[[], date] | None = None) -> Runtime:
    """Wire everything from settings; raises on a bad policy or routing file before serving anything."""
    policies = load_policies(settings.store.policies_dir)
    routing = load_routing(settings.store.routing_file)
    state = await asyncio.to_thread(State.open, settings.service.database)
    session = aiohttp.ClientSession()
    store = make_store(settings, session)
    helpdesk = make_helpdesk(settings, session)
    # The caches write from worker threads: each gets its own connection to the same WAL file.
    cache_db = await asyncio.to_thread(connect, settings.service.database)
    cache = CatalogCache(cache_db, store, max_age_s=settings.woocommerce.catalog_max_age_seconds)
    catalog = CatalogSearch(cache, store)
    order_cache = OrderStateCache(cache_db)
    if understander is None:
        understander = Understander(_model(settings))
    # Load the offline models now (~0.2 s) rather than inside the first customer's run.
    await asyncio.to_thread(warm_up_understanding)
    pipeline = Pipeline(
        state=state,
        helpdesk=helpdesk,
        retrieve_deps=RetrieveDeps(store=store, catalog=catalog, policies=policies),
        understander=understander,
        decide_config=DecideConfig(routing=routing, policies=policies, languages=settings.store.languages),
        compose_config=ComposeConfig(store_name=settings.store.name, languages=settings.store.languages,
                                     drafter=_drafter(settings)),
    )
    if today is not None:
        pipeline.today = today
    relay = OutboxRelay(state, helpdesk, max_attempts=settings.outbox.max_attempts,
                        base_delay=settings.outbox.base_delay_seconds, max_delay=settings.outbox.max_delay_seconds,
                        park_after_s=settings.outbox.park_after_hours * 3600,
                        unknown_outcome_delay=settings.outbox.unknown_outcome_delay_seconds)
    pipeline.relay = relay  # a run sends the writes it just committed, claimed in the same transaction
    secrets = settings.woocommerce.webhook_secrets
    service = Service(
        state=state, helpdesk=helpdesk, pipeline=pipeline, relay=relay,
        store_webhooks=StoreWebhooks(
            parse=lambda headers, body: parse_woocommerce_webhook(headers, body, secrets),
            apply=order_cache.apply,
        ) if secrets else None,
        workers=settings.service.workers, max_body_bytes=settings.service.max_body_bytes,
        inbox_policy=settings.service.inbox_policy,
    )
    service.monitor = monitor_from_settings(settings, state, service.metrics, store=store, orders=order_cache)
    return Runtime(settings, session, state, store, helpdesk, catalog, pipeline, service)


def _drafter(settings: Settings):
    if not settings.llm.enabled:
        return None
    from bot.llm import LLMDrafter

    return LLMDrafter.from_settings(settings.llm)


def _model(settings: Settings):
    if not settings.llm.enabled:
        return None
    from bot.llm import LLMUnderstanding

    return LLMUnderstanding.from_settings(settings.llm)
