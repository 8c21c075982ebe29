"""Metrics on a tiny hand-computed case, JSONL loading errors, and the `eval` command."""

import argparse
import json

import pytest

from bot.commands import eval as eval_cmd
from bot.evaluation import EvalDataError, evaluate, load_cases
from bot.records import IntentHit, Understanding

# Gold vs what a scripted classifier "predicts" for each text.
SCRIPT = {
    "a": ["order/status"],                      # gold order/status            -> exact
    "b": ["order/status", "refund/request"],    # gold order/status            -> extra refund/request (FP)
    "c": ["return/policy"],                     # gold return/request          -> missed escalation
    "d": ["order/cancel"],                      # gold order/cancel, refund/request -> FN refund/request
}
CASES = [
    {"id": "1", "text": "a", "intents": ["order/status"]},
    {"id": "2", "text": "b", "intents": ["order/status"]},
    {"id": "3", "text": "c", "intents": ["return/request"]},
    {"id": "4", "text": "d", "intents": ["order/cancel", "refund/request"]},
]


def scripted(text, *, subject=None, channel="email"):
    return Understanding(intents=tuple(IntentHit(n, 0.9) for n in SCRIPT[text]))


def test_metrics_match_a_hand_computed_case():
    r = evaluate(CASES, understand_fn=scripted)
    assert r.n == 4
    s = r.per_intent
    # order/status: tp 2, fp 0, fn 0
    assert (s["order/status"].precision, s["order/status"].recall, s["order/status"].f1) == (1.0, 1.0, 1.0)
    assert s["order/status"].support == 2
    # refund/request: tp 0, fp 1 (case 2), fn 1 (case 4) -> P 0, R 0, F1 0
    assert (s["refund/request"].precision, s["refund/request"].recall, s["refund/request"].f1) == (0.0, 0.0, 0.0)
    assert s["refund/request"].support == 1
    # return/policy predicted only (P 0); return/request gold only (R 0); order/cancel perfect
    assert s["return/policy"].f1 == 0.0 and s["return/policy"].support == 0
    assert s["return/request"].recall == 0.0 and s["return/request"].support == 1
    assert s["order/cancel"].f1 == 1.0
    # macro over the 5 intents present in gold or predictions: (1 + 0 + 0 + 0 + 1) / 5
    assert r.macro_f1 == 0.4
    # escalation: gold escalates in cases 3 and 4; predicted escalates in 2 (refund/request) and 4 (cancel)
    assert r.escalation_recall == 0.5
    assert r.escalation_precision == 0.5
    assert r.primary_accuracy == 0.75  # case 3 has the wrong primary
    assert r.exact_match == 0.25
    assert [m.id for m in r.misses] == ["2", "3", "4"]


def test_perfect_classifier_scores_one():
    r = evaluate(CASES, understand_fn=lambda text, **_: Understanding(
        intents=tuple(IntentHit(n, 1.0) for n in next(c["intents"] for c in CASES if c["text"] == text))))
    assert (r.macro_f1, r.escalation_recall, r.escalation_precision, r.exact_match) == (1.0, 1.0, 1.0, 1.0)


def test_load_cases_names_the_bad_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text('{"text": "hi", "intents": ["other/unclear"]}\n\n{"text": "x", "intents": [\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"cases.jsonl:3: not valid JSON"):
        load_cases(path)


@pytest.mark.parametrize("line, message", [
    ('["not", "an", "object"]', "expected a JSON object"),
    ('{"intents": ["order/status"]}', "'text'"),
    ('{"text": "hi", "intents": []}', "non-empty list"),
    ('{"text": "hi", "intents": ["order/teleport"]}', "unknown intent"),
])
def test_load_cases_checks_fields(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "intents": ["other/thanks"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="bad.jsonl:2: .*" + message.replace("'", "'")):
        load_cases(path)


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.jsonl"
    rows = [
        {"id": "s1", "channel": "chat", "text": "where is my order 12345?", "intents": ["order/status"]},
        {"id": "s2", "channel": "chat", "text": "please cancel order 12345", "intents": ["order/cancel"]},
        {"id": "s3", "channel": "email", "subject": "hi", "text": "thanks!", "intents": ["other/thanks"]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_prints_one_json_object(small_file, capsys):
    code = eval_cmd.run(argparse.Namespace(file=str(small_file), json=True))
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["n"] == 3
    assert {"macro_f1", "escalation_recall", "escalation_precision", "per_intent"} <= set(out)
    assert set(out["per_intent"]["order/cancel"]) == {"precision", "recall", "f1", "support"}


def test_cli_prints_a_table(small_file, capsys):
    assert eval_cmd.run(argparse.Namespace(file=str(small_file), json=False)) == 0
    out = capsys.readouterr().out
    assert "order/cancel" in out and "macro-F1" in out and "escalation recall" in out


def test_cli_reports_bad_files(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert eval_cmd.run(argparse.Namespace(file=str(bad), json=False)) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err
    assert eval_cmd.run(argparse.Namespace(file=str(tmp_path / "missing.jsonl"), json=False)) == 2


def test_command_registers_with_the_cli():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    eval_cmd.register(sub)
    args = parser.parse_args(["eval", "x.jsonl", "--json"])
    assert args.func is eval_cmd.run and args.file == "x.jsonl" and args.json
