"""The live app: an ASGI application, without Django's request cycle, that holds each
reader's event stream open. `rejoinder serve` runs it under granian on LIVE_PORT, beside
the WSGI site; the proxy routes /live/ to it.

Each process has one `Hub`: one task that hears every new event (Redis pub/sub with
REDIS_URL, else the events table read every LIVE_DATABASE_POLL_SECONDS) and hands it to
the connections of its thread. A connection costs a small object and a task; the database
is read once per connection (its catch-up) and once per poll per process, not per reader."""

import asyncio
import json
import logging
import os
import time
from collections import deque
from urllib.parse import parse_qs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")

import django

django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from rejoinder.live import stream  # noqa: E402
from rejoinder.live.models import LiveEvent  # noqa: E402

logger = logging.getLogger(__name__)
# The most events kept waiting for one slow connection; past it the connection is closed
# and its browser reconnects, to be sent what it missed from the database.
BACKLOG = 100
# Ids below the newest one that the database poll reads again: with PostgreSQL a row with
# a lower id may commit just after a higher one.
LOOKBACK = 50


def _in_thread(function):
    """Run a database read in a worker thread (Django's ORM is synchronous)."""

    def read(*args, **kwargs):
        close_old_connections()
        return function(*args, **kwargs)

    return sync_to_async(read, thread_sensitive=False)


class Listener:
    __slots__ = ("closed", "last_sent", "pending", "thread_id", "wake")

    def __init__(self, thread_id: int) -> None:
        self.thread_id = thread_id
        self.pending: list[tuple[int, bytes]] = []
        self.wake = asyncio.Event()
        self.last_sent = 0
        self.closed = False  # the browser left, or fell too far behind


class Hub:
    def __init__(self) -> None:
        self.listeners: dict[int, set[Listener]] = {}
        self.count = 0
        self.last_id = 0
        self._task: asyncio.Task | None = None

    def add(self, thread_id: int) -> Listener:
        listener = Listener(thread_id)
        self.listeners.setdefault(thread_id, set()).add(listener)
        self.count += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._hear())
        return listener

    def remove(self, listener: Listener) -> None:
        group = self.listeners.get(listener.thread_id)
        if group is not None and listener in group:
            group.discard(listener)
            self.count -= 1
            if not group:
                del self.listeners[listener.thread_id]

    def dispatch(self, event_id: int, thread_id: int, data: str) -> None:
        self.last_id = max(self.last_id, event_id)
        group = self.listeners.get(thread_id)
        if not group:
            return
        encoded = stream.message(data=data, event_id=event_id)
        for listener in group:
            if len(listener.pending) >= BACKLOG:
                listener.closed = True
            else:
                listener.pending.append((event_id, encoded))
            listener.wake.set()

    async def _hear(self) -> None:
        while True:
            try:
                if settings.REDIS_URL:
                    await self._hear_redis()
                else:
                    await self._poll_database()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live events are not being heard; trying again in a second")
                await asyncio.sleep(1)

    async def _catch_up_from_database(self, seen: deque | None = None) -> None:
        low = max(self.last_id - (LOOKBACK if seen is not None else 0), 0)
        rows = await _in_thread(_events_after)(low)
        for event_id, thread_id, data in rows:
            if seen is not None:
                if event_id in seen:
                    continue
                seen.append(event_id)
            self.dispatch(event_id, thread_id, data)

    async def _poll_database(self) -> None:
        if not self.last_id:
            self.last_id = await _in_thread(stream.latest_event_id)()
        seen: deque[int] = deque(maxlen=4 * LOOKBACK)
        while True:
            await asyncio.sleep(settings.LIVE_DATABASE_POLL_SECONDS * (1 if self.count else 8))
            await self._catch_up_from_database(seen)

    async def _hear_redis(self) -> None:
        import redis.asyncio as redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(settings.LIVE_CHANNEL)
                # What was published while not subscribed (start-up, Redis restarting).
                if self.last_id:
                    await self._catch_up_from_database()
                else:
                    self.last_id = await _in_thread(stream.latest_event_id)()
                async for note in pubsub.listen():
                    if note.get("type") != "message":
                        continue
                    event = json.loads(note["data"])
                    self.dispatch(int(event["id"]), int(event["thread"]), event["data"])
        finally:
            await client.aclose()


