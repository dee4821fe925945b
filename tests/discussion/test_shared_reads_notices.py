"""On PostgreSQL a kept page is served without reading its state again while no change has
been announced (core.changes): each process listens for the notices the tables its probes
read send on every write. Another server's write reaches this server's readers when its
notice comes; a listener cut off is noticed, and what it missed is bounded by
SHARED_READS_RECHECK_SECONDS."""

import re
import time

import psycopg
import pytest
from django.db import connection

from rejoinder.api.threads import API_PAGE_PROBE
from rejoinder.core import changes
from rejoinder.discussion import shared_reads
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


@pytest.fixture
def probes(monkeypatch):
    """A list that fills with one entry per probe a kept page reads."""
    read: list[str] = []
    reading = shared_reads._read_rows

    def counted(sql, params):
        read.append(sql)
        return reading(sql, params)

    monkeypatch.setattr(shared_reads, "_read_rows", counted)
    return read


def fragment(app, thread):
    return call(app, f"/discussion/{thread.pk}/comments/", cookies=f"csrftoken={SECRET}")


def listening(within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if changes.moment() is not None:
            return True
        time.sleep(0.02)
    return False


def another_server(sql: str, params: tuple) -> None:
    """A write as another app server's session makes it: not counted in this process."""
    with psycopg.connect(**server_params(), autocommit=True) as session:
        session.execute(sql, params)


def server_params() -> dict:
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    return params


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
    fragment(app, thread)

    post_comment(thread=thread, author=guest, body="Counted as it was written.")

    assert b"Counted as it was written." in fragment(app, thread).body


def test_another_servers_write_reaches_kept_pages_when_its_notice_comes(
    app, thread, guest, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 30  # so only the notice can explain it
    comment = post_comment(thread=thread, author=guest, body="The first version.")
    fragment(app, thread)
    assert listening()
    assert b"The first version." in fragment(app, thread).body

    another_server(
        "UPDATE discussion_comment SET body_html = %s WHERE id = %s",
        ("<p>Edited on another server.</p>", comment.pk),
    )
    another_server(
        "UPDATE discussion_thread SET revision = revision + 1 WHERE id = %s", (thread.pk,)
    )

    waited = shown_within(app, thread, b"Edited on another server.", seconds=2.0)
    assert waited is not None and waited < 1.0, waited


def test_a_listener_cut_off_costs_at_most_the_recheck_time_and_comes_back(
    app, thread, guest, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 0.5
    comment = post_comment(thread=thread, author=guest, body="Before the cut.")
    fragment(app, thread)
    assert listening()
    fragment(app, thread)
    backend = changes._notices.listener_backend
    another_server("SELECT pg_terminate_backend(%s)", (backend,))
    another_server(
        "UPDATE discussion_comment SET body_html = %s WHERE id = %s",
        ("<p>Written while nobody listened.</p>", comment.pk),
    )
    another_server(
        "UPDATE discussion_thread SET revision = revision + 1 WHERE id = %s", (thread.pk,)
    )

    waited = shown_within(app, thread, b"Written while nobody listened.", seconds=2.0)
    assert waited is not None and waited <= 0.5 + 0.1, waited

    settings.SHARED_READS_RECHECK_SECONDS = 30
    assert listening(), "the listener connected again"
    assert changes._notices.listener_backend not in (None, backend)
    fragment(app, thread)
    another_server(
        "UPDATE discussion_comment SET body_html = %s WHERE id = %s",
        ("<p>Heard again.</p>", comment.pk),
    )
    another_server(
        "UPDATE discussion_thread SET revision = revision + 1 WHERE id = %s", (thread.pk,)
    )
    waited = shown_within(app, thread, b"Heard again.", seconds=2.0)
    assert waited is not None and waited < 1.0, waited


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
    assert read <= changes.tables_with_notices()
