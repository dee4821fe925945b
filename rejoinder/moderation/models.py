"""Moderation's tables: its settings, what the policy decided about each comment, bans,
readers' reports, the moderators' log and the text models the scores use. Writes go through
`moderation.actions`; the policy only reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModerationSettings(models.Model):
    """The site's moderation policy: one row, edited in the admin. Defaults are lenient so
    that a new site moderates nothing until someone chooses to."""

    rate_limit_count = models.PositiveIntegerField(
        default=20, help_text=_("Most comments one author may post in the window below.")
    )
    rate_limit_minutes = models.PositiveIntegerField(default=10)
    min_length = models.PositiveIntegerField(
        default=0, help_text=_("Fewest characters a comment needs (0: no minimum).")
    )
    repeat_window_hours = models.PositiveIntegerField(
        default=24, help_text=_("How far back a repeated text is looked for.")
    )
    repeat_authors_for_spam = models.PositiveIntegerField(
        default=3, help_text=_("The same text from this many authors is spam.")
    )
    max_links = models.PositiveIntegerField(
        default=3, help_text=_("More links than this holds a comment for review.")
    )
    blocked_domains = models.TextField(
        blank=True, help_text=_("One domain a line; a link to one of them is spam.")
    )
    blocked_words = models.TextField(
        blank=True,
        help_text=_(
            "One word or phrase a line; whole words only, ignoring case and accents. A match "
            "holds the comment for review."
        ),
    )
    spam_threshold = models.FloatField(
        default=0.9, help_text=_("A spam score at or above this marks the comment as spam.")
    )
    spam_hold_threshold = models.FloatField(
        default=0.6, help_text=_("A spam score at or above this holds it for review.")
    )
    offensive_threshold = models.FloatField(
        default=0.85, help_text=_("An offensive-language score at or above this holds it.")
    )
    premoderate_new_guests = models.BooleanField(
        default=False, help_text=_("Hold the first comment of a guest (by e-mail address).")
    )
    premoderate_links = models.BooleanField(
        default=False, help_text=_("Hold every comment that has a link.")
    )
    premoderate_after_days = models.PositiveIntegerField(
        default=0, help_text=_("Hold comments on articles older than this (0: never).")
    )
    report_threshold = models.PositiveIntegerField(
        default=2,
        help_text=_(
            "Every reported comment is in the Reported tab; those reported by this many "
            "readers come first, marked."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    @classmethod
    def load(cls) -> "ModerationSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


class CategoryPolicy(models.Model):
    """Rules that follow the publication's sections: pre-moderate a category, close its
    discussions a number of days after an article is published."""

    settings = models.ForeignKey(
        ModerationSettings, on_delete=models.CASCADE, related_name="category_policies"
    )
    category = models.OneToOneField(
        "publishing.CategoryPage", on_delete=models.CASCADE, related_name="moderation_policy"
    )
    premoderate = models.BooleanField(default=False, help_text=_("Hold every comment."))
    close_after_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Close discussions this many days after publication.")
    )

    class Meta:
        verbose_name = _("category rule")

    def __str__(self) -> str:
        return str(self.category)


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    HOLD = "hold", _("Held for review")
    SPAM = "spam", _("Marked as spam")


class Label(models.TextChoices):
    """A moderator's verdict on a comment, which the spam score learns from."""

    NONE = "", _("Not judged")
    HAM = "ham", _("Approved")
    SPAM = "spam", _("Spam")


class Screening(models.Model):
    """What the policy decided about one comment (its latest version), and why."""

    comment = models.OneToOneField(
        "discussion.Comment", on_delete=models.CASCADE, related_name="screening"
    )
    decision = models.CharField(max_length=8, choices=Decision.choices)
    # [{"check": "links", "verdict": "hold", "reason": "…"}], in the order the checks ran.
    reasons = models.JSONField(default=list)
    spam_score = models.FloatField(null=True, blank=True)
    spam_features = models.JSONField(default=list, help_text=_("words behind the score"))
    offensive_score = models.FloatField(null=True, blank=True)
    # A keyed hash of the writer's network; the address itself is never stored.
    network = models.CharField(max_length=64, blank=True)
    # A hash of the normalised text, to find the same words posted again.
    text_hash = models.CharField(max_length=64, db_index=True)
    label = models.CharField(max_length=4, choices=Label.choices, blank=True, default="")
    labelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["label", "labelled_at"], name="screening_label"),
            # A network's recent comments, for the policy's rate limit (checks.rate_limit).
            models.Index(fields=["network", "created_at"], name="screening_network_time"),
        ]
        # The one permission the moderators' workspace asks for.
        permissions = [("moderate", "Can moderate comments")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: comment {self.comment_id}"


class BanKind(models.TextChoices):
    USER = "user", _("Account")
    EMAIL = "email", _("E-mail address")
    NETWORK = "network", _("Network")


class Ban(models.Model):
    kind = models.CharField(max_length=8, choices=BanKind.choices)
    # The user's id, the lower-cased address, or the network's keyed hash.
    value = models.CharField(max_length=254)
    # Shadow: the author goes on writing, and only they see what they write.
    shadow = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    comment = models.ForeignKey(
        "discussion.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("empty: for ever"))
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="ban_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ban {self.pk}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abuse or harassment")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ILLEGAL = "illegal", _("Illegal content")


class Report(models.Model):
    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="reports"
    )
    reporter_key = models.CharField(max_length=64)
    reason = models.CharField(max_length=10, choices=ReportReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator has dealt with the comment; settled reports leave the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="one_report_per_reader"
            )
        ]
        indexes = [
            models.Index(
                fields=["comment"], condition=Q(resolved_at__isnull=True), name="report_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class LogAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    SPAM = "spam", _("Marked as spam")
    REMOVE = "remove", _("Removed")
    EDIT = "edit", _("Edited")
    BAN = "ban", _("Banned the author")
    FEATURE = "feature", _("Featured")
    UNFEATURE = "unfeature", _("Stopped featuring")
    CLOSE = "close", _("Closed the discussion")
    REOPEN = "reopen", _("Reopened the discussion")
    UNDO = "undo", _("Undid a decision")


class LogEntry(models.Model):
    """One moderator action: who did what to which comment or thread, and what changed."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=LogAction.choices)
    comment = models.ForeignKey(
        "discussion.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "discussion.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    undone_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undoes"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.moderator}"


class SpamModel(models.Model):
    """A spam classifier fitted on moderators' decisions by the worker, stored as plain data
    (`linear_text.LinearTextModel.to_data`) so that scoring needs no scikit-learn."""

    model = models.JSONField()
    trained_on = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"spam model of {self.created_at:%Y-%m-%d %H:%M} ({self.trained_on} decisions)"


class OffensiveModel(models.Model):
    """alt-profanity-check's shipped classifier as plain data, exported once per version of
    the package (an upgrade exports again) by `offensive.ensure_model`."""

    package_version = models.CharField(max_length=40, unique=True)
    model = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"offensive-language model of alt-profanity-check {self.package_version}"


class RulesRevision(models.Model):
    """A token that changes whenever the moderation rules change: the settings row or a
    category's rules saved or deleted, from whichever admin, service or shell. Each process
    keeps the rules in memory for one token (`moderation.rules`), so every process obeys a
    change on its next post with no message between them. One row (pk=1).

    Drawn at random rather than counted: a change rolled back leaves a token no later
    change draws again, so rules read inside that transaction are never taken for the
    committed ones."""

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("moderation rules revision")

    def __str__(self) -> str:
        return str(self.token)
