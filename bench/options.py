"""The benchmark's command-line options, shared by `python -m bench.run` and `deskhand bench`."""

from __future__ import annotations

import argparse


def add_options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add every benchmark option to a parser (a top-level one or a `deskhand` subcommand)."""
    p.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    p.add_argument("--latency-ms", type=float, default=50.0, help="injected latency per upstream call")
    p.add_argument("--concurrency", default="1,10,50", help="comma-separated in-flight conversation counts")
    p.add_argument("--tickets", type=int, default=None, help="tickets per level (at least 2x the concurrency)")
    p.add_argument("--repeats", type=int, default=None, help="runs per level; medians are reported")
    p.add_argument("--burst", type=int, default=None, help="tickets queued at once for the memory figure")
    p.add_argument("--baseline-tickets", type=int, default=None, help="tickets the sequential baseline handles")
    p.add_argument("--workers", type=int, default=None, help="Deskhand inbox workers (default: top concurrency)")
    p.add_argument("--threads", type=int, default=None, help="size of the asyncio.to_thread pool (default: Python's)")
    return p
