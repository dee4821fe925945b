"""A fitted TF-IDF text classifier reduced to plain data, and scored in plain Python.

scikit-learn fits the models (the worker's retraining job; alt-profanity-check ships one
fitted), and `from_sklearn` turns them into numbers: the analyzer's settings, each term's
idf and weight, the intercepts and the sigmoids. A web process then scores comments with
this module alone and never imports scikit-learn, SciPy or NumPy (some 90 MB a process, and
~5 ms a call spent mostly in sklearn's input checks).

The analyzer and the arithmetic reproduce `TfidfVectorizer.transform` followed by
`predict_proba`; tests/moderation/test_linear_text.py compares the two on a few hundred
texts, and is what fails if a scikit-learn upgrade changes its behaviour.
"""

import math
import re
import unicodedata
from array import array
from collections import Counter

FORMAT = 1


def strip_accents_unicode(text: str) -> str:
    """sklearn's strip_accents_unicode: NFKD, then drop the combining marks."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Analyzer:
    """TfidfVectorizer's word analyzer: lower-case, strip accents, find the tokens, drop the
    stop words, then add the n-grams of what is left, joined by a space."""

    def __init__(
        self,
        *,
        lowercase: bool,
        strip_accents: str | None,
        token_pattern: str,
        stop_words: frozenset[str],
        ngram_range: tuple[int, int],
    ):
        if strip_accents not in (None, "unicode"):
            raise ValueError(f"strip_accents={strip_accents!r} is not supported")
        self.lowercase = lowercase
        self.strip_accents = strip_accents
        self.token_pattern = token_pattern
        self.stop_words = stop_words
        self.ngram_range = ngram_range
        self._findall = re.compile(token_pattern).findall

    def __call__(self, text: str) -> list[str]:
        if self.lowercase:
            text = text.lower()
        if self.strip_accents:
            text = strip_accents_unicode(text)
        tokens = [token for token in self._findall(text) if token not in self.stop_words]
        low, high = self.ngram_range
        terms = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            terms += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return terms

    def to_data(self) -> dict:
        return {
            "lowercase": self.lowercase,
            "strip_accents": self.strip_accents,
            "token_pattern": self.token_pattern,
            "stop_words": sorted(self.stop_words),
            "ngram_range": list(self.ngram_range),
        }

    @classmethod
    def from_data(cls, data: dict) -> "Analyzer":
        return cls(
            lowercase=data["lowercase"],
            strip_accents=data["strip_accents"],
            token_pattern=data["token_pattern"],
            stop_words=frozenset(data["stop_words"]),
            ngram_range=tuple(data["ngram_range"]),
        )


def sigmoid(z: float) -> float:
    """1 / (1 + exp(z)), without overflowing for a large |z|."""
    if z > 0:
        e = math.exp(-z)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(z))


class LinearTextModel:
    """probability(text) = mean over the classifiers k of 1 / (1 + exp(a_k * d_k + b_k)),
    where d_k = x · w_k + intercept_k and x is the text's l2-normalised TF-IDF vector.

    A calibrated ensemble (CalibratedClassifierCV, method="sigmoid") has one (a, b) per
    classifier, as sklearn's _SigmoidCalibration fitted them; a logistic regression is the
    single classifier with (a, b) = (-1, 0), so 1 / (1 + exp(-d))."""

    def __init__(
        self,
        *,
        analyzer: Analyzer,
        sublinear_tf: bool,
        terms: list[str],
        idf: list[float],
        coef: list[list[float]],
        intercepts: list[float],
        sigmoids: list[tuple[float, float]],
    ):
        if not len(coef) == len(intercepts) == len(sigmoids) >= 1:
            raise ValueError("one weight vector, intercept and sigmoid per classifier")
        if any(len(weights) != len(terms) for weights in [idf, *coef]):
            raise ValueError("one idf and one weight per term")
        self.analyzer = analyzer
        self.sublinear_tf = sublinear_tf
        self.terms = terms
        # Column numbers as sklearn's (terms sorted), so sums run in the same order.
        self.column = {term: number for number, term in enumerate(terms)}
        self.idf = array("d", idf)
        self.coef = [array("d", weights) for weights in coef]
        self.intercepts = [float(value) for value in intercepts]
        self.sigmoids = [(float(a), float(b)) for a, b in sigmoids]

    def vector(self, text: str) -> list[tuple[int, float]]:
        """The text's TF-IDF vector: (column, value) by column, unit length (l2)."""
        column = self.column
        counts = Counter(column[term] for term in self.analyzer(text) if term in column)
        values = []
        for number, count in sorted(counts.items()):
            tf = math.log(count) + 1.0 if self.sublinear_tf else float(count)
            values.append((number, tf * self.idf[number]))
        norm = math.sqrt(sum(value * value for _, value in values))
        if norm == 0.0:
            return values
        return [(number, value / norm) for number, value in values]

    def _decisions(self, vector: list[tuple[int, float]]) -> list[float]:
        return [
            sum(value * weights[number] for number, value in vector) + intercept
            for weights, intercept in zip(self.coef, self.intercepts, strict=True)
        ]

    def _probability(self, vector: list[tuple[int, float]]) -> float:
        decisions = self._decisions(vector)
        calibrated = [
            sigmoid(a * d + b) for (a, b), d in zip(self.sigmoids, decisions, strict=True)
        ]
        return sum(calibrated) / len(calibrated)

    def probability(self, text: str) -> float:
        return self._probability(self.vector(text))

    def explain(self, text: str, *, top: int = 5) -> tuple[float, list[str]]:
        """The probability, and the terms that pushed it up, strongest first: a term's push
        is its share of the log-odds, -a_k * x_j * w_kj, averaged over the classifiers."""
        vector = self.vector(text)
        pushes = []
        for number, value in vector:
            push = sum(
                -a * value * weights[number]
                for (a, _b), weights in zip(self.sigmoids, self.coef, strict=True)
            ) / len(self.coef)
            if push > 0:
                pushes.append((push, self.terms[number]))
        pushes.sort(reverse=True)
        return self._probability(vector), [term for _, term in pushes[:top]]

    def to_data(self) -> dict:
        """JSON-able: lists, not a term-keyed object, since PostgreSQL's jsonb reorders keys."""
        return {
            "format": FORMAT,
            "analyzer": self.analyzer.to_data(),
            "sublinear_tf": self.sublinear_tf,
            "norm": "l2",
            "terms": self.terms,
            "idf": list(self.idf),
            "coef": [list(weights) for weights in self.coef],
            "intercepts": self.intercepts,
            "sigmoids": [list(pair) for pair in self.sigmoids],
        }

    @classmethod
    def from_data(cls, data: dict) -> "LinearTextModel":
        if data.get("format") != FORMAT or data.get("norm") != "l2":
            raise ValueError(f"unknown model format {data.get('format')!r}")
        return cls(
            analyzer=Analyzer.from_data(data["analyzer"]),
            sublinear_tf=data["sublinear_tf"],
            terms=data["terms"],
            idf=data["idf"],
            coef=data["coef"],
            intercepts=data["intercepts"],
            sigmoids=[tuple(pair) for pair in data["sigmoids"]],
        )


