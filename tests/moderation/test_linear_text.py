"""The text models are fitted with scikit-learn and scored in plain Python. These stories
hold the two to the same probabilities (to 1e-9) on a few hundred varied texts, for
alt-profanity-check's shipped model and for a spam model fitted here: when a scikit-learn
upgrade changes how it tokenises or scores, this is the test that says so. The last story
posts a comment from a fresh process and finds no scikit-learn, SciPy or NumPy loaded."""

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from rejoinder.moderation import offensive, spam
from rejoinder.moderation.linear_text import LinearTextModel, from_sklearn
from rejoinder.moderation.models import OffensiveModel, SpamModel
from tests.corpora import corpora_dir
from tests.moderation.corpus import corpus

EDGES = [
    "",
    "   \n\t ",
    "the and of to it is",  # only stop words
    "The THE the ThE",
    "YOU ARE AN IDIOT",
    "Café crème brûlée, naïve résumé, Ångström, São Paulo",
    "ÉNORME IDIÖT, ŞTUPİD",
    "ﬁne ligatures ﬂow; Ǆungla; ½ price; ①②③",
    "Straße STRASSE straße",
    "İstanbul ıstanbul",
    "idiot idiot idiot idiot idiot",  # term frequency, sublinear or not
    "shut up shut up, shut UP",
    "日本語のテキスト and Ελληνικά κείμενα and русский текст",
    "emoji 😀 idiot 🤬 crypto 🚀🚀",
    "a b c d e f g",  # single letters are no tokens
    "don't won't can't shouldn't",
    "123 4567 $5000 3.14 1,000,000",
    "snake_case_word __init__ x_y",
    "tab\tnew\nline\r\ncarriage",
    "stupid-idiot/moron.scum",
    "Earn $5000 a week from home with crypto signals, act now",
    "The tram extension deserves a proper trial first.",
    "crypto crypto signals signals earn earn now",
]


# Our own hostile and odd texts, so that a clone without the shared corpora still tries
# markup, controls and scripts the tokenisers must split alike.
HOSTILE = [
    '<script>alert("idiot")</script>',
    "<img src=x onerror=alert(1)>stupid",
    "javascript:alert(document.cookie)//crypto",
    "\u202eevil reversed\u202c text",
    "zero\u200bwidth\u200cjoin\u200dlike",
    "null\x00byte and \x1b[31mescape",
    "\ufeffBOM at the start",
    "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 🇬🇧 letters",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ text",
    "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "١٢٣ arabic digits and עברית mixed",
    "𝐁𝐨𝐥𝐝 𝕯𝖔𝖚𝖇𝖑𝖊 maths letters",
    "' OR 1=1 -- ; DROP TABLE comments;",
    "%s %d {0} ${jndi:ldap://x}",
]


def own_texts() -> list[str]:
    return EDGES + HOSTILE + [text for text, _ in corpus(150, seed=11)]


def corpus_texts() -> list[str]:
    corpora = corpora_dir()
    payloads = (corpora / "xss" / "payloads.txt").read_text(encoding="utf-8").splitlines()
    naughty = json.loads((corpora / "unicode" / "blns.json").read_text(encoding="utf-8"))
    return own_texts() + payloads + naughty


@pytest.fixture(
    scope="module",
    params=["own", pytest.param("with-corpora", marks=pytest.mark.corpora)],
)
def texts(request) -> list[str]:
    return own_texts() if request.param == "own" else corpus_texts()


def sklearn_offensive():
    from profanity_check.profanity_check import model, vectorizer

    return vectorizer, model


def sklearn_spam():
    texts, labels = zip(*corpus(300, seed=2), strict=True)
    # Accented and capitalised words in the vocabulary, so stripping accents is exercised.
    texts += ("Crème de la crème: café déals, CLICK NOW", "Naïve résumé of the café budget")
    labels += ("spam", "ham")
    pipeline = spam.build_pipeline()
    pipeline.fit(list(texts), [label == "spam" for label in labels])
    return pipeline.steps[0][1], pipeline.steps[-1][1]


@pytest.fixture(scope="module", params=["offensive", "spam"])
def fitted(request):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package's model was pickled by an older sklearn
        vectorizer, classifier = {"offensive": sklearn_offensive, "spam": sklearn_spam}[
            request.param
        ]()
    return vectorizer, classifier, from_sklearn(vectorizer, classifier)


def test_the_texts_are_varied_and_many(texts):
    assert len(texts) > 180
    assert any(not text.isascii() for text in texts)
    assert any(not text.isprintable() for text in texts)


