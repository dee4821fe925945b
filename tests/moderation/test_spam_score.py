"""The spam score learns from moderators' decisions: better on comments it has never seen
as decisions accumulate, and retrained by the background job."""

import pytest
from sklearn.metrics import roc_auc_score

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation import actions, spam
from rejoinder.moderation.models import LogAction, Screening, SpamModel
from rejoinder.moderation.tasks import retrain_spam_model
from tests.conftest import a_guest
from tests.moderation.corpus import corpus

HELD_OUT = corpus(300, seed=7)


def auc(score) -> float:
    truth = [label == "spam" for _, label in HELD_OUT]
    return roc_auc_score(truth, [score(text) for text, _ in HELD_OUT])


def learned_auc(decisions: int) -> float:
    texts, labels = zip(*corpus(decisions, seed=1, mistakes=0.1), strict=True)
    pipeline = spam.fit(list(texts), list(labels))
    return auc(lambda text: spam.predict(pipeline, text).probability)


def test_the_score_improves_on_held_out_comments_as_decisions_accumulate():
    before = auc(lambda text: spam.heuristic(text).probability)
    after = {n: learned_auc(n) for n in (20, 50, 100, 400)}
    print(
        f"\nheld-out ROC AUC: heuristics {before:.3f}; learned "
        + ", ".join(f"{n} decisions {value:.3f}" for n, value in after.items())
    )

    assert before < 0.8  # links alone say little: half the spam has none, some ham has one
    assert after[20] > before
    assert after[400] > after[20]
    assert after[400] > 0.95


@pytest.mark.django_db
def test_decisions_retrain_the_model_which_then_scores_and_explains(
    say, moderator, moderator_client, thread
):
    decisions = corpus(spam.MIN_DECISIONS + 30, seed=3)
    for number, (text, label) in enumerate(decisions):
        comment = say(f"{text} (#{number})", by=a_guest(f"reader{number}"))
        verdict = LogAction.SPAM if label == "spam" else LogAction.APPROVE
        actions.decide(comment=comment, moderator=moderator, action=verdict)

    assert not SpamModel.objects.exists()
    result = retrain_spam_model.enqueue()

    assert result.return_value == len(decisions)
    assert SpamModel.objects.get().trained_on == len(decisions)
    pitch = say("Earn $5000 a week from home with crypto signals, act now", by=a_guest("new"))
    reader = say("The tram extension deserves a proper trial first.", by=a_guest("old"))
    pitched, read = (Screening.objects.get(comment=c) for c in (pitch, reader))
    assert pitched.spam_score > read.spam_score + 0.3
    assert {"crypto", "signals", "earn"} & set(" ".join(pitched.spam_features).split())
    Screening.objects.filter(pk=pitched.pk).update(decision="hold")
    Comment.objects.filter(pk=pitch.pk).update(state=CommentState.PENDING)
    queue = moderator_client.get("/moderation/").content.decode()
    assert f"Spam score {pitched.spam_score:.2f}" in queue


@pytest.mark.django_db
def test_no_model_is_fitted_from_too_few_decisions(say, moderator):
    comment = say("Only one decision so far.")
    actions.decide(comment=comment, moderator=moderator, action=LogAction.SPAM)

    assert spam.train() is None
    assert spam.current_model() is None