def _events_after(low: int) -> list[tuple[int, int, str]]:
    return list(
        LiveEvent.objects.filter(id__gt=low)
        .order_by("id")
        .values_list("id", "thread_id", "data")[:1000]
    )


hub = Hub()
_catch_up = _in_thread(stream.catch_up)


async def _answer(send, status: int, text: str, extra: list | None = None) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"cache-control", b"no-store"),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


async def _body(send, data: bytes, *, more: bool = True) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": more})


async def _lifespan(receive, send) -> None:
    while True:
        note = await receive()
        if note["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif note["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        return await _lifespan(receive, send)
    if scope["type"] != "http":
        return None
    if scope["path"] != "/live/stream/" or scope["method"] not in ("GET", "HEAD"):
        return await _answer(send, 404, "Not found: the live app serves /live/stream/ only.")
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    thread_id = stream.parse_event_id((query.get("thread") or [None])[0])
    if not thread_id:
        return await _answer(send, 400, "Say which discussion: ?thread=<its number>.")
    headers = dict(scope.get("headers") or [])
    sent_back = headers.get(b"last-event-id")
    last_id = stream.parse_event_id(
        sent_back.decode("latin-1") if sent_back else (query.get("last") or [None])[0]
    )
    polling = "poll" in query
    if not polling and hub.count >= settings.LIVE_MAX_CONNECTIONS:
        # The page polls instead (live.js): a refused stream is not a broken page.
        retry_after = (b"retry-after", str(settings.LIVE_POLL_SECONDS).encode())
        return await _answer(send, 503, "Too many live readers here; poll.", [retry_after])
    listener = None if polling else hub.add(thread_id)
    try:
        found = await _catch_up(thread_id=thread_id, last_id=last_id)
        if found is None:
            return await _answer(send, 404, "There is no such discussion.")
        opening = stream.opening(found, mode="poll" if polling else "stream")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(k.lower().encode(), v.encode()) for k, v in stream.headers()],
            }
        )
        wait = settings.LIVE_POLL_SECONDS if polling else 2
        await _body(send, stream.retry(wait) + opening, more=not polling)
        if listener is None:
            return None
        listener.last_sent = found.latest
        await _hold(listener, receive, send)
    finally:
        if listener is not None:
            hub.remove(listener)
    return None


async def _hold(listener: Listener, receive, send) -> None:
    """Send the listener's events as they come, a heartbeat when none do, until the
    browser leaves, falls too far behind, or the stream has been open long enough."""

    browser_left = False

    async def watch() -> None:
        nonlocal browser_left
        while (await receive())["type"] != "http.disconnect":
            pass
        browser_left = listener.closed = True
        listener.wake.set()

    watcher = asyncio.get_running_loop().create_task(watch())
    closes_at = time.monotonic() + settings.LIVE_STREAM_SECONDS
    try:
        while not listener.closed:
            left = closes_at - time.monotonic()
            if left <= 0:
                break
            try:
                await asyncio.wait_for(
                    listener.wake.wait(), timeout=min(settings.LIVE_HEARTBEAT_SECONDS, left)
                )
            except TimeoutError:
                await _body(send, stream.HEARTBEAT)
                continue
            listener.wake.clear()
            fresh = [body for event_id, body in listener.pending if event_id > listener.last_sent]
            if listener.pending:
                listener.last_sent = max(listener.last_sent, listener.pending[-1][0])
                listener.pending.clear()
            if fresh and not listener.closed:
                await _body(send, b"".join(fresh))
        if not browser_left:  # ended here (its time, or too far behind): it reconnects
            await _body(send, b"", more=False)
    except OSError:  # the browser went away mid-send
        pass
    finally:
        watcher.cancel()
