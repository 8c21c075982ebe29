"""Quality figures for the understanding stage: per-intent P/R/F1, macro-F1, escalation recall/precision."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from bot.records import Understanding
from bot.taxonomy import INTENTS, escalates


class EvalDataError(ValueError):
    """An evaluation file line that cannot be used; the message names the line."""


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent (support = gold occurrences)."""

    precision: float
    recall: float
    f1: float
    support: int
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass(frozen=True)
class Miss:
    """A case whose predicted intent set differs from the gold set."""

    id: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]


@dataclass(frozen=True)
class EvalReport:
    """Everything `deskhand eval` prints."""

    n: int
    macro_f1: float
    escalation_recall: float
    escalation_precision: float
    primary_accuracy: float
    exact_match: float
    per_intent: dict[str, IntentScore] = field(default_factory=dict)
    misses: tuple[Miss, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready form (misses included, as plain lists)."""
        return {
            "n": self.n,
            "macro_f1": self.macro_f1,
            "escalation_recall": self.escalation_recall,
            "escalation_precision": self.escalation_precision,
            "primary_accuracy": self.primary_accuracy,
            "exact_match": self.exact_match,
            "per_intent": {
                name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}
                for name, s in self.per_intent.items()
            },
            "misses": [{"id": m.id, "gold": list(m.gold), "predicted": list(m.predicted)} for m in self.misses],
        }


def _default_understand(text: str, *, subject: str | None = None, channel: str = "email") -> Understanding:
    from bot.understanding import understand  # imported lazily: evaluating a stub needs no model

    return understand(text, subject=subject, channel=channel)


UnderstandFn = Callable[..., Understanding]


def evaluate(cases: Iterable[Mapping[str, object]], understand_fn: UnderstandFn = _default_understand) -> EvalReport:
    """Run every case through `understand_fn` and score the predicted intents against the gold ones."""
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    esc_tp = esc_fn = esc_fp = 0
    primary_ok = exact = n = 0
    misses: list[Miss] = []
    for index, case in enumerate(cases, start=1):
        gold = tuple(str(i) for i in case["intents"])  # type: ignore[union-attr]
        understanding = understand_fn(
            str(case.get("text") or ""), subject=case.get("subject"), channel=str(case.get("channel") or "email")
        )
        predicted = tuple(understanding.intent_names)
        n += 1
        for name in set(gold) | set(predicted):
            if name in gold and name in predicted:
                tp[name] = tp.get(name, 0) + 1
            elif name in predicted:
                fp[name] = fp.get(name, 0) + 1
            else:
                fn[name] = fn.get(name, 0) + 1
        gold_esc, pred_esc = escalates(gold), escalates(predicted)
        esc_tp += gold_esc and pred_esc
        esc_fn += gold_esc and not pred_esc
        esc_fp += pred_esc and not gold_esc
        primary_ok += bool(predicted) and predicted[0] == gold[0]
        if set(predicted) == set(gold):
            exact += 1
        else:
            misses.append(Miss(str(case.get("id") or f"#{index}"), gold, predicted))
    per_intent = _per_intent(tp, fp, fn)
    macro = sum(s.f1 for s in per_intent.values()) / len(per_intent) if per_intent else 0.0
    return EvalReport(
        n=n,
        macro_f1=round(macro, 4),
        escalation_recall=_ratio(esc_tp, esc_tp + esc_fn),
        escalation_precision=_ratio(esc_tp, esc_tp + esc_fp),
        primary_accuracy=_ratio(primary_ok, n),
        exact_match=_ratio(exact, n),
        per_intent=per_intent,
        misses=tuple(misses),
    )


def _per_intent(tp: dict[str, int], fp: dict[str, int], fn: dict[str, int]) -> dict[str, IntentScore]:
    """Scores for every intent present in gold or predictions, in taxonomy order."""
    names = set(tp) | set(fp) | set(fn)
    order = [n for n in INTENTS if n in names] + sorted(n for n in names if n not in INTENTS)
    out: dict[str, IntentScore] = {}
    for name in order:
        t, f_p, f_n = tp.get(name, 0), fp.get(name, 0), fn.get(name, 0)
        precision = _ratio(t, t + f_p)
        recall = _ratio(t, t + f_n)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        out[name] = IntentScore(precision, recall, f1, t + f_n, t, f_p, f_n)
    return out


def _ratio(num: int, den: int) -> float:
    """num/den rounded; an empty denominator (nothing to get wrong) scores 1.0."""
    return round(num / den, 4) if den else 1.0


def load_cases(path: str | Path) -> list[dict]:
    """Read a JSON Lines eval file; every problem names its line number."""
    cases: list[dict] = []
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as err:
                raise EvalDataError(f"{path}:{lineno}: not valid JSON ({err.msg})") from err
            cases.append(_check_case(case, f"{path}:{lineno}"))
    return cases


def _check_case(case: object, where: str) -> dict:
    """A case must carry a text string and a non-empty list of taxonomy intents."""
    if not isinstance(case, dict):
        raise EvalDataError(f"{where}: expected a JSON object")
    if not isinstance(case.get("text"), str):
        raise EvalDataError(f"{where}: missing or non-string 'text'")
    intents = case.get("intents")
    if not isinstance(intents, list) or not intents or not all(isinstance(i, str) for i in intents):
        raise EvalDataError(f"{where}: 'intents' must be a non-empty list of strings")
    unknown = [i for i in intents if i not in INTENTS]
    if unknown:
        raise EvalDataError(f"{where}: unknown intent(s) {', '.join(unknown)}")
    return case
