"""Who is told of what, and every mail owed. Writes go through `services` and `delivery`;
reads through `queries`. Models hold tables, constraints and named states."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_public_id() -> str:
    """An opaque, unguessable id for links: mails never carry an address or a row number."""
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """One e-mail address we may write to, and the account it belongs to, if any."""

    email = models.EmailField(unique=True, help_text=_("stored lower-cased"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification_subscriber",
    )
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.email


class Scope(models.TextChoices):
    REPLIES = "replies", _("New replies to my comments")
    ALL = "all", _("All new follow-up comments on this article")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Right away")
    DAILY = "daily", _("Once a day, as a digest")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    """One address following one discussion. Unsubscribing keeps the row (state), so a
    mail already owed can see that it must not be sent."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        "discussion.Thread", on_delete=models.CASCADE, related_name="subscriptions"
    )
    scope = models.CharField(max_length=8, choices=Scope.choices)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.INSTANT)
    state = models.CharField(
        max_length=12, choices=SubscriptionState.choices, default=SubscriptionState.PENDING
    )
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id)
    # The reader who asked (hashed cookie or account key): their own comments are not news.
    reader_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "thread"], name="one_subscription_per_address_and_thread"
            )
        ]
        indexes = [models.Index(fields=["thread", "state", "id"], name="subscription_fan_out")]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.thread}"


class NotificationPreferences(models.Model):
    """A signed-in person's own switches; absent means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    comments_on_my_articles = models.BooleanField(
        default=True, help_text=_("Mail me about new comments on articles I wrote.")
    )

    class Meta:
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Reason(models.TextChoices):
    REPLY = "reply", _("a reply to your comment")
    FOLLOW_UP = "follow_up", _("a new comment on an article you follow")
    YOUR_ARTICLE = "your_article", _("a new comment on your article")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Not sent (unsubscribed, hidden or own comment)")
    FAILED = "failed", _("Given up after repeated failures")


class Delivery(models.Model):
    """One mail owed: this comment, to this address. The row is written before any mail
    goes out and its unique constraint makes a repeated fan-out a no-op; a mail is sent
    only by whoever moved the row from pending to sending."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("discussion.Thread", on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    state = models.CharField(
        max_length=9, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Who is sending it: a random token per send pass, so a pass knows which rows it won.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "comment"], name="one_delivery_per_address_and_comment"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(state__in=["pending", "sending"]),
                name="delivery_due",
            ),
            models.Index(fields=["subscriber", "thread", "sent_at"], name="delivery_last_sent"),
        ]

    def __str__(self) -> str:
        return f"comment {self.comment_id} → {self.subscriber}"


class OutboxMessage(models.Model):
    """A mail the demo kept instead of sending (EMAIL_URL unset), for the Outbox page."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    subject = models.CharField(max_length=500)
    from_email = models.CharField(max_length=300)
    to = models.TextField(help_text=_("comma-separated"))
    headers = models.TextField(help_text=_("one per line"))
    text = models.TextField()
    html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
