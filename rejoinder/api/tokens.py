"""Checking API tokens. Tokens are Wagtail's (wagtail.models.APIToken): staff create and
revoke them in the admin (Settings → API tokens) or with `rejoinder manage api_tokens`;
only a keyed digest is stored, and the token is shown once, when created. Our API takes
only the tokens of active staff members."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import APIToken

# Marking a token used on every request would make every read a write; once a minute is
# enough for staff to see which tokens are still in use (Wagtail's own interval setting).
LAST_USED_INTERVAL_SECONDS = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)


def user_for_token(token: str, *, now: datetime | None = None) -> AbstractBaseUser | None:
    """The staff member a token acts as; None for a malformed, unknown or revoked token, or
    one whose user is no longer active staff."""
    if not APIToken.validate_token_format(token):
        return None  # cannot exist: no query for it
    row = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not (row.user.is_active and row.user.is_staff):
        return None
    now = now or timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() >= (
        LAST_USED_INTERVAL_SECONDS
    ):
        APIToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
