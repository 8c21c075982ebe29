"""Benchmark Deskhand end to end over HTTP against the sandbox store and help desk, next to the baseline."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import aiohttp
from aiohttp import web

from bench.options import add_options
from bot.demo_script import CONVERSATIONS, Conversation

DEV_SET = Path("/work/shared/eval/dev.jsonl")

# One conversation per type from the sample store's demo script (the approval flow is left out).
MIX: tuple[tuple[str, Conversation], ...] = (
    ("order_status_and_change", CONVERSATIONS[0]),
    ("unverified_requester", CONVERSATIONS[1]),
    ("change_on_completed_order", CONVERSATIONS[2]),
    ("product_question", CONVERSATIONS[3]),
    ("policy_question", CONVERSATIONS[4]),
    ("someone_elses_order", CONVERSATIONS[5]),
    ("escalation", CONVERSATIONS[7]),
)

# Lower bound per type on Zendesk: (upstream calls, sequential round trips, why).
# The webhook carries ids only (its content is never trusted; the requester id in it is a hint that is
# checked), so a run reads the ticket (status, requester, channel, tags) and its comments: 2 calls.
# Order questions also need the requester's identities (which emails are verified: 1 call, in the same
# round trip thanks to the hint), then that customer's orders (one search per verified email covers
# registered and guest orders: 1 call per email, 1 RT), then shipment tracking of the order in focus
# when it has shipped (1 call, 1 RT; it needs the order id). Catalog and policies come from local
# caches (0). Writes: one ticket update carries note or reply + routing + tags (1); a handoff task
# ticket is one more call in the same round trip. Product and policy questions need no identity.
LOWER_BOUND: dict[str, tuple[int, int, str]] = {
    "order_status_and_change": (6, 3, "ticket ∥ comments ∥ identities, orders, update ∥ task ticket"),
    "unverified_requester": (4, 2, "ticket ∥ comments ∥ identities (none verified), update"),
    "change_on_completed_order": (7, 4, "ticket ∥ comments ∥ identities, orders, tracking, update ∥ task ticket"),
    "product_question": (3, 2, "ticket ∥ comments, update (catalog cached)"),
    "policy_question": (3, 2, "ticket ∥ comments, update (policies local)"),
    "someone_elses_order": (5, 3, "ticket ∥ comments ∥ identities, orders, update"),
    "escalation": (8, 4, "ticket ∥ comments ∥ identities, orders ×2 verified emails, tracking, update ∥ task"),
}


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]


def process_cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of this process (or of a child, read from /proc; 0 where unavailable)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def peak_rss_mb() -> float:
    """Peak resident set of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def understanding_rate(seconds: float) -> tuple[float, int]:
    """Messages per second of the offline understanding stage on one core, over the dev texts."""
    from bot.understanding import understand

    rows = [json.loads(line) for line in DEV_SET.read_text().splitlines() if line.strip()] if DEV_SET.exists() else []
    texts = [(r["text"], r.get("subject"), r.get("channel", "email")) for r in rows] or [
        (c.body, c.subject or None, c.channel) for _, c in MIX]
    for text, subject, channel in texts:  # warm regex caches outside the timed loop
        understand(text, subject=subject, channel=channel)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, subject, channel in texts:
            understand(text, subject=subject, channel=channel)
        done += len(texts)
    return done / (time.perf_counter() - start), len(texts)


@dataclass
class LevelResult:
    """Figures of one concurrency level (one repeat)."""

    concurrency: int
    tickets: int
    seconds: float
    latencies: list[float]
    acks: list[float]
    calls: Counter
    kinds: list[str] = field(default_factory=list)  # conversation type of each latency, same order
    cpu_self: float = 0.0  # CPU seconds of the Deskhand process during the level
    cpu_sandbox: float = 0.0  # CPU seconds of the sandbox child during the level
    cpu_driver: float = 0.0  # CPU seconds of the load driver's process during the level

    @property
    def tps(self) -> float:
        """Tickets per second."""
        return self.tickets / self.seconds if self.seconds else 0.0


