"""`deskhand replay FILE.jsonl`: what Deskhand would have done on exported tickets, without writing anywhere."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

EPILOG = """\
input: JSON Lines, one ticket per line:
  {"id": "T-1", "channel": "email", "subject": "...",
   "requester": {"name": "...", "email": "...", "verified": true},
   "messages": [{"author": "customer", "body": "..."}, {"author": "agent", "body": "..."}]}
Messages after the first agent reply are ignored. Example: config/replay_example.jsonl.
Nothing is posted to the help desk; orders are read from the configured store (read-only key)
or, with --sandbox, from the bundled sample store.
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the replay command."""
    p = sub.add_parser("replay", help="run the pipeline over exported tickets without writing to the help desk",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="tickets as JSON Lines (see below)")
    p.add_argument("--out", help="write the full JSON report here (default: print it)")
    p.add_argument("--sandbox", action="store_true", help="read orders from the bundled sample store")
    p.add_argument("--today", type=date.fromisoformat, help="date the policy rules count from (YYYY-MM-DD)")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every ticket was replayed, 1 when some failed, 2 on bad input or settings."""
    from bot.replay import ReplayInputError, load_tickets, render_summary, replay_with_settings
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config)
        tickets = load_tickets(args.file)
    except (SettingsError, ReplayInputError, OSError) as err:
        print(f"deskhand replay: {err}", file=sys.stderr)
        return 2
    if not args.sandbox and not settings.woocommerce.url:
        print("deskhand replay: no store configured ([woocommerce] url); use --sandbox to try the sample store",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="deskhand-replay-") as workdir:
        report = asyncio.run(replay_with_settings(
            tickets, settings, workdir=workdir, sandbox=args.sandbox, progress=not args.no_progress, today=args.today,
        ))
    report["input"] = str(args.file)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(render_summary(report))
        print(f"report written to {args.out}")
    else:
        print(text)
    return 1 if report["aggregate"]["errors"] else 0
