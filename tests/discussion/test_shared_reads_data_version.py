"""On SQLite a kept page is served without reading its state again while the database's data
version stands still (core.changes): each process asks a connection of its own, which sees
every commit to the file by any other connection, of this process or another. A write in
this process is counted as it runs, committed or not."""

import sqlite3
import threading

import pytest
from django.db import connection

from rejoinder.core import changes
from rejoinder.discussion.actions import post_comment
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import django_requests, whole_app

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's data version"),
]


@pytest.fixture
def app(unscreened):
    return whole_app()


def fragment(app, thread):
    return call(app, f"/discussion/{thread.pk}/comments/", cookies=f"csrftoken={SECRET}")


def written_by_another_process(comment, body: str) -> None:
    """A write as another server process makes it, on a connection Django knows nothing of:
    neither counted here nor seen by this process's connections until it commits."""
    with sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "UPDATE discussion_comment SET body_html = ? WHERE id = ?",
            (f"<p>{body}</p>", comment.pk),
        )
        other.execute(
            "UPDATE discussion_thread SET revision = revision + 1 WHERE id = ?",
            (comment.thread_id,),
        )
        other.execute("COMMIT")
    other.close()


def test_a_kept_page_is_served_without_a_read_while_nothing_changes(
    app, thread, guest, probes, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    post_comment(thread=thread, author=guest, body="The ferry timetable changed.")
    fragment(app, thread)  # kept
    fragment(app, thread)  # read once, then trusted
    probes.clear()

    with django_requests() as through_django:
        pages = [fragment(app, thread) for _ in range(5)]

    assert not through_django and not probes
    assert all(b"The ferry timetable changed." in page.body for page in pages)


def test_another_processs_commit_is_seen_by_the_next_read(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 30  # so only the data version can explain it
    comment = post_comment(thread=thread, author=guest, body="The first version.")
    fragment(app, thread)
    assert b"The first version." in fragment(app, thread).body

    written_by_another_process(comment, "Edited by another process.")

    assert b"Edited by another process." in fragment(app, thread).body


def test_another_threads_commit_is_seen_by_the_next_read(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    fragment(app, thread)
    fragment(app, thread)

    def post_from_another_thread() -> None:
        try:
            post_comment(thread=thread, author=guest, body="Posted by a neighbouring thread.")
        finally:
            connection.close()

    other = threading.Thread(target=post_from_another_thread)
    other.start()
    other.join()

    assert b"Posted by a neighbouring thread." in fragment(app, thread).body


def test_this_threads_write_is_seen_before_it_commits(app, thread, guest, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    fragment(app, thread)
    fragment(app, thread)

    from django.db import transaction

    with transaction.atomic():  # the data version moves only at the commit
        post_comment(thread=thread, author=guest, body="Counted as it was written.")
        page = fragment(app, thread)

    assert b"Counted as it was written." in page.body


def test_a_watcher_that_fails_trusts_nothing_and_connects_again(
    app, thread, guest, probes, settings
):
    settings.SHARED_READS_RECHECK_SECONDS = 30
    fragment(app, thread)
    fragment(app, thread)
    broken = sqlite3.connect(":memory:", check_same_thread=False)
    broken.close()  # any statement on it raises sqlite3.ProgrammingError, an sqlite3.Error
    with changes._watcher.lock:
        changes._watcher.connection.close()
        changes._watcher.connection = broken
    probes.clear()

    assert changes.moment() is None, "nothing is trusted while the version cannot be read"
    fragment(app, thread)
    fragment(app, thread)

    assert changes.moment() is not None, "the watcher connected again"
    assert len(probes) == 1, "read once after the failure, then trusted again"


def test_with_no_recheck_time_every_request_reads_its_probe(app, thread, guest, probes, settings):
    settings.SHARED_READS_RECHECK_SECONDS = 0
    post_comment(thread=thread, author=guest, body="Read every time.")
    fragment(app, thread)
    probes.clear()

    for _ in range(3):
        fragment(app, thread)

    assert len(probes) == 3


def test_a_watcher_that_cannot_connect_says_so_once_and_again_when_it_can(
    app, thread, monkeypatch, caplog
):
    def refused(self):
        raise sqlite3.OperationalError("unable to open database file")

    changes._watcher.close()
    with monkeypatch.context() as patched:
        patched.setattr(changes._Watcher, "_connect", refused)
        pages = [fragment(app, thread) for _ in range(3)]
        moments = [changes.moment() for _ in range(3)]

    assert all(page.status == 200 for page in pages) and moments == [None] * 3
    said = [record.getMessage() for record in caplog.records if record.name == changes.log.name]
    assert said == [
        "SQLite data version unreadable (unable to open database file): reading all probes"
    ]
    assert changes.moment() is not None
    said = [record.getMessage() for record in caplog.records if record.name == changes.log.name]
    assert said[-1] == "SQLite's data version is readable again"
