"""The Zendesk objects Deskhand installs: one webhook, five triggers, two approval macros.

Defined once here so `deskhand zendesk setup` and the sandbox install exactly the same things.
Trigger bodies carry ids only (placeholders render as unescaped text, so free-text placeholders
could break the JSON or inject fields); the ticket's updated_at makes every update a distinct body,
which is what the receiver dedupes on.
"""

from __future__ import annotations

from typing import Any

WEBHOOK_NAME = "Deskhand"
WEBHOOK_PATH = "/webhooks/zendesk"

HANDOFF_TAG = "deskhand_handoff"  # on tickets Deskhand files itself: never re-processed
SEND_TAG = "deskhand_send"
DISCARD_TAG = "deskhand_discard"
ASK_TAG = "deskhand_ask"

TRIGGER_NEW_TICKET = "Deskhand: new ticket"
TRIGGER_NEW_COMMENT = "Deskhand: new customer comment"
TRIGGER_SEND = "Deskhand: send draft"
TRIGGER_DISCARD = "Deskhand: discard draft"
TRIGGER_ASK = "Deskhand: ask again"
MACRO_SEND = "Deskhand: send draft"
MACRO_DISCARD = "Deskhand: discard draft"

_UPDATED = '"updated_at": "{{ticket.updated_at_with_timestamp}}"'
# requester_id only lets the adapter read identities alongside the ticket; it is checked against it.
MESSAGE_BODY = ('{"ticket_id": "{{ticket.id}}", "event": "message", "requester_id": "{{ticket.requester.id}}", '
                + _UPDATED + "}")


def _actor_body(event: str) -> str:
    return '{"ticket_id": "{{ticket.id}}", "event": "%s", "actor_id": "{{current_user.id}}", %s}' % (
        event,
        _UPDATED,
    )


def webhook_endpoint(public_url: str) -> str:
    """Where Zendesk should POST: Deskhand's public URL plus the Zendesk webhook path."""
    return public_url.rstrip("/") + WEBHOOK_PATH


def webhook_spec(endpoint: str) -> dict[str, Any]:
    """The Deskhand webhook, connected to triggers (not to Zendesk event subscriptions)."""
    return {
        "name": WEBHOOK_NAME,
        "status": "active",
        "endpoint": endpoint,
        "http_method": "POST",
        "request_format": "json",
        "subscriptions": ["conditional_ticket_events"],
    }


def _cond(field: str, operator: str, value: str) -> dict[str, str]:
    return {"field": field, "operator": operator, "value": value}


_NOT_HANDOFF = _cond("current_tags", "not_includes", HANDOFF_TAG)


def _notify(webhook_id: str, body: str) -> dict[str, Any]:
    return {"field": "notification_webhook", "value": [webhook_id, body]}


def _tag_trigger(title: str, tag: str, event: str, webhook_id: str) -> dict[str, Any]:
    return {
        "title": title,
        "active": True,
        "description": f"Tells Deskhand an agent chose '{event}' for its draft, then removes the tag.",
        "conditions": {
            "all": [_cond("update_type", "is", "Change"), _cond("current_tags", "includes", tag)],
            "any": [],
        },
        # Removing the tag lets the agent apply the same macro again later.
        "actions": [_notify(webhook_id, _actor_body(event)), {"field": "remove_tags", "value": tag}],
    }


def trigger_specs(webhook_id: str) -> list[dict[str, Any]]:
    """The five triggers, each notifying the Deskhand webhook."""
    return [
        {
            "title": TRIGGER_NEW_TICKET,
            "active": True,
            "description": "Tells Deskhand a customer opened a ticket.",
            "conditions": {"all": [_cond("update_type", "is", "Create"), _NOT_HANDOFF], "any": []},
            "actions": [_notify(webhook_id, MESSAGE_BODY)],
        },
        {
            "title": TRIGGER_NEW_COMMENT,
            "active": True,
            "description": "Tells Deskhand the customer wrote again.",
            "conditions": {
                "all": [
                    _cond("update_type", "is", "Change"),
                    _cond("comment_is_public", "is", "true"),
                    _cond("role", "is", "end_user"),
                    _NOT_HANDOFF,
                ],
                "any": [],
            },
            "actions": [_notify(webhook_id, MESSAGE_BODY)],
        },
        _tag_trigger(TRIGGER_SEND, SEND_TAG, "approve", webhook_id),
        _tag_trigger(TRIGGER_DISCARD, DISCARD_TAG, "discard", webhook_id),
        _tag_trigger(TRIGGER_ASK, ASK_TAG, "ask_again", webhook_id),
    ]


def macro_specs() -> list[dict[str, Any]]:
    """The two one-click approval macros agents apply to a Deskhand draft."""
    return [
        {
            "title": MACRO_SEND,
            "active": True,
            "description": "Post Deskhand's latest draft to the customer, as you.",
            "actions": [{"field": "current_tags", "value": SEND_TAG}],
        },
        {
            "title": MACRO_DISCARD,
            "active": True,
            "description": "Drop Deskhand's latest draft.",
            "actions": [{"field": "current_tags", "value": DISCARD_TAG}],
        },
    ]
