"""The seam between the discussion's writes and whatever screens them.

`actions.post_comment` and `actions.edit_comment` call `screen` before they write. The
callable named by settings.COMMENT_SCREENING (the moderation app's policy) decides: it
raises a DiscussionError to refuse the comment, or returns an `Admission` — the state to
save it in and a function that records why, run inside the write's transaction. The
discussion imports nothing from moderation; moderation builds on the discussion."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from ipaddress import ip_network

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from rejoinder.discussion.models import Comment, CommentState, Thread


@dataclass(frozen=True)
class ClientHints:
    """What the request tells about the writer, beyond what they typed."""

    network: str = ""  # keyed hash of their network (network_key); never the address
    seconds_to_write: float | None = None


@dataclass(frozen=True)
class Admission:
    state: CommentState
    record: Callable[[Comment], None]


def screen(
    *,
    thread: Thread,
    author,
    body: str,
    now: datetime,
    comment: Comment | None = None,
    client: ClientHints | None = None,
) -> Admission:
    """Screen a new comment (or, with `comment`, an edit of it) before it is written."""
    policy = import_string(settings.COMMENT_SCREENING)
    return policy(thread=thread, author=author, body=body, now=now, comment=comment, client=client)


def network_key(request: HttpRequest) -> str:
    """A keyed hash of the writer's network: the address for IPv4, its /64 for IPv6 (one
    household's block). Bans match it; the address itself is never stored."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        prefix = 32 if ":" not in address else 64
        network = str(ip_network(f"{address}/{prefix}", strict=False))
    except ValueError:
        return ""
    return salted_hmac("rejoinder.network", network, algorithm="sha256").hexdigest()


def client_hints(request: HttpRequest, *, form_token: str | None) -> ClientHints:
    """The form's submission token starts with the time the form was drawn (hex seconds),
    which tells how long the comment took to write."""
    seconds = None
    issued, dot, _rest = (form_token or "").partition(".")
    if dot:
        try:
            seconds = max(time.time() - int(issued, 16), 0.0)
        except ValueError:
            seconds = None
    return ClientHints(network=network_key(request), seconds_to_write=seconds)
