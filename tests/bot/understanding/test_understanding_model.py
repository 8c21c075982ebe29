"""The trained naive Bayes: learns from our own examples, ignores unknown words, is fast to build."""

from bot.understanding.model import default_model, features, load_cases, train

TINY = [
    {"text": "where is my parcel", "intents": ["order/status"]},
    {"text": "has my parcel shipped yet", "intents": ["order/status"]},
    {"text": "please cancel my order", "intents": ["order/cancel"]},
    {"text": "cancel it please", "intents": ["order/cancel"]},
]


def test_tiny_model_separates_two_intents():
    model = train(TINY)
    assert model.posterior("when will my parcel get here")[0][0] == "order/status"
    assert model.posterior("could you cancel that order")[0][0] == "order/cancel"


def test_unknown_words_do_not_move_the_posterior():
    model = train(TINY)
    assert model.posterior("zzz qqq") == model.posterior("xxyy wwvv")


def test_features_abstract_order_numbers_and_fold_accents():
    feats = features("Où est ma commande 12345?")
    assert "w:<num5>" in feats and "w:ou" in feats and "w:commande" in feats


def test_bundled_model_covers_the_taxonomy():
    model = default_model()
    assert len(model.classes) == 27
    assert len(load_cases()) >= 900
    assert model.posterior("my card was charged twice for one order")[0][0] == "billing/payment_issue"
