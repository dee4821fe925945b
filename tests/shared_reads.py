"""Helpers for the stories of pages kept in memory (discussion.shared_reads): the WSGI
application as `rejoinder serve` runs it, a fresh one that keeps nothing to compare with,
and a count of the requests that reached Django."""

import re
from collections.abc import Callable
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import CommentState
from rejoinder.discussion.shared_reads import SharedReads
from rejoinder.moderation.actions import decide
from rejoinder.moderation.models import LogAction, ModerationSettings
from rejoinder.shared_pages import sources
from tests.conftest import a_guest
from tests.discussion.test_shared_reads import TOKEN, Answer, call

FRAME_TOKEN = re.compile(rb"X-Rejoinder-Frame&quot;: &quot;([^&]+)&quot;")
FORM_TOKEN = re.compile(rb'name="submission_token" value="([^"]+)"')


def whole_app() -> SharedReads:
    return SharedReads(WSGIHandler(), sources())


def fresh(path: str, **given) -> Answer:
    """What Django itself answers now, with nothing kept in memory."""
    return call(WSGIHandler(), path, **given)


def without_tokens(answer: Answer) -> bytes:
    """The body with what is drawn anew for each request (the CSRF token, the comment
    form's token, the frame's token) taken out."""
    return FORM_TOKEN.sub(b"", FRAME_TOKEN.sub(b"", TOKEN.sub(b"", answer.body)))


@contextmanager
def django_requests():
    """A list that fills with one entry per request Django handles meanwhile."""
    seen: list[bool] = []

    def note(**_signal) -> None:
        seen.append(True)

    request_started.connect(note)
    try:
        yield seen
    finally:
        request_started.disconnect(note)


def counts_through_writes(now: Callable[[], int], *, say, thread, moderator, settings) -> list:
    """What `now()` reads after each write a count must follow at once: a new comment, its
    removal, a comment held by the blocked words, and its approval."""
    seen = []
    second = say("Two.")
    seen.append(now())
    decide(comment=second, moderator=moderator, action=LogAction.REMOVE)
    seen.append(now())
    settings.COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
    config = ModerationSettings.load()
    config.blocked_words = "harbourgate"
    config.save()
    held = post_comment(thread=thread, author=a_guest("Tomas"), body="About harbourgate.")
    assert held.state == CommentState.PENDING
    seen.append(now())
    decide(comment=held, moderator=moderator, action=LogAction.APPROVE)
    seen.append(now())
    return seen
