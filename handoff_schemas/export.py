"""Generate the committed JSON Schema file of the handoff ticket from the pydantic model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handoff_schemas.v1 import HandoffTicket

SCHEMA_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = "handoff_ticket.v1.schema.json"
SCHEMA_ID = "https://deskhand.example.org/schemas/handoff_ticket.v1.schema.json"


def schema() -> dict[str, Any]:
    """The v1 JSON Schema (draft 2020-12) of what a valid handoff document looks like."""
    body = HandoffTicket.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **body}


def render_schema() -> str:
    """The schema file's exact text: stable key order, two-space indent, trailing newline."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def export(directory: str | Path | None = None) -> Path:
    """Write the schema file into `directory` (default: this package); returns its path."""
    target = Path(directory) if directory is not None else SCHEMA_DIR
    target.mkdir(parents=True, exist_ok=True)
    path = target / SCHEMA_FILE
    path.write_text(render_schema(), encoding="utf-8")
    return path
