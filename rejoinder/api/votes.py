"""Votes: set, change or withdraw the caller's vote on a comment (one per reader)."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from rejoinder.api import callers, limits
from rejoinder.api.comments import comment_not_found
from rejoinder.api.errors import error_responses
from rejoinder.api.schemas import CommentId, Input
from rejoinder.discussion.identity import remember_reader
from rejoinder.discussion.limits import VotingTooFast, limited_vote
from rejoinder.discussion.queries import comment_to_vote_on

router = Router(tags=["votes"])

VALUES = {"up": 1, "down": -1, "none": 0}


class VoteIn(Input):
    value: Literal["up", "down", "none"]


class VoteOut(Schema):
    comment_id: int
    upvotes: int
    downvotes: int
    score: int
    mine: Literal[-1, 0, 1]


@router.put(
    "/comments/{comment_id}/vote",
    response={200: VoteOut, **error_responses(400, 401, 403, 404, 409, 413, 422, 429)},
    summary="Vote on a comment",
    url_name="vote",
)
def vote(request: HttpRequest, response: HttpResponse, comment_id: CommentId, given: VoteIn):
    """`none` withdraws the caller's vote. Sending the same vote twice changes nothing.
    A comment the caller does not find published, or under an unpublished article, is
    404; a vote on one's own comment is 403, in a closed discussion 409."""
    caller = callers.for_write(request)
    # A browser given an id just now has written nothing: only visible comments are its own.
    key = caller.reader.key if caller.reader.new_cookie_id is None else None
    # The form's rule and query (discussion.views.vote): both doors take the same votes.
    if (target := comment_to_vote_on(comment_id, key)) is None:
        raise comment_not_found()
    try:
        tally = limited_vote(
            request, comment=target.comment, reader=caller.reader, value=VALUES[given.value]
        )
    except VotingTooFast as refusal:
        raise limits.voting_too_fast(
            refusal, reader=caller.reader, browser=not caller.by_token
        ) from None
    if not caller.by_token:
        remember_reader(response, caller.reader, secure=request.is_secure())
    return {
        "comment_id": tally.comment_id,
        "upvotes": tally.upvotes,
        "downvotes": tally.downvotes,
        "score": tally.score,
        "mine": tally.mine,
    }
