"""The benchmark runs end to end at tiny sizes and prints every figure."""

from __future__ import annotations

import argparse

from bench.run import LOWER_BOUND, MIX, fill_defaults, pct, run_bench


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert pct(values, 50) == 50.0
    assert pct(values, 99) == 99.0
    assert pct([], 95) == 0.0


def test_every_conversation_type_has_a_lower_bound():
    assert {kind for kind, _ in MIX} == set(LOWER_BOUND)


async def test_tiny_run_prints_the_figures(monkeypatch):
    monkeypatch.setattr("bench.run.understanding_rate", lambda seconds: (1234.0, 7))
    lines: list[str] = []
    opts = fill_defaults(argparse.Namespace(quick=True, latency_ms=0.0, concurrency="1,3", tickets=3, repeats=1,
                                            burst=0, baseline_tickets=2, workers=4, threads=None))
    report = await run_bench(opts, out=lines.append)
    text = "\n".join(lines)
    for needle in ("tickets/s", "e2e p50", "webhook ack p99", "upstream calls/ticket", "peak memory",
                   "messages/s", "baseline (zenpy + woocommerce, sequential)", "CPU per ticket"):
        assert needle in text
    assert any(line.startswith("throughput Deskhand/baseline") and line.rstrip().endswith("x") for line in lines)
    assert [row["concurrency"] for row in report["levels"]] == [1, 3]
    assert all(row["calls_per_ticket"] > 0 for row in report["levels"])
    # CPU is measured, for this process and for the sandbox child it reads from /proc
    assert all(row["cpu_ms_per_ticket"] > 0 and row["sandbox_cpu_ms_per_ticket"] > 0 for row in report["levels"])
    assert report["baseline_tps"] > 0
    assert set(report["types"]) == set(LOWER_BOUND)
