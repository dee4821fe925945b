"""Rate limits on what readers do (post, vote, report, follow), counted with django-ratelimit
in the store CACHES["limits"] names: shared by every server process, apart from page caches.

Views ask `over_limit` with a key saying whom the limit is for — `network_key(request)` for
the client's network, with a target after it for "this network on this comment", or an
e-mail address — and answer 429 with Retry-After (`too_many_requests`) when it says wait."""

from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage


def over_limit(request: HttpRequest, *, group: str, rate: str, key: str) -> int | None:
    """Count this request against `rate` ("5/m") for `key` within `group`. None while within
    the limit (or with limits off); else the seconds until the window ends. The key reaches
    the store only as a hash (django-ratelimit's), and callers pass hashes of addresses."""
    usage = get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def too_many_requests(response: HttpResponse, *, retry_after: int) -> HttpResponse:
    """Mark a refusal as a rate limit: 429, and when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response
