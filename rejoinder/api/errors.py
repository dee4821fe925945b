"""Every refusal the API gives, in one shape: `{"error": code, "message": text, "fields":
{name: text}}` with the status that fits, never a 500. Endpoints raise ApiError or let a
named refusal of the apps below (DiscussionError, NotificationError…) through; the
handlers here turn each into that shape."""

import logging
import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rejoinder.core.errors import RefusedError
from rejoinder.discussion.errors import ThreadClosed
from rejoinder.discussion.identity import Reader, remember_reader

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, str]


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        retry_after: int | None = None,
        reader: Reader | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
        self.fields = fields or {}
        self.retry_after = retry_after
        # A browser's reader given a cookie by this request: a refusal that tells it to
        # try again ("vote again to count") must give it the cookie that makes it count.
        self.reader = reader


class PayloadTooLarge(Exception):
    """Raised by the API's parser for a body larger than any request of ours needs."""


# Refusals whose status differs in the API from the form's: a thread closed to comments is
# a conflict with the thread's state, not a lack of permission.
STATUS_IN_API = {ThreadClosed: 409}
# Refusals that name bad input: 422, with the message under the field it is about.
INPUT_FIELDS = {"InvalidComment": "body", "InvalidPassage": "passage", "InvalidVote": "value"}


def error_code(name: str) -> str:
    """ThreadClosed -> thread_closed."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The `response` entries of an operation's possible refusals, for its schema."""
    return dict.fromkeys(statuses, ErrorOut)


def _respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {"error": error.code, "message": error.message, "fields": error.fields}
    response = api.create_response(request, body, status=error.status)
    if error.retry_after is not None:
        response["Retry-After"] = str(error.retry_after)
    if error.reader is not None:
        remember_reader(response, error.reader, secure=request.is_secure())
    return response


def _field_name(location: list) -> str:
    """The field a problem is in, as the client names it: pydantic's location is the kind
    of parameter, then (for a body or a query schema) our parameter's name, then the field:
    ("body", "new", "email") is "email"; ("path", "thread_id") is "thread_id"."""
    parts = [str(part) for part in location[1:]]
    if len(parts) >= 2:
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    def handle(exception_class):
        def register(function):
            api.add_exception_handler(exception_class, function)
            return function

        return register

    @handle(ApiError)
    def api_error(request, error: ApiError):
        return _respond(api, request, error)

    @handle(RefusedError)
    def refused(request, refusal: RefusedError):
        name = type(refusal).__name__
        if name in INPUT_FIELDS:
            error = ApiError(
                422, error_code(name), refusal.message, fields={INPUT_FIELDS[name]: refusal.message}
            )
        else:
            status = STATUS_IN_API.get(type(refusal), refusal.status)
            error = ApiError(status, error_code(name), refusal.message)
        return _respond(api, request, error)

    @handle(ValidationError)
    def invalid(request, failure: ValidationError):
        fields = {}
        for item in failure.errors:
            fields.setdefault(_field_name(list(item.get("loc", ()))), str(item.get("msg", "")))
        message = _("Some of what was sent is not valid: see fields.")
        return _respond(api, request, ApiError(422, "invalid_input", message, fields=fields))

    @handle(AuthenticationError)
    def unauthenticated(request, failure: AuthenticationError):
        message = _(
            "Sign in, or send a staff member's API token as 'Authorization: Bearer <token>'."
        )
        return _respond(api, request, ApiError(401, "not_authenticated", message))

    @handle(HttpError)
    def http_error(request, failure: HttpError):
        if isinstance(failure.__cause__, PayloadTooLarge):
            return _respond(api, request, _too_large())
        if failure.status_code == 400:
            # Ninja's "Cannot parse request body": the JSON itself is broken.
            message = _("The request body is not valid JSON.")
            return _respond(api, request, ApiError(400, "malformed_json", message))
        code = error_code(type(failure).__name__)
        return _respond(api, request, ApiError(failure.status_code, code, str(failure)))

    @handle(RequestDataTooBig)
    def too_big(request, failure: RequestDataTooBig):
        return _respond(api, request, _too_large())

    @handle(Http404)
    def not_found(request, failure: Http404):
        message = str(failure) or _("There is nothing here.")
        return _respond(api, request, ApiError(404, "not_found", message))

    @handle(PermissionDenied)
    def forbidden(request, failure: PermissionDenied):
        message = str(failure) or _("You may not do that.")
        return _respond(api, request, ApiError(403, "forbidden", message))

    @handle(Exception)
    def unexpected(request, failure: Exception):
        # Logged with its traceback for the site's operators; the client gets JSON.
        logger.exception("API request failed: %s %s", request.method, request.path)
        message = _("Something went wrong on our side. Please try again later.")
        return _respond(api, request, ApiError(500, "server_error", message))


def _too_large() -> ApiError:
    return ApiError(413, "payload_too_large", _("The request body is too large."))
