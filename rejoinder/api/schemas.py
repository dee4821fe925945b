"""What the API answers with, and how a comment becomes that answer. Comments carry the
same sanitised HTML the page shows; no e-mail address or network address is ever a field
of any schema here."""

from datetime import datetime, timedelta
from typing import Annotated, Literal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Schema
from pydantic import ConfigDict

from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.discussion.presenters import article_author_id, as_shown, thread_url
from rejoinder.discussion.queries import CommentNode, awaits_review

# Ids in paths: positive, and within a database's 64-bit integers (a larger one would
# overflow the query rather than find nothing).
ID_MAX = 2**63 - 1
ThreadId = Annotated[int, Path(ge=1, le=ID_MAX, description="A discussion's id.")]
CommentId = Annotated[int, Path(ge=1, le=ID_MAX, description="A comment's id.")]


# Free text stored or looked up as sent: no NUL, which no database column can hold.
NO_NUL = r"^[^\x00]*$"


class Input(Schema):
    """A JSON body: taken as typed, never coerced (0 is not false, "5" is not 5)."""

    model_config = ConfigDict(strict=True)


ShownState = Literal["visible", "deleted", "removed", "awaiting_review"]


class ThreadOut(Schema):
    id: int
    title: str
    url: str  # the page the discussion is under
    article_id: int | None
    is_closed: bool
    comment_count: int
    comments_url: str  # this API's page of its comments


class AuthorOut(Schema):
    name: str
    website: str | None
    avatar_url: str
    is_article_author: bool
    is_staff: bool


class PassageOut(Schema):
    """The passage of the article an inline comment is about."""

    exact: str
    question: str
    on_earlier_version: bool


class ViewerOut(Schema):
    """What this comment is to the caller: their vote, and whether they may change it."""

    vote: Literal[-1, 0, 1]
    is_own: bool
    editable_until: datetime | None


class CommentOut(Schema):
    id: int
    thread_id: int
    parent_id: int | None
    depth: int
    state: ShownState
    author: AuthorOut | None  # None for a placeholder (deleted or removed)
    html: str  # sanitised HTML, as on the page; empty for a placeholder
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    is_featured: bool
    reply_to: str | None  # the name of the author a reply answers
    passage: PassageOut | None
    permalink: str
    viewer: ViewerOut


class CommentTreeOut(CommentOut):
    replies: list["CommentTreeOut"]


CommentTreeOut.model_rebuild()


def shown_state(comment: Comment) -> str:
    """The state as its author may know it: one hidden quietly (a shadow ban, spam) looks
    published to them, and nobody else is ever shown it."""
    if comment.state in (CommentState.DELETED, CommentState.REMOVED):
        return str(comment.state)
    return "awaiting_review" if awaits_review(comment) else "visible"


class Presenter:
    """Turns comments of one thread into CommentOut for one caller. Reads nothing itself:
    the caller's votes come in `votes`, so a whole page costs its fixed queries."""

    def __init__(self, *, thread: Thread, reader_key: str | None, votes: dict[int, int]) -> None:
        self.thread = thread
        self.reader_key = reader_key
        self.votes = votes
        self.author_id = article_author_id(thread)
        self.closed = as_shown(thread).is_closed
        self.window = timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
        self.now = timezone.now()

    def comment(self, comment: Comment, *, reply_to: str = "") -> dict:
        tombstone = comment.is_tombstone
        own = bool(self.reader_key) and comment.reader_key == self.reader_key
        state = shown_state(comment)
        deadline = comment.created_at + self.window
        changeable = own and state == "visible" and not self.closed and deadline > self.now
        anchor = getattr(comment, "inline_anchor", None) if comment.parent_id is None else None
        return {
            "id": comment.pk,
            "thread_id": comment.thread_id,
            "parent_id": comment.parent_id,
            "depth": comment.depth,
            "state": state,
            "author": None if tombstone else self._author(comment),
            "html": "" if tombstone else comment.body_html,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "upvotes": comment.upvotes,
            "downvotes": comment.downvotes,
            "score": comment.score,
            "is_featured": comment.featured_at is not None and comment.parent_id is None,
            "reply_to": reply_to or None,
            "passage": None
            if anchor is None
            else {
                "exact": anchor.exact,
                "question": anchor.question,
                "on_earlier_version": anchor.is_orphaned,
            },
            "permalink": reverse("discussion:permalink", args=[comment.pk]),
            "viewer": {
                "vote": self.votes.get(comment.pk, 0),
                "is_own": own,
                "editable_until": deadline if changeable else None,
            },
        }

    def _author(self, comment: Comment) -> dict:
        return {
            "name": comment.author_name,
            "website": comment.author_website or None,
            "avatar_url": reverse("discussion:avatar", args=[comment.avatar_seed]),
            "is_article_author": bool(self.author_id) and comment.user_id == self.author_id,
            "is_staff": bool(comment.user_id) and comment.user.is_staff,
        }

    def tree(self, node: CommentNode) -> dict:
        shown = self.comment(node.comment, reply_to=node.parent_name)
        shown["replies"] = [self.tree(reply) for reply in node.replies]
        return shown


def thread_out(thread: Thread) -> dict:
    return {
        "id": thread.pk,
        "title": thread.title,
        "url": thread_url(thread),
        "article_id": thread.article_id,
        "is_closed": as_shown(thread).is_closed,
        "comment_count": thread.comment_count,
        "comments_url": reverse("api-v1:thread_comments", args=[thread.pk]),
    }
