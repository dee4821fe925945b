"""The event stream's messages (Server-Sent Events) and the catch-up every connection
starts with, shared by the async live app (asgi.py) and the site's short answer (views.py).

A connection names its thread and the last event it has (Last-Event-ID, or `last=` on its
first request, which the page renders). It is sent the thread's events since then, then a
`ready` event carrying the newest event id, so that its next reconnection starts there.
Events older than LIVE_REPLAY_SECONDS are not replayed: the page is told to `refetch`."""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from rejoinder.live.models import LiveEvent

# The discussion app's table of threads (Thread._meta.db_table) and Wagtail's of pages, where
# an article's live flag is (tests hold them equal). Named, not imported: the discussion's
# models import Wagtail, which the live process (live/settings.py) does not load for one
# existence check.
THREAD_TABLE = "discussion_thread"
PAGE_TABLE = "wagtailcore_page"
RESTRICTION_TABLE = "wagtailcore_pageviewrestriction"
REPLAY_LIMIT = 200  # events of one thread sent on reconnection; more than that: refetch


@dataclass
class CatchUp:
    latest: int  # the newest event id of all threads
    events: list[tuple[int, str]] = field(default_factory=list)  # (id, data) of this thread
    refetch: bool = False  # what was missed is past the window: reload the discussion


def parse_event_id(text: str | None) -> int | None:
    """An event id a browser sent back, or None for anything else (it is untrusted)."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def latest_event_id() -> int:
    return LiveEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def catch_up(*, thread_id: int, last_id: int | None) -> CatchUp | None:
    """What a connection to `thread_id` is sent first; None if there is no such thread, or
    none readers can reach."""
    if not thread_exists(thread_id):
        return None
    latest = latest_event_id()
    if last_id is None or last_id == latest:
        return CatchUp(latest)
    cutoff = timezone.now() - timedelta(seconds=settings.LIVE_REPLAY_SECONDS)
    past_window = (
        LiveEvent.objects.filter(created_at__lt=cutoff, id__gt=last_id).exists()
        or last_id > latest  # an id from another database (restored, reset): start afresh
        or _pruned_after(last_id)
    )
    if past_window:
        return CatchUp(latest, refetch=True)
    rows = list(
        LiveEvent.objects.filter(thread_id=thread_id, id__gt=last_id)
        .order_by("id")
        .values_list("id", "data")[: REPLAY_LIMIT + 1]
    )
    if len(rows) > REPLAY_LIMIT:
        return CatchUp(latest, refetch=True)
    return CatchUp(max(latest, rows[-1][0] if rows else 0), rows)


def thread_exists(thread_id: int) -> bool:
    """Whether `thread_id` is a discussion readers can reach under no view restriction:
    discussion.queries.public_threads, written out as reachable_sql and restricted_sql write
    it (a test holds them to the same answers). This process has no Wagtail sessions to
    know whom a restriction lets in, so it lets nobody in, as the API."""
    quote = connection.ops.quote_name
    thread, page, restriction = quote(THREAD_TABLE), quote(PAGE_TABLE), quote(RESTRICTION_TABLE)
    above, path = quote("restricted_page"), quote("path")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {thread} LEFT JOIN {page} ON {page}.{quote('id')} = {thread}"
            f".{quote('article_id')} WHERE {thread}.{quote('id')} = %s"
            f" AND ({thread}.{quote('article_id')} IS NULL OR {page}.{quote('live')})"
            f" AND NOT EXISTS (SELECT 1 FROM {restriction} INNER JOIN {page} {above}"
            f" ON {above}.{quote('id')} = {restriction}.{quote('page_id')}"
            f" WHERE SUBSTR({page}.{path}, 1, LENGTH({above}.{path})) = {above}.{path})",
            [thread_id],
        )
        return cursor.fetchone() is not None


def _pruned_after(last_id: int) -> bool:
    """Whether events after `last_id` were deleted (ids are serial: a gap at the start)."""
    oldest = LiveEvent.objects.order_by("id").values_list("id", flat=True).first()
    return oldest is not None and oldest > last_id + 1


def message(*, data: str, event_id: int | None = None, event: str | None = None) -> bytes:
    lines = []
    if event:
        lines.append(f"event: {event}")
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"data: {data}")
    return ("\n".join(lines) + "\n\n").encode()


def retry(seconds: float) -> bytes:
    """How long the browser waits before reconnecting when the answer ends."""
    return f"retry: {int(seconds * 1000)}\n\n".encode()


HEARTBEAT = b": still here\n\n"  # a comment line: proxies see traffic, pages see nothing


def opening(found: CatchUp, *, mode: str) -> bytes:
    """The first bytes of an answer: what was missed (or `refetch`), then `ready`."""
    parts = [message(data=data, event_id=event_id) for event_id, data in found.events]
    if found.refetch:
        parts.append(message(data="{}", event="refetch"))
    parts.append(message(data=json.dumps({"mode": mode}), event_id=found.latest, event="ready"))
    return b"".join(parts)


def headers() -> list[tuple[str, str]]:
    return [
        ("Content-Type", "text/event-stream; charset=utf-8"),
        ("Cache-Control", "no-store"),
        # nginx passes the stream through unbuffered even where a location buffers.
        ("X-Accel-Buffering", "no"),
    ]
