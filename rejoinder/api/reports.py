"""Reports: a reader asks the moderators to look at a comment."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from rejoinder.api import callers, limits
from rejoinder.api.comments import find_comment
from rejoinder.api.errors import ApiError, error_responses
from rejoinder.api.schemas import CommentId, Input
from rejoinder.discussion.identity import remember_reader
from rejoinder.discussion.models import CommentState
from rejoinder.moderation import actions
from rejoinder.moderation.models import ReportReason

router = Router(tags=["reports"])


class ReportIn(Input):
    reason: Literal["spam", "abuse", "off_topic", "illegal"]


class ReportOut(Schema):
    message: str


@router.post(
    "/comments/{comment_id}/reports",
    response={201: ReportOut, **error_responses(400, 401, 403, 404, 409, 413, 422, 429)},
    summary="Report a comment to the moderators",
    url_name="report",
)
def report(request: HttpRequest, response: HttpResponse, comment_id: CommentId, given: ReportIn):
    """Whoever else reported the comment is never told to anyone but the moderators."""
    caller = callers.for_write(request)
    comment = find_comment(comment_id, reader_key=None)
    if comment.state != CommentState.VISIBLE:
        raise ApiError(404, "comment_not_found", _("There is no comment with that id."))
    # Checked before the limits, as the form does, so a refused report does not count.
    actions.check_can_report(comment=comment, reporter_key=caller.reader.key)
    limits.check_report_rate(request, comment=comment)
    reported = actions.report(
        comment=comment, reporter_key=caller.reader.key, reason=ReportReason(given.reason)
    )
    if not reported:
        raise ApiError(409, "already_reported", _("You have already reported this comment."))
    if not caller.by_token:
        remember_reader(response, caller.reader, secure=request.is_secure())
    return Status(201, {"message": _("Thank you. A moderator will look at this comment.")})
