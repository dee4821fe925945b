"""Offensive-language score, computed on this machine: alt-profanity-check's shipped model
(five calibrated linear SVMs over a bag of words, trained on a large labelled corpus).

The package loads that model with scikit-learn, which a web process should not import (some
90 MB each, and ~5 ms a call). So `ensure_model` exports it once per version of the package
into the `OffensiveModel` table, as plain data (see linear_text), and the score is computed
from there. `rejoinder setup` and the worker at start export it."""

import warnings
from importlib.metadata import version

from rejoinder.moderation.linear_text import LinearTextModel, from_sklearn
from rejoinder.moderation.models import OffensiveModel

PACKAGE = "alt-profanity-check"

_loaded: dict[str, LinearTextModel] = {}


def export() -> LinearTextModel:
    """The installed package's model as plain data. Imports scikit-learn."""
    with warnings.catch_warnings():
        # Its model was pickled under an older scikit-learn; loading it warns, and works.
        warnings.simplefilter("ignore")
        from profanity_check.profanity_check import model, vectorizer

    return from_sklearn(vectorizer, model)


def ensure_model() -> OffensiveModel:
    """The exported model of the installed package version, exporting it if missing."""
    installed = version(PACKAGE)
    if (row := OffensiveModel.objects.filter(package_version=installed).first()) is not None:
        return row
    row, _created = OffensiveModel.objects.get_or_create(
        package_version=installed, defaults={"model": export().to_data()}
    )
    OffensiveModel.objects.exclude(package_version=installed).delete()
    return row


def current_model() -> LinearTextModel:
    """Loaded once per process. A web process that finds no exported model (setup and the
    worker were not run since an upgrade) exports it itself: correct, but that process
    then carries scikit-learn."""
    if not _loaded:
        _loaded[PACKAGE] = LinearTextModel.from_data(ensure_model().model)
    return _loaded[PACKAGE]


def score(text: str) -> float:
    """0 (clean) to 1 (offensive)."""
    return current_model().probability(text)
