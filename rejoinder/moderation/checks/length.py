"""The site's minimum length. (The hard maximum is the discussion's own rule.)"""

from django.utils.translation import gettext as _

from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    minimum = submission.config.min_length
    if minimum and len(submission.text.strip()) < minimum:
        return Verdict.reject(
            _("Comments need at least %(minimum)d characters; say a little more.")
            % {"minimum": minimum}
        )
    return None
