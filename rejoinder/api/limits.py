"""The same rate limits as the form views, by the same django-ratelimit groups (so a reader
who posts through the form and the API spends one allowance), answered with 429 and
Retry-After."""

import re

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from rejoinder.api.errors import ApiError

_RATE = re.compile(r"(?P<count>\d+)/(?P<multiplier>\d*)(?P<unit>[smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def window_seconds(rate: str) -> int:
    """How long one window of a django-ratelimit rate ("5/m", "20/h", "100/10m") lasts:
    the longest a client can have to wait, which is what Retry-After promises."""
    match = _RATE.fullmatch(rate.strip())
    if match is None:
        return 60
    return int(match["multiplier"] or 1) * _UNIT_SECONDS[match["unit"]]


def _over(request: HttpRequest, *, group: str, key, rate: str) -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def check_comment_rate(request: HttpRequest, *, email: str) -> None:
    """Posting: per network address, and per guest e-mail address (comment-client and
    comment-email, as discussion.views.post counts them)."""
    rate = None
    if _over(request, group="comment-client", key="ip", rate=settings.COMMENT_RATE_PER_CLIENT):
        rate = settings.COMMENT_RATE_PER_CLIENT
    if email and _over(
        request,
        group="comment-email",
        key=lambda group, request: email.lower(),
        rate=settings.COMMENT_RATE_PER_EMAIL,
    ):
        rate = settings.COMMENT_RATE_PER_EMAIL
    if rate is not None:
        raise ApiError(
            429,
            "rate_limited",
            _("You are commenting very fast. Please wait a minute, then post again."),
            retry_after=window_seconds(rate),
        )


def check_vote_rate(request: HttpRequest) -> None:
    if _over(request, group="vote", key="ip", rate=settings.VOTE_RATE_PER_CLIENT):
        raise ApiError(
            429,
            "rate_limited",
            _("You are voting very fast. Please wait a minute."),
            retry_after=window_seconds(settings.VOTE_RATE_PER_CLIENT),
        )
