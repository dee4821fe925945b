"""How often a client may post and vote: the rules, for every door (the form views, the
JSON API). Each answers None when the request may go on, else the seconds to wait (with the
reason to show, where readers need one); the caller answers 429 with Retry-After."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rejoinder.core.clients import network_key
from rejoinder.core.limits import Limit, counted_with_write, limit_waits, over_limits
from rejoinder.discussion import actions
from rejoinder.discussion.actions import VoteTally, normalise_email
from rejoinder.discussion.errors import DiscussionError
from rejoinder.discussion.identity import Reader
from rejoinder.discussion.models import Comment


def posting_wait(request: HttpRequest, *, email: str) -> int | None:
    """Seconds to wait when the client's network or the guest's address posts too fast."""
    limits = [Limit("comment-client", settings.COMMENT_RATE_PER_CLIENT, network_key(request))]
    if email:
        limits.append(
            Limit("comment-email", settings.COMMENT_RATE_PER_EMAIL, normalise_email(email))
        )
    return over_limits(*limits)


class VotingTooFast(DiscussionError):
    """The vote limits say wait (`vote_refusal`): `message` says why, `wait` for how long."""

    status = 429

    def __init__(self, message: str, wait: int) -> None:
        super().__init__(message)
        self.wait = wait


def limited_vote(
    request: HttpRequest, *, comment: Comment, reader: Reader, value: int, toggle: bool = False
) -> VoteTally:
    """The reader's vote as every door casts it (the form, htmx, the API): counted against
    the vote limits, then cast (actions.vote) unless they say wait (VotingTooFast). Where the
    counters are a table they commit with the vote (core.limits.counted_with_write); a vote
    refused, by the limits or by the action, is raised once the request's counts have
    committed, so that it stays counted."""
    with counted_with_write():
        try:
            if refusal := vote_refusal(request, comment=comment, reader=reader):
                raise VotingTooFast(*refusal)
            return actions.vote(comment=comment, voter=reader, value=value, toggle=toggle)
        except DiscussionError as failure:
            refused = failure
    raise refused


def vote_refusal(
    request: HttpRequest, *, comment: Comment, reader: Reader
) -> tuple[str, int] | None:
    """Why a vote is not counted, with the seconds to wait; None when it counts.

    The rule: a network address votes at most so often, and at most so often on one comment.
    A browser the site does not recognise (`new_voter`) is a new voter, and a network
    brings at most VOTE_RATE_WITHOUT_COOKIE of those to one comment — so a client that
    drops its cookie is counted once, not on every request, while a reader's first vote
    counts at once.

    A browser without a reader cookie is a new voter whatever the other limits say, so its
    three counters are counted in one round trip to the store; a vote refused for speed then
    still counts as a new voter's on the comment, which gains a fast client nothing."""
    network = network_key(request)
    on_comment = f"{network}:{comment.pk}"
    limits = [
        Limit("vote", settings.VOTE_RATE_PER_CLIENT, network),
        Limit("vote-comment", settings.VOTE_RATE_PER_COMMENT, on_comment),
    ]
    without_cookie = Limit("vote-without-cookie", settings.VOTE_RATE_WITHOUT_COOKIE, on_comment)
    if reader.new_cookie_id:
        *speed, new_voter_wait = limit_waits(*limits, without_cookie)
    else:
        speed, new_voter_wait = limit_waits(*limits), None
    if wait := max((wait for wait in speed if wait), default=None):
        return _("You are voting very fast. Please wait a few minutes, then try again."), wait
    # An id made for one page view is remembered as a voter only once its vote is not
    # refused for speed: refused, it would be let through as known after the window.
    if reader.cookieless and new_voter(reader, comment=comment):
        new_voter_wait = over_limits(without_cookie)
    if wait := new_voter_wait:
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
