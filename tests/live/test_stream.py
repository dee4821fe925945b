"""The event stream: what a (re)connecting page is sent first, the site's short answer at
/live/stream/ (and its refusals of hostile input), and the live app holding streams open:
events reach every connection of their thread, the connection limit refuses the surplus,
and a connection that leaves frees its place."""

import asyncio
import json
import os
import time
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from rejoinder.live import asgi, bus, stream
from rejoinder.live.models import LiveEvent


def publish_many(thread, count: int, kind: str = "votes") -> list[int]:
    return [
        bus.publish(
            thread_id=thread.pk, data={"kind": kind, "id": n, "up": n, "down": 0, "score": n}
        )
        for n in range(count)
    ]


def data_lines(body: bytes) -> list[str]:
    return [line[6:] for line in body.decode().splitlines() if line.startswith("data: ")]


@pytest.mark.django_db
class TestCatchUp:
    def test_a_first_connection_starts_at_the_newest_event(self, thread):
        ids = publish_many(thread, 2)
        found = stream.catch_up(thread_id=thread.pk, last_id=None)
        assert (found.latest, found.events, found.refetch) == (ids[-1], [], False)

    def test_a_reconnection_is_sent_its_threads_events_since_its_last(self, thread, opinion):
        from rejoinder.discussion.models import Thread

        other = Thread.objects.create(key="url:https://example.org/other", title="Other", url="x")
        first, second = publish_many(thread, 2)
        bus.publish(thread_id=other.pk, data={"kind": "closed", "closed": True})
        found = stream.catch_up(thread_id=thread.pk, last_id=first)
        assert [event_id for event_id, _data in found.events] == [second]
        assert found.latest > second  # the other thread's event counts for Last-Event-ID

    def test_missed_events_past_the_window_ask_for_a_refetch(self, thread, settings):
        (old,) = publish_many(thread, 1)
        publish_many(thread, 1)
        LiveEvent.objects.filter(pk=old + 1).update(
            created_at=timezone.now() - timedelta(seconds=settings.LIVE_REPLAY_SECONDS + 1)
        )
        assert stream.catch_up(thread_id=thread.pk, last_id=old).refetch

    def test_pruned_events_and_ids_from_another_database_ask_for_a_refetch(self, thread):
        ids = publish_many(thread, 3)
        LiveEvent.objects.filter(pk=ids[1]).delete()
        LiveEvent.objects.filter(pk=ids[0]).delete()
        assert stream.catch_up(thread_id=thread.pk, last_id=ids[0] - 1).refetch
        assert stream.catch_up(thread_id=thread.pk, last_id=ids[-1] + 1000).refetch

    def test_a_flood_of_missed_events_asks_for_a_refetch_instead(self, thread):
        (start,) = publish_many(thread, 1)
        publish_many(thread, stream.REPLAY_LIMIT + 1)
        assert stream.catch_up(thread_id=thread.pk, last_id=start).refetch

    def test_no_such_thread(self, db):
        assert stream.catch_up(thread_id=987654, last_id=None) is None


