"""`deskhand status`: health, backlog, parked items, webhook health, reconciliation and the last 24 hours."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the status command."""
    p = sub.add_parser("status", help="health, backlog, parked items, last 24 h")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when healthy, 1 when something needs attention."""
    from bot.monitor import expected_sources
    from bot.state import State
    from bot.status import collect, render

    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    state = State.open(settings.service.database)
    sources = expected_sources(settings.service.helpdesk, settings.woocommerce.webhook_secret)
    status = collect(state, silent_after_s=settings.monitoring.silent_after_minutes * 60, expected_sources=sources)
    print(json.dumps({**asdict(status), "healthy": status.healthy, "problems": list(status.problems)}, default=str) if args.json else render(status))
    return 0 if status.healthy else 1
