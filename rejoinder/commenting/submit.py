"""Submitting a comment: check the passage it is about, post it (a reply when it has a
parent) with its passage saved in the same transaction, then follow the thread as its
author asked ("Notify of"). The discussion's form view reaches this through
discussion.submission (a seam); the API calls it directly."""

from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.screening import ClientHints
from rejoinder.discussion.submission import Submitted
from rejoinder.inline.services import check_passage
from rejoinder.notifications.models import SubscriptionState
from rejoinder.notifications.services import subscribe_after_comment


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
    """Raises a DiscussionError (InvalidPassage, InvalidComment, ThreadClosed, Rejected…)
    before anything is written. The subscription follows only a comment that was posted."""
    checked = check_passage(thread=thread, passage=passage, quote=quote, parent=parent)
    comment = post_comment(
        thread=thread,
        author=author,
        body=body,
        parent=parent,
        submission_token=submission_token,
        client=client,
        after_save=checked.attach if checked else None,
    )
    subscription = subscribe_after_comment(comment=comment, scope=notify)
    if subscription is None:
        return Submitted(comment=comment)
    pending = subscription.state == SubscriptionState.PENDING
    return Submitted(
        comment=comment,
        subscription_state=str(subscription.state),
        confirm_address=subscription.subscriber.email if pending else "",
    )