@dataclass
class Bench:
    """A running sandbox + Deskhand pair, and the load driver's process pointed at them."""

    env: Any
    runtime: Any
    http: aiohttp.ClientSession
    driver: Any
    acks: list[float] = field(default_factory=list)
    tickets: list[str] = field(default_factory=list)

    async def calls(self) -> Counter:
        """Upstream call counts on both sandboxes, keyed 'side METHOD /route'."""
        total: Counter = Counter()
        for side, server in (("woo", self.env.store), ("zd", self.env.helpdesk)):
            async with self.http.get(f"{server.url}/_sandbox/calls") as resp:
                for key, n in (await resp.json()).items():
                    total[f"{side} {key}"] += n
        return total


async def run_level(bench: Bench, concurrency: int, tickets: int,
                    mix: tuple[tuple[str, Conversation], ...] = MIX, timeout: float = 120.0) -> LevelResult:
    """Keep `concurrency` conversations in flight until `tickets` are fully handled (driven from the driver process)."""
    from bench.driver import LevelRequest

    before = await bench.calls()
    bench.acks.clear()
    sandbox_pid = getattr(getattr(bench.env, "process", None), "pid", None)
    cpu0, sandbox0 = process_cpu_seconds(), process_cpu_seconds(sandbox_pid) if sandbox_pid else 0.0
    seen = await bench.driver.run_level(LevelRequest(concurrency, tickets, mix, timeout))
    cpu_self = process_cpu_seconds() - cpu0
    cpu_sandbox = (process_cpu_seconds(sandbox_pid) - sandbox0) if sandbox_pid else 0.0
    bench.tickets.extend(seen.ticket_ids)
    return LevelResult(concurrency, tickets, seen.seconds, seen.latencies, list(bench.acks),
                       (await bench.calls()) - before, seen.kinds, cpu_self, cpu_sandbox, seen.cpu_seconds)


def ack_timer(samples: list[float]) -> Callable:
    """Middleware timing Deskhand's own webhook handling (verify, store, acknowledge)."""
    @web.middleware
    async def middleware(request: web.Request, handler):
        start = time.perf_counter()
        try:
            return await handler(request)
        finally:
            if request.path.startswith("/webhooks/"):
                samples.append(time.perf_counter() - start)
    return middleware


def _fmt_calls(calls: Counter, tickets: int) -> str:
    return ", ".join(f"{k} {n / tickets:.2f}" for k, n in sorted(calls.items(), key=lambda kv: -kv[1]))


