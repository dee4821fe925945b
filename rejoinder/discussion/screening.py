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

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.module_loading import import_string

from rejoinder.core.clients import network_key
from rejoinder.core.randomness import random_bytes
from rejoinder.core.signed import QuickSigner, url_safe_b64
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
    # Out of sight without telling the author (a shadow ban, spam): they see the comment as
    # if published. False for a comment held for review, which its author is told about.
    quiet: bool = False


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


def closing_time(*, thread: Thread) -> datetime | None:
    """When the policy (settings.THREAD_CLOSING) closes the thread by itself, if it does: the
    worker's pass then closes it for good, and until then readers must already find it
    closed, and the policy refuses comments on it. None for a thread already closed."""
    if thread.is_closed:
        return None
    return import_string(settings.THREAD_CLOSING)(thread=thread)


FORM_TOKEN_SALT = "rejoinder.discussion.form-token"
# Every page with a comment form draws one, those answered from memory included: signed as
# signing.dumps signs it, for a fraction of its cost (core.signed).
_FORM_SIGNER = QuickSigner(FORM_TOKEN_SALT)


def issue_form_token(*, now: float | None = None) -> str:
    """The comment form's one-time token: a random nonce and the time the form was drawn,
    signed with the site's secret. The signature makes the time trustworthy (a bot cannot
    claim it spent a minute writing) and the nonce makes each form's token unique."""
    issued = int(time.time() if now is None else now)
    # The JSON of [issued, nonce]: a URL-safe nonce needs no escaping.
    drawn = b'[%d,"%s"]' % (issued, url_safe_b64(random_bytes(12)))
    return _FORM_SIGNER.sign_json(drawn, now=issued)


def seconds_since_issued(token: str | None, *, now: float | None = None) -> float | None:
    """How long ago the form carrying `token` was drawn; None when that is unknown: no
    token, or one this site did not sign (forged, altered, from another secret). The spam
    heuristics treat unknown as no evidence either way, as for a client without the form."""
    if not token:
        return None
    try:
        issued, _nonce = signing.loads(token, salt=FORM_TOKEN_SALT)
        elapsed = (time.time() if now is None else now) - int(issued)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return max(elapsed, 0.0)


def client_hints(request: HttpRequest, *, form_token: str | None) -> ClientHints:
    """What the request says beyond the text: the writer's network, and how long the
    comment took to write (from the signed time in the form's token)."""
    return ClientHints(
        network=network_key(request), seconds_to_write=seconds_since_issued(form_token)
    )
