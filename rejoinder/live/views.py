"""The site's own answer to /live/stream/ where no live app stands behind the proxy's
/live/ route (`rejoinder run`, or a server reached without the proxy): what was missed and
`ready`, then the answer ends and the browser comes back in LIVE_POLL_SECONDS with its
Last-Event-ID. The same page script, polling lightly, instead of a held thread."""

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    JsonResponse,
)
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from rejoinder.live import stream


@require_GET
def stream_once(request: HttpRequest) -> HttpResponse:
    thread_id = stream.parse_event_id(request.GET.get("thread"))
    if not thread_id:
        return HttpResponseBadRequest(_("Say which discussion: ?thread=<its number>."))
    last_id = stream.parse_event_id(request.headers.get("Last-Event-ID") or request.GET.get("last"))
    found = stream.catch_up(thread_id=thread_id, last_id=last_id)
    if found is None:
        return HttpResponseNotFound(_("There is no such discussion."))
    body = stream.retry(settings.LIVE_POLL_SECONDS) + stream.opening(found, mode="poll")
    response = HttpResponse(body)
    for name, value in stream.headers():
        response[name] = value
    return response


STRINGS_SECONDS = 3600


@require_GET
@cache_control(max_age=STRINGS_SECONDS, public=True)
def strings(request: HttpRequest) -> JsonResponse:
    """What live.js says, in the reader's language: fetched once (then from the browser's
    cache), so that no page carries these sentences before they are true."""
    return JsonResponse(
        {
            "commentsOne": _("1 new comment"),
            "commentsMany": _("%(count)s new comments"),
            "repliesOne": _("1 new reply"),
            "repliesMany": _("%(count)s new replies"),
            "show": _("Show"),
            "shown": _("New comments shown."),
            "removed": _("This comment was removed by a moderator."),
            "deleted": _("This comment was deleted."),
            "closed": _("This discussion is closed. You can still read it, but not add to it."),
            "refetch": _("The discussion has changed while this page was away."),
            "reload": _("Reload it"),
        }
    )
