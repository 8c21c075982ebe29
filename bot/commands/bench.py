"""`deskhand bench`: throughput, latency and upstream calls against the sandboxes, next to the baseline."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path


def _bench_module():
    # bench/ lives at the repository root, outside the installed packages: find it from a checkout.
    try:
        import bench.run as module
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        import bench.run as module
    return module


def register(sub: argparse._SubParsersAction) -> None:
    """Add the bench command."""
    p = sub.add_parser("bench", help="benchmark Deskhand against the sandbox store and help desk (loopback only)")
    p.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    p.add_argument("--latency-ms", type=float, default=50.0, help="injected latency per upstream call")
    p.add_argument("--concurrency", default="1,10,50", help="comma-separated in-flight conversation counts")
    p.add_argument("--tickets", type=int, default=None, help="tickets per level (at least 2x the concurrency)")
    p.add_argument("--repeats", type=int, default=None, help="runs per level; medians are reported")
    p.add_argument("--burst", type=int, default=None, help="tickets queued at once for the memory figure")
    p.add_argument("--baseline-tickets", type=int, default=None, help="tickets the sequential baseline handles")
    p.add_argument("--workers", type=int, default=None, help="Deskhand inbox workers (default: top concurrency)")
    p.add_argument("--threads", type=int, default=None, help="size of the asyncio.to_thread pool (default: Python's)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print its figures."""
    module = _bench_module()
    asyncio.run(module.run_bench(module.fill_defaults(args)))
    return 0
