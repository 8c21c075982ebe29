"""Routing config loading and the validator: problems name the rule and the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.policies import load_policies
from bot.routing_config import RoutingConfigError, When, covers, load_routing, parse_routing, validate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "config" / "routing.toml"
DEFAULT = '[[routes]]\nname = "default"\nqueue = "general"\n'


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "routing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(RoutingConfigError) as err:
        load_routing(_file(tmp_path, text))
    return err.value.problems


def test_sample_config_is_valid_against_the_sample_policies():
    config = load_routing(SAMPLE)
    assert validate(config, load_policies(ROOT / "config" / "policies")) == []
    assert config.routes[-1].when.is_empty()
    assert config.autonomy.mode_for("order/change") == "draft"
    assert config.source == str(SAMPLE)


def test_auto_for_refund_request_is_refused_naming_the_rule_and_file(tmp_path):
    path = _file(tmp_path, DEFAULT + '[autonomy.intents]\n"refund/request" = "auto"\n')
    with pytest.raises(RoutingConfigError) as err:
        load_routing(path)
    assert err.value.problems == [
        f"{path}: autonomy for refund/request: 'auto' is not allowed for an exception intent"
    ]


@pytest.mark.parametrize(
    ("intent", "cls"),
    [("order/change", "exception"), ("account/privacy", "escalation"), ("meta/legal_or_fraud", "escalation")],
)
def test_auto_is_refused_for_every_exception_and_escalation_intent(tmp_path, intent, cls):
    problems = _problems(tmp_path, DEFAULT + f'[autonomy.intents]\n"{intent}" = "auto"\n')
    assert problems[0].endswith(f"autonomy for {intent}: 'auto' is not allowed for an {cls} intent")


def test_auto_is_allowed_for_public_and_customer_intents(tmp_path):
    text = DEFAULT + '[autonomy.intents]\n"product/question" = "auto"\n"order/status" = "auto"\n'
    assert load_routing(_file(tmp_path, text)).autonomy.mode_for("order/status") == "auto"


def test_auto_default_is_refused_unless_every_risky_intent_is_pinned(tmp_path):
    problems = _problems(tmp_path, DEFAULT + '[autonomy]\ndefault = "auto"\n')
    assert "autonomy default: 'auto' would apply to exception/escalation intents" in problems[0]
    from bot.taxonomy import INTENTS

    pinned = "".join(f'"{n}" = "draft"\n' for n, s in INTENTS.items() if s.escalates)
    ok = load_routing(_file(tmp_path, DEFAULT + '[autonomy]\ndefault = "auto"\n[autonomy.intents]\n' + pinned))
    assert ok.autonomy.mode_for("product/question") == "auto"


def test_unknown_fields_are_named_with_their_rule(tmp_path):
    text = ('[[routes]]\nname = "cancel"\nqueue = "cancellations"\nwhen = { intent = ["order/cancel"] }\n'
            '[[routes]]\nname = "default"\nqueue = "general"\nprio = "high"\n')
    path = _file(tmp_path, text)
    problems = _problems(tmp_path, text)
    assert f"{path}: rule 'cancel': field 'when.intent': unknown field" in problems
    assert f"{path}: rule 'default': field 'prio': unknown field" in problems


def test_bad_values_name_the_rule(tmp_path):
    text = '[[routes]]\nname = "default"\nqueue = "general"\npriority = "asap"\n'
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and "rule 'default': field 'priority'" in problems[0]


def test_unknown_intents_in_rules_and_autonomy(tmp_path):
    text = ('[[routes]]\nname = "oops"\nqueue = "general"\nwhen = { intents_any = ["order/chnage"] }\n'
            + DEFAULT + '[autonomy.intents]\n"order/stauts" = "draft"\n')
    problems = _problems(tmp_path, text)
    assert any("rule 'oops': unknown intent 'order/chnage'" in p for p in problems)
    assert any("autonomy for order/stauts: unknown intent" in p for p in problems)


def test_default_rule_is_required(tmp_path):
    text = '[[routes]]\nname = "cancel"\nqueue = "cancellations"\nwhen = { intents_any = ["order/cancel"] }\n'
    assert any("no default rule" in p for p in _problems(tmp_path, text))


def test_rule_after_the_default_is_unreachable(tmp_path):
    text = DEFAULT + '[[routes]]\nname = "late"\nqueue = "billing"\nwhen = { intents_any = ["billing/payment_issue"] }\n'
    path = _file(tmp_path, text)
    problems = _problems(tmp_path, text)
    assert problems == [f"{path}: rule 'late': unreachable, it comes after the default rule 'default'"]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ('{ intents_any = ["return/request"] }', '{ intents_any = ["return/request"] }'),
        ('{ intents_any = ["return/request", "refund/request"] }', '{ intents_any = ["refund/request"] }'),
        ('{ intents_any = ["return/request"] }', '{ intents_any = ["return/request"], total_min = 250 }'),
        ('{ intents_any = ["order/cancel"] }', '{ intents_all = ["order/cancel", "order/status"] }'),
        ('{ answer_class = ["exception"] }', '{ intents_any = ["order/cancel", "order/change"] }'),
        ('{ total_min = 100 }', '{ total_min = 150, total_max = 300 }'),
        ('{ vip = true }', '{ vip = true, channel = ["chat"] }'),
        ('{ fulfillment = ["processing", "on_hold"] }', '{ fulfillment = ["processing"] }'),
    ],
)
def test_rule_shadowed_by_a_broader_earlier_rule_is_unreachable(tmp_path, earlier, later):
    text = (f'[[routes]]\nname = "broad"\nqueue = "general"\nwhen = {earlier}\n'
            f'[[routes]]\nname = "narrow"\nqueue = "general"\nwhen = {later}\n' + DEFAULT)
    problems = _problems(tmp_path, text)
    assert any("rule 'narrow': unreachable, earlier rule 'broad' matches every case it matches" in p for p in problems)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ('{ intents_any = ["return/request"], total_min = 250 }', '{ intents_any = ["return/request"] }'),
        ('{ intents_any = ["refund/request"] }', '{ intents_any = ["return/request", "refund/request"] }'),
        ('{ intents_all = ["order/cancel", "order/status"] }', '{ intents_any = ["order/cancel"] }'),
        ('{ fulfillment = ["processing"] }', '{ intents_any = ["order/cancel"] }'),
        ('{ vip = true }', '{ vip = false }'),
        ('{ total_max = 100 }', '{ total_min = 50 }'),
    ],
)
def test_narrower_earlier_rule_does_not_shadow(tmp_path, earlier, later):
    text = (f'[[routes]]\nname = "first"\nqueue = "general"\nwhen = {earlier}\n'
            f'[[routes]]\nname = "second"\nqueue = "general"\nwhen = {later}\n' + DEFAULT)
    assert len(load_routing(_file(tmp_path, text)).routes) == 3


def test_swapping_the_sample_refund_rules_makes_one_unreachable(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    names = [r["name"] for r in data["routes"]]
    i, j = names.index("large-return-or-refund"), names.index("return-or-refund")
    data["routes"][i], data["routes"][j] = data["routes"][j], data["routes"][i]
    problems = validate(parse_routing(data, "swapped.toml"))
    assert problems == [
        "swapped.toml: rule 'large-return-or-refund': unreachable, earlier rule 'return-or-refund' "
        "matches every case it matches"
    ]


def test_other_checks(tmp_path):
    text = ('queues = ["general"]\n'
            '[[routes]]\nname = "x"\nqueue = "genral"\nwhen = { total_min = 10, total_max = 5 }\n'
            '[[routes]]\nname = "x"\nqueue = "general"\n'
            '[[priority_bumps]]\nname = "everyone"\nwhen = {}\n'
            '[eligibility.clauses]\nsize_swap = "exchanges.2"\nsize_change = "exchanges.42"\n')
    config = parse_routing(tomllib.loads(text), "r.toml")
    problems = validate(config, load_policies(ROOT / "config" / "policies"))
    assert "r.toml: rule 'x': unknown queue 'genral' (queues: general)" in problems
    assert "r.toml: rule 'x': total_min 10 is above total_max 5: never matches" in problems
    assert "r.toml: rule 'x': duplicate rule name" in problems
    assert "r.toml: bump 'everyone': no conditions (it would raise every case)" in problems
    assert "r.toml: eligibility: unknown change type 'size_swap'" in problems
    assert "r.toml: eligibility: clause 'exchanges.42' for size_change is missing from the policies" in problems


def test_file_errors(tmp_path):
    with pytest.raises(RoutingConfigError, match="file not found"):
        load_routing(tmp_path / "absent.toml")
    with pytest.raises(RoutingConfigError, match="not valid TOML"):
        load_routing(_file(tmp_path, "[[routes]\n"))


def test_group_ids_may_be_numbers_in_toml(tmp_path):
    config = load_routing(_file(tmp_path, DEFAULT + "group_id = 9000\n"))
    assert config.routes[0].group_id == "9000"


def test_covers_is_reflexive_and_empty_covers_all():
    narrow = When(intents_any=("order/cancel",), channel=("chat",))
    assert covers(narrow, narrow)
    assert covers(When(), narrow)
    assert not covers(narrow, When())
