"""Routing and autonomy config (ops-owned TOML) as pydantic models, plus its validator."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from bot.eligibility import INTENT_CHANGE, EligibilityConfig
from bot.records import Mode, Sentiment
from bot.taxonomy import INTENTS, AnswerClass

if TYPE_CHECKING:
    from bot.policies import PolicyBook

Priority = Literal["low", "normal", "high", "urgent"]
PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
# "none" matches a case that concerns no (verified) order.
FulfillmentCondition = Literal[
    "awaiting_payment", "processing", "on_hold", "fulfilled", "cancelled", "refunded", "failed", "unknown", "none"
]
CHANGE_TYPES = frozenset(INTENT_CHANGE.values()) | {"size_change", "colour_change", "quantity_change"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(_Model):
    """Conditions of a rule; every condition given must hold, list conditions match any element."""

    intents_any: tuple[str, ...] = ()
    intents_all: tuple[str, ...] = ()
    answer_class: tuple[AnswerClass, ...] = ()
    fulfillment: tuple[FulfillmentCondition, ...] = ()
    total_min: Decimal | None = None
    total_max: Decimal | None = None
    language: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    customer_tags: tuple[str, ...] = ()
    vip: bool | None = None
    sentiment: tuple[Sentiment, ...] = ()

    def is_empty(self) -> bool:
        """True for the default rule: no condition at all."""
        return all(v in (None, ()) for v in self.__dict__.values())


class Route(_Model):
    """One routing rule: conditions -> queue, group, priority, tags and mode."""

    name: str = Field(min_length=1)
    when: When = When()
    queue: str = Field(min_length=1)
    group_id: str | None = None
    priority: Priority = "normal"
    tags: tuple[str, ...] = ()
    mode: Literal["route", "task"] = "route"  # task = also create a linked handoff ticket

    @field_validator("group_id", mode="before")
    @classmethod
    def _group_as_text(cls, value: Any) -> Any:
        # Help-desk group ids are numbers in TOML but opaque strings everywhere else.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class PriorityBump(_Model):
    """Raises the priority chosen by the routes (after first match) when its conditions hold."""

    name: str = Field(min_length=1)
    when: When
    steps: int = Field(1, ge=1, le=3)
    tags: tuple[str, ...] = ()


class Autonomy(_Model):
    """Per-intent mode: observe (record only), draft (note for approval) or auto (public reply)."""

    default: Mode = "draft"
    intents: dict[str, Mode] = Field(default_factory=dict)

    def mode_for(self, intent: str) -> Mode:
        """The configured mode of one intent."""
        return self.intents.get(intent, self.default)


class RoutingConfig(_Model):
    """Everything ops configure about where cases go and how much the bot may do alone."""

    queues: tuple[str, ...] = ()  # when given, every rule must use one of these
    routes: tuple[Route, ...] = ()
    priority_bumps: tuple[PriorityBump, ...] = ()
    autonomy: Autonomy = Autonomy()
    eligibility: EligibilityConfig = EligibilityConfig()
    _source: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """The file this config came from, or '' when built in code."""
        return self._source

    def with_source(self, source: str) -> "RoutingConfig":
        """Remember which file this config came from, for problem messages."""
        self._source = source
        return self


class RoutingConfigError(ValueError):
    """A routing config cannot be used; `problems` names the rule and file of each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_routing(data: dict[str, Any], source: str = "") -> RoutingConfig:
    """Build a RoutingConfig from parsed TOML; raises RoutingConfigError naming rule and file."""
    try:
        return RoutingConfig.model_validate(data).with_source(source)
    except ValidationError as err:
        raise RoutingConfigError([_describe(item, data, source) for item in err.errors()]) from None


