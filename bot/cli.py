"""The `deskhand` command line: discovers one module per command in bot.commands."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from bot import commands


def build_parser() -> argparse.ArgumentParser:
    """Top-level parser with every command module registered."""
    parser = argparse.ArgumentParser(prog="deskhand", description="Help-desk bot for WooCommerce stores.")
    parser.add_argument("--config", default=None, help="settings file (TOML); default: $DESKHAND_CONFIG")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
