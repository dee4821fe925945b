"""A member takes over the comments they wrote as a guest, once they have proved (verified)
the address those comments were written with."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from rejoinder.accounts.profiles import member_identity
from rejoinder.discussion.actions import normalise_email, restyle_member_comments
from rejoinder.discussion.identity import reader_key
from rejoinder.discussion.models import Comment, CommentState


def verified_addresses(user: AbstractBaseUser) -> list[str]:
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({normalise_email(email) for email in emails})


def claimable_comments(*, user: AbstractBaseUser) -> QuerySet[Comment]:
    """Guest comments written with one of the member's verified addresses."""
    return Comment.objects.filter(
        user__isnull=True, author_email_normalised__in=verified_addresses(user)
    ).exclude(state=CommentState.DELETED)


def claim_guest_comments(*, user: AbstractBaseUser) -> int:
    """Make the member the author of their guest comments: they show the member's profile,
    and the member may edit and delete them as their own. Returns how many."""
    with transaction.atomic():
        ids = list(claimable_comments(user=user).select_for_update().values_list("pk", flat=True))
        Comment.objects.filter(pk__in=ids).update(
            user=user,
            reader_key=reader_key(user_id=user.pk),
            author_email="",
            author_email_normalised="",
        )
        restyle_member_comments(user_id=user.pk, identity=member_identity(user))
    return len(ids)
