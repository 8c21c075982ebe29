"""`deskhand schemas export|check`: regenerate or verify the committed handoff JSON Schema."""

from __future__ import annotations

import argparse
import sys

from handoff_schemas.export import SCHEMA_DIR, SCHEMA_FILE, export, render_schema


def register(sub: argparse._SubParsersAction) -> None:
    """Add `schemas` with its export and check subcommands."""
    p = sub.add_parser("schemas", help="handoff ticket JSON Schema files")
    inner = p.add_subparsers(dest="schemas_command", metavar="SUBCOMMAND", required=True)
    ex = inner.add_parser("export", help="write the JSON Schema generated from the model")
    ex.add_argument("--dir", default=None, help=f"target directory (default: {SCHEMA_DIR})")
    ex.set_defaults(func=run)
    ck = inner.add_parser("check", help="exit 1 when the committed schema file drifted from the model")
    ck.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the schema, or compare the committed file with the model."""
    if args.schemas_command == "export":
        print(export(args.dir))
        return 0
    path = SCHEMA_DIR / SCHEMA_FILE
    try:
        committed = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        committed = None
    if committed != render_schema():
        print(f"{path}: out of date; run `deskhand schemas export` and commit it", file=sys.stderr)
        return 1
    print(f"{path}: up to date")
    return 0