@pytest.mark.django_db
class TestTheSitesShortAnswer:
    def test_it_sends_what_was_missed_then_ready_and_when_to_come_back(
        self, client, thread, settings
    ):
        first, second = publish_many(thread, 2)
        answer = client.get(f"/live/stream/?thread={thread.pk}", HTTP_LAST_EVENT_ID=str(first))
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/event-stream")
        assert answer["Cache-Control"] == "no-store"
        body = answer.content.decode()
        assert body.startswith(f"retry: {settings.LIVE_POLL_SECONDS * 1000}\n\n")
        assert f"id: {second}\n" in body
        assert json.loads(data_lines(answer.content)[-1]) == {"mode": "poll"}

    @pytest.mark.parametrize(
        "query",
        ["", "thread=", "thread=abc", "thread=-3", "thread=0", "thread=1e9", "thread=%00",
         "thread=99999999999999999999999", "thread=１２"],
    )  # fmt: skip
    def test_a_missing_or_malformed_thread_is_a_400_with_a_reason(self, client, db, query):
        answer = client.get(f"/live/stream/?{query}")
        assert answer.status_code == 400
        assert b"Say which discussion" in answer.content

    def test_an_unknown_thread_is_a_404(self, client, db):
        assert client.get("/live/stream/?thread=424242").status_code == 404

    @pytest.mark.parametrize("last", ["abc", "-1", "9" * 40, "1;2", "", "\u0661"])
    def test_a_malformed_last_event_id_starts_afresh(self, client, thread, last):
        answer = client.get(f"/live/stream/?thread={thread.pk}", HTTP_LAST_EVENT_ID=last)
        assert answer.status_code == 200
        assert b"event: ready" in answer.content

    def test_it_is_not_a_write(self, client, thread):
        assert client.post(f"/live/stream/?thread={thread.pk}").status_code == 405


class Browser:
    """One EventSource as the live app sees it: what it was sent, and a way to leave."""

    def __init__(
        self, thread_id: int, last: str = "", *, path: str = "/live/stream/", query: str = ""
    ) -> None:
        query = query or f"thread={thread_id}" + (f"&last={last}" if last else "")
        self.scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query.encode(),
            "headers": [],
        }
        self.status = None
        self.body = b""
        self.gone = asyncio.Event()
        self.task = asyncio.create_task(asgi.application(self.scope, self.receive, self.send))

    async def receive(self):
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        if message["type"] == "http.response.start":
            self.status = message["status"]
        else:
            self.body += message.get("body", b"")

    async def until(self, condition, seconds: float = 3) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while not condition():
            assert asyncio.get_running_loop().time() < deadline, self.body
            await asyncio.sleep(0.02)

    async def leave(self) -> None:
        self.gone.set()
        await asyncio.wait_for(self.task, 3)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_live_app_streams_refuses_the_surplus_and_forgets_who_left(
    thread, settings, monkeypatch
):
    settings.LIVE_MAX_CONNECTIONS = 2
    settings.LIVE_DATABASE_POLL_SECONDS = 0.05
    hub = asgi.Hub()
    monkeypatch.setattr(asgi, "hub", hub)
    publish = sync_to_async(publish_many, thread_sensitive=False)

    async def story():
        mara, tomas = Browser(thread.pk), Browser(thread.pk)
        await mara.until(lambda: b"event: ready" in mara.body)
        await tomas.until(lambda: b"event: ready" in tomas.body)
        assert hub.count == 2

        crowd = Browser(thread.pk)
        await asyncio.wait_for(crowd.task, 3)
        assert crowd.status == 503  # the page polls instead

        (event_id,) = await publish(thread, 1)
        for reader in (mara, tomas):
            await reader.until(lambda reader=reader: f"id: {event_id}".encode() in reader.body)

        await mara.leave()
        assert hub.count == 1
        late = Browser(thread.pk, last=str(event_id - 1))
        await late.until(lambda: f"id: {event_id}".encode() in late.body)  # replayed
        await tomas.leave()
        await late.leave()
        assert hub.count == 0 and hub.listeners == {}

    asyncio.run(story())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_quiet_stream_gets_heartbeats_and_ends_after_its_time(thread, settings, monkeypatch):
    settings.LIVE_HEARTBEAT_SECONDS = 0.1
    settings.LIVE_STREAM_SECONDS = 0.5
    monkeypatch.setattr(asgi, "hub", asgi.Hub())

    async def story():
        reader = Browser(thread.pk)
        await asyncio.wait_for(reader.task, 3)  # ended by the server: the browser reconnects
        assert reader.body.count(stream.HEARTBEAT) >= 2
        assert asgi.hub.count == 0

    asyncio.run(story())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/live/stream/", "", 400),
        ("/live/stream/", "thread=abc", 400),
        ("/live/stream/", "thread=-1", 400),
        ("/live/stream/", "thread=%ff%fe", 400),
        ("/live/stream/", "thread=" + "9" * 30, 400),
        ("/live/stream/", "thread=424242", 404),
        ("/live/other/", "thread=1", 404),
        ("/", "", 404),
    ],
)
def test_the_live_app_refuses_what_is_not_a_stream_with_a_reason(
    db, monkeypatch, path, query, status
):
    monkeypatch.setattr(asgi, "hub", asgi.Hub())

    async def story():
        reader = Browser(0, path=path, query=query or "thread=")
        await asyncio.wait_for(reader.task, 3)
        assert reader.status == status
        assert reader.body  # a reason, in words
        assert asgi.hub.count == 0

    asyncio.run(story())