def from_sklearn(vectorizer, classifier) -> LinearTextModel:
    """Reduce a fitted TfidfVectorizer and a binary LogisticRegression, or a sigmoid-
    calibrated CalibratedClassifierCV over linear classifiers, to plain data. The
    probability is that of `classifier.classes_[1]`. Imports scikit-learn: call it where the
    model is fitted or exported, never in a web request."""
    import numpy
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.linear_model._base import LinearClassifierMixin

    if type(vectorizer) is not TfidfVectorizer:
        raise ValueError(f"expected a TfidfVectorizer, not {type(vectorizer).__name__}")
    required = {
        "input": "content",
        "analyzer": "word",
        "preprocessor": None,
        "tokenizer": None,
        "binary": False,
        "use_idf": True,
        "norm": "l2",
    }
    for name, expected in required.items():
        if getattr(vectorizer, name) != expected:
            raise ValueError(f"TfidfVectorizer({name}={getattr(vectorizer, name)!r}) differs")
    if numpy.dtype(vectorizer.dtype) != numpy.float64:
        raise ValueError("only a float64 TfidfVectorizer is scored the same")
    if re.compile(vectorizer.token_pattern).groups > 1:
        raise ValueError("a token pattern may capture one group at most")
    if len(classifier.classes_) != 2:
        raise ValueError("only a classifier of two classes can be exported")

    if isinstance(classifier, LogisticRegression):
        fitted, sigmoids = [classifier], [(-1.0, 0.0)]
    elif isinstance(classifier, CalibratedClassifierCV) and classifier.method == "sigmoid":
        fitted = [calibrated.estimator for calibrated in classifier.calibrated_classifiers_]
        sigmoids = [
            (float(calibrated.calibrators[0].a_), float(calibrated.calibrators[0].b_))
            for calibrated in classifier.calibrated_classifiers_
        ]
    else:
        raise ValueError(f"cannot export a {type(classifier).__name__}")
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    for estimator in fitted:
        if not isinstance(estimator, LinearClassifierMixin):
            raise ValueError(f"{type(estimator).__name__} is not a linear classifier")
        if estimator.coef_.shape != (1, len(terms)):
            raise ValueError("expected one weight per term")
    return LinearTextModel(
        analyzer=Analyzer(
            lowercase=bool(vectorizer.lowercase),
            strip_accents=vectorizer.strip_accents,
            token_pattern=vectorizer.token_pattern,
            stop_words=frozenset(vectorizer.get_stop_words() or ()),
            ngram_range=tuple(vectorizer.ngram_range),
        ),
        sublinear_tf=bool(vectorizer.sublinear_tf),
        terms=terms,
        idf=vectorizer.idf_.tolist(),
        coef=[estimator.coef_[0].tolist() for estimator in fitted],
        intercepts=[float(numpy.ravel(estimator.intercept_)[0]) for estimator in fitted],
        sigmoids=sigmoids,
    )
