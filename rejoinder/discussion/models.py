"""Threads, comments and votes. Every write goes through `actions`; every read through
`queries`. Models hold tables, constraints and named states, not behaviour."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    """One discussion: under an article, or (for the embed) under any page by its URL."""

    key = models.CharField(max_length=255, unique=True, help_text=_("article:<id> or url:<url>"))
    article = models.OneToOneField(
        "publishing.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread",
    )
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=1000, db_index=True)  # counts are asked for by URL
    is_closed = models.BooleanField(default=False)
    # Denormalised, kept by actions in the same transaction as the change they count.
    comment_count = models.PositiveIntegerField(default=0, help_text=_("visible comments"))
    # Bumped by every write that changes what readers see; part of every cache key, so
    # each app server's cache is right without being told.
    revision = models.PositiveBigIntegerField(default=0)
    # Bumped by votes instead: they change numbers on the page, not the page, so a thread
    # being voted on keeps its rendered pages and only has fresh totals laid over them.
    votes_revision = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("discussion")

    def __str__(self) -> str:
        return self.title


class CommentState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Awaiting moderation")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed by a moderator")
    DELETED = "deleted", _("Deleted by its author")


TOMBSTONE_STATES = (CommentState.REMOVED, CommentState.DELETED)


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of this conversation (empty for a top-level comment), so that a
    # page of conversations is fetched with one query however deep they go.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=80)
    # A guest's address: for notifications and moderation only, never rendered.
    author_email = models.EmailField(blank=True)
    # The same address stripped and lower-cased, indexed: moderation finds an author's other
    # comments by it on every post. Written by actions with `author_email`, never alone.
    author_email_normalised = models.CharField(max_length=254, blank=True, db_index=True)
    author_website = models.URLField(blank=True, max_length=300)
    # Opaque keys: who may edit (the reader's cookie or account, hashed) and the avatar seed.
    reader_key = models.CharField(max_length=64, db_index=True)
    avatar_seed = models.CharField(max_length=64)

    body = models.TextField(help_text=_("as the reader wrote it (Markdown)"))
    body_html = models.TextField(help_text=_("rendered and sanitised when written"))
    state = models.CharField(
        max_length=8, choices=CommentState.choices, default=CommentState.VISIBLE
    )
    # Out of the thread without its author being told: a shadow-banned author, or spam. Its
    # author sees it as if it were published, so the page gives nothing away; a comment held
    # for review (this false) is shown to them as awaiting moderation.
    hidden_quietly = models.BooleanField(default=False)
    # Shown in the thread: visible, or a tombstone that still has listed replies.
    is_listed = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set when a moderator features the comment: featured conversations open the first page,
    # in every sort, with a "Featured" mark.
    featured_at = models.DateTimeField(null=True, blank=True)

    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)

    # The form's one-time token: a double click or a retried request posts once.
    # Signed by the form (forms.issue_form_token), so it also says when the form was drawn.
    submission_token = models.CharField(max_length=128, null=True, blank=True, unique=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["thread", "created_at", "id"],
                condition=Q(parent__isnull=True, is_listed=True),
                name="comment_top_by_time",
            ),
            models.Index(
                fields=["thread", "score", "created_at", "id"],
                condition=Q(parent__isnull=True, is_listed=True),
                name="comment_top_by_score",
            ),
            models.Index(fields=["root", "created_at", "id"], name="comment_conversation"),
            models.Index(fields=["thread", "state"], name="comment_thread_state"),
            models.Index(
                fields=["thread"],
                condition=Q(featured_at__isnull=False),
                name="comment_featured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def is_tombstone(self) -> bool:
        return self.state in TOMBSTONE_STATES


class Vote(models.Model):
    """One reader's vote on one comment: +1 or -1. Withdrawing deletes the row."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=64)
    value = models.SmallIntegerField(choices=[(1, _("Up")), (-1, _("Down"))])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter_key"], name="one_vote_per_reader"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_is_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on comment {self.comment_id}"
