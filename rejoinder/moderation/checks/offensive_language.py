"""Offensive language, scored on this machine; a high score waits for a moderator."""

from django.utils.translation import gettext as _

from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    if submission.offensive_score >= submission.config.offensive_threshold:
        return Verdict.hold(
            _("Possibly abusive (score %(score).2f).") % {"score": submission.offensive_score}
        )
    return None
