"""Receivers of the discussion's announcements. They only queue work: the request that
posted a comment never waits for mail, and a receiver never vetoes anything."""

from rejoinder.discussion.models import Comment
from rejoinder.notifications import tasks


def queue_fan_out(sender, *, comment: Comment, **kwargs) -> None:
    tasks.fan_out.enqueue(comment_id=comment.pk)
