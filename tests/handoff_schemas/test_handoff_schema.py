"""The handoff model, its committed JSON Schema file, and v1 backwards compatibility."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from handoff_schemas import (
    ConversationSummary,
    CustomerIdentity,
    HandoffTicket,
    Money,
    RequestedChange,
    RoutingInfo,
)
from handoff_schemas.export import SCHEMA_DIR, SCHEMA_FILE, export, render_schema, schema

FIXTURE = Path(__file__).parent / "fixtures" / "handoff_v1_example.json"


def _minimal(**over) -> HandoffTicket:
    fields = dict(
        run_id="run-1",
        source_helpdesk="freshdesk",
        source_ticket_id="77",
        created_at=datetime(2024, 11, 5, 10, 0, tzinfo=timezone.utc),
        customer=CustomerIdentity(helpdesk="freshdesk", helpdesk_user_id="12", verified=False, match="none",
                                  unverified_reason="email not verified"),
        summary=ConversationSummary(problem="Asks for a person."),
        routing=RoutingInfo(queue="escalations", rule="human-request"),
    )
    fields.update(over)
    return HandoffTicket(**fields)


def test_committed_schema_matches_the_model():
    committed = (SCHEMA_DIR / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render_schema(), "schema drifted: run `deskhand schemas export` and commit the file"


def test_export_writes_the_schema_file(tmp_path):
    path = export(tmp_path)
    assert path.name == SCHEMA_FILE
    assert json.loads(path.read_text(encoding="utf-8")) == schema()


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_old_v1_example_still_validates_against_schema_and_model():
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    ticket = HandoffTicket.model_validate(document)
    assert ticket.requested_change.from_ == "L" and ticket.requested_change.to == "M"
    assert ticket.orders[0].total == Money(amount="64.90", currency="EUR")
    assert ticket.handed_off_intents == ("order/change",)


def test_model_output_validates_against_the_committed_schema():
    ticket = _minimal(requested_change=RequestedChange(type="cancel", detail="cancel the whole order"))
    committed = json.loads((SCHEMA_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))
    dumped = ticket.model_dump(mode="json", by_alias=True)
    jsonschema.Draft202012Validator(committed).validate(dumped)
    assert dumped["requested_change"]["from"] is None
    assert HandoffTicket.model_validate(dumped) == ticket


def test_requested_change_accepts_from_by_alias_and_by_name():
    assert RequestedChange.model_validate({"type": "size_change", "from": "S"}).from_ == "S"
    assert RequestedChange(type="size_change", from_="S").from_ == "S"


def test_money_from_decimal_is_text_and_floats_are_refused():
    assert Money.of(Decimal("75.50"), "eur") == Money(amount="75.50", currency="EUR")
    assert Money(amount=12, currency="EUR").amount == "12"
    with pytest.raises(ValidationError):
        Money(amount=12.5, currency="EUR")
    with pytest.raises(ValidationError):
        Money(amount="12,50", currency="EUR")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(schema_version=2),
        lambda d: d.update(unexpected="field"),
        lambda d: d["routing"].update(priority="asap"),
        lambda d: d["evaluation"].update(result="maybe"),
        lambda d: d.update(created_at="2024-10-03T09:14:00"),  # no timezone
        lambda d: d["intents"][0].update(confidence=1.5),
        lambda d: d.pop("customer"),
    ],
)
def test_model_rejects_malformed_documents(mutate):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mutate(document)
    with pytest.raises(ValidationError):
        HandoffTicket.model_validate(document)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(schema_version=2),
        lambda d: d.update(unexpected="field"),
        lambda d: d["orders"][0]["total"].update(amount=64.9),
        lambda d: d["customer"].update(match="guessed"),
    ],
)
def test_schema_rejects_malformed_documents(mutate):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mutate(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema()).validate(document)
