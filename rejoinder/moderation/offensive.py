"""Offensive-language score, computed on this machine: alt-profanity-check's shipped model
(a linear SVM over a bag of words, trained on a large labelled corpus). Where that package
cannot be imported, a short word list stands in, so the check still runs."""

import warnings

from rejoinder.moderation.text import find_phrase, phrase_pattern

try:
    with warnings.catch_warnings():
        # Its model was pickled under an older scikit-learn; loading it warns, and works.
        warnings.simplefilter("ignore")
        from profanity_check import predict_prob
except ImportError:  # pragma: no cover - depends on the installed packages
    predict_prob = None

_FALLBACK = phrase_pattern(["idiot", "moron", "scum", "shut up", "retard", "bastard", "fuck"])


def score(text: str) -> float:
    """0 (clean) to 1 (offensive)."""
    if predict_prob is not None:
        return float(predict_prob([text])[0])
    return 0.9 if find_phrase(text, _FALLBACK) else 0.0
