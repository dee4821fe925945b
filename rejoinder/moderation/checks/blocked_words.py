"""The site's list of blocked words and phrases: whole words, any case, any accents."""

from django.utils.translation import gettext as _

from rejoinder.moderation.submission import Submission
from rejoinder.moderation.text import find_phrase, phrase_pattern
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    pattern = phrase_pattern(submission.config.lines("blocked_words"))
    if found := find_phrase(submission.text, pattern):
        return Verdict.hold(_("Contains the blocked phrase “%(phrase)s”.") % {"phrase": found})
    return None
