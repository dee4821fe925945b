"""On PostgreSQL a kept page's probe runs as a statement prepared on the server connection
(discussion.shared_reads): pages stay right when the connection loses its statements (a
pooler's DISCARD ALL, or one that keeps none), and when more shapes of question come than it
keeps prepared. The probes run in autocommit as the server runs them, hence transactions of
their own here."""

import gc
import weakref
from urllib.parse import urlencode

import pytest
from django.db import connection

from rejoinder.discussion import shared_reads
from rejoinder.discussion.actions import post_comment
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import django_requests, whole_app

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements of PostgreSQL"
    ),
]


@pytest.fixture
def app(unscreened):
    return whole_app()


def fragment(app, thread):
    return call(app, f"/discussion/{thread.pk}/comments/", cookies=f"csrftoken={SECRET}")


def counts(app, *urls):
    query = urlencode([("url", url) for url in urls])
    return call(app, "/discussion/counts/", query=query, htmx=False)


def test_a_kept_page_stays_right_after_the_connection_forgets_its_statements(app, thread, guest):
    post_comment(thread=thread, author=guest, body="The bus lane works already.")
    fragment(app, thread)
    fragment(app, thread)  # from memory: its probe is prepared now
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")

    with django_requests() as through_django:
        again = fragment(app, thread)
    post_comment(thread=thread, author=guest, body="And the ferry should run later.")
    after = fragment(app, thread)

    assert not through_django, "the probe was prepared again, not given up"
    assert b"The bus lane works already." in again.body
    assert b"And the ferry should run later." in after.body


def test_many_shapes_of_question_keep_few_statements_and_right_counts(
    app, article, thread, guest, monkeypatch
):
    monkeypatch.setattr(shared_reads, "_PREPARED_PER_CONNECTION", 2)
    monkeypatch.setattr(shared_reads, "_statements", weakref.WeakKeyDictionary())
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what earlier stories prepared on this connection
    post_comment(thread=thread, author=guest, body="One.")
    questions = [(article.url,), (article.url, "/a/"), (article.url, "/a/", "/b/")]
    for urls in questions * 2:
        counts(app, *urls)
    fragment(app, thread)
    fragment(app, thread)
    post_comment(thread=thread, author=guest, body="Two.")

    with django_requests() as through_django:
        counted = [counts(app, *urls) for urls in questions]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE name LIKE 'rejoinder_probe_%%'"
        )
        (prepared,) = cursor.fetchone()

    assert prepared <= 2
    assert len(through_django) == len(questions), "each count moved with the new comment"
    for answer in counted:
        assert b'"%s": 2' % article.url.encode() in answer.body


def test_pages_are_kept_through_a_pooler_that_keeps_no_statements(app, thread, guest, monkeypatch):
    # As PgBouncer in transaction mode: a statement prepared on one server connection is
    # run on another, where it does not exist.
    monkeypatch.setattr(shared_reads, "_statements", weakref.WeakKeyDictionary())
    monkeypatch.setattr(shared_reads, "_prepare", lambda raw, names, sql: b"prepared_elsewhere")
    post_comment(thread=thread, author=guest, body="The bus lane works already.")
    fragment(app, thread)

    with django_requests() as through_django:
        again = [fragment(app, thread) for _ in range(3)]
    post_comment(thread=thread, author=guest, body="And the ferry should run later.")
    after = fragment(app, thread)

    assert not through_django, "the kept page was served from memory all the same"
    assert all(b"The bus lane works already." in answer.body for answer in again)
    assert b"And the ferry should run later." in after.body


def test_a_closed_connection_is_let_go_and_pages_stay_right_on_the_next(app, thread, guest):
    post_comment(thread=thread, author=guest, body="The bus lane works already.")
    fragment(app, thread)
    fragment(app, thread)  # from memory: probed on this connection
    closed = weakref.ref(connection.connection)
    connection.close()
    gc.collect()

    with django_requests() as through_django:
        again = fragment(app, thread)
    post_comment(thread=thread, author=guest, body="And the ferry should run later.")
    after = fragment(app, thread)

    assert closed() is None, "what the probes keep per connection does not keep it open"
    assert not through_django
    assert b"The bus lane works already." in again.body
    assert b"And the ferry should run later." in after.body
