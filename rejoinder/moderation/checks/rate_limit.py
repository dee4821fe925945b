"""No more than so many comments per author in a window — by browser, account or network —
counted in the database so that every app server agrees (the view's per-address limit stops
floods before any of this)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from rejoinder.discussion.models import Comment
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    config = submission.config
    if submission.is_edit or not config.rate_limit_count:
        return None
    # By browser, account and network (a fresh cookie per post must not walk around it), all
    # indexed; the view already limits each e-mail address.
    who = Q(reader_key=submission.reader_key)
    if submission.user_id is not None:
        who |= Q(user_id=submission.user_id)
    if submission.network:
        who |= Q(screening__network=submission.network)
    since = submission.now - timedelta(minutes=config.rate_limit_minutes)
    recent = Comment.objects.filter(who, created_at__gt=since, created_at__lte=submission.now)
    if recent.count() >= config.rate_limit_count:
        return Verdict.reject(
            _("You are commenting very fast. Please wait a few minutes, then post again.")
        )
    return None
