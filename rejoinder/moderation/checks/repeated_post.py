"""The same words again: from the same author it is refused (a double post), from many
authors it is spam (a campaign)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from rejoinder.moderation.models import Screening
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.text import text_hash
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    config = submission.config
    if submission.is_edit or not config.repeat_window_hours:
        return None
    since = submission.now - timedelta(hours=config.repeat_window_hours)
    same = Screening.objects.filter(
        text_hash=text_hash(submission.text), comment__created_at__gt=since
    )
    mine = Q(comment__reader_key=submission.reader_key)
    if submission.user_id is not None:
        mine |= Q(comment__user_id=submission.user_id)
    if submission.email:
        mine |= Q(comment__author_email_normalised=submission.email)
    # The author's copies of the text, and in Python whether one is on this thread: with the
    # thread in the query SQLite walked the thread's comments instead of the text's index,
    # a cost that grew with the thread (#16). An author has few copies of one text.
    threads = same.filter(mine).values_list("comment__thread_id", flat=True)
    if submission.thread.pk in set(threads):
        return Verdict.reject(_("You have already posted this comment here."))
    authors = same.exclude(mine).values("comment__reader_key").distinct().count()
    if config.repeat_authors_for_spam and authors + 1 >= config.repeat_authors_for_spam:
        return Verdict.spam(
            _("The same text came from %(count)d authors.") % {"count": authors + 1}
        )
    return None