async def run_bench(opts: argparse.Namespace, out: Callable[[str], None] = print) -> dict[str, Any]:
    """Whole benchmark: understanding rate, per-type bounds, concurrency levels, burst, baseline."""
    from bench import start_remote_sandbox
    from bench.baseline import run_baseline
    from bot.settings import Settings
    from bot.front_door import FrontDoor
    from bot.wiring import build_runtime

    report: dict[str, Any] = {}
    if opts.threads:  # asyncio.to_thread's pool; Python's default is min(32, cores + 4)
        from concurrent.futures import ThreadPoolExecutor

        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(opts.threads))
    rate, n_texts = understanding_rate(0.3 if opts.quick else 2.0)
    report["understanding_msgs_per_s"] = rate
    out(f"offline understanding: {rate:,.0f} messages/s on one core ({n_texts} dev texts)")
    levels = [int(x) for x in str(opts.concurrency).split(",") if x.strip()]
    workers = min(64, opts.workers or max(levels))
    with tempfile.TemporaryDirectory(prefix="deskhand-bench-") as tmp:
        base = Settings()
        base = base.model_copy(update={"service": base.service.model_copy(update={"workers": workers})})
        env = await start_remote_sandbox(database=str(Path(tmp) / "bench.db"), latency_ms=opts.latency_ms, base=base)
        runtime = await build_runtime(env.settings, today=lambda: env.today)
        acks: list[float] = []
        # As `deskhand serve` runs it: workers on this loop, webhooks on the front door's own loop.
        await runtime.service.start_workers()
        app = runtime.service.make_app(with_workers=False)
        app.middlewares.append(ack_timer(acks))
        door = FrontDoor(app, env.settings.service.host, env.settings.service.port)
        door.start()
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        from bench.driver import Driver

        driver = Driver(env.helpdesk.url, str(Path(tmp) / "bench.db"), runtime.helpdesk.kind)
        bench = Bench(env, runtime, http, driver, acks)
        try:
            out(f"upstream latency {opts.latency_ms:g} ms per call · Deskhand workers {workers} · "
                f"to_thread pool {opts.threads or 'default'} · help desk zendesk")
            await run_level(bench, 1, len(MIX))  # warm-up: catalog cache, connection pools
            report["types"] = await _per_type(bench, opts, out)
            report["levels"] = await _levels(bench, levels, opts, out)
            if opts.burst:
                report["burst"] = await _burst(bench, opts.burst, out)
        finally:
            await driver.close()
            await door.stop()  # baseline runs alone: Deskhand stops answering webhooks
            await runtime.service.stop_workers()
        try:
            ids = [int(t) for t in bench.tickets[: opts.baseline_tickets]]
            zd, wc = env.settings.zendesk, env.settings.woocommerce
            base_runs = []
            for _ in range(opts.repeats):
                base_runs.append(await asyncio.to_thread(
                    run_baseline, zendesk_url=env.helpdesk.url, email=zd.email, api_token=zd.api_token,
                    store_url=env.store.url, consumer_key=wc.consumer_key, consumer_secret=wc.consumer_secret,
                    ticket_ids=ids))
            base_tps = statistics.median(r.tickets_per_second for r in base_runs)
            base_p50 = statistics.median(pct(r.latencies, 50) for r in base_runs)
            report["baseline_tps"] = base_tps
            out(f"\nbaseline (zenpy + woocommerce, sequential): {base_tps:.2f} tickets/s · "
                f"p50 {base_p50 * 1000:.0f} ms/ticket over {len(ids)} tickets")
            top = report["levels"][-1]
            ratio = top["tps"] / base_tps if base_tps else 0.0
            report["ratio"] = ratio
            out(f"throughput Deskhand/baseline at concurrency {top['concurrency']}: {ratio:.0f}x")
        finally:
            await http.close()
            await runtime.close()
            await env.close()
    report["peak_rss_mb"] = peak_rss_mb()
    out(f"peak memory (Deskhand process; the baseline ran in it afterwards): {report['peak_rss_mb']:.0f} MB")
    return report


async def _per_type(bench: Bench, opts, out) -> dict[str, Any]:
    out("\nper conversation type (concurrency 1): calls/ticket and e2e vs lower bound")
    out(f"  {'type':27} {'calls':>5} {'bound':>5} {'RTs':>4} {'e2e ms':>7} {'bound ms':>8}  calls by endpoint")
    result = {}
    for kind, conv in MIX:
        n = 1 if opts.quick else 3
        res = await run_level(bench, 1, n, mix=((kind, conv),))
        calls, rts, why = LOWER_BOUND[kind]
        per = sum(res.calls.values()) / n
        e2e = statistics.median(res.latencies) * 1000
        bound_ms = rts * opts.latency_ms
        result[kind] = {"calls": per, "bound_calls": calls, "bound_rts": rts, "e2e_ms": e2e, "bound_ms": bound_ms}
        out(f"  {kind:27} {per:5.1f} {calls:5d} {rts:4d} {e2e:7.0f} {bound_ms:8.0f}  {_fmt_calls(res.calls, n)}")
        out(f"  {'':27} bound: {why}")
    return result


