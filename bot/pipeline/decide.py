"""decide: pure rules from identity, intents and evidence to a Decision. No I/O, no model, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.eligibility import INTENT_CHANGE, EligibilityConfig, evaluate, requested_change
from bot.policies import PolicyBook
from bot.records import Decision, Evidence, Identity, Mode, Understanding
from bot.routing import RouteCase, RoutingConfig, route
from bot.taxonomy import INTENTS
from connectors.base import Fulfillment, Order

# Which policy documents can answer which policy question.
POLICY_DOCS: dict[str, frozenset[str]] = {
    "shipping/policy": frozenset({"shipping"}),
    "return/policy": frozenset({"returns", "exchanges", "refunds", "cancellations"}),
    "store/policy": frozenset({"store", "privacy", "refunds"}),
}
# Order-help intents that read the requester's own orders (account/help is generic guidance).
ORDER_INTENTS = frozenset(n for n, s in INTENTS.items() if s.answer_class == "order_help" and s.risk == "customer")
_RISK_WHY = {
    "fulfillment": "changes fulfillment",
    "money": "changes money",
    "shipping": "changes shipping",
    "sensitive": "sensitive request",
}
_STRICTNESS: dict[Mode, int] = {"observe": 0, "draft": 1, "auto": 2}
NOT_VERIFIED = "identity not verified: order details need a verified email"
NOT_FOUND = "order not found among the requester's own orders"


@dataclass(frozen=True)
class DecideConfig:
    """Everything decide reads besides the run's own facts."""

    routing: RoutingConfig
    policies: PolicyBook
    eligibility: EligibilityConfig | None = None  # None: the [eligibility] table of the routing config
    min_confidence: float = 0.5
    languages: tuple[str, ...] = ("en", "es", "de", "fr", "nl")  # languages the bot drafts in
    auto_languages: tuple[str, ...] = ("en",)  # languages whose replies may be sent without review

    @property
    def rules(self) -> EligibilityConfig:
        """Eligibility settings in force."""
        return self.eligibility if self.eligibility is not None else self.routing.eligibility


@dataclass(frozen=True)
class _OrderGate:
    """The current-customer layer for this run."""

    verified: bool
    disclose: bool  # layer open: verified and the referenced order (if any) is the requester's own
    order: Order | None
    problem: str | None  # why order questions cannot be answered from the order


def _order_gate(identity: Identity | None, understanding: Understanding, evidence: Evidence) -> _OrderGate:
    if identity is None or not identity.verified or evidence.order_lookup == "unverified":
        return _OrderGate(False, False, None, NOT_VERIFIED)
    lookup = evidence.order_lookup
    order = evidence.order
    # Only an order among the requester's own counts; anything else is exactly "not found".
    if order is not None and not any(o.id == order.id and o.number == order.number for o in evidence.orders):
        order, lookup = None, "not_found"
    if lookup == "found" and order is None:
        lookup = "not_found"
    if lookup == "no_orders" and understanding.entities.order_numbers:
        lookup = "not_found"
    if lookup == "unavailable":
        return _OrderGate(True, False, None, _upstream(evidence, "store"))
    if lookup == "not_found":
        return _OrderGate(True, False, None, NOT_FOUND)
    if order is None and len(evidence.orders) == 1:
        order = evidence.orders[0]
    if order is None:
        problem = "ambiguous order: several orders and none named" if evidence.orders else (
            "no orders found for the requester's verified email")
        return _OrderGate(True, True, None, problem)
    if order.fulfillment == Fulfillment.UNKNOWN:
        return _OrderGate(True, True, order, "unknown order status")
    return _OrderGate(True, True, order, None)


def _upstream(evidence: Evidence, fallback: str) -> str:
    return "upstream unavailable: " + (", ".join(evidence.failures) or fallback)


def _safe_problem(name: str, gate: _OrderGate, evidence: Evidence, book: PolicyBook) -> str | None:
    """Why a safe intent cannot be answered from the evidence, or None when it can."""
    answer_class = INTENTS[name].answer_class
    if name in ORDER_INTENTS:
        return gate.problem
    if answer_class == "product":
        if evidence.products:
            return None
        return _upstream(evidence, "catalog") if evidence.failures else "no product match"
    if answer_class == "policy":
        docs = POLICY_DOCS.get(name, frozenset())
        if any(c.policy in docs and book.get(c.id) is not None for c in evidence.clauses):
            return None
        return _upstream(evidence, "policies") if evidence.failures else "missing policy content"
    return None  # account/help: generic guidance needs no facts


