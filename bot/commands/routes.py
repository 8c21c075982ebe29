"""`deskhand routes explain|check|test`: dry-run, validate and table-test the routing config."""

from __future__ import annotations

import argparse
import sys
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bot.policies import PolicyError, load_policies
from bot.routing import RouteCase, RoutingConfigError, check_cases, explain, load_cases, load_routing, validate
from bot.routing_config import parse_routing
from bot.taxonomy import INTENTS

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


def register(sub: argparse._SubParsersAction) -> None:
    """Add `routes` with its explain, check and test subcommands."""
    p = sub.add_parser("routes", help="explain, validate and test routing rules")
    inner = p.add_subparsers(dest="routes_command", metavar="SUBCOMMAND", required=True)

    ex = inner.add_parser("explain", help="show which rule a case hits and why")
    ex.add_argument("--intents", default="", help="comma-separated intents, primary first")
    ex.add_argument("--text", help="a customer message to classify (needs the offline classifier)")
    ex.add_argument("--fulfillment", help="order state, e.g. processing or fulfilled (default: no order)")
    ex.add_argument("--total", help="order total, e.g. 120.00")
    ex.add_argument("--language", default=None, help="message language (default en)")
    ex.add_argument("--channel", default="email")
    ex.add_argument("--tags", default="", help="comma-separated customer tags, e.g. vip")
    ex.add_argument("--vip", action="store_true", help="treat the customer as VIP")
    ex.add_argument("--sentiment", default=None, choices=("positive", "neutral", "negative", "angry"))
    ex.add_argument("--routing", help="routing file (default: store.routing_file of --config, else config/routing.toml)")
    ex.set_defaults(func=run)

    ck = inner.add_parser("check", help="validate a routing config; exit 1 with its problems")
    ck.add_argument("file", nargs="?", help="routing file (default as for explain)")
    ck.add_argument("--policies", help="policy directory to check eligibility clauses against")
    ck.set_defaults(func=run)

    ts = inner.add_parser("test", help="check a table of expected routings; exit 1 on mismatch")
    ts.add_argument("file", help="cases file, e.g. config/routing_cases.toml")
    ts.add_argument("--routing", help="routing file (default as for explain)")
    ts.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the chosen subcommand."""
    try:
        return {"explain": _explain, "check": _check, "test": _test}[args.routes_command](args)
    except RoutingConfigError as err:
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1


def _store_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """(routing file, policies dir) from the settings file when --config is given, else the samples."""
    if getattr(args, "config", None):
        from bot.settings import SettingsError, load_settings

        try:
            store = load_settings(args.config).store
        except SettingsError as err:
            raise RoutingConfigError([f"{err.source}: {p}" for p in err.problems]) from None
        return Path(store.routing_file), Path(store.policies_dir)
    return CONFIG_DIR / "routing.toml", CONFIG_DIR / "policies"


def _routing_path(args: argparse.Namespace, explicit: str | None) -> Path:
    return Path(explicit) if explicit else _store_paths(args)[0]


def _check(args: argparse.Namespace) -> int:
    path = _routing_path(args, args.file)
    policies_dir = Path(args.policies) if args.policies else _store_paths(args)[1]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutingConfigError([f"{path}: file not found"]) from None
    except tomllib.TOMLDecodeError as err:
        raise RoutingConfigError([f"{path}: not valid TOML: {err}"]) from None
    config = parse_routing(data, str(path))
    problems: list[str] = []
    try:
        book = load_policies(policies_dir)
    except PolicyError as err:
        book = None
        problems.extend(f"policies: {p}" for p in err.problems)
    problems.extend(validate(config, book))
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{path}: OK ({len(config.routes)} rules, {len(config.priority_bumps)} priority bumps, "
          f"{len(config.autonomy.intents)} autonomy overrides)")
    return 0


def _test(args: argparse.Namespace) -> int:
    config = load_routing(_routing_path(args, args.routing))
    cases = load_cases(args.file)
    failed = 0
    for row in cases:
        problems = check_cases([row], config)
        failed += bool(problems)
        for problem in problems:
            print(f"FAIL {problem}", file=sys.stderr)
    print(f"{args.file}: {len(cases) - failed}/{len(cases)} cases as expected")
    return 1 if failed else 0


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _explain(args: argparse.Namespace) -> int:
    config = load_routing(_routing_path(args, args.routing))
    intents = _split(args.intents)
    language, sentiment = args.language, args.sentiment
    if args.text:
        understood = _understand(args.text, args.channel)
        if understood is None and not intents:
            print("--text needs the offline classifier (bot.understanding), which is not available; "
                  "pass --intents instead", file=sys.stderr)
            return 2
        if understood is not None:
            intents = intents or understood.intent_names
            language = language or understood.language
            sentiment = sentiment or understood.sentiment
            scores = ", ".join(f"{i.name} {i.confidence:.2f}" for i in understood.intents) or "nothing"
            print(f"understood: {scores} (language {understood.language}, sentiment {understood.sentiment})")
    unknown = [i for i in intents if i not in INTENTS]
    if unknown:
        print(f"unknown intent(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        total = Decimal(args.total) if args.total else None
    except InvalidOperation:
        print(f"--total must be a number such as 120.00, got {args.total!r}", file=sys.stderr)
        return 2
    case = RouteCase(
        intents=intents, fulfillment=args.fulfillment, total=total, language=language or "en",
        channel=args.channel, customer_tags=_split(args.tags), vip=args.vip, sentiment=sentiment or "neutral",
    )
    print(f"case: intents [{', '.join(case.intents)}], fulfillment {case.fulfillment or 'none'}, "
          f"total {case.total if case.total is not None else '-'}, language {case.language}, channel {case.channel}")
    for line in explain(case, config):
        print(line)
    return 0


def _understand(text: str, channel: str):
    """The offline classifier's reading of `text`, or None when it is not installed."""
    try:
        from bot.understanding import understand
    except ImportError:
        return None
    return understand(text, channel=channel)
