"""The discussion's announcements turned into live events. Those sent after commit: a
failure to publish is logged and swallowed, since the write it follows has committed and its
response must not fail; readers get the change on their next reload. votes_counted comes
inside the vote's transaction: its event is stored with the vote (discussion/signals.py)."""

import logging
from collections.abc import Callable

from django.db import DatabaseError

from rejoinder.discussion.models import Comment
from rejoinder.discussion.presenters import placement
from rejoinder.live import bus, events

logger = logging.getLogger(__name__)


def _facts(comment: Comment) -> tuple[int, events.CommentFacts] | None:
    """The comment's thread and facts as committed (the caller's copy may be stale: a
    retired comment's listing is changed in the database only)."""
    row = (
        Comment.objects.filter(pk=comment.pk)
        .values("thread_id", "state", "hidden_quietly", "is_listed", "parent_id")
        .first()
    )
    if row is None:
        return None
    holder = None
    if row["parent_id"]:
        target, _swap = placement(comment)
        holder = int(target.removeprefix("#replies-"))
    facts = events.CommentFacts(
        id=comment.pk,
        state=row["state"],
        hidden_quietly=row["hidden_quietly"],
        is_listed=row["is_listed"],
        parent_id=row["parent_id"],
        holder_id=holder,
    )
    return row["thread_id"], facts


def _publish(thread_id: int, data: dict | None) -> None:
    if data is None:
        return
    try:
        bus.publish(thread_id=thread_id, data=data)
    except Exception:  # the database or Redis failing must not fail a committed write
        logger.exception("A live event of thread %s was not published", thread_id)


def _publish_about(comment: Comment, event: Callable) -> None:
    try:
        found = _facts(comment)
    except DatabaseError:
        logger.exception("A live event of comment %s was not published", comment.pk)
        return
    if found:
        _publish(found[0], event(found[1]))


def comment_posted(sender, *, comment: Comment, **kwargs) -> None:
    _publish_about(comment, events.posted_event)


def comment_changed(sender, *, comment: Comment, **kwargs) -> None:
    _publish_about(comment, events.changed_event)


def votes_counted(sender, *, tally, thread_id: int, **kwargs) -> None:
    """Within the vote's transaction: the event is stored with the vote, and a failure to
    store it fails the vote rather than leaving readers with totals never announced."""
    data = events.votes_event(
        comment_id=tally.comment_id,
        upvotes=tally.upvotes,
        downvotes=tally.downvotes,
        score=tally.score,
    )
    bus.record(thread_id=thread_id, data=data)


def thread_closed_changed(sender, *, thread, **kwargs) -> None:
    _publish(thread.pk, events.closed_event(closed=thread.is_closed))
