"""`deskhand lookup --email ADDRESS [--json]`: the orders Deskhand would treat as this requester's."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the lookup command."""
    p = sub.add_parser("lookup", help="orders owned by a (verified) email, with match provenance")
    p.add_argument("--email", action="append", required=True, help="verified email (repeat for several)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--sandbox", action="store_true", help="look up in the bundled sample store")
    p.set_defaults(func=run)


def order_row(order) -> dict:
    """The JSON shape of one owned order."""
    return {"number": order.number, "id": order.id, "status": order.status, "fulfillment": order.fulfillment.value,
            "matched_by": order.matched_by, "total": str(order.total), "currency": order.currency,
            "created_at": order.created_at.isoformat(), "items": [i.name for i in order.line_items],
            "tracking": [t.number for t in order.tracking]}


async def lookup(settings, emails: list[str], limit: int, sandbox: bool) -> list[dict]:
    """Run the same ownership lookup the pipeline runs."""
    import aiohttp

    from bot.wiring import make_store

    server = None
    if sandbox:
        from connectors.sandbox.store import load_sample_store
        from connectors.sandbox.woocommerce_server import start_woocommerce

        server = await start_woocommerce(store=load_sample_store(), consumer_key="ck_lookup", consumer_secret="cs_lookup")
        wc = settings.woocommerce.model_copy(update={"url": server.url, "consumer_key": "ck_lookup",
                                                      "consumer_secret": "cs_lookup"})
        settings = settings.model_copy(update={"woocommerce": wc})
    try:
        async with aiohttp.ClientSession() as session:
            orders = await make_store(settings, session).orders_for(emails, limit=limit)
    finally:
        if server:
            await server.close()
    return [order_row(o) for o in orders]


def run(args: argparse.Namespace) -> int:
    """Print the owned orders (or a JSON object with an `orders` list)."""
    from connectors.errors import ConnectorError

    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    if not args.sandbox and not settings.woocommerce.url:
        print("[woocommerce.url] is not set (or use --sandbox)", file=sys.stderr)
        return 2
    try:
        rows = asyncio.run(lookup(settings, args.email, args.limit, args.sandbox))
    except ConnectorError as err:
        print(f"store lookup failed: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"emails": args.email, "orders": rows}, indent=2))
        return 0
    for r in rows:
        print(f"#{r['number']:>8}  {r['fulfillment']:16} {r['status']:18} matched by {r['matched_by']:20} "
              f"{r['currency']} {r['total']:>8}  {r['created_at'][:10]}")
    print(f"{len(rows)} order(s)")
    return 0
