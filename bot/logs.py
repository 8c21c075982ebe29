"""Structured JSON logs with an allowlist of fields; every string value is redacted."""

from __future__ import annotations

import json
import logging
import sys
import time

from bot.redact import redact

# Only these `extra=` fields reach the log line; anything else a caller attaches is dropped.
ALLOWED_FIELDS = frozenset({
    "inbox_id", "run_id", "outbox_id", "ticket_id", "source", "stage", "outcome", "error", "status",
    "attempts", "delay", "queue", "intents", "duration_ms", "upstream", "helpdesk", "count",
})
_RESERVED = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and allowlisted extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key in _RESERVED or key not in ALLOWED_FIELDS:
                continue
            entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception messages can carry request data.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(level: str = "INFO", stream=None) -> logging.Handler:
    """Route every logger through the JSON formatter: Deskhand's, the connectors' and the libraries'.

    The handler sits on the root logger, so a library line (aiohttp's server errors, connectors.http's
    upstream errors) is redacted and allowlisted like ours instead of printed raw.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("deskhand", "connectors", "bot"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
        logger.setLevel(level)
    return handler
