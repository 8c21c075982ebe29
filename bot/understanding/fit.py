"""L2-regularised one-vs-rest logistic regression fitted with L-BFGS; needs the `train` extra (numpy, scipy).

The SGD trainer in ovr.py runs unregularised, so the learned reading ended up certain (p = 1.0) of
readings it had no business adding. Here every intent's weights pay an L2 price, which keeps the
probabilities honest on wording the model has not seen. Strength and temperature were chosen by
leave-one-round-out cross-validation (`python -m bot.understanding.crossval`; README). Inference stays
pure Python: the result is the same `OneVsRest` and weights file as before.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
from scipy.optimize import minimize
from scipy.sparse import csr_matrix
from scipy.special import expit

from bot.taxonomy import INTENTS
from bot.understanding.clean import clean
from bot.understanding.model import features
from bot.understanding.ovr import MIN_WEIGHT, OneVsRest

L2 = 1.0  # chosen by crossval.py among 0.3, 1, 3, 10 (README)
TEMPERATURE = 1.0  # 1.5 and 2 cost recall in crossval.py; divides the logit at inference
MAX_BOOST = 5.0  # rare intents' positives count up to this many times (as the SGD trainer did)


def fit(cases: Iterable[Mapping[str, object]], *, l2: float = L2, temperature: float = TEMPERATURE,
        max_iter: int = 400) -> OneVsRest:
    """Fit every intent's weights at once (the objective separates per intent); deterministic."""
    classes = tuple(sorted(INTENTS))
    rows = [features(clean(str(c["text"]))) for c in cases]
    golds = [set(c["intents"]) for c in cases]  # type: ignore[arg-type]
    vocab = sorted(set().union(*rows)) if rows else []
    x = _design(rows, {f: i for i, f in enumerate(vocab)})
    y = np.array([[k in gold for k in classes] for gold in golds], dtype=float).reshape(len(rows), len(classes))
    n, v, k = len(rows), len(vocab), len(classes)
    boost = np.clip(0.15 * n / np.maximum(1.0, y.sum(axis=0)), 1.0, MAX_BOOST)
    cost = np.where(y == 1.0, boost, 1.0)  # per (message, intent) weight of the loss
    xt = x.T.tocsr()  # transposed once: the gradient needs it every iteration

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: v * k].reshape(v, k), theta[v * k:]
        z = x @ w + b
        loss = float((cost * (np.logaddexp(0.0, z) - y * z)).sum() + 0.5 * l2 * (w * w).sum())
        g = cost * (expit(z) - y)
        return loss, np.concatenate([(xt @ g + l2 * w).ravel(), g.sum(axis=0)])

    result = minimize(objective, np.zeros(v * k + k), jac=True, method="L-BFGS-B",
                      options={"maxiter": max_iter, "gtol": 1e-6})
    w, b = result.x[: v * k].reshape(v, k), result.x[v * k:]
    by_feature: dict[str, tuple[tuple[int, float], ...]] = {}
    for i, feat in enumerate(vocab):
        pairs = tuple((j, round(float(w[i, j]), 3)) for j in np.flatnonzero(np.abs(w[i]) >= MIN_WEIGHT))
        if pairs:
            by_feature[feat] = tuple((int(j), val) for j, val in pairs)
    return OneVsRest(classes, tuple(round(float(x_), 4) for x_ in b), by_feature, temperature)


def _design(rows: list, index: Mapping[str, int]) -> csr_matrix:
    """Binary message-by-feature matrix, columns in sorted feature order (so the fit is reproducible)."""
    indptr, indices = [0], []
    for feats in rows:
        indices.extend(sorted(index[f] for f in feats))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                      shape=(len(rows), len(index)))