async def _levels(bench: Bench, levels: list[int], opts, out) -> list[dict[str, Any]]:
    out("\nmix of all types:")
    rows = []
    for level in levels:
        n = max(opts.tickets, 2 * level)
        runs = [await run_level(bench, level, n) for _ in range(opts.repeats)]
        med = lambda f: statistics.median(f(r) for r in runs)  # noqa: E731 - medians over repeats
        row = {"concurrency": level, "tickets": n, "tps": med(lambda r: r.tps),
               "p50_ms": med(lambda r: pct(r.latencies, 50)) * 1000, "p95_ms": med(lambda r: pct(r.latencies, 95)) * 1000,
               "p99_ms": med(lambda r: pct(r.latencies, 99)) * 1000, "ack_p99_ms": med(lambda r: pct(r.acks, 99)) * 1000,
               "calls_per_ticket": med(lambda r: sum(r.calls.values()) / r.tickets),
               "cpu_ms_per_ticket": med(lambda r: r.cpu_self / r.tickets) * 1000,
               "sandbox_cpu_ms_per_ticket": med(lambda r: r.cpu_sandbox / r.tickets) * 1000,
               "driver_cpu_ms_per_ticket": med(lambda r: r.cpu_driver / r.tickets) * 1000,
               "cpu_cores": med(lambda r: (r.cpu_self + r.cpu_sandbox + r.cpu_driver) / r.seconds)}
        rows.append(row)
        out(f"  concurrency {level:3d}: {row['tps']:6.1f} tickets/s · e2e p50 {row['p50_ms']:.0f} / p95 "
            f"{row['p95_ms']:.0f} / p99 {row['p99_ms']:.0f} ms · webhook ack p99 {row['ack_p99_ms']:.1f} ms · "
            f"{row['calls_per_ticket']:.2f} upstream calls/ticket ({n} tickets × {opts.repeats})")
        out(f"      by endpoint: {_fmt_calls(runs[-1].calls, runs[-1].tickets)}")
        out(f"      CPU per ticket: Deskhand {row['cpu_ms_per_ticket']:.1f} ms, sandboxes {row['sandbox_cpu_ms_per_ticket']:.1f} ms, "
            f"load driver {row['driver_cpu_ms_per_ticket']:.1f} ms · {row['cpu_cores']:.2f} of {os.cpu_count()} cores busy")
        bound_ms = statistics.mean(LOWER_BOUND[kind][1] for kind, _ in MIX) * opts.latency_ms
        bound_calls = statistics.mean(LOWER_BOUND[kind][0] for kind, _ in MIX)
        # Each ticket against the bound of its own type, then the p95 of those ratios.
        ratio = med(lambda r: pct([lat * 1000 / (LOWER_BOUND[k][1] * opts.latency_ms)
                                   for lat, k in zip(r.latencies, r.kinds)], 95)) if opts.latency_ms else None
        row.update(mix_bound_ms=bound_ms, mix_bound_calls=bound_calls, p95_vs_bound=ratio)
        out(f"      vs lower bound: e2e p95 "
            + (f"{ratio:.2f}x its type's round-trip bound (mix mean {bound_ms:.0f} ms)" if ratio else "n/a (no latency)")
            + f" · calls {row['calls_per_ticket'] - bound_calls:+.2f} over the {bound_calls:.2f}-call bound")
    return rows


async def _burst(bench: Bench, count: int, out) -> dict[str, Any]:
    """Queue `count` tickets at once (webhooks arrive faster than runs finish), then wait for all."""
    res = await run_level(bench, count, count, timeout=600.0)
    row = {"tickets": count, "tps": res.tps, "ack_p99_ms": pct(res.acks, 99) * 1000, "peak_rss_mb": peak_rss_mb()}
    out(f"\nburst of {count} queued tickets: {res.tps:.1f} tickets/s · webhook ack p99 {row['ack_p99_ms']:.1f} ms · "
        f"peak memory so far {row['peak_rss_mb']:.0f} MB")
    return row


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Options shared by `python -m bench.run` and `deskhand bench`."""
    p = parser or argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    return add_options(p)


def fill_defaults(opts: argparse.Namespace) -> argparse.Namespace:
    """Quick and full sizes."""
    quick = opts.quick
    for name, q, full in (("tickets", 20, 100), ("repeats", 1, 3), ("burst", 0, 1000), ("baseline_tickets", 10, 30)):
        if getattr(opts, name, None) is None:
            setattr(opts, name, q if quick else full)
    return opts


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    opts = fill_defaults(build_parser().parse_args(argv))
    asyncio.run(run_bench(opts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
