"""The learned spam score (heuristics until moderators have judged enough comments)."""

from django.utils.translation import gettext as _

from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    result = submission.spam
    config = submission.config
    words = ", ".join(result.features[:3])
    reason = _("Spam score %(score).2f (%(words)s).") % {
        "score": result.probability,
        "words": words,
    }
    if result.probability >= config.spam_threshold:
        return Verdict.spam(reason)
    if result.probability >= config.spam_hold_threshold:
        return Verdict.hold(reason)
    return None
