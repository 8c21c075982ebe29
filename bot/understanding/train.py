"""Rebuild data/ovr_weights.json from the bundled training data: `python -m bot.understanding.train`."""

from __future__ import annotations

import sys

from bot.understanding.ovr import WEIGHTS_FILE, save, training_cases


def main() -> int:
    """Retrain the learned reading (L2-regularised, cross-validated defaults) and write its weights file."""
    try:
        from bot.understanding.fit import L2, TEMPERATURE, fit
    except ImportError as err:  # numpy/scipy missing: say how to get them rather than ship other weights
        print(f"training needs the `train` extra (pip install -e '.[train]'): {err}", file=sys.stderr)
        return 2
    cases = training_cases()
    model = fit(cases)
    save(model)
    pairs = sum(len(v) for v in model.weights.values())
    print(f"trained on {len(cases)} examples (l2={L2:g}, temperature={TEMPERATURE:g}); "
          f"wrote {WEIGHTS_FILE} ({len(model.weights)} features, {pairs} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
