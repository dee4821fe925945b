"""Who is calling the API. Browsers call with their session or reader cookie, and send the
CSRF token with every write; servers call with a staff member's API token
(`Authorization: Bearer <token>`), which needs no CSRF token because no browser sends it
on its own. A token identifies its user as a signed-in reader would be."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from rejoinder.api import tokens
from rejoinder.api.errors import ApiError
from rejoinder.discussion.identity import Reader, known_reader, reader_for_write, reader_key

MODERATE = "moderation.moderate"  # the moderators' permission (moderation.views.PERMISSION)


@dataclass(frozen=True)
class Caller:
    reader: Reader | None  # None: a reader with neither account nor cookie (reads only)
    by_token: bool = False

    @property
    def user(self) -> AbstractBaseUser | None:
        return self.reader.user if self.reader else None


def _bearer(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer` header; None without one. Other schemes are
    not ours (a staging site's HTTP Basic password) and are left alone."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _token_reader(request: HttpRequest) -> Reader | None:
    token = _bearer(request)
    if token is None:
        return None
    user = tokens.user_for_token(token)
    if user is None:
        raise ApiError(401, "invalid_token", _("This API token is unknown or has been revoked."))
    return Reader(key=reader_key(user_id=user.pk), user=user)


def for_read(request: HttpRequest) -> Caller:
    if (reader := _token_reader(request)) is not None:
        return Caller(reader, by_token=True)
    # A browser that reads will write next: give it the csrftoken cookie its writes send
    # back in X-CSRFToken (the page's own forms do the same).
    get_token(request)
    return Caller(known_reader(request))


def for_write(request: HttpRequest) -> Caller:
    """The writer, with a new reader cookie id if a browser had none. A browser's write
    must carry the CSRF token (the `X-CSRFToken` header with the csrftoken cookie's value)."""
    if (reader := _token_reader(request)) is not None:
        return Caller(reader, by_token=True)
    if check_csrf(request) is not None:
        raise ApiError(
            403,
            "csrf_failed",
            _(
                "Send the X-CSRFToken header with the value of the csrftoken cookie, "
                "or call with an API token."
            ),
        )
    return Caller(reader_for_write(request))


class StaffToken(HttpBearer):
    """A staff member's API token (created and revoked in the admin)."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        return tokens.user_for_token(token)


class StaffSession(APIKeyCookie):
    """A staff member signed in to the site, from the browser (CSRF checked on writes)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session there is no one to authenticate: 401, not a CSRF complaint.
        if self.param_name not in request.COOKIES:
            return None
        if check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", _("Send the X-CSRFToken header with writes."))
        return request.COOKIES[self.param_name]

    def authenticate(self, request: HttpRequest, key: str | None) -> AbstractBaseUser | None:
        user = request.user
        return user if user.is_authenticated and user.is_staff else None


def moderator(request: HttpRequest) -> AbstractBaseUser:
    """The authenticated caller, who must be allowed to moderate."""
    user = request.auth
    if not (user.is_staff and user.has_perm(MODERATE)):
        raise ApiError(403, "not_a_moderator", _("Only moderators may do that."))
    return user