def test_the_pages_sentences_come_from_the_site_in_the_readers_language(client, db):
    answer = client.get("/discussion/live-strings/")
    assert answer.status_code == 200
    assert "max-age=3600" in answer["Cache-Control"]
    said = answer.json()
    assert said["commentsMany"] == "%(count)s new comments"
    assert said["deleted"] == "This comment was deleted."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stream_too_far_behind_is_ended_so_its_browser_catches_up_from_the_database(
    thread, monkeypatch
):
    monkeypatch.setattr(asgi, "BACKLOG", 2)
    monkeypatch.setattr(asgi, "hub", asgi.Hub())

    async def story():
        reader = Browser(thread.pk)
        await reader.until(lambda: b"event: ready" in reader.body)
        for event_id in (10**9, 10**9 + 1, 10**9 + 2):  # in one go: no chance to send
            asgi.hub.dispatch(event_id, thread.pk, "{}")
        await asyncio.wait_for(reader.task, 3)
        assert asgi.hub.count == 0

    asyncio.run(story())


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="live events go through Redis when REDIS_URL is set (CI's PostgreSQL + Redis pass)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sites_on_one_redis_server_hear_only_their_own_live_events(
    thread, settings, monkeypatch
):
    import redis

    # Redis's channels ignore the database number: another site on the same server, with a
    # thread of the same number, and this one, each on its own channel (LIVE_CHANNEL).
    other_sites_channel = settings.LIVE_CHANNEL
    settings.LIVE_CHANNEL = f"{other_sites_channel}:this-site"
    monkeypatch.setattr(asgi, "hub", asgi.Hub())
    client = redis.Redis.from_url(settings.REDIS_URL)
    this_sites_channel = client.pubsub(ignore_subscribe_messages=True)
    this_sites_channel.subscribe(settings.LIVE_CHANNEL)
    publish = sync_to_async(publish_many, thread_sensitive=False)
    foreign = {"id": 10**9, "thread": thread.pk, "data": '{"kind":"closed"}'}

    async def story() -> tuple[list[int], bytes]:
        reader, heard = Browser(thread.pk), []
        for _ in range(2):  # the first event heard shows the live process is listening
            (event_id,) = await publish(thread, 1)
            ours = f"id: {event_id}".encode()
            await reader.until(lambda ours=ours: ours in reader.body)
            heard.append(event_id)
            client.publish(other_sites_channel, json.dumps(foreign))
        await reader.leave()
        return heard, reader.body

    try:
        ours, shown = asyncio.run(story())
        sent = ids_heard_on(this_sites_channel, len(ours))
    finally:
        this_sites_channel.close()
        client.close()

    assert f"id: {10**9}".encode() not in shown
    assert sent == ours


def ids_heard_on(channel, count: int, seconds: float = 3) -> list[int]:
    heard, deadline = [], time.monotonic() + seconds
    while len(heard) < count and time.monotonic() < deadline:
        # None for nothing yet, and for the note confirming the subscription
        if message := channel.get_message(timeout=0.1):
            heard.append(json.loads(message["data"])["id"])
    return heard
