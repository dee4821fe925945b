"""The seam through which the comment form reaches the "submit a comment" use case.

Submitting spans apps above the discussion: the passage a comment is about (inline), the
post itself (here), and the "Notify of" choice (notifications). The use case lives above
them all (settings.COMMENT_SUBMISSION names it: rejoinder.commenting.submit), so that the
form view, the JSON API and the embed share one sequence, and the discussion imports none
of those apps."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from rejoinder.discussion.actions import CommentAuthor
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.screening import ClientHints


@dataclass(frozen=True)
class Submitted:
    """A comment that was posted, and what became of its author's "Notify of" choice."""

    comment: Comment
    # "" (none asked or none possible), "pending" (a guest must confirm) or "active".
    subscription_state: str = ""
    # The address a confirmation link went to, for telling that author alone where to look.
    confirm_address: str = ""


def submit_comment(
    *,
    thread: Thread,
    author: CommentAuthor,
    body: str,
    parent: Comment | None = None,
    passage: str = "",
    quote: str = "",
    notify: str = "",
    submission_token: str | None = None,
    client: ClientHints | None = None,
) -> Submitted:
    """Submit a comment through the use case the settings name. Raises DiscussionError
    (or a subclass) when it is refused, before anything is written."""
    use_case = import_string(settings.COMMENT_SUBMISSION)
    return use_case(
        thread=thread,
        author=author,
        body=body,
        parent=parent,
        passage=passage,
        quote=quote,
        notify=notify,
        submission_token=submission_token,
        client=client,
    )
