"""`python -m bot.understanding.benchmark [FILE]`: messages per second of `understand` on one core."""

from __future__ import annotations

import sys
import time

from bot.evaluation import load_cases
from bot.understanding import understand
from bot.understanding.model import default_model, load_cases as own_cases


def main(argv: list[str]) -> int:
    """Print load time, then throughput over a few passes of the given (or bundled) cases."""
    started = time.perf_counter()
    default_model()
    load_s = time.perf_counter() - started
    cases = load_cases(argv[0]) if argv else own_cases()
    texts = [(str(c["text"]), c.get("subject")) for c in cases]
    passes = max(1, 2000 // max(1, len(texts)))
    started = time.perf_counter()
    for _ in range(passes):
        for text, subject in texts:
            understand(text, subject=subject)
    elapsed = time.perf_counter() - started
    count = passes * len(texts)
    print(f"model load {load_s * 1000:.0f} ms; {count} messages in {elapsed:.2f} s = {count / elapsed:.0f} messages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
