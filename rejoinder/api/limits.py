"""The same rate limits as the form views — the rules each app keeps in its `limits`
module, counted in the same store under the same groups, so a reader who uses the form and
the API spends one allowance — answered with 429 and Retry-After."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from rejoinder.api.errors import ApiError
from rejoinder.discussion.identity import Reader
from rejoinder.discussion.limits import VotingTooFast, posting_wait
from rejoinder.discussion.models import Comment
from rejoinder.moderation.limits import report_refusal
from rejoinder.notifications.limits import following_wait


def _too_many(message: str, wait: int, *, reader: Reader | None = None) -> ApiError:
    return ApiError(429, "rate_limited", message, retry_after=wait, reader=reader)


def check_comment_rate(request: HttpRequest, *, email: str) -> None:
    """Posting: per network, and per guest e-mail address."""
    if wait := posting_wait(request, email=email):
        raise _too_many(
            _("You are commenting very fast. Please wait a minute, then post again."), wait
        )


def voting_too_fast(refusal: VotingTooFast, *, reader: Reader, browser: bool) -> ApiError:
    """Voting (counted by discussion.limits.limited_vote): per network, per network on one
    comment, and the votes of readers the site does not recognise yet (no reader cookie) at
    most once a while per network and comment. A `browser` refused for having no cookie gets
    one, so that its next vote counts."""
    return _too_many(refusal.message, refusal.wait, reader=reader if browser else None)


def check_report_rate(request: HttpRequest, *, comment: Comment) -> None:
    if refusal := report_refusal(request, comment=comment):
        raise _too_many(*refusal)


def check_follow_rate(request: HttpRequest, *, email: str) -> None:
    """Following: per network, and per guest address (each ask may mail it a link)."""
    if wait := following_wait(request, email=email):
        raise _too_many(
            _(
                "Too many requests to follow discussions have come from here or for this "
                "address. Please wait a while, then try again."
            ),
            wait,
        )