def test_the_analyzer_splits_every_text_as_sklearn_does(fitted, texts):
    vectorizer, _classifier, model = fitted
    sklearn_analyzer = vectorizer.build_analyzer()
    for text in texts:
        assert model.analyzer(text) == sklearn_analyzer(text), text


def test_probabilities_equal_sklearns(fitted, texts):
    vectorizer, classifier, model = fitted
    expected = classifier.predict_proba(vectorizer.transform(texts))[:, 1]
    differences = [
        (abs(model.probability(text) - float(want)), text)
        for text, want in zip(texts, expected, strict=True)
    ]
    worst, text = max(differences)
    assert worst < 1e-9, f"{worst:.3g} on {text!r}"
    assert min(expected) < 0.2 and max(expected) > 0.8  # the texts span the scale


def test_the_plain_data_round_trips_through_json_unchanged(fitted, texts):
    _vectorizer, _classifier, model = fitted
    again = LinearTextModel.from_data(json.loads(json.dumps(model.to_data())))
    for text in texts[:200]:
        assert again.explain(text) == model.explain(text)


def test_the_spam_score_names_the_same_words_as_before(texts):
    """The moderator's "words behind the score", as the sklearn version computed them: each
    term's tf-idf times its weight, the positive ones, strongest first."""
    vectorizer, classifier = sklearn_spam()
    model = from_sklearn(vectorizer, classifier)
    names = vectorizer.get_feature_names_out()
    weighted = vectorizer.transform(texts).multiply(classifier.coef_[0]).tocsr()
    for number, text in enumerate(texts):
        row = weighted[[number]]
        pushing = sorted(
            (
                (weight, names[index])
                for index, weight in zip(row.indices, row.data, strict=True)
                if weight > 0
            ),
            reverse=True,
        )
        assert spam.predict(model, text).features == [name for _, name in pushing[:5]], text


def test_a_model_it_cannot_reproduce_is_refused():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = (
        ["spam spam offer", "a fair point", "buy now offer", "well argued"],
        [1, 0, 1, 0],
    )
    vectorizer = TfidfVectorizer(analyzer="char").fit(texts)
    classifier = LogisticRegression().fit(vectorizer.transform(texts), labels)
    with pytest.raises(ValueError, match="analyzer"):
        from_sklearn(vectorizer, classifier)


@pytest.mark.django_db
def test_the_offensive_model_is_exported_once_per_package_version():
    OffensiveModel.objects.create(package_version="0.0.1", model={})

    row = offensive.ensure_model()

    assert row.package_version == offensive.version(offensive.PACKAGE)
    assert list(OffensiveModel.objects.values_list("pk", flat=True)) == [row.pk]
    assert offensive.ensure_model() == row
    assert offensive.score("You are a stupid idiot and should shut up.") > 0.99
    assert offensive.score("Thanks, this was a careful and fair piece.") < 0.05


def database_url(database: dict) -> str:
    """The test database, for a process of its own."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    if database["ENGINE"] == "django.db.backends.postgresql":
        user = f"{quote(database['USER'])}:{quote(database['PASSWORD'])}"
        return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    pytest.fail(f"no URL for a {database['ENGINE']} test database")


WEB_PROCESS = """
import json, sys
import rejoinder.wsgi  # what the server loads
from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Thread
from rejoinder.moderation.models import Screening

comment = post_comment(
    thread=Thread.objects.get(key="url:https://example.org/"),
    author=CommentAuthor(reader=Reader(key=reader_key(cookie_id="c")), name="Pat", email="p@x.org"),
    body="Earn $5000 a week from home with crypto signals, you idiots",
)
screening = Screening.objects.get(comment=comment)
print(json.dumps({
    "loaded": sorted({name.split(".")[0] for name in sys.modules} & {"sklearn", "scipy", "numpy"}),
    "spam_features": screening.spam_features,
    "offensive_score": screening.offensive_score,
}))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_web_process_posts_and_scores_without_scikit_learn(tmp_path):
    from rejoinder.discussion.models import Thread

    Thread.objects.create(
        key="url:https://example.org/", title="A page", url="https://example.org/"
    )
    offensive.ensure_model()  # as `rejoinder setup` does
    texts, labels = zip(*corpus(60, seed=3), strict=True)
    SpamModel.objects.create(model=spam.fit(list(texts), list(labels)).to_data(), trained_on=60)

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rejoinder.settings",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECRET_KEY": "a-test-process-of-its-own-" + "x" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-c", WEB_PROCESS],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["loaded"] == []
    assert report["offensive_score"] > 0.5
    assert {"crypto", "signals", "earn"} & set(" ".join(report["spam_features"]).split())
