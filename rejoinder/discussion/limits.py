"""How often a client may post and vote: the rules, for every door (the form views, the
JSON API). Each answers None when the request may go on, else the seconds to wait (with the
reason to show, where readers need one); the caller answers 429 with Retry-After."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rejoinder.core.clients import network_key
from rejoinder.core.limits import over_limit
from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.identity import Reader
from rejoinder.discussion.models import Comment


def posting_wait(request: HttpRequest, *, email: str) -> int | None:
    """Seconds to wait when the client's network or the guest's address posts too fast."""
    waits = [
        over_limit(
            request,
            group="comment-client",
            rate=settings.COMMENT_RATE_PER_CLIENT,
            key=network_key(request),
        )
    ]
    if email:
        waits.append(
            over_limit(
                request,
                group="comment-email",
                rate=settings.COMMENT_RATE_PER_EMAIL,
                key=normalise_email(email),
            )
        )
    return max((wait for wait in waits if wait), default=None)


def vote_refusal(
    request: HttpRequest, *, comment: Comment, reader: Reader
) -> tuple[str, int] | None:
    """Why a vote is not counted, with the seconds to wait; None when it counts.

    The rule: a network address votes at most so often, and at most so often on one comment.
    A browser the site does not recognise (`new_voter`) is a new voter, and a network
    brings at most VOTE_RATE_WITHOUT_COOKIE of those to one comment — so a client that
    drops its cookie is counted once, not on every request, while a reader's first vote
    counts at once."""
    network = network_key(request)
    on_comment = f"{network}:{comment.pk}"
    wait = over_limit(
        request, group="vote", rate=settings.VOTE_RATE_PER_CLIENT, key=network
    ) or over_limit(
        request, group="vote-comment", rate=settings.VOTE_RATE_PER_COMMENT, key=on_comment
    )
    if wait:
        return _("You are voting very fast. Please wait a few minutes, then try again."), wait
    if new_voter(reader, comment=comment) and (
        wait := over_limit(
            request,
            group="vote-without-cookie",
            rate=settings.VOTE_RATE_WITHOUT_COOKIE,
            key=on_comment,
        )
    ):
        return _(
            "Your vote was not counted: a vote on this comment already came from your network "
            "from a browser the site did not recognise. Your browser is recognised from now "
            "on, so vote again to count; it needs to keep cookies from this site."
        ), wait
    return None


# How long a cookieless reader id is remembered as having voted on a comment: longer than
# any such id lives (the embed's frame token lasts a day).
COOKIELESS_VOTER_REMEMBERED_SECONDS = 2 * 24 * 3600


def new_voter(reader: Reader, *, comment: Comment) -> bool:
    """Whether this vote on `comment` comes from a browser the site has not recognised: one
    without a reader cookie (it is given one now), or one whose id was made for this page
    view alone (`reader.cookieless`), on that id's first vote on the comment — remembered
    from then on, as the cookie is, so that its next press toggles or changes its vote as
    any reader's does. Readers signed in or with a cookie are known."""
    if reader.new_cookie_id:
        return True
    if not reader.cookieless:
        return False
    remembered = caches[settings.RATELIMIT_USE_CACHE]
    seen = f"cookieless-voter:{reader.key}:{comment.pk}"
    return remembered.add(seen, 1, timeout=COOKIELESS_VOTER_REMEMBERED_SECONDS)
