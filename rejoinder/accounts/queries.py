"""Reads for the account pages: a reader's comments in every state, newest first."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.models import Comment, CommentState


def comments_of_member(*, user: AbstractBaseUser, public_only: bool = False) -> QuerySet[Comment]:
    comments = Comment.objects.filter(user=user)
    if public_only:
        comments = comments.filter(state=CommentState.VISIBLE)
    return comments.select_related("thread", "thread__article").order_by("-created_at", "-id")


def comments_of_guest(*, email: str) -> QuerySet[Comment]:
    """Every comment written as a guest with `email`: pending, spam and removed included."""
    return (
        Comment.objects.filter(user__isnull=True, author_email_normalised=normalise_email(email))
        .select_related("thread", "thread__article")
        .order_by("-created_at", "-id")
    )
