"""How often a client may report comments: the rule, for every door (the form view, the JSON
API). None when the report may be taken, else the reason and the seconds to wait."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rejoinder.core.clients import network_key
from rejoinder.core.limits import over_limit
from rejoinder.discussion.models import Comment


def report_refusal(request: HttpRequest, *, comment: Comment) -> tuple[str, int] | None:
    """Why a report is not taken, with the seconds to wait; None when it is. A network
    reports so often, and one comment once a while: a fresh cookie per report must not let
    one person reach the reports threshold alone."""
    network = network_key(request)
    if wait := over_limit(
        request, group="report", rate=settings.REPORT_RATE_PER_CLIENT, key=network
    ):
        return _("You are reporting very fast. Please wait a while, then try again."), wait
    if wait := over_limit(
        request,
        group="report-comment",
        rate=settings.REPORT_RATE_PER_COMMENT,
        key=f"{network}:{comment.pk}",
    ):
        return _(
            "This comment has already been reported from your network. A moderator will look at it."
        ), wait
    return None
