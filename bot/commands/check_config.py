"""`deskhand check-config FILE`: report every problem in a settings file, naming key and file."""

from __future__ import annotations

import argparse
import sys

from bot.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the check-config command."""
    p = sub.add_parser("check-config", help="validate a settings file (and DESKHAND_* variables)")
    p.add_argument("file", nargs="?", help="settings file; default: --config / $DESKHAND_CONFIG")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print OK or the list of problems; exit 1 on problems."""
    path = args.file or args.config
    try:
        load_settings(path)
    except SettingsError as err:
        print(f"{err.source}: {len(err.problems)} problem(s)", file=sys.stderr)
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{path or 'defaults'}: OK")
    return 0
