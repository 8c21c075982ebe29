"""Regression guard: the real classifier on the labelled sets must keep the acceptance thresholds."""

import json
import os
from pathlib import Path

from bot.evaluation import evaluate, load_cases

# The shared eval folder sits beside the checkout (CI copies it there too).
_BESIDE = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "dev.jsonl"
DEV_SET = Path(os.environ.get("DESKHAND_DEV_SET", _BESIDE if _BESIDE.exists() else "/work/shared/eval/dev.jsonl"))
OWN = Path(__file__).parents[3] / "bot" / "understanding" / "data"


def _assert_thresholds(report):
    assert report.macro_f1 >= 0.85, report.macro_f1
    assert report.escalation_recall >= 0.98, report.escalation_recall
    assert report.escalation_precision >= 0.90, report.escalation_precision


def test_dev_set_meets_the_acceptance_thresholds():
    report = evaluate(load_cases(DEV_SET))
    assert report.n == 160
    _assert_thresholds(report)


def test_own_validation_and_holdout_sets_meet_the_thresholds():
    for name in ("validation.json", "holdout.json"):
        _assert_thresholds(evaluate(json.loads((OWN / name).read_text(encoding="utf-8"))))


HELDOUT_OWN = Path(__file__).parents[2] / "data" / "heldout_own"


def test_own_blind_sets_keep_the_thresholds_per_file():
    """Regression guard over the sets we wrote blind (figures before and after tuning: README)."""
    files = sorted(HELDOUT_OWN.glob("*.jsonl"))
    assert len(files) >= 9
    for path in files:
        report = evaluate(load_cases(path))
        assert report.n >= 50, path.name
        assert report.macro_f1 >= 0.85, (path.name, report.macro_f1)
        assert report.escalation_recall >= 0.98, (path.name, report.escalation_recall)
        assert report.escalation_precision >= 0.90, (path.name, report.escalation_precision)
