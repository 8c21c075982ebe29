"""`deskhand outbox list|redrive`: see and re-drive parked (dead-letter) help-desk writes."""

from __future__ import annotations

import argparse
import sys

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the outbox command."""
    p = sub.add_parser("outbox", help="list or re-drive parked help-desk writes")
    verbs = p.add_subparsers(dest="verb", required=True)
    verbs.add_parser("list", help="parked and pending rows")
    redrive = verbs.add_parser("redrive", help="put parked rows back in the queue")
    redrive.add_argument("id", nargs="?", help="one row id (default: every parked row)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List rows or re-drive them."""
    from bot.outbox import redrive
    from bot.state import State

    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    state = State.open(settings.service.database)
    if args.verb == "list":
        rows = state.query("SELECT id, kind, ticket_id, status, attempts, last_error FROM outbox"
                           " WHERE status IN ('parked','pending','sending') ORDER BY created_at")
        for r in rows:
            print(f"{r['status']:8} {r['kind']:8} ticket {r['ticket_id']:>8} attempts {r['attempts']}  {r['id']}"
                  + (f"  ({r['last_error']})" if r["last_error"] else ""))
        print(f"{len(rows)} row(s)")
        return 0
    print(f"re-driven: {redrive(state, args.id)}")
    return 0
