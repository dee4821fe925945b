"""Subscriptions: follow a discussion by e-mail without commenting (the bell). A guest's
address waits for the confirmation link; a signed-in reader's account address is active."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from rejoinder.api import callers, limits
from rejoinder.api.errors import ApiError, error_responses
from rejoinder.api.schemas import Input, ThreadId
from rejoinder.api.threads import get_thread
from rejoinder.notifications import services
from rejoinder.notifications.models import Scope

router = Router(tags=["subscriptions"])


class SubscribeIn(Input):
    scope: Literal["replies", "all"] = Field(
        description="`all`: every new comment; `replies`: replies to one's own comments."
    )
    email: str = Field("", max_length=254, description="A guest's address (never shown).")


class SubscriptionOut(Schema):
    state: Literal["pending", "active"]


@router.post(
    "/threads/{thread_id}/subscriptions",
    response={201: SubscriptionOut, **error_responses(400, 401, 403, 404, 413, 422, 429)},
    summary="Follow a discussion by e-mail",
    url_name="subscribe",
)
def subscribe(request: HttpRequest, thread_id: ThreadId, given: SubscribeIn):
    """The address is never echoed back: `pending` means a confirmation link is on its way."""
    caller = callers.for_write(request)
    thread = get_thread(thread_id)
    user = caller.user
    email = user.email if user is not None else given.email.strip()
    try:
        validate_email(email)
    except ValidationError:
        message = (
            _("Your account has no e-mail address to write to.")
            if user is not None
            else _("Give the e-mail address to send notifications to.")
        )
        raise ApiError(422, "invalid_input", message, fields={"email": message}) from None
    limits.check_follow_rate(request, email=email if user is None else "")
    subscription = services.subscribe(
        thread=thread,
        scope=Scope(given.scope),
        email=email,
        user=user,
        reader_key=caller.reader.key if caller.reader.new_cookie_id is None else "",
    )
    return Status(201, {"state": str(subscription.state)})
