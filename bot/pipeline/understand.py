"""understand: the offline classifier always answers; an optional model may refine it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Protocol

from bot.records import Understanding
from bot.understanding import understand as understand_offline

log = logging.getLogger("deskhand.understand")


class ModelUnderstanding(Protocol):
    """The LLM path as seen by this stage (bot.llm implements it)."""

    async def understand(self, text: str, *, subject: str | None, channel: str, offline: Understanding) -> Understanding: ...


class Understander:
    """Offline first; the model is consulted only when configured, and any failure falls back."""

    def __init__(self, model: ModelUnderstanding | None = None) -> None:
        self.model = model

    async def understand(self, text: str, *, subject: str | None = None, channel: str = "email") -> Understanding:
        """Classify one customer message; records why the model was not used when it fails."""
        offline = understand_offline(text, subject=subject, channel=channel)
        if self.model is None:
            return offline
        try:
            return await self.model.understand(text, subject=subject, channel=channel, offline=offline)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # any model failure: the offline answer stands
            log.warning("model fallback", extra={"error": type(err).__name__})
            return replace(offline, fallback_reason=f"llm: {type(err).__name__}: {str(err)[:120]}")
