"""Rebuild data/ovr_weights.json from the bundled training data: `python -m bot.understanding.train`."""

from __future__ import annotations

import sys

from bot.understanding.ovr import WEIGHTS_FILE, save, train, training_cases


def main() -> int:
    """Retrain the learned reading and write its weights file."""
    cases = training_cases()
    model = train(cases)
    save(model)
    print(f"trained on {len(cases)} examples; wrote {WEIGHTS_FILE} ({len(model.weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
