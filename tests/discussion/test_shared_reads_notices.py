"""On PostgreSQL a kept page is served without reading its state again while no change has
been announced (core.changes): each process listens for the notices the tables its probes
read send on every write. Another server's write reaches this server's readers when its
notice comes; a listener cut off is noticed, and what it missed is bounded by
SHARED_READS_RECHECK_SECONDS."""

import re
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from rejoinder.api.threads import API_PAGE_PROBE
from rejoinder.core import changes
from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.shared_reads import (
    ARTICLE_PROBE,
    THREAD_PROBE,
    probe_of,
    thread_probe_parts,
)
from rejoinder.embed.frames import FRAME_PROBE
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import django_requests, whole_app

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notices"),
]


@pytest.fixture
def app(unscreened):
    return whole_app()


def fragment(app, thread):
    return call(app, f"/discussion/{thread.pk}/comments/", cookies=f"csrftoken={SECRET}")


def listening(within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if changes.moment() is not None:
            return True
        time.sleep(0.02)
    return False


def settled() -> None:
    """Until the notices of the writes made so far have come: no new count for 0.2 s."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        before = changes._notices.count
        time.sleep(0.2)
        if changes._notices.count == before:
            return


@contextmanager
def notices_silenced():
    """Writes announce nothing, as when notices are lost on the way (a pooler that does not
    pass them on, a listener cut off without an error)."""

    def triggers(switch: str) -> None:
        for table in changes.ANNOUNCING_TABLES:
            another_server(f'ALTER TABLE "{table}" {switch} TRIGGER rejoinder_notice_of_change', ())

    triggers("DISABLE")
    try:
        yield
    finally:
        triggers("ENABLE")


def edited_on_another_server(comment, body: str) -> None:
    another_server(
        "UPDATE discussion_comment SET body_html = %s WHERE id = %s", (f"<p>{body}</p>", comment.pk)
    )
    another_server(
        "UPDATE discussion_thread SET revision = revision + 1 WHERE id = %s",
        (comment.thread_id,),
    )


def another_server(sql: str, params: tuple) -> None:
    """A write as another app server's session makes it: not counted in this process."""
    with psycopg.connect(**changes.session_params(), autocommit=True) as session:
        session.execute(sql, params)


def shown_within(app, thread, text: bytes, seconds: float) -> float | None:
    """How long until a cookieless reader's page of comments shows `text`, or None."""
    started = time.monotonic()
    while (waited := time.monotonic() - started) < seconds:
        if text in fragment(app, thread).body:
            return waited
        time.sleep(0.005)
    return None


def test_a_kept_page_is_served_without_a_read_while_nothing_changes(
    app, thread, guest, probes, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    post_comment(thread=thread, author=guest, body="The tram stop moved again.")
    fragment(app, thread)  # kept
    assert listening()
    settled()
    fragment(app, thread)  # read once, then trusted
    probes.clear()

    with django_requests() as through_django:
        pages = [fragment(app, thread) for _ in range(5)]

    assert not through_django and not probes
    assert all(b"The tram stop moved again." in page.body for page in pages)


def test_this_servers_own_write_is_seen_by_the_next_read(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    fragment(app, thread)
    assert listening()
    settled()
    fragment(app, thread)

    with notices_silenced():  # only this process's own count can tell
        post_comment(thread=thread, author=guest, body="Counted as it was written.")
        page = fragment(app, thread)

    assert b"Counted as it was written." in page.body


def test_another_servers_write_reaches_kept_pages_when_its_notice_comes(
    app, thread, guest, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 30  # so only the notice can explain it
    comment = post_comment(thread=thread, author=guest, body="The first version.")
    fragment(app, thread)
    assert listening()
    assert b"The first version." in fragment(app, thread).body

    edited_on_another_server(comment, "Edited on another server.")

    waited = shown_within(app, thread, b"Edited on another server.", seconds=5.0)
    assert waited is not None and waited < 2.0, waited


def test_notices_lost_on_the_way_cost_at_most_the_recheck_time(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 1.0
    comment = post_comment(thread=thread, author=guest, body="Before the loss.")
    fragment(app, thread)
    assert listening()
    settled()

    with notices_silenced():
        fragment(app, thread)  # read now: trusted for a second
        edited_on_another_server(comment, "Written while notices were lost.")
        first = fragment(app, thread)
        waited = shown_within(app, thread, b"Written while notices were lost.", seconds=5.0)

    assert b"Before the loss." in first.body, "trusted while nothing was announced"
    assert waited is not None and waited <= 1.0 + 0.5, waited


def test_a_listener_cut_off_trusts_nothing_and_comes_back(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    comment = post_comment(thread=thread, author=guest, body="Before the cut.")
    fragment(app, thread)
    assert listening()
    fragment(app, thread)
    backend = changes._notices.listener_backend

    another_server("SELECT pg_terminate_backend(%s)", (backend,))
    with notices_silenced():  # so only the cut, not a notice, can explain a fresh page
        edited_on_another_server(comment, "Written while nobody listened.")
        waited = shown_within(app, thread, b"Written while nobody listened.", seconds=5.0)
    assert waited is not None and waited < 2.0, waited

    assert listening(), "the listener connected again"
    assert changes._notices.listener_backend not in (None, backend)
    fragment(app, thread)
    edited_on_another_server(comment, "Heard again.")
    waited = shown_within(app, thread, b"Heard again.", seconds=5.0)
    assert waited is not None and waited < 2.0, waited


def test_with_no_recheck_time_every_request_reads_its_probe(app, thread, guest, probes, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 0
    post_comment(thread=thread, author=guest, body="Read every time.")
    fragment(app, thread)
    probes.clear()

    for _ in range(3):
        fragment(app, thread)

    assert len(probes) == 3


def test_every_table_a_probe_reads_announces_its_writes():
    counts_probe, _params = probe_of(thread_probe_parts(urls=["/a/"], articles=[1]))
    read = set()
    for probe in (THREAD_PROBE, ARTICLE_PROBE, API_PAGE_PROBE, FRAME_PROBE, counts_probe):
        read |= set(re.findall(r"\b(?:FROM|JOIN)\s+\"?([a-z_]+)", probe))

    assert {"discussion_thread", "live_liveevent", "embed_site"} <= read
    assert read <= set(changes.ANNOUNCING_TABLES) == changes.tables_with_notices()
