"""`deskhand freshdesk setup`: the automation rules to create by hand, and a one-call check."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the freshdesk command with its setup sub-command."""
    p = sub.add_parser("freshdesk", help="Freshdesk integration helpers")
    inner = p.add_subparsers(dest="freshdesk_command", metavar="SUBCOMMAND", required=True)
    setup = inner.add_parser("setup", help="print the automation rules to create, then check key and groups")
    setup.add_argument("--public-url", default=None, help="Deskhand's public URL (default: service.public_url)")
    setup.add_argument("--show-secret", action="store_true", help="print the configured webhook secret in the header")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load settings and run the setup; exit 1 when the check finds problems."""
    from bot.freshdesk_setup import run_setup

    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(f"{err.source}: {len(err.problems)} problem(s)", file=sys.stderr)
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return asyncio.run(run_setup(settings, show_secret=getattr(args, "show_secret", False),
                                 public_url=getattr(args, "public_url", None)))
