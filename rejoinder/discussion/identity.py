"""Who a reader is, without an account: a random id in a signed, long-lived cookie.

Votes and guests' authorship are keyed by an HMAC of that id (or of the user's id), so the
database never holds a value that could be replayed as a cookie.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

READER_COOKIE = "rejoinder_reader"
READER_COOKIE_MAX_AGE = 5 * 365 * 24 * 3600
_SALT = "rejoinder.discussion.reader"


@dataclass(frozen=True)
class Reader:
    key: str
    user: AbstractBaseUser | None = None
    # Set when the reader had no cookie yet and one must be sent with the response.
    new_cookie_id: str | None = None
    # An id an adapter made for one page view because the browser kept no cookie (the
    # embed's frame where third-party cookies are blocked): the next view brings a new one,
    # so, as a browser without a cookie, it may be a client that drops its identity at will.
    cookieless: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None


def reader_key(*, user_id: int | None = None, cookie_id: str | None = None) -> str:
    subject = f"user:{user_id}" if user_id is not None else f"guest:{cookie_id}"
    return salted_hmac(_SALT, subject, algorithm="sha256").hexdigest()


def _cookie_id(request: HttpRequest) -> str | None:
    try:
        return request.get_signed_cookie(READER_COOKIE, salt=_SALT, max_age=READER_COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None


def known_reader(request: HttpRequest) -> Reader | None:
    """The reader behind this request if they have an account or a cookie; for reads."""
    user = getattr(request, "user", AnonymousUser())
    if user.is_authenticated:
        return Reader(key=reader_key(user_id=user.pk), user=user)
    # An adapter that knows the reader without cookies sets `reader_id` on the request: the
    # embed's frame, where browsers partition or block cookies, from its signed header; and
    # `reader_id_cookieless` when it made that id for this page view, finding no cookie.
    if reader_id := getattr(request, "reader_id", None):
        cookieless = getattr(request, "reader_id_cookieless", False)
        return Reader(key=reader_key(cookie_id=reader_id), cookieless=cookieless)
    if cookie_id := _cookie_id(request):
        return Reader(key=reader_key(cookie_id=cookie_id))
    return None


def reader_for_write(request: HttpRequest) -> Reader:
    """The reader behind this request, given a new cookie id if they had none."""
    if reader := known_reader(request):
        return reader
    cookie_id = secrets.token_urlsafe(24)
    return Reader(key=reader_key(cookie_id=cookie_id), new_cookie_id=cookie_id)


def remember_reader(response: HttpResponse, reader: Reader, *, secure: bool) -> HttpResponse:
    if reader.new_cookie_id:
        response.set_signed_cookie(
            READER_COOKIE,
            reader.new_cookie_id,
            salt=_SALT,
            max_age=READER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
    return response
