"""`deskhand zendesk setup [--apply] [--public-url URL]`: install the webhook, triggers and macros."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import SettingsError, load_settings
from bot.zendesk_setup import apply, render_plan, render_report
from connectors.errors import ConnectorError
from connectors.zendesk_admin import ZendeskAdmin


def register(sub: argparse._SubParsersAction) -> None:
    """Add the zendesk command and its setup sub-command."""
    p = sub.add_parser("zendesk", help="Zendesk helpers")
    zsub = p.add_subparsers(dest="zendesk_command", metavar="SUBCOMMAND", required=True)
    setup = zsub.add_parser("setup", help="show (or --apply) the webhook, triggers and macros Deskhand needs")
    setup.add_argument("--apply", action="store_true", help="create what is missing (idempotent)")
    setup.add_argument("--public-url", default=None, help="where Zendesk reaches Deskhand; default: service.public_url")
    setup.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Dry run by default; with --apply create missing objects and print the secret to configure."""
    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(str(err), file=sys.stderr)
        return 1
    public_url = (args.public_url or settings.service.public_url or "").rstrip("/")
    if not public_url.startswith(("http://", "https://")):
        print("A public URL is required: --public-url or [service] public_url.", file=sys.stderr)
        return 1
    if not args.apply:
        print(render_plan(public_url))
        return 0
    zd = settings.zendesk
    missing = [k for k, v in (("url or subdomain", zd.base_url), ("email", zd.email), ("api_token", zd.api_token)) if not v]
    if missing:
        print(f"[zendesk] needs: {', '.join(missing)}", file=sys.stderr)
        return 1
    admin = ZendeskAdmin(base_url=zd.base_url or "", email=zd.email or "", api_token=zd.api_token or "", timeout=zd.timeout)
    try:
        report = asyncio.run(apply(admin, public_url))
    except ConnectorError as err:
        print(f"Zendesk setup failed: {err}", file=sys.stderr)
        return 1
    print(render_report(report, zd.webhook_secrets))
    return 0
