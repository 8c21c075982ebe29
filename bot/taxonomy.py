"""The intent taxonomy v1: every intent with its answer class and risk class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AnswerClass = Literal["product", "order_help", "policy", "exception", "escalation", "other"]
RiskClass = Literal["public", "customer", "fulfillment", "money", "shipping", "sensitive"]


@dataclass(frozen=True)
class IntentSpec:
    """One taxonomy row."""

    name: str
    answer_class: AnswerClass
    risk: RiskClass

    @property
    def escalates(self) -> bool:
        """True when the intent must reach a human (exception or escalation class)."""
        return self.answer_class in ("exception", "escalation")


_ROWS: tuple[tuple[str, AnswerClass, RiskClass], ...] = (
    ("product/question", "product", "public"),
    ("product/availability", "product", "public"),
    ("product/size_fit", "product", "public"),
    ("product/recommendation", "product", "public"),
    ("order/status", "order_help", "customer"),
    ("order/details", "order_help", "customer"),
    ("refund/status", "order_help", "customer"),
    ("return/status", "order_help", "customer"),
    ("account/help", "order_help", "public"),
    ("shipping/policy", "policy", "public"),
    ("return/policy", "policy", "public"),
    ("store/policy", "policy", "public"),
    ("order/change", "exception", "fulfillment"),
    ("order/cancel", "exception", "money"),
    ("shipping/address_change", "exception", "shipping"),
    ("shipping/delivery_issue", "exception", "fulfillment"),
    ("order/damaged", "exception", "money"),
    ("order/wrong_item", "exception", "money"),
    ("return/request", "exception", "money"),
    ("refund/request", "exception", "money"),
    ("billing/payment_issue", "exception", "money"),
    ("discount/request", "exception", "money"),
    ("account/privacy", "escalation", "sensitive"),
    ("meta/human_request", "escalation", "sensitive"),
    ("meta/legal_or_fraud", "escalation", "sensitive"),
    ("other/thanks", "other", "public"),
    ("other/unclear", "other", "public"),
)

INTENTS: dict[str, IntentSpec] = {name: IntentSpec(name, cls, risk) for name, cls, risk in _ROWS}
INTENT_NAMES: tuple[str, ...] = tuple(INTENTS)


def spec(name: str) -> IntentSpec:
    """Look up an intent; raises KeyError for a name outside the taxonomy."""
    return INTENTS[name]


def escalates(names: list[str] | tuple[str, ...]) -> bool:
    """The eval rule: escalate iff any intent is in the exception or escalation class."""
    return any(INTENTS[n].escalates for n in names if n in INTENTS)
