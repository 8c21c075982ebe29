"""`python -m bot.understanding.crossval [--l2 X ...] [--temperature T ...] [--sgd] [--json]`: leave one round out.

Each scored set (tests/data/heldout_own/*.jsonl alone, tests/data/blind_roundN/ as a whole, since a
round's files share an author) is held out in turn; the learned reading is trained on everything else
(bundled data and every other set), and the held-out files are read by the rules alone and by the
blend. The rules themselves were tuned on these sets after scoring, so the rules-only column is
optimistic; the gap between the columns is what the learned reading adds or costs on unseen wording.
Needs the `train` extra unless --sgd.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Sequence

import bot.understanding as understanding
from bot.evaluation import EvalReport, evaluate, load_cases
from bot.understanding import hybrid
from bot.understanding.blend import DEFAULT, BlendWeights, blend
from bot.understanding.model import DATA_DIR, TRAINING_FILES, load_cases as own_cases
from bot.understanding.ovr import CHECKOUT, EXTRA_FILES, OneVsRest, train as sgd_train

TARGETS = (0.85, 0.98, 0.90)  # macro-F1, escalation recall, escalation precision on unseen data
Trainer = Callable[[list[dict]], OneVsRest]


@dataclass(frozen=True)
class Score:
    """The three figures that decide acceptance."""

    macro_f1: float
    recall: float
    precision: float

    @classmethod
    def of(cls, report: EvalReport) -> "Score":
        """From an evaluation report."""
        return cls(report.macro_f1, report.escalation_recall, report.escalation_precision)

    @property
    def meets(self) -> bool:
        """All three targets met."""
        return self.macro_f1 >= TARGETS[0] and self.recall >= TARGETS[1] and self.precision >= TARGETS[2]


@dataclass(frozen=True)
class FileResult:
    """One held-out file, read by the rules alone and by the blend."""

    fold: str
    file: str
    rules: Score
    blended: Score


def folds(root: Path = CHECKOUT / "tests" / "data") -> list[tuple[str, tuple[Path, ...]]]:
    """(name, files) per held-out unit: every own set alone, every blind round whole."""
    out = [(f"own/{p.stem}", (p,)) for p in sorted((root / "heldout_own").glob("*.jsonl"))]
    for folder in sorted(root.glob("blind_round*"), key=lambda d: (len(d.name), d.name)):
        files = tuple(sorted(folder.glob("*.jsonl")))
        if files:
            out.append((folder.name, files))
    return out


@contextmanager
def reading_with(model: OneVsRest | None, weights: BlendWeights = DEFAULT) -> Iterator[None]:
    """`understand` with this learned reading and these blend weights, restored afterwards."""
    # understand() (and hybrid.read, for messages no rule reads) look these up in their module namespace
    # at call time; swapping them there tries a candidate without writing a weights file or new defaults.
    saved = understanding.default_ovr, understanding.blend, hybrid.blend
    understanding.default_ovr = lambda: model
    understanding.blend = hybrid.blend = partial(blend, w=weights)
    try:
        yield
    finally:
        understanding.default_ovr, understanding.blend, hybrid.blend = saved


def run(trainer: Trainer, variants: Sequence[tuple[str, Callable[[OneVsRest], OneVsRest], BlendWeights]],
        root: Path | None = None, bundled: list[dict] | None = None) -> dict[str, list[FileResult]]:
    """Per variant (name, model transform, blend weights) the results of every held-out file."""
    units = folds(root) if root else folds()
    sets = {path: load_cases(path) for _, files in units for path in files}
    base = bundled if bundled is not None else own_cases(
        TRAINING_FILES + tuple(n for n in EXTRA_FILES if (DATA_DIR / n).exists()))
    results: dict[str, list[FileResult]] = {name: [] for name, _, _ in variants}
    for fold, files in units:
        rest = [case for path, cases in sets.items() if path not in files for case in cases]
        model = trainer(base + rest)
        for path in files:
            with reading_with(None):
                rules = Score.of(evaluate(sets[path]))
            for name, transform, weights in variants:
                with reading_with(transform(model), weights):
                    blended = Score.of(evaluate(sets[path]))
                results[name].append(FileResult(fold, path.name, rules, blended))
        print(f"crossval: {fold} done", file=sys.stderr, flush=True)  # a grid takes minutes: show progress
    return results


def summary(results: Sequence[FileResult], reading: str = "blended") -> dict[str, float]:
    """Rounds and files meeting all targets, and the median figures over files."""
    scores = [getattr(r, reading) for r in results]
    by_fold: dict[str, bool] = {}
    for r, s in zip(results, scores):
        by_fold[r.fold] = by_fold.get(r.fold, True) and s.meets
    return {
        "folds_meeting": sum(by_fold.values()), "folds": len(by_fold),
        "files_meeting": sum(s.meets for s in scores), "files": len(scores),
        "median_recall": statistics.median(s.recall for s in scores) if scores else 0.0,
        "median_precision": statistics.median(s.precision for s in scores) if scores else 0.0,
        "median_macro_f1": statistics.median(s.macro_f1 for s in scores) if scores else 0.0,
    }


def rank_key(stats: dict[str, float]) -> tuple[float, ...]:
    """The choice order: rounds meeting the targets, then median recall, precision, macro-F1."""
    return (stats["folds_meeting"], stats["median_recall"], stats["median_precision"], stats["median_macro_f1"])


def _table(name: str, results: Sequence[FileResult]) -> list[str]:
    lines = [f"== {name}", f"{'fold':<14}{'file':<14}{'rules F1/R/P':<26}{'blended F1/R/P':<26}"]
    for r in results:
        cells = [f"{s.macro_f1:.3f}/{s.recall:.3f}/{s.precision:.3f}{' *' if s.meets else '  '}" for s in (r.rules, r.blended)]
        lines.append(f"{r.fold:<14}{r.file:<14}{cells[0]:<26}{cells[1]:<26}")
    for reading in ("rules", "blended"):
        s = summary(results, reading)
        lines.append(f"{reading:<8} rounds meeting {s['folds_meeting']}/{s['folds']}, files {s['files_meeting']}/{s['files']}; "
                     f"median F1 {s['median_macro_f1']:.3f} R {s['median_recall']:.3f} P {s['median_precision']:.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Cross-validate every (L2, temperature) pair given (or the SGD trainer) and print the tables."""
    parser = argparse.ArgumentParser(prog="python -m bot.understanding.crossval", description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, nargs="+", help="L2 strengths to try (default: the shipped one)")
    parser.add_argument("--temperature", type=float, nargs="+", help="temperatures to try (default: the shipped one)")
    parser.add_argument("--keep", type=float, nargs="+", help="BlendWeights.keep values to try")
    parser.add_argument("--keep-exception", type=float, nargs="+", help="BlendWeights.keep_exception values to try")
    parser.add_argument("--sgd", action="store_true", help="cross-validate the old unregularised SGD trainer instead")
    parser.add_argument("--data", type=Path, help="folder holding heldout_own/ and blind_round*/ (default: the checkout's)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    args = parser.parse_args(argv)
    keeps = args.keep or [DEFAULT.keep]
    keeps_exc = args.keep_exception or [DEFAULT.keep_exception]
    if args.sgd:
        trainers: list[tuple[str, Trainer]] = [("sgd", sgd_train)]
        temperatures = args.temperature or [1.0]
    else:
        from bot.understanding import fit  # numpy and scipy: the `train` extra

        trainers = [(f"l2={l2:g}", partial(fit.fit, l2=l2)) for l2 in (args.l2 or [fit.L2])]
        temperatures = args.temperature or [fit.TEMPERATURE]
    variants = [(f"T={t:g} keep={k:g}/{ke:g}", partial(_with_temperature, t),
                 dataclasses.replace(DEFAULT, keep=k, keep_exception=ke))
                for t in temperatures for k in keeps for ke in keeps_exc]
    everything: dict[str, list[FileResult]] = {}
    for tname, trainer in trainers:
        for vname, results in run(trainer, variants, args.data).items():
            everything[f"{tname} {vname}"] = results
    if args.json:
        print(json.dumps({name: {"summary": summary(rs), "rules": summary(rs, "rules"),
                                 "files": [dataclasses.asdict(r) for r in rs]} for name, rs in everything.items()}, indent=1))
        return 0
    for name, results in everything.items():
        print("\n".join(_table(name, results)))
    best = max(everything, key=lambda n: rank_key(summary(everything[n])))
    print(f"best: {best} {summary(everything[best])}")
    return 0


def _with_temperature(temperature: float, model: OneVsRest) -> OneVsRest:
    return dataclasses.replace(model, temperature=temperature)


if __name__ == "__main__":
    sys.exit(main())