def load_routing(path: str | Path) -> RoutingConfig:
    """Read and validate a routing TOML file; raises RoutingConfigError with every problem."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutingConfigError([f"{source}: file not found"]) from None
    except tomllib.TOMLDecodeError as err:
        raise RoutingConfigError([f"{source}: not valid TOML: {err}"]) from None
    config = parse_routing(data, source)
    problems = validate(config)
    if problems:
        raise RoutingConfigError(problems)
    return config


def _describe(item: Any, data: dict[str, Any], source: str) -> str:
    loc = list(item["loc"])
    label = ".".join(str(p) for p in loc) or "(file)"
    # routes[2].when.x -> name the rule rather than its position.
    if len(loc) >= 2 and loc[0] in ("routes", "priority_bumps") and isinstance(loc[1], int):
        entries = data.get(loc[0]) or []
        name = entries[loc[1]].get("name") if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else None
        kind = "rule" if loc[0] == "routes" else "bump"
        field = ".".join(str(p) for p in loc[2:]) or "(entry)"
        label = f"{kind} '{name}'" if name else f"{kind} #{loc[1] + 1}"
        label += f": field '{field}'"
    msg = "unknown field" if item["type"] == "extra_forbidden" else item["msg"].removeprefix("Value error, ")
    return f"{_where(source)}{label}: {msg}"


def _where(source: str) -> str:
    return f"{source}: " if source else ""


# --------------------------------------------------------------------------- validator


def validate(config: RoutingConfig, book: "PolicyBook | None" = None) -> list[str]:
    """Every problem of a parsed config, each naming the rule (and file); empty when usable."""
    at = _where(config.source)
    problems: list[str] = []
    seen: set[str] = set()
    for rule in config.routes:
        label = f"{at}rule '{rule.name}'"
        if rule.name in seen:
            problems.append(f"{label}: duplicate rule name")
        seen.add(rule.name)
        problems.extend(f"{label}: {p}" for p in _when_problems(rule.when))
        if config.queues and rule.queue not in config.queues:
            problems.append(f"{label}: unknown queue '{rule.queue}' (queues: {', '.join(config.queues)})")
    problems.extend(_reachability(config, at))
    for bump in config.priority_bumps:
        label = f"{at}bump '{bump.name}'"
        if bump.when.is_empty():
            problems.append(f"{label}: no conditions (it would raise every case)")
        problems.extend(f"{label}: {p}" for p in _when_problems(bump.when))
    problems.extend(_autonomy_problems(config, at))
    for kind, clause_id in config.eligibility.clauses.items():
        if kind not in CHANGE_TYPES:
            problems.append(f"{at}eligibility: unknown change type '{kind}'")
        elif book is not None and book.get(clause_id) is None:
            problems.append(f"{at}eligibility: clause '{clause_id}' for {kind} is missing from the policies")
    return problems


def _when_problems(when: When) -> list[str]:
    problems = [f"unknown intent '{n}'" for n in (*when.intents_any, *when.intents_all) if n not in INTENTS]
    if when.total_min is not None and when.total_max is not None and when.total_min > when.total_max:
        problems.append(f"total_min {when.total_min} is above total_max {when.total_max}: never matches")
    return problems


def _reachability(config: RoutingConfig, at: str) -> list[str]:
    problems: list[str] = []
    default = next((r for r in config.routes if r.when.is_empty()), None)
    if default is None:
        problems.append(f"{at}no default rule: the last rule must have no conditions")
    elif config.routes[-1] is not default:
        for rule in config.routes[config.routes.index(default) + 1 :]:
            problems.append(f"{at}rule '{rule.name}': unreachable, it comes after the default rule '{default.name}'")
    conditional = [r for r in config.routes if not r.when.is_empty()]
    for j, later in enumerate(conditional):
        if default is not None and config.routes.index(later) > config.routes.index(default):
            continue
        for earlier in conditional[:j]:
            if covers(earlier.when, later.when):
                problems.append(
                    f"{at}rule '{later.name}': unreachable, earlier rule '{earlier.name}' matches every case it matches"
                )
                break
    return problems


def _autonomy_problems(config: RoutingConfig, at: str) -> list[str]:
    problems: list[str] = []
    autonomy = config.autonomy
    for name, mode in autonomy.intents.items():
        spec = INTENTS.get(name)
        if spec is None:
            problems.append(f"{at}autonomy for {name}: unknown intent")
        elif mode == "auto" and spec.escalates:
            problems.append(f"{at}autonomy for {name}: 'auto' is not allowed for an {spec.answer_class} intent")
    if autonomy.default == "auto":
        left = [n for n, s in INTENTS.items() if s.escalates and n not in autonomy.intents]
        if left:
            problems.append(
                f"{at}autonomy default: 'auto' would apply to exception/escalation intents "
                f"({', '.join(left[:3])}{', ...' if len(left) > 3 else ''}); set them to draft or observe"
            )
    return problems


# --------------------------------------------------------------------------- shadowing


def covers(earlier: When, later: When) -> bool:
    """True when every case matching `later` also matches `earlier` (so `later` never wins)."""
    return all(
        (
            _intents_any_implied(earlier.intents_any, later),
            _intents_all_implied(earlier.intents_all, later),
            _classes_implied(earlier.answer_class, later),
            _subset(earlier.fulfillment, later.fulfillment),
            _subset(earlier.language, later.language),
            _subset(earlier.channel, later.channel),
            _subset(earlier.customer_tags, later.customer_tags),
            _subset(earlier.sentiment, later.sentiment),
            earlier.vip is None or earlier.vip == later.vip,
            earlier.total_min is None or (later.total_min is not None and later.total_min >= earlier.total_min),
            earlier.total_max is None or (later.total_max is not None and later.total_max <= earlier.total_max),
        )
    )


def _subset(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    # An absent condition accepts everything; a present one only covers a narrower present one.
    return not earlier or (bool(later) and set(later) <= set(earlier))


def _intents_any_implied(wanted: tuple[str, ...], later: When) -> bool:
    if not wanted:
        return True
    if set(later.intents_all) & set(wanted):
        return True
    return bool(later.intents_any) and set(later.intents_any) <= set(wanted)


def _intents_all_implied(wanted: tuple[str, ...], later: When) -> bool:
    single_any = set(later.intents_any) if len(later.intents_any) == 1 else set()
    return set(wanted) <= set(later.intents_all) | single_any


def _classes_implied(wanted: tuple[str, ...], later: When) -> bool:
    if not wanted:
        return True
    if later.answer_class and set(later.answer_class) <= set(wanted):
        return True
    if any(n in INTENTS and INTENTS[n].answer_class in wanted for n in later.intents_all):
        return True
    return bool(later.intents_any) and all(
        n in INTENTS and INTENTS[n].answer_class in wanted for n in later.intents_any
    )
