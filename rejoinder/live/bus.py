"""Publishing an event: a row in the database (its id is the event id; reconnecting readers
are sent the rows they missed), and with REDIS_URL a message on Redis pub/sub that every
live process hears at once. Without Redis the live processes read the new rows themselves
(stream.Hub), so a comment posted through any web process reaches readers of all of them."""

import json
import logging
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from rejoinder.live.models import LiveEvent

# Old rows are deleted by every this-many-th event's publisher, a little past the window.
PRUNE_EVERY = 64

logger = logging.getLogger(__name__)


@cache
def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def publish(*, thread_id: int, data: dict) -> int:
    """Store the event and tell every live process; returns its id. Call after commit."""
    # A transaction of its own: on SQLite it then queues behind the process's other writers
    # (core/backends/sqlite3) instead of meeting SQLite's busy handler as a bare INSERT would.
    with transaction.atomic():
        return record(thread_id=thread_id, data=data)


def record(*, thread_id: int, data: dict) -> int:
    """Store the event within the caller's transaction, and tell every live process once it
    commits; returns its id. The event then commits or rolls back with the write it tells
    of: nothing acknowledged goes unannounced, and the write's commit is the event's."""
    text = json.dumps(data, separators=(",", ":"))
    event_id = _store(thread_id, text)
    if settings.REDIS_URL:
        message = json.dumps({"id": event_id, "thread": thread_id, "data": text})
        transaction.on_commit(lambda: _tell(message))
    if event_id % PRUNE_EVERY == 0:
        transaction.on_commit(prune, robust=True)  # a failed sweep is the next one's
    return event_id


def _tell(message: str) -> None:
    """Redis failing must not fail a committed write: readers get it from the table (the
    live processes' catch-up) or on their next reload."""
    try:
        _redis().publish(settings.LIVE_CHANNEL, message)
    except Exception:
        logger.exception("A live event was stored but not sent on Redis")


@cache
def _insert_sql() -> str:
    quote = connection.ops.quote_name
    table, thread, data, created, id_ = map(
        quote, (LiveEvent._meta.db_table, "thread_id", "data", "created_at", "id")
    )
    return f"INSERT INTO {table} ({thread}, {data}, {created}) VALUES (%s, %s, %s) RETURNING {id_}"


def _store(thread_id: int, text: str) -> int:
    """The event's row, written out: every vote publishes one, and the ORM's building of
    the INSERT cost more than the database's running it (#16)."""
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), [thread_id, text, created])
        return cursor.fetchone()[0]


def prune() -> int:
    """Delete events older than twice the replay window (nobody is sent them again)."""
    cutoff = timezone.now() - timedelta(seconds=2 * settings.LIVE_REPLAY_SECONDS)
    deleted, _kinds = LiveEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
