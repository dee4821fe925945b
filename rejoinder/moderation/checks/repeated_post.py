"""The same words again: from the same author it is refused (a double post), from many
authors it is spam (a campaign)."""

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
    if submission.is_edit or not config.repeat_window_hours:
        return None
    since = submission.now - timedelta(hours=config.repeat_window_hours)
    # Every recent copy of the text, on the text's index, in one query; whose each is, and
    # whether one of the author's is on this thread, in Python: with the thread in the
    # query SQLite walked the thread's comments instead (#16). A text has few copies.
    # A bare cursor, its statement written once per process: this runs on every post, and
    # the ORM built it in more time than the database took to answer (#16).
    with connection.cursor() as cursor:
        cursor.execute(
            _copies_sql(),
            [submission.text_hash, connection.ops.adapt_datetimefield_value(since)],
        )
        copies = cursor.fetchall()
    others = set()
    for thread_id, reader_key, user_id, email in copies:
        mine = (
            reader_key == submission.reader_key
            or (submission.user_id is not None and user_id == submission.user_id)
            or (bool(submission.email) and email == submission.email)
        )
        if mine and thread_id == submission.thread.pk:
            return Verdict.reject(_("You have already posted this comment here."))
        if not mine:
            others.add(reader_key)
    authors = len(others)
    if config.repeat_authors_for_spam and authors + 1 >= config.repeat_authors_for_spam:
        return Verdict.spam(
            _("The same text came from %(count)d authors.") % {"count": authors + 1}
        )
    return None


@lru_cache(maxsize=1)
def _copies_sql() -> str:
    comments, screenings = Comment._meta.db_table, Screening._meta.db_table
    return (
        f"SELECT {comments}.thread_id, {comments}.reader_key, {comments}.user_id,"
        f" {comments}.author_email_normalised FROM {screenings}"
        f" INNER JOIN {comments} ON {comments}.id = {screenings}.comment_id"
        f" WHERE {screenings}.text_hash = %s AND {comments}.created_at > %s"
    )
