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
    # One indexed query each, their union counted: joined by OR in one query (across the
    # screening's table) they made SQLite scan every comment on the site (#16). The union
    # drops a comment matched twice; counting stops at the limit.
    since = submission.now - timedelta(minutes=config.rate_limit_minutes)
    ways = [Q(reader_key=submission.reader_key)]
    if submission.user_id is not None:
        ways.append(Q(user_id=submission.user_id))
    if submission.network:
        # A comment's screening is dated when it was written (policy.screen), or a moment
        # after for those screened before that: the window on the screening's date, on
        # its index by network, reads the network's recent comments only, not every one
        # it ever wrote (#16); the window on the comment's date still decides.
        ways.append(Q(screening__network=submission.network, screening__created_at__gt=since))
    recent = Comment.objects.filter(created_at__gt=since, created_at__lte=submission.now)
    first, *others = [recent.filter(way).values("id") for way in ways]
    counted = first.union(*others) if others else first
    if counted[: config.rate_limit_count].count() >= config.rate_limit_count:
        return Verdict.reject(
            _("You are commenting very fast. Please wait a few minutes, then post again.")
        )
    return None
