"""`deskhand serve`: the webhook service and its workers (optionally against the sandbox)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from pathlib import Path

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the serve command."""
    p = sub.add_parser("serve", help="run the webhook service")
    p.add_argument("--host", default=None, help="listen address (default: [service] host)")
    p.add_argument("--port", type=int, default=None, help="listen port (default: [service] port)")
    p.add_argument("--sandbox", action="store_true", help="start the sample store and a sandbox help desk too")
    p.add_argument("--helpdesk", choices=("zendesk", "freshdesk"), default=None)
    p.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"),
                   help="JSON log lines on stderr, PII redacted (default INFO)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate settings first: a bad file never starts the service."""
    try:
        settings = load_settings(args.config)
    except SettingsError as err:
        print(f"{err.source}: refusing to start", file=sys.stderr)
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    from bot.logs import setup_logging

    setup_logging(getattr(args, "log_level", "INFO"))  # every logger, libraries included, redacted JSON
    return asyncio.run(serve(settings, args))


async def serve(settings, args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM, then drain in-flight work."""
    from bot.front_door import FrontDoor
    from bot.sandbox_env import start_sandbox
    from bot.wiring import build_runtime

    service = settings.service
    host, port = args.host or service.host, args.port if args.port is not None else service.port
    helpdesk = args.helpdesk or service.helpdesk
    env = None
    if args.sandbox:
        database = Path(tempfile.mkdtemp(prefix="deskhand-")) / "deskhand.db"
        env = await start_sandbox(helpdesk=helpdesk, database=database, host=host, port=port or None, base=settings)
        settings, port = env.settings, env.settings.service.port
        print(f"sandbox store {env.store.url} · sandbox {helpdesk} {env.helpdesk.url} · state {database}")
    else:
        settings = settings.model_copy(update={"service": service.model_copy(update={"helpdesk": helpdesk})})
        problems = missing_credentials(settings)
        if problems:
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
            return 1
    runtime = await build_runtime(settings, today=(lambda: env.today) if env else None)
    # Workers run on this loop; webhooks are acknowledged on a loop of their own (bot/front_door.py).
    await runtime.service.start_workers()
    door = FrontDoor(runtime.service.make_app(with_workers=False), host, port)
    door.start()
    print(f"Deskhand listening on http://{host}:{port} (webhooks at /webhooks/{helpdesk}, /webhooks/woocommerce)")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    print("draining in-flight work…")
    await door.stop()  # stop accepting first, then drain the workers
    await runtime.close()
    if env:
        await env.close()
    return 0


def missing_credentials(settings) -> list[str]:
    """Keys a real deployment must set, named as settings keys."""
    problems = []
    wc = settings.woocommerce
    for key in ("url", "consumer_key", "consumer_secret"):
        if not getattr(wc, key):
            problems.append(f"[woocommerce.{key}] is required")
    if settings.service.helpdesk == "zendesk":
        zd = settings.zendesk
        if not zd.base_url:
            problems.append("[zendesk.url] or [zendesk.subdomain] is required")
        for key in ("email", "api_token", "webhook_secret"):
            if not getattr(zd, key):
                problems.append(f"[zendesk.{key}] is required")
    else:
        fd = settings.freshdesk
        if not fd.base_url:
            problems.append("[freshdesk.url] or [freshdesk.domain] is required")
        for key in ("api_key", "webhook_secret"):
            if not getattr(fd, key):
                problems.append(f"[freshdesk.{key}] is required")
    return problems
