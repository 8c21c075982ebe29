"""`deskhand routes explain|check|test` through the real CLI parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "config" / "routing.toml").read_text(encoding="utf-8")


def test_check_sample_config_ok(capsys):
    assert main(["routes", "check"]) == 0
    assert "routing.toml: OK (14 rules" in capsys.readouterr().out


def test_check_reports_auto_for_refund_request_naming_rule_and_file(tmp_path, capsys):
    bad = tmp_path / "routing.toml"
    bad.write_text(SAMPLE.replace('"shipping/policy" = "auto"', '"shipping/policy" = "auto"\n"refund/request" = "auto"'))
    assert main(["routes", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: 1 problem(s)" in err
    assert f"{bad}: autonomy for refund/request: 'auto' is not allowed for an exception intent" in err


def test_check_reports_unknown_fields_and_unreachable_rules(tmp_path, capsys):
    bad = tmp_path / "routing.toml"
    bad.write_text(SAMPLE.replace('name = "billing"\n', 'name = "billing"\nqeue = "x"\n')
                   + '\n[[routes]]\nname = "after-default"\nqueue = "general"\nwhen = { vip = true }\n')
    assert main(["routes", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "rule 'billing': field 'qeue': unknown field" in err
    bad.write_text(SAMPLE + '\n[[routes]]\nname = "after-default"\nqueue = "general"\nwhen = { vip = true }\n')
    assert main(["routes", "check", str(bad)]) == 1
    assert "rule 'after-default': unreachable, it comes after the default rule 'default'" in capsys.readouterr().err


def test_check_catches_eligibility_clauses_missing_from_the_policies(tmp_path, capsys):
    bad = tmp_path / "routing.toml"
    bad.write_text(SAMPLE.replace('size_change = "exchanges.2"', 'size_change = "exchanges.20"'))
    assert main(["routes", "check", str(bad)]) == 1
    assert "clause 'exchanges.20' for size_change is missing from the policies" in capsys.readouterr().err


def test_check_uses_routing_file_from_settings(tmp_path, capsys):
    routing = tmp_path / "mine.toml"
    routing.write_text('[[routes]]\nname = "only"\nqueue = "general"\nwhen = { vip = true }\n')
    settings = tmp_path / "deskhand.toml"
    settings.write_text(f'[store]\nrouting_file = "{routing}"\npolicies_dir = "{ROOT / "config" / "policies"}"\n')
    assert main(["--config", str(settings), "routes", "check"]) == 1
    assert f"{routing}: no default rule" in capsys.readouterr().err


def test_test_sample_table_passes(capsys):
    assert main(["routes", "test", str(ROOT / "config" / "routing_cases.toml")]) == 0
    assert "22/22 cases as expected" in capsys.readouterr().out


def test_test_mismatch_exits_non_zero(tmp_path, capsys):
    cases = tmp_path / "cases.toml"
    cases.write_text('[[cases]]\nname = "cancel"\nintents = ["order/cancel"]\nexpect = { queue = "billing" }\n'
                     '[[cases]]\nname = "status"\nintents = ["order/status"]\nexpect = { queue = "general" }\n')
    assert main(["routes", "test", str(cases)]) == 1
    captured = capsys.readouterr()
    assert "FAIL case 'cancel': queue expected 'billing', got 'cancellations'" in captured.err
    assert "1/2 cases as expected" in captured.out


def test_explain_prints_every_rule_and_the_result(capsys):
    argv = ["routes", "explain", "--intents", "order/status,order/change", "--fulfillment", "processing",
            "--total", "120", "--tags", "vip"]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("case: intents [order/status, order/change], fulfillment processing, total 120, "
                      "language en, channel email")
    assert "rule 'order-change': MATCHED (intents any of [order/change]) -> queue exchanges, priority normal, task ticket" in out
    assert out[-1] == "result: queue exchanges, priority high, tags [deskhand, order-change, vip], task ticket"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--intents", "order/chnage"], "unknown intent(s): order/chnage"),
        (["--intents", "order/status", "--total", "lots"], "--total must be a number"),
    ],
)
def test_explain_rejects_bad_input(argv, message, capsys):
    assert main(["routes", "explain", *argv]) == 2
    assert message in capsys.readouterr().err


def test_explain_with_text_uses_the_classifier_or_says_it_is_missing(capsys, monkeypatch):
    import bot.commands.routes as routes
    from bot.records import IntentHit, Understanding

    monkeypatch.setattr(routes, "_understand", lambda text, channel: None)
    assert main(["routes", "explain", "--text", "cancel my order"]) == 2
    assert "pass --intents instead" in capsys.readouterr().err

    seen = {}

    def fake(text, channel):
        seen["args"] = (text, channel)
        return Understanding(intents=(IntentHit("order/cancel", 0.8),), language="de", sentiment="angry", confidence=0.8)

    monkeypatch.setattr(routes, "_understand", fake)
    assert main(["routes", "explain", "--text", "Bitte stornieren", "--channel", "chat"]) == 0
    out = capsys.readouterr().out
    assert seen["args"] == ("Bitte stornieren", "chat")
    assert "understood: order/cancel 0.80 (language de, sentiment angry)" in out
    assert "result: queue cancellations, priority urgent" in out
