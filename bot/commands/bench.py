"""`deskhand bench`: throughput, latency and upstream calls against the sandboxes, next to the baseline."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from pathlib import Path


def _bench_module(name: str = "run"):
    # bench/ lives at the repository root; from a checkout that is not installed, find it by path.
    try:
        return importlib.import_module(f"bench.{name}")
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        return importlib.import_module(f"bench.{name}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the bench command."""
    p = sub.add_parser("bench", help="benchmark Deskhand against the sandbox store and help desk (loopback only)")
    _bench_module("options").add_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print its figures."""
    module = _bench_module()
    asyncio.run(module.run_bench(module.fill_defaults(args)))
    return 0
