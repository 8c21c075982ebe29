"""Required literals of a regex: strings one of which must occur in any match (a cheap prefilter)."""

from __future__ import annotations

try:  # Python 3.11+ keeps the regex parser here; older versions call it sre_parse
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_MIN = 3  # shorter literals ("a ", "'s") would let nearly every text through


def required_literals(pattern: str) -> frozenset[str] | None:
    """A set S such that every match contains some s in S, or None when no useful set exists."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - any parser trouble just means "no prefilter"
        return None
    found = _sequence(list(parsed))
    if found is None or min(len(s) for s in found) < _MIN:
        return None
    return frozenset(found)


def _sequence(items: list) -> set[str] | None:
    """Best requirement of a sequence: its longest literal run, or a mandatory part's requirement."""
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        inner = _element(name, av)
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append({run})
    candidates = [c for c in candidates if c and min(len(s) for s in c) >= _MIN]
    if not candidates:
        return None
    # Prefer few, long strings: they let the fewest texts through.
    return max(candidates, key=lambda c: (min(len(s) for s in c), -len(c)))


def _element(name: str, av) -> set[str] | None:
    """Requirement contributed by one mandatory non-literal element, if any."""
    if name == "SUBPATTERN":
        return _sequence(list(av[-1]))
    if name == "BRANCH":
        union: set[str] = set()
        for branch in av[1]:
            part = _sequence(list(branch))
            if part is None:
                return None  # one alternative without a literal: cannot prefilter
            union |= part
        return union
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, inner = av
        return _sequence(list(inner)) if low >= 1 else None
    return None
