"""Versioned handoff ticket models, their committed JSON Schema files and the agent-note renderer."""

from handoff_schemas.v1 import (
    ConversationSummary,
    CustomerIdentity,
    HandoffTicket,
    IntentScore,
    LineItemInfo,
    Money,
    OrderState,
    PolicyEvaluation,
    PolicySnippet,
    RequestedChange,
    RoutingInfo,
    TrackingInfo,
)

__all__ = [
    "ConversationSummary",
    "CustomerIdentity",
    "HandoffTicket",
    "IntentScore",
    "LineItemInfo",
    "Money",
    "OrderState",
    "PolicyEvaluation",
    "PolicySnippet",
    "RequestedChange",
    "RoutingInfo",
    "TrackingInfo",
]
