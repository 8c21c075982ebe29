"""route and explain over the sample config, and the sample routing table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from bot.routing import (
    RouteCase,
    RoutingConfigError,
    check_cases,
    explain,
    load_cases,
    load_routing,
    parse_routing,
    route,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_routing(ROOT / "config" / "routing.toml")


def test_sample_routing_table_holds():
    cases = load_cases(ROOT / "config" / "routing_cases.toml")
    assert len(cases) >= 20
    assert check_cases(cases, CONFIG) == []


def test_table_mismatch_is_reported(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text(
        '[[cases]]\nname = "status"\nintents = ["order/status"]\n'
        'expect = { queue = "exchanges", task = true }\n'
        '[[cases]]\nname = "typo"\nintents = ["order/stat"]\nexpect = { queue = "general" }\n',
        encoding="utf-8",
    )
    problems = check_cases(load_cases(path), CONFIG)
    assert problems == [
        "case 'status': queue expected 'exchanges', got 'general' (rule 'order-help')",
        "case 'status': task expected True, got False (rule 'order-help')",
        "case 'typo': unknown intent(s) order/stat",
    ]


def test_bad_table_file_is_an_error(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text('[[cases]]\nname = "x"\nintents = []\nexpect = { queue = "general", colour = "red" }\n')
    with pytest.raises(RoutingConfigError, match="cases.0.expect.colour"):
        load_cases(path)


def test_multi_intent_change_goes_to_exchanges_as_a_task():
    choice = route(RouteCase(intents=("order/status", "order/change"), fulfillment="processing"), CONFIG)
    assert (choice.rule, choice.queue, choice.group_id, choice.priority, choice.create_task) == (
        "order-change", "exchanges", "9300", "normal", True)
    assert choice.why == "rule 'order-change': intents any of [order/change]"


def test_vip_and_angry_bump_priority_and_add_tags_capped_at_urgent():
    case = RouteCase(intents=("order/cancel",), customer_tags=("VIP",), sentiment="angry")
    choice = route(case, CONFIG)
    assert choice.priority == "urgent"
    assert choice.tags == ("deskhand", "cancellation", "vip", "angry-customer")
    assert "priority raised by 'vip' (+1)" in choice.why and "priority raised by 'angry' (+1)" in choice.why
    legal = route(RouteCase(intents=("meta/legal_or_fraud",), vip=True, sentiment="angry"), CONFIG)
    assert legal.priority == "urgent"


def test_case_derives_answer_classes_and_vip():
    case = RouteCase(intents=("order/status", "made/up"), customer_tags=("Vip", "Wholesale"))
    assert case.answer_classes == ("order_help",)
    assert case.vip is True and case.customer_tags == ("vip", "wholesale")


def _config(when: str):
    import tomllib

    text = (f'[[routes]]\nname = "r"\nqueue = "special"\nwhen = {when}\n'
            '[[routes]]\nname = "default"\nqueue = "general"\n')
    return parse_routing(tomllib.loads(text))


@pytest.mark.parametrize(
    ("when", "case", "hit"),
    [
        ('{ intents_all = ["order/status", "order/change"] }', RouteCase(intents=("order/change", "order/status")), True),
        ('{ intents_all = ["order/status", "order/change"] }', RouteCase(intents=("order/change",)), False),
        ('{ answer_class = ["policy"] }', RouteCase(intents=("return/policy",)), True),
        ('{ fulfillment = ["none"] }', RouteCase(intents=("order/status",)), True),
        ('{ fulfillment = ["fulfilled"] }', RouteCase(intents=(), fulfillment="processing"), False),
        ('{ total_min = 100 }', RouteCase(intents=(), total=Decimal("100")), True),
        ('{ total_min = 100 }', RouteCase(intents=()), False),
        ('{ total_max = 100 }', RouteCase(intents=(), total=Decimal("100.01")), False),
        ('{ language = ["de", "nl"] }', RouteCase(intents=(), language="nl"), True),
        ('{ channel = ["chat"] }', RouteCase(intents=(), channel="email"), False),
        ('{ customer_tags = ["Wholesale"] }', RouteCase(intents=(), customer_tags=("wholesale",)), True),
        ('{ vip = false }', RouteCase(intents=(), customer_tags=("vip",)), False),
        ('{ sentiment = ["angry", "negative"] }', RouteCase(intents=(), sentiment="negative"), True),
    ],
)
def test_each_condition(when, case, hit):
    assert (route(case, _config(when)).rule == "r") is hit


def test_explain_lists_every_rule_with_its_verdict():
    case = RouteCase(intents=("return/request",), fulfillment="fulfilled", total=Decimal("80"), customer_tags=("vip",))
    lines = explain(case, CONFIG)
    assert lines[0] == "rule 'legal-or-fraud': no (no intent in [meta/legal_or_fraud])"
    assert "rule 'large-return-or-refund': no (total 80 < 250)" in lines
    assert ("rule 'return-or-refund': MATCHED (intents any of [return/request, refund/request]) "
            "-> queue returns_refunds, priority normal") in lines
    assert "rule 'default': not reached (first match wins: 'return-or-refund')" in lines
    assert "bump 'vip': MATCHED -> priority +1" in lines
    assert "bump 'angry': no (sentiment neutral not in [angry])" in lines
    assert lines[-1] == "result: queue returns_refunds, priority high, tags [deskhand, return-refund, vip]"
    assert len(lines) == len(CONFIG.routes) + len(CONFIG.priority_bumps) + 1


def test_explain_reports_every_failing_condition():
    config = _config('{ channel = ["chat"], language = ["de"] }')
    lines = explain(RouteCase(intents=()), config)
    assert lines[0] == "rule 'r': no (language en not in [de]; channel email not in [chat])"


def test_config_without_default_raises_when_nothing_matches():
    import tomllib

    config = parse_routing(tomllib.loads('[[routes]]\nname = "only"\nqueue = "q"\nwhen = { vip = true }\n'))
    with pytest.raises(RoutingConfigError, match="no rule matched"):
        route(RouteCase(intents=()), config)
    assert explain(RouteCase(intents=()), config)[-1].startswith("result: no rule matched")
