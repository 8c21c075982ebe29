"""Policy book: clause ids, version hashes, errors, search."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.policies import PolicyError, fts_query, load_policies, parse_policy

SAMPLE = Path(__file__).resolve().parents[2] / "config" / "policies"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_policies_load_with_every_document_and_stable_ids():
    book = load_policies(SAMPLE)
    assert set(book.documents) == {"returns", "exchanges", "cancellations", "shipping", "refunds", "store", "privacy"}
    clause = book.clause("exchanges.2")
    assert clause.title == "Size changes before dispatch"
    assert clause.policy == "exchanges"
    assert "30 days" in clause.text
    raw = (SAMPLE / "exchanges.md").read_bytes()
    assert clause.version == hashlib.sha256(raw).hexdigest()[:12] == book.version("exchanges")


def test_clause_text_stops_at_the_next_heading(tmp_path):
    _write(tmp_path, "gifts", "# Gifts\n\nIntro.\n\n## gifts.1 Wrapping\n\nWe wrap.\n\n## gifts.2 Notes\n\nWe add notes.\n")
    book = load_policies(tmp_path)
    assert book.clause("gifts.1").text == "We wrap."
    assert book.clause("gifts.2").text == "We add notes."
    assert book.documents["gifts"].title == "Gifts"
    assert book.documents["gifts"].clause_ids == ("gifts.1", "gifts.2")


def test_version_changes_when_the_file_changes(tmp_path):
    path = _write(tmp_path, "gifts", "# Gifts\n\n## gifts.1 Wrapping\n\nWe wrap.\n")
    before = load_policies(tmp_path).version("gifts")
    path.write_text("# Gifts\n\n## gifts.1 Wrapping\n\nWe wrap for free.\n", encoding="utf-8")
    after = load_policies(tmp_path)
    assert after.version("gifts") != before
    assert after.clause("gifts.1").version == after.version("gifts")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## gifts.1 A\n\nx\n\n## gifts.1 B\n\ny\n", "gifts.md:5: duplicate clause id gifts.1"),
        ("## Wrapping\n\nx\n", "gifts.md:1: heading without a clause id"),
        ("## returns.1 Window\n\nx\n", "gifts.md:1: clause returns.1 does not belong to document 'gifts'"),
        ("## gifts.1 Empty\n\n## gifts.2 Full\n\nx\n", "gifts.md: clause gifts.1 has no text"),
        ("# Gifts\n\nOnly prose.\n", "gifts.md: no clauses"),
    ],
)
def test_malformed_documents_name_file_line_and_id(text, expected):
    with pytest.raises(PolicyError) as err:
        parse_policy("gifts", text.encode())
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems


def test_load_collects_problems_from_every_file(tmp_path):
    _write(tmp_path, "a", "## a.1 One\n\nx\n## a.1 Again\n\ny\n")
    _write(tmp_path, "b", "## nope\n")
    with pytest.raises(PolicyError) as err:
        load_policies(tmp_path)
    joined = " | ".join(err.value.problems)
    assert "duplicate clause id a.1" in joined and "b.md:1: heading without a clause id" in joined


def test_missing_clause_and_missing_directory_are_clear_errors(tmp_path):
    book = load_policies(SAMPLE)
    with pytest.raises(PolicyError, match="policy clause exchanges.99 missing"):
        book.clause("exchanges.99")
    assert book.get("exchanges.99") is None
    assert book.missing(["returns.1", "returns.42", "nothing.1"]) == ["returns.42", "nothing.1"]
    with pytest.raises(PolicyError, match="policy directory not found"):
        load_policies(tmp_path / "absent")
    with pytest.raises(PolicyError, match="no policy documents"):
        load_policies(tmp_path)


def test_subheadings_stay_inside_their_clause(tmp_path):
    _write(tmp_path, "gifts", "## gifts.1 Wrapping\n\n### Paper\n\nRecycled.\n")
    assert "### Paper" in load_policies(tmp_path).clause("gifts.1").text


@pytest.mark.parametrize(
    ("question", "clause_id"),
    [
        ("how many days do I have to return something", "returns.1"),
        ("do you ship to canada", "shipping.1"),
        ("do your gift cards expire", "store.3"),
        ("can I pay by bank transfer or on invoice", "store.1"),
        ("is there a warranty on the cast iron skillet", "store.6"),
        ("do you have a price match policy", "store.5"),
        ("can sale items be returned", "returns.4"),
        ("is there an express or next-day service", "shipping.6"),
        ("can I use two discount codes on one order", "store.4"),
    ],
)
def test_keyword_search_finds_the_clause_that_answers(question, clause_id):
    hits = load_policies(SAMPLE).search(question, limit=2)
    assert clause_id in [c.id for c in hits]


def test_search_can_be_limited_to_documents_and_ignores_noise():
    book = load_policies(SAMPLE)
    assert all(c.policy == "refunds" for c in book.search("how long does the refund take", 5, documents=["refunds"]))
    assert book.search("the and of", 3) == []
    assert book.search("zzzz qqqq", 3) == []


@pytest.mark.parametrize(
    ("question", "clause_id"),
    [
        ("what is your return window?", "returns.1"),
        ("how long do I have to return an item?", "returns.1"),
        ("can I exchange for a different size after it arrives?", "exchanges.4"),
        ("how long does delivery take?", "shipping.4"),
        ("my mug arrived damaged, what now?", "returns.8"),
        ("how long until the refund shows on my card?", "refunds.2"),
    ],
)
def test_full_text_search_ranks_the_answering_clause_first(question, clause_id):
    assert load_policies(SAMPLE).search(question, limit=3)[0].id == clause_id


@pytest.mark.parametrize(
    "text",
    [
        '"returns',
        'window" OR "',
        "(return) AND (window",
        "NEAR(return window, 2)",
        "return* -window ^refund",
        "returns:window {shipping} [x]",
        "NOT AND OR",
        "退货政策 返金 возврат",
        "🙂 ¿dónde está mi devolución?",
        "x\x00y",
    ],
)
def test_customer_text_cannot_break_the_match_syntax(text):
    hits = load_policies(SAMPLE).search(text, limit=5)
    assert all(hit.id in load_policies(SAMPLE).clauses for hit in hits)


def test_fts_query_quotes_every_term_and_passes_no_operator():
    query = fts_query('return* OR "window" NEAR(a, b) -xl')
    assert query == '"return" OR "window" OR "near" OR "xl"'
    assert fts_query("the and of ?!") == ""


@pytest.mark.parametrize("text", ["", "   ", "?!", "the and of", "a I"])
def test_empty_or_stopword_queries_return_nothing(text):
    assert load_policies(SAMPLE).search(text, 3) == []


def test_search_folds_stems_and_accents_and_honours_documents():
    book = load_policies(SAMPLE)
    assert book.search("refunded", 1)[0].policy == "refunds"  # porter: refunded ~ refund
    assert book.search("réturns", 1)[0].policy == "returns"  # remove_diacritics
    assert book.search("return window", 3, documents=[]) == []
    assert {c.policy for c in book.search("return window refund", 5, documents=["refunds"])} == {"refunds"}
