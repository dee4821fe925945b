"""No more than so many comments per author in a window — by browser, account or network —
counted in the database so that every app server agrees (the view's per-address limit stops
floods before any of this)."""

from datetime import timedelta
from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext as _

from rejoinder.discussion.models import Comment
from rejoinder.moderation.models import Screening
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    config = submission.config
    if submission.is_edit or not config.rate_limit_count:
        return None
    # By browser, account and network (a fresh cookie per post must not walk around it), all
    # indexed; the view already limits each e-mail address.
    since = submission.now - timedelta(minutes=config.rate_limit_minutes)
    by_user, by_network = submission.user_id is not None, bool(submission.network)
    adapt = connection.ops.adapt_datetimefield_value
    window = [adapt(since), adapt(submission.now)]
    params = [*window, submission.reader_key]
    if by_user:
        params += [*window, submission.user_id]
    if by_network:
        params += [*window, submission.network, adapt(since)]
    # A bare cursor, its statement written once per process: this runs on every post, and
    # the ORM built this union in more time than the database took to answer it (#16).
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(by_user, by_network), [*params, config.rate_limit_count])
        (count,) = cursor.fetchone()
    if count >= config.rate_limit_count:
        return Verdict.reject(
            _("You are commenting very fast. Please wait a few minutes, then post again.")
        )
    return None


@lru_cache(maxsize=4)
def _count_sql(by_user: bool, by_network: bool) -> str:
    """One indexed query each way, their union counted: joined by OR in one query (across
    the screening's table) they made SQLite scan every comment on the site (#16). The union
    drops a comment matched twice; counting stops at the limit."""
    comments, screenings = Comment._meta.db_table, Screening._meta.db_table
    window = f"{comments}.created_at > %s AND {comments}.created_at <= %s"
    ways = [f"SELECT {comments}.id FROM {comments} WHERE {window} AND reader_key = %s"]
    if by_user:
        ways.append(f"SELECT {comments}.id FROM {comments} WHERE {window} AND user_id = %s")
    if by_network:
        # A comment's screening is dated when it was written (policy.screen), or a moment
        # after for those screened before that: the window on the screening's date, on
        # its index by network, reads the network's recent comments only, not every one
        # it ever wrote (#16); the window on the comment's date still decides.
        ways.append(
            f"SELECT {comments}.id FROM {comments}"
            f" INNER JOIN {screenings} ON {screenings}.comment_id = {comments}.id"
            f" WHERE {window} AND {screenings}.network = %s AND {screenings}.created_at > %s"
        )
    return f"SELECT COUNT(*) FROM ({' UNION '.join(ways)} LIMIT %s) AS counted"
