"""CLI commands: each module defines register(subparsers) and a run(args) -> int."""
