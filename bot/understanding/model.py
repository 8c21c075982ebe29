"""A small multinomial naive Bayes over word and character n-grams, trained from our own examples."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from bot.understanding.clean import clean
from bot.understanding.text import fold

DATA_DIR = Path(__file__).parent / "data"
TRAINING_FILES = ("train.json", "validation.json", "holdout.json")

_TOKEN = re.compile(r"[a-zß]+(?:'[a-z]+)?|\d+(?:[.,]\d+)?|[€$£%?!#]")
# Words too common to tell intents apart; kept short on purpose (negations and question words stay).
STOPWORDS = _STOP = frozenset(
    "the a an and or to of in on for my your i me it is are was be this that with at by from so hi hello "
    "thanks thank please you we our de la le el en het een der die das und et y".split()
)


def tokens(text: str) -> list[str]:
    """Folded word tokens with numbers, prices and order numbers abstracted."""
    out: list[str] = []
    for tok in _TOKEN.findall(fold(text)):
        if tok[0].isdigit():
            digits = len(re.sub(r"\D", "", tok))
            out.append("<num5>" if digits >= 5 else ("<dec>" if not tok.isdigit() else "<num>"))
        else:
            out.append(tok)
    return out


def features(text: str) -> Counter[str]:
    """Binary-ish bag of unigrams, bigrams and in-word character 4-grams."""
    toks = tokens(text)
    feats: Counter[str] = Counter()
    content = [t for t in toks if t not in _STOP]
    for t in content:
        feats["w:" + t] = 1
        if len(t) >= 5 and t[0].isalpha():
            padded = f"<{t}>"
            for i in range(len(padded) - 3):
                feats["c:" + padded[i : i + 4]] = 1
    for a, b in zip(toks, toks[1:]):
        if a not in _STOP or b not in _STOP:
            feats["b:" + a + "_" + b] = 1
    return feats


@dataclass(frozen=True)
class NaiveBayes:
    """Per-feature sparse log-ratios, so scoring touches only the classes a feature was seen with."""

    classes: tuple[str, ...]
    base: tuple[float, ...]  # log prior + the "never seen with this class" part per feature
    per_feature_unseen: tuple[float, ...]  # log(alpha / (N_c + alpha V)) for each class
    seen: Mapping[str, tuple[tuple[int, float], ...]]  # feature -> ((class index, log((n+alpha)/alpha)), ...)

    def scores(self, text: str) -> dict[str, float]:
        """Log posterior (unnormalised) for every class."""
        # Words never seen in training say nothing about any class; counting them would favour small classes.
        feats = {f: n for f, n in features(text).items() if f in self.seen}
        total = sum(feats.values())
        acc = [b + total * u for b, u in zip(self.base, self.per_feature_unseen)]
        for feat, count in feats.items():
            for idx, gain in self.seen.get(feat, ()):
                acc[idx] += count * gain
        return dict(zip(self.classes, acc))

    def posterior(self, text: str) -> list[tuple[str, float]]:
        """Classes with softmax probabilities, best first."""
        scores = self.scores(text)
        top = max(scores.values())
        exp = {c: math.exp(s - top) for c, s in scores.items()}
        z = sum(exp.values())
        return sorted(((c, e / z) for c, e in exp.items()), key=lambda kv: (-kv[1], kv[0]))


def train(cases: Iterable[Mapping[str, object]], *, alpha: float = 0.3) -> NaiveBayes:
    """Fit on labelled cases; a multi-intent case counts for each of its intents, split evenly."""
    counts: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    vocab: set[str] = set()
    for case in cases:
        intents = list(case["intents"])  # type: ignore[arg-type]
        feats = features(clean(str(case["text"])))
        vocab.update(feats)
        share = 1.0 / len(intents)
        for name in intents:
            docs[name] += share
            bucket = counts.setdefault(name, Counter())
            for feat, n in feats.items():
                bucket[feat] += n * share
    classes = tuple(sorted(counts))
    n_docs = sum(docs.values())
    v = len(vocab) or 1
    totals = [sum(counts[c].values()) for c in classes]
    unseen = tuple(math.log(alpha / (t + alpha * v)) for t in totals)
    base = tuple(math.log(docs[c] / n_docs) for c in classes)
    seen: dict[str, list[tuple[int, float]]] = {}
    for idx, c in enumerate(classes):
        for feat, n in counts[c].items():
            seen.setdefault(feat, []).append((idx, math.log((n + alpha) / alpha)))
    return NaiveBayes(classes, base, unseen, {f: tuple(v) for f, v in seen.items()})


def load_cases(names: Sequence[str] = TRAINING_FILES) -> list[dict]:
    """Our own labelled examples (JSON arrays, one case a line)."""
    cases: list[dict] = []
    for name in names:
        cases.extend(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
    return cases


@lru_cache(maxsize=1)
def default_model() -> NaiveBayes:
    """The model trained on every bundled example; built once per process (well under a second)."""
    return train(load_cases())
