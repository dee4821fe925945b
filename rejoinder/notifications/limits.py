"""How often a client may ask to follow a discussion: the rule, for every door (the bell's
form view, the JSON API). None when it may, else the seconds to wait."""

from django.conf import settings
from django.http import HttpRequest

from rejoinder.core.clients import network_key
from rejoinder.core.limits import over_limit
from rejoinder.discussion.actions import normalise_email


def following_wait(request: HttpRequest, *, email: str) -> int | None:
    """Seconds to wait when the client's network follows too often, or when a guest's
    address has been asked for too often (each ask may mail it a confirmation: without a
    limit, a way to flood someone's inbox)."""
    waits = [
        over_limit(
            request,
            group="follow",
            rate=settings.FOLLOW_RATE_PER_CLIENT,
            key=network_key(request),
        )
    ]
    if email:
        waits.append(
            over_limit(
                request,
                group="follow-email",
                rate=settings.FOLLOW_RATE_PER_EMAIL,
                key=normalise_email(email),
            )
        )
    return max((wait for wait in waits if wait), default=None)
