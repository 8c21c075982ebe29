"""Routing: first matching rule picks queue, group, priority, tags and mode; bumps raise priority."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.records import RouteChoice
from bot.routing_config import (
    PRIORITIES,
    Route,
    RoutingConfig,
    RoutingConfigError,
    When,
    load_routing,
    parse_routing,
    validate,
)
from bot.taxonomy import INTENTS

__all__ = [
    "RouteCase",
    "RoutingTableCase",
    "check_cases",
    "load_cases",
    "RoutingConfig",
    "RoutingConfigError",
    "explain",
    "load_routing",
    "mismatch",
    "parse_routing",
    "route",
    "validate",
]


@dataclass(frozen=True)
class RouteCase:
    """The facts routing looks at; answer classes and vip are derived when not given."""

    intents: tuple[str, ...]
    answer_classes: tuple[str, ...] = ()
    fulfillment: str | None = None  # a Fulfillment value; None = no verified order
    total: Decimal | None = None
    language: str = "en"
    channel: str = "email"
    customer_tags: tuple[str, ...] = ()
    vip: bool = False
    sentiment: str = "neutral"

    def __post_init__(self) -> None:
        derived = tuple(dict.fromkeys(INTENTS[n].answer_class for n in self.intents if n in INTENTS))
        object.__setattr__(self, "answer_classes", tuple(dict.fromkeys((*self.answer_classes, *derived))))
        tags = tuple(t.lower() for t in self.customer_tags)
        object.__setattr__(self, "customer_tags", tags)
        object.__setattr__(self, "vip", self.vip or "vip" in tags)
        if self.fulfillment is not None:
            object.__setattr__(self, "fulfillment", str(self.fulfillment))


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _checks(when: When) -> list[tuple[str, Callable[[RouteCase], str | None]]]:
    """(description, check) per condition given; a check returns why it fails, or None."""
    out: list[tuple[str, Callable[[RouteCase], str | None]]] = []
    if when.intents_any:
        out.append((f"intents any of [{_listed(when.intents_any)}]",
                    lambda c: None if set(c.intents) & set(when.intents_any)
                    else f"no intent in [{_listed(when.intents_any)}]"))
    if when.intents_all:
        out.append((f"intents all of [{_listed(when.intents_all)}]",
                    lambda c: None if set(when.intents_all) <= set(c.intents)
                    else f"missing intent(s) {_listed(tuple(i for i in when.intents_all if i not in c.intents))}"))
    if when.answer_class:
        out.append((f"answer class in [{_listed(when.answer_class)}]",
                    lambda c: None if set(c.answer_classes) & set(when.answer_class)
                    else f"answer classes [{_listed(c.answer_classes)}] not in [{_listed(when.answer_class)}]"))
    if when.fulfillment:
        out.append((f"fulfillment in [{_listed(when.fulfillment)}]",
                    lambda c: None if (c.fulfillment or "none") in when.fulfillment
                    else f"fulfillment {c.fulfillment or 'none'} not in [{_listed(when.fulfillment)}]"))
    if when.total_min is not None:
        out.append((f"total >= {when.total_min}",
                    lambda c: "no order total" if c.total is None
                    else None if c.total >= when.total_min else f"total {c.total} < {when.total_min}"))
    if when.total_max is not None:
        out.append((f"total <= {when.total_max}",
                    lambda c: "no order total" if c.total is None
                    else None if c.total <= when.total_max else f"total {c.total} > {when.total_max}"))
    for field, value_of in (("language", lambda c: c.language), ("channel", lambda c: c.channel),
                            ("sentiment", lambda c: c.sentiment)):
        allowed = getattr(when, field)
        if allowed:
            out.append((f"{field} in [{_listed(allowed)}]",
                        lambda c, allowed=allowed, field=field, value_of=value_of:
                        None if value_of(c) in allowed else f"{field} {value_of(c)} not in [{_listed(allowed)}]"))
    if when.customer_tags:
        wanted = tuple(t.lower() for t in when.customer_tags)
        out.append((f"customer tags any of [{_listed(wanted)}]",
                    lambda c: None if set(c.customer_tags) & set(wanted)
                    else f"no customer tag in [{_listed(wanted)}]"))
    if when.vip is not None:
        out.append((f"vip = {str(when.vip).lower()}",
                    lambda c: None if c.vip == when.vip else f"vip is {str(c.vip).lower()}"))
    return out


def mismatch(when: When, case: RouteCase) -> str | None:
    """Why `case` fails these conditions (all failures, '; '-joined), or None when it matches."""
    failures = [why for _, check in _checks(when) if (why := check(case)) is not None]
    return "; ".join(failures) if failures else None


def describe(when: When) -> str:
    """The conditions in words."""
    parts = [text for text, _ in _checks(when)]
    return " and ".join(parts) if parts else "default rule"


def _first_match(case: RouteCase, config: RoutingConfig) -> Route:
    for rule in config.routes:
        if mismatch(rule.when, case) is None:
            return rule
    raise RoutingConfigError([f"{config.source or 'routing config'}: no rule matched and there is no default rule"])


def route(case: RouteCase, config: RoutingConfig) -> RouteChoice:
    """Where the case goes: the first matching rule, then every matching priority bump."""
    rule = _first_match(case, config)
    level = PRIORITIES.index(rule.priority)
    tags = list(rule.tags)
    why = [f"rule '{rule.name}': {describe(rule.when)}"]
    for bump in config.priority_bumps:
        if mismatch(bump.when, case) is None:
            level = min(level + bump.steps, len(PRIORITIES) - 1)
            tags.extend(t for t in bump.tags if t not in tags)
            why.append(f"priority raised by '{bump.name}' (+{bump.steps})")
    return RouteChoice(
        rule=rule.name,
        queue=rule.queue,
        group_id=rule.group_id,
        priority=PRIORITIES[level],
        tags=tuple(tags),
        create_task=rule.mode == "task",
        why="; ".join(why),
    )


def explain(case: RouteCase, config: RoutingConfig) -> list[str]:
    """One line per rule and bump: matched, or why not; rules after the first match are not reached."""
    lines: list[str] = []
    chosen: Route | None = None
    for rule in config.routes:
        if chosen is not None:
            lines.append(f"rule '{rule.name}': not reached (first match wins: '{chosen.name}')")
            continue
        why_not = mismatch(rule.when, case)
        if why_not is None:
            chosen = rule
            task = ", task ticket" if rule.mode == "task" else ""
            lines.append(
                f"rule '{rule.name}': MATCHED ({describe(rule.when)}) -> queue {rule.queue}, "
                f"priority {rule.priority}{task}"
            )
        else:
            lines.append(f"rule '{rule.name}': no ({why_not})")
    for bump in config.priority_bumps:
        why_not = mismatch(bump.when, case)
        verdict = f"MATCHED -> priority +{bump.steps}" if why_not is None else f"no ({why_not})"
        lines.append(f"bump '{bump.name}': {verdict}")
    if chosen is not None:
        choice = route(case, config)
        lines.append(f"result: queue {choice.queue}, priority {choice.priority}, tags [{_listed(choice.tags)}]"
                     f"{', task ticket' if choice.create_task else ''}")
    else:
        lines.append("result: no rule matched (the config has no default rule)")
    return lines


# --------------------------------------------------------------------------- expected-routing tables


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Expect(_Strict):
    rule: str | None = None
    queue: str | None = None
    priority: str | None = None
    group_id: str | None = None
    tags: tuple[str, ...] | None = None
    task: bool | None = None


class RoutingTableCase(_Strict):
    """One row of a routing table: a case and the routing ops expect for it."""

    name: str
    intents: tuple[str, ...]
    fulfillment: str | None = None
    total: Decimal | None = None
    language: str = "en"
    channel: str = "email"
    customer_tags: tuple[str, ...] = ()
    vip: bool = False
    sentiment: str = "neutral"
    expect: _Expect

    def case(self) -> RouteCase:
        """The RouteCase this row describes."""
        return RouteCase(
            intents=self.intents, fulfillment=self.fulfillment, total=self.total, language=self.language,
            channel=self.channel, customer_tags=self.customer_tags, vip=self.vip, sentiment=self.sentiment,
        )


class _Table(_Strict):
    cases: tuple[RoutingTableCase, ...]


def load_cases(path: str | Path) -> list[RoutingTableCase]:
    """Read a routing table (TOML `[[cases]]`); raises RoutingConfigError naming file and case."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return list(_Table.model_validate(data).cases)
    except FileNotFoundError:
        raise RoutingConfigError([f"{source}: file not found"]) from None
    except tomllib.TOMLDecodeError as err:
        raise RoutingConfigError([f"{source}: not valid TOML: {err}"]) from None
    except ValidationError as err:
        raise RoutingConfigError([f"{source}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]) from None


def check_cases(cases: list[RoutingTableCase], config: RoutingConfig) -> list[str]:
    """One line per mismatch between expected and actual routing; empty when the table holds."""
    problems: list[str] = []
    for row in cases:
        unknown = [i for i in row.intents if i not in INTENTS]
        if unknown:
            problems.append(f"case '{row.name}': unknown intent(s) {', '.join(unknown)}")
            continue
        got = route(row.case(), config)
        actual = {"rule": got.rule, "queue": got.queue, "priority": got.priority, "group_id": got.group_id,
                  "tags": got.tags, "task": got.create_task}
        for key, wanted in row.expect.model_dump().items():
            if wanted is not None and actual[key] != wanted:
                problems.append(f"case '{row.name}': {key} expected {wanted!r}, got {actual[key]!r} (rule '{got.rule}')")
    return problems
