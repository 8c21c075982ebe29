"""`deskhand check`: one cheap authenticated call per configured connector, said plainly."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the check command."""
    p = sub.add_parser("check", help="test the configured WooCommerce and help-desk credentials")
    p.set_defaults(func=run)


async def check_all(settings) -> list[tuple[str, bool, str]]:
    """(connector, ok, message) for each configured connector."""
    import aiohttp

    from connectors.errors import ConnectorError
    from bot.wiring import make_helpdesk, make_store

    results = []
    async with aiohttp.ClientSession() as session:
        targets = []
        if settings.woocommerce.url:
            targets.append(("woocommerce", make_store(settings, session)))
        if (settings.zendesk if settings.service.helpdesk == "zendesk" else settings.freshdesk).base_url:
            targets.append((settings.service.helpdesk, make_helpdesk(settings, session)))
        for name, connector in targets:
            try:
                await connector.check()
                results.append((name, True, "credentials accepted"))
            except ConnectorError as err:
                results.append((name, False, f"{type(err).__name__}: {err}"))
    return results


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every configured connector works."""
    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    results = asyncio.run(check_all(settings))
    if not results:
        print("nothing configured: set [woocommerce] url and a help desk in the settings file")
        return 1
    for name, ok, message in results:
        print(f"{'OK  ' if ok else 'FAIL'} {name}: {message}")
    return 0 if all(ok for _, ok, _ in results) else 1
