"""Trust: a reader with enough approved comments and nothing held against them (no comment
taken for spam or removed, no ban) has shown they write in good faith, and skips the
pre-moderation of new commenters. settings.TRUSTED_AFTER_APPROVED sets "enough"."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Q

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation.models import Ban, BanKind


@dataclass(frozen=True)
class Trust:
    approved: int
    held_against: int  # comments taken for spam or removed, and bans

    @property
    def trusted(self) -> bool:
        return self.approved >= settings.TRUSTED_AFTER_APPROVED and not self.held_against


def trust_of(*, user_id: int | None = None, email: str = "", bans: int | None = None) -> Trust:
    """The record of the reader with this account or (guest) lower-cased address. `bans`:
    how many bans were ever made on it, when the caller counted them already (a post has:
    Submission.bans)."""
    if user_id is not None:
        column, value, ban = "user_id", user_id, Q(kind=BanKind.USER, value=str(user_id))
    elif email:
        column, value = "author_email_normalised", email
        ban = Q(kind=BanKind.EMAIL, value=email)
    else:
        return Trust(approved=0, held_against=0)
    # A bare cursor, its statement written once per process: a guest's every post asks,
    # and the ORM built this aggregate in more time than the database took to answer (#16).
    with connection.cursor() as cursor:
        cursor.execute(
            _tally_sql(column),
            [CommentState.VISIBLE, CommentState.SPAM, CommentState.REMOVED, value],
        )
        approved, against = cursor.fetchone()
    if bans is None:
        bans = Ban.objects.filter(ban).count()
    return Trust(approved=approved, held_against=against + bans)


@lru_cache(maxsize=2)
def _tally_sql(column: str) -> str:
    return (
        "SELECT COALESCE(SUM(CASE WHEN state = %s THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN state IN (%s, %s) THEN 1 ELSE 0 END), 0)"
        f" FROM {Comment._meta.db_table} WHERE {column} = %s"
    )
