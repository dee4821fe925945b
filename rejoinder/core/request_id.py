"""A request id on every response (X-Request-ID) and on every log line written while the
request is handled, so one reader's "it failed at 10:02" leads to the lines that say why.

The id comes from the proxy when it sends a sane one (nginx: `$request_id`), so the proxy's
access log and ours share it; otherwise it is made here. The outermost WSGI layer
(core.metrics.OuterApplication) chooses it, and sets the header on pages answered in front
of Django (discussion.shared_reads), so they carry an id of their own too; the middleware
sets it on Django's answers, and chooses it for the test client and any server that loads
Django's handler directly."""

import logging
import re
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from rejoinder.core.randomness import random_bytes

HEADER = "X-Request-ID"
ENVIRON_KEY = "rejoinder.request_id"
_SANE = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


def request_id_from(environ: dict) -> str:
    """The id the outer layer already chose, the proxy's if sane, else a new one."""
    if chosen := environ.get(ENVIRON_KEY):
        return chosen
    offered = environ.get("HTTP_X_REQUEST_ID")
    if offered and _SANE.fullmatch(offered):
        return offered
    # 32 hex digits, as uuid4().hex wrote them, from bytes drawn ahead: uuid4 asked the
    # system for each id, a tenth of a page answered from memory.
    return random_bytes(16).hex()


class RequestIdMiddleware:
    """Inside Django: the same id on request.request_id, in the logs and in the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request.META)
        # Not reset on the way out: Django logs a failed response ("Not Found: …") after
        # every middleware has returned. The WSGI wrapper resets it; the next request here
        # sets its own.
        current_request_id.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
