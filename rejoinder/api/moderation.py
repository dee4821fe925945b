"""The moderators' queue and actions, for staff: with an API token from a server, or with
their session from the browser. The same queries and actions as the workspace at
/moderation/, so every action is in the log and can be undone there."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from rejoinder.api import callers
from rejoinder.api.errors import ApiError, error_responses
from rejoinder.api.schemas import NO_NUL, CommentId, Input, ThreadId
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.presenters import thread_url
from rejoinder.moderation import actions, queries
from rejoinder.moderation.models import BanKind, LogAction, LogEntry

router = Router(tags=["moderation"], auth=[callers.StaffToken(), callers.StaffSession()])

STAFF_ERRORS = error_responses(400, 401, 403, 404, 413, 422)
DECISIONS = {"approve": LogAction.APPROVE, "spam": LogAction.SPAM, "remove": LogAction.REMOVE}


class ScreeningOut(Schema):
    decision: str
    reasons: list[str]
    spam_score: float | None


class QueueCommentOut(Schema):
    id: int
    thread_id: int
    thread_title: str
    thread_url: str
    parent_id: int | None
    state: str
    author_name: str
    author_is_member: bool
    body: str  # the Markdown as written, for moderators to judge
    html: str
    created_at: datetime
    open_reports: int
    screening: ScreeningOut | None


class QueueOut(Schema):
    tab: str
    counts: dict[str, int | None]
    comments: list[QueueCommentOut]


class LogEntryOut(Schema):
    id: int
    action: str
    comment_id: int | None
    thread_id: int | None
    created_at: datetime


def _entry(entry: LogEntry) -> dict:
    return {
        "id": entry.pk,
        "action": str(entry.action),
        "comment_id": entry.comment_id,
        "thread_id": entry.thread_id,
        "created_at": entry.created_at,
    }


def _queued(comment: Comment) -> dict:
    screening = getattr(comment, "screening", None)
    return {
        "id": comment.pk,
        "thread_id": comment.thread_id,
        "thread_title": comment.thread.title,
        "thread_url": thread_url(comment.thread),
        "parent_id": comment.parent_id,
        "state": str(comment.state),
        "author_name": comment.author_name,
        "author_is_member": comment.user_id is not None,
        "body": comment.body,
        "html": comment.body_html,
        "created_at": comment.created_at,
        "open_reports": comment.open_reports,
        "screening": None
        if screening is None
        else {
            "decision": str(screening.decision),
            "reasons": [f"{item['check']}: {item['reason']}" for item in screening.reasons],
            "spam_score": screening.spam_score,
        },
    }


class QueueQuery(Schema):
    tab: Literal["pending", "reported", "spam", "removed", "recent"] = "pending"


@router.get(
    "/moderation/queue",
    response={200: QueueOut, **error_responses(401, 403, 422)},
    summary="The moderation queue",
    url_name="moderation_queue",
)
def queue(request: HttpRequest, wanted: Query[QueueQuery]):
    callers.moderator(request)
    return {
        "tab": wanted.tab,
        "counts": queries.tab_counts(),
        "comments": [_queued(comment) for comment in queries.queue(tab=wanted.tab)],
    }


def _comment(comment_id: int) -> Comment:
    comment = Comment.objects.select_related("thread").filter(pk=comment_id).first()
    if comment is None:
        raise ApiError(404, "comment_not_found", _("There is no comment with that id."))
    return comment


class DecisionIn(Input):
    action: Literal["approve", "spam", "remove"]


@router.post(
    "/moderation/comments/{comment_id}/decision",
    response={201: LogEntryOut, **STAFF_ERRORS},
    summary="Approve a comment, mark it as spam, or remove it",
    url_name="moderation_decide",
)
def decide(request: HttpRequest, comment_id: CommentId, given: DecisionIn):
    moderator = callers.moderator(request)
    entry = actions.decide(
        comment=_comment(comment_id), moderator=moderator, action=DECISIONS[given.action]
    )
    return Status(201, _entry(entry))


class BanIn(Input):
    kind: Literal["user", "email", "network"] = Field(
        description="Ban the author's account, e-mail address or network (by the comment)."
    )
    days: int | None = Field(None, ge=1, le=3650, description="Empty: for ever.")
    shadow: bool = Field(False, description="The author goes on writing, seen only by them.")
    reason: str = Field("", max_length=300, pattern=NO_NUL)


@router.post(
    "/moderation/comments/{comment_id}/ban",
    response={201: LogEntryOut, **STAFF_ERRORS},
    summary="Ban the author of a comment",
    url_name="moderation_ban",
)
def ban(request: HttpRequest, comment_id: CommentId, given: BanIn):
    moderator = callers.moderator(request)
    entry = actions.ban(
        comment=_comment(comment_id),
        moderator=moderator,
        kind=BanKind(given.kind),
        days=given.days,
        shadow=given.shadow,
        reason=given.reason,
    )
    if entry is None:
        message = _("This comment carries nothing to ban its author by, of that kind.")
        raise ApiError(422, "nothing_to_ban", message, fields={"kind": message})
    return Status(201, _entry(entry))


class ClosedIn(Input):
    closed: bool


@router.put(
    "/moderation/threads/{thread_id}/closed",
    response={200: LogEntryOut, **STAFF_ERRORS},
    summary="Close a discussion, or reopen it",
    url_name="moderation_close",
)
def close(request: HttpRequest, thread_id: ThreadId, given: ClosedIn):
    moderator = callers.moderator(request)
    thread = Thread.objects.filter(pk=thread_id).first()
    if thread is None:
        raise ApiError(404, "thread_not_found", _("There is no discussion with that id."))
    entry = actions.set_closed(thread=thread, moderator=moderator, closed=given.closed)
    return _entry(entry)
