"""Requests from inside a discussion frame: who the reader is, from the frame's header."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from rejoinder.embed.errors import EmbedError, SiteClosed
from rejoinder.embed.frames import FRAME_HEADER, Frame, read_frame_token
from rejoinder.embed.models import Site

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class FrameIdentityMiddleware:
    """For a request that carries a frame token (frames.py): the reader is the frame's
    (`request.reader_id`, which discussion.identity reads), the account is the site's signed-in
    member or nobody — never a session of Rejoinder's own, which a frame must not act as — and
    CSRF's cookie check stands aside, because the header itself cannot be sent cross-site.
    Writes to a closed site's discussions are refused here, whatever view they reach.
    Must come after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if token := request.headers.get(FRAME_HEADER):
            try:
                frame = read_frame_token(token)
                site = Site.objects.filter(pk=frame.site_id).only("is_open").first()
                if site is None:
                    raise EmbedError()
                if not site.is_open and request.method not in SAFE_METHODS:
                    raise SiteClosed()
            except EmbedError as error:
                html = format_html('<p class="form-errors" role="alert">{}</p>', error.message)
                return HttpResponse(html, status=error.status)
            enter_frame(request, frame)
        return self.get_response(request)


def enter_frame(request: HttpRequest, frame: Frame) -> None:
    """Let the rest of the request see the frame's reader and member (see the middleware)."""
    request.embed_frame = frame
    request.reader_id = frame.reader_id
    request.reader_id_cookieless = frame.reader_is_new
    request.user = SimpleLazyObject(lambda: _member(frame.member_user_id))
    request._dont_enforce_csrf_checks = True
    # Nor do its pages carry CSRF tokens or set the cookie: a browser refuses a SameSite=Lax
    # cookie from a frame on another site, and the frame's writes carry the header instead.
    request.csrf_in_header = True


def _member(user_id: int | None):
    if user_id is None:
        return AnonymousUser()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return user or AnonymousUser()