def _ordered(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def decide(
    identity: Identity | None,
    understanding: Understanding,
    evidence: Evidence,
    config: DecideConfig,
    *,
    today: date,
    channel: str,
) -> Decision:
    """The whole decision for one message: answer, draft, ask, hand off, observe or ignore."""
    autonomy = config.routing.autonomy
    names = list(dict.fromkeys(understanding.intent_names))
    known = [n for n in names if n in INTENTS]
    reasons = [f"unknown intent '{n}' treated as unclear" for n in names if n not in INTENTS]
    confidence = {h.name: h.confidence for h in understanding.intents}
    gate = _order_gate(identity, understanding, evidence)
    low = understanding.confidence < config.min_confidence
    language_ok = understanding.language in config.languages

    answer: list[str] = []
    handoff: list[str] = []
    unclear = bool(reasons) or not known
    for name in known:
        spec = INTENTS[name]
        if name == "meta/legal_or_fraud":
            handoff.append(name)
            reasons.append(f"{name} needs a human at once: no draft")
        elif spec.answer_class == "escalation":
            handoff.append(name)
            reasons.append(f"{name} needs a human at once: {_RISK_WHY[spec.risk]}")
        elif spec.answer_class == "exception":
            handoff.append(name)
            reasons.append(f"{name} needs a human: {_RISK_WHY[spec.risk]}")
        elif spec.answer_class == "other":
            unclear = unclear or name == "other/unclear"
        elif not low and confidence.get(name, 0.0) < config.min_confidence:
            unclear = True
            reasons.append(f"{name} below the confidence threshold ({confidence.get(name, 0.0):.2f})")
        elif (problem := _safe_problem(name, gate, evidence, config.policies)) is not None:
            handoff.append(name)
            reasons.append(f"{problem} ({name})")
        else:
            answer.append(name)

    if answer and not language_ok:
        # Drafted in English with the language noted; auto-send is withheld for it below.
        reasons.append(f"language '{understanding.language}' is not a store language: drafted in English for review")
    if "meta/legal_or_fraud" in handoff and answer:
        answer = []  # no draft of substance next to a legal threat or fraud attempt
    if low and answer:
        reasons.append(f"low confidence ({understanding.confidence:.2f} < {config.min_confidence:.2f})")
        if handoff:
            answer = []  # the agent answers the safe parts too
        else:
            unclear, answer = True, []

    # Per-intent observe: record what the bot would have said, post nothing for that part.
    observed = [n for n in answer if autonomy.mode_for(n) == "observe"]
    answer = [n for n in answer if n not in observed]
    if handoff and observed:
        reasons.append("observe mode, recorded only: " + ", ".join(observed))

    change = evaluation = None
    if any(n in INTENT_CHANGE for n in handoff):
        own = gate.order if gate.disclose else None
        change = requested_change(understanding, own)
        evaluation = evaluate(change, known, own, config.policies, today, config.rules)

    disclose = gate.disclose and "meta/legal_or_fraud" not in handoff and any(
        n in ORDER_INTENTS or INTENTS[n].answer_class == "exception" for n in (*answer, *handoff, *observed)
    )

    if handoff:
        action = "handoff"
        if low and not any(r.startswith("low confidence") for r in reasons):
            reasons.append(f"low confidence ({understanding.confidence:.2f} < {config.min_confidence:.2f})")
        mode = _strictest([autonomy.mode_for(n) for n in handoff])
        if mode == "auto":
            mode = "draft"  # a handoff is never sent on its own, whatever the config says
    elif answer:
        mode = _strictest([autonomy.mode_for(n) for n in answer])
        if mode == "auto":
            blockers = _auto_blockers(answer, gate, understanding.language, config)
            if blockers:
                mode = "draft"
                reasons.append("auto-send withheld: " + "; ".join(blockers))
        action = {"auto": "answer", "draft": "draft", "observe": "observe"}[mode]
    elif observed:
        action, mode = "observe", "observe"
        answer = observed
    elif unclear or low:
        action = "ask"
        if low:
            reasons.append(f"low confidence ({understanding.confidence:.2f} < {config.min_confidence:.2f})")
        reasons.append("unclear request: ask one clarifying question")
        mode = _strictest([autonomy.mode_for("other/unclear")])
        if mode == "auto" and understanding.language not in config.auto_languages:
            mode = "draft"
    else:
        action, mode = "ignore", autonomy.mode_for("other/thanks")
        reasons.append("nothing to answer: suggest closing")

    choice = None
    if action != "ignore":
        order = gate.order if disclose else None
        case = RouteCase(
            intents=tuple(known),
            fulfillment=order.fulfillment.value if order else None,
            total=order.total if order else None,
            language=understanding.language,
            channel=channel,
            customer_tags=identity.customer_tags if identity else (),
            sentiment=understanding.sentiment,
        )
        choice = route(case, config.routing)

    return Decision(
        action=action,  # type: ignore[arg-type]
        mode=mode,
        reasons=_ordered(reasons),
        answer_intents=_ordered(answer) if action != "ask" else (),
        handoff_intents=_ordered(handoff),
        route=choice,
        evaluation=evaluation,
        change=change,
        disclose_orders=disclose,
    )


def _strictest(modes: list[Mode]) -> Mode:
    return min(modes, key=_STRICTNESS.__getitem__) if modes else "draft"


def _auto_blockers(answer: list[str], gate: _OrderGate, language: str, config: DecideConfig) -> list[str]:
    """Why a public reply may not go out without review; empty when it may."""
    blockers = []
    for name in answer:
        spec = INTENTS[name]
        if spec.escalates or spec.risk not in ("public", "customer"):
            blockers.append(f"{name} is {spec.risk} risk")
        elif spec.risk == "customer" and not (gate.verified and gate.disclose):
            blockers.append(f"{name} needs a verified requester")
    if language not in config.auto_languages:
        blockers.append(f"language '{language}' is reviewed before sending")
    return blockers
