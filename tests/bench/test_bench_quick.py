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
    assert all(row["cpu_ms_per_ticket"] > 0 for row in report["levels"])  # getrusage: microsecond resolution
    assert report["baseline_tps"] > 0
    assert set(report["types"]) == set(LOWER_BOUND)


def test_cpu_of_a_child_process_is_read_from_proc():
    import subprocess
    import sys

    from bench.run import process_cpu_seconds

    child = subprocess.Popen([sys.executable, "-c", "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass\ninput()"],
                             stdin=subprocess.PIPE)
    try:
        import time

        deadline = time.monotonic() + 10
        while process_cpu_seconds(child.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process_cpu_seconds(child.pid) >= 0.3  # the busy loop's CPU, in clock ticks of 10 ms
    finally:
        child.communicate(b"\n", timeout=10)
    assert process_cpu_seconds(child.pid) == 0.0  # gone: nothing to read
