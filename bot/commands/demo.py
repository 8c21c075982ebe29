"""`deskhand demo`: play scripted conversations against the bundled sandbox store and help desk."""

from __future__ import annotations

import argparse
import asyncio


def register(sub: argparse._SubParsersAction) -> None:
    """Add the demo command."""
    p = sub.add_parser("demo", help="run scripted conversations on the sample store (no keys, loopback only)")
    p.add_argument("--helpdesk", choices=("zendesk", "freshdesk"), default="zendesk")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo and print each conversation."""
    from bot.demo import run_demo

    asyncio.run(run_demo(args.helpdesk))
    return 0
