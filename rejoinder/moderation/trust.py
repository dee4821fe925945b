"""Trust: a reader with enough approved comments and nothing held against them (no comment
taken for spam or removed, no ban) has shown they write in good faith, and skips the
pre-moderation of new commenters. settings.TRUSTED_AFTER_APPROVED sets "enough"."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

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
        theirs, ban = Q(user_id=user_id), Q(kind=BanKind.USER, value=str(user_id))
    elif email:
        theirs, ban = Q(author_email_normalised=email), Q(kind=BanKind.EMAIL, value=email)
    else:
        return Trust(approved=0, held_against=0)
    tally = Comment.objects.filter(theirs).aggregate(
        approved=Count("id", filter=Q(state=CommentState.VISIBLE)),
        against=Count("id", filter=Q(state__in=[CommentState.SPAM, CommentState.REMOVED])),
    )
    if bans is None:
        bans = Ban.objects.filter(ban).count()
    return Trust(approved=tally["approved"], held_against=tally["against"] + bans)
