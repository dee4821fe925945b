"""The spam score: a text classifier fitted on the moderators' own approve / spam decisions,
with simple heuristics until there are enough of them.

scikit-learn fits the model, in the worker (`train`); the `SpamModel` table keeps it as
plain data, which web processes score without importing scikit-learn (see linear_text)."""

from dataclasses import dataclass, field

from django.db import transaction

from rejoinder.moderation.linear_text import LinearTextModel, from_sklearn
from rejoinder.moderation.models import Label, Screening, SpamModel
from rejoinder.moderation.text import links, word_count

# Fewest judged comments (and of each kind) before a learned model replaces the heuristics.
MIN_DECISIONS = 20
MIN_PER_LABEL = 5
# A new model is fitted each time this many more decisions have come in.
RETRAIN_EVERY = 10
KEEP_MODELS = 3


@dataclass(frozen=True)
class SpamScore:
    probability: float
    features: list[str] = field(default_factory=list)  # what pushed the score up, strongest first
    learned: bool = False


def heuristic(text: str, *, seconds_to_write: float | None = None) -> SpamScore:
    """Before the site has taught us anything: link density, a form filled in faster than
    anyone types, and shouting."""
    probability, signals = 0.05, []
    if found := links(text):
        density = len(found) / max(word_count(text), 1)
        probability += min(0.6, 0.15 * len(found) + density * 2)
        signals.append(f"{len(found)} link(s)")
    if seconds_to_write is not None and seconds_to_write < 3:
        probability += 0.4
        signals.append(f"written in {seconds_to_write:.0f}s")
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 20 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        probability += 0.2
        signals.append("capitals")
    return SpamScore(min(probability, 0.99), signals)


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", min_df=1),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000),
    )


def fit(texts: list[str], labels: list[str]) -> LinearTextModel:
    """Fit with scikit-learn (imported here: the worker's job, never a request's)."""
    pipeline = build_pipeline()
    pipeline.fit(texts, [label == Label.SPAM for label in labels])
    return from_sklearn(pipeline.steps[0][1], pipeline.steps[-1][1])


def predict(model: LinearTextModel, text: str, *, top: int = 5) -> SpamScore:
    probability, pushing = model.explain(text, top=top)
    return SpamScore(probability, pushing, learned=True)


_loaded: dict[int, LinearTextModel] = {}


def current_model() -> LinearTextModel | None:
    """The newest fitted model."""
    latest = SpamModel.objects.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    return None if latest is None else fitted_model(latest)


def fitted_model(model_id: int) -> LinearTextModel | None:
    """A fitted model, loaded once per process; None if it was dropped meanwhile."""
    if model_id not in _loaded:
        data = SpamModel.objects.filter(pk=model_id).values_list("model", flat=True).first()
        if data is None:
            return None
        _loaded.clear()
        _loaded[model_id] = LinearTextModel.from_data(data)
    return _loaded[model_id]


def score(submission) -> SpamScore:
    """With the newest model the post's rules name (moderation.rules keeps its id, so no
    look-up per post), else the heuristics."""
    model_id = submission.spam_model_id
    if model_id is not None and (model := fitted_model(model_id)) is not None:
        return predict(model, submission.text)
    return heuristic(submission.text, seconds_to_write=submission.seconds_to_write)


def training_set() -> tuple[list[str], list[str]]:
    rows = Screening.objects.exclude(label=Label.NONE).values_list("comment__body", "label")
    texts, labels = zip(*rows, strict=True) if rows else ((), ())
    return list(texts), list(labels)


def train() -> SpamModel | None:
    """Fit a model on every judged comment, if there are enough of each kind."""
    texts, labels = training_set()
    spam_count = labels.count(Label.SPAM)
    if len(labels) < MIN_DECISIONS or min(spam_count, len(labels) - spam_count) < MIN_PER_LABEL:
        return None
    model = SpamModel.objects.create(model=fit(texts, labels).to_data(), trained_on=len(labels))
    stale = SpamModel.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    SpamModel.objects.filter(pk__in=list(stale[KEEP_MODELS:])).delete()
    return model


def retrain_when_due() -> None:
    """Called after a moderator's decision: queue a new fit once enough have come in."""
    judged = Screening.objects.exclude(label=Label.NONE).count()
    last = SpamModel.objects.order_by("-created_at", "-pk").values_list("trained_on", flat=True)
    trained_on = last.first() or 0
    if judged >= MIN_DECISIONS and judged - trained_on >= RETRAIN_EVERY:
        from rejoinder.moderation.tasks import retrain_spam_model

        transaction.on_commit(retrain_spam_model.enqueue)
