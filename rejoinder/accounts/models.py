"""A reader's profile beside their account, and the audit trail of erasures. Writes go
through `profiles`, `claims` and `erasure`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """How a signed-in reader is shown beside their comments; absent means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_profile"
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Opt-in: the reader's name beside their comments links to a public profile page.
    is_public = models.BooleanField(_("public profile"), default=False)
    # An uploaded picture, already resized and stripped of metadata (PNG bytes), served
    # under `avatar_key`: a random seed, new for every upload, so caches never go stale.
    avatar_image = models.BinaryField(blank=True, default=b"")
    avatar_key = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.display_name or str(self.user_id)


class ErasureKind(models.TextChoices):
    MEMBER = "member", _("A member deleted their account")
    GUEST = "guest", _("A guest erased comments")


class ErasureRecord(models.Model):
    """That an erasure happened, and how much it erased: never whose data it was."""

    kind = models.CharField(max_length=8, choices=ErasureKind.choices)
    comments = models.PositiveIntegerField(default=0)
    text_erased = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.comments} comments)"
