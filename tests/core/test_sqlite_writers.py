"""SQLite: the writers of one server process queue on a lock of their own, not in SQLite's
busy handler (core/backends/sqlite3), so a crowd of votes on one process neither waits out
the handler's sleeps nor fails with "database is locked"."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from rejoinder.discussion.actions import vote
from rejoinder.discussion.models import Comment, Vote
from rejoinder.live import bus
from rejoinder.live.models import LiveEvent
from tests.conftest import guest_reader

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("unscreened"),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer"),
]


def test_a_crowd_of_writers_in_one_process_never_meets_sqlites_busy_handler(say):
    comment = say("Close the harbour road.")
    start = threading.Barrier(16)
    failures: list[BaseException] = []

    def voter(n: int) -> None:
        try:
            # With SQLite's own wait switched off, a writer finding the database locked by
            # another thread of this process would fail at once.
            connection.cursor().execute("PRAGMA busy_timeout = 0")
            start.wait()
            with transaction.atomic():
                time.sleep(0.005)  # hold the write lock a while, as a slow request would
                own = Comment.objects.select_related("thread").get(pk=comment.pk)
                vote(comment=own, voter=guest_reader(f"crowd-{n}"), value=1)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=voter, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert Vote.objects.filter(comment=comment).count() == 16
    comment.refresh_from_db()
    assert comment.upvotes == 16


def test_a_live_event_published_after_commit_queues_behind_another_threads_writer(say):
    # Published as a bare INSERT, the event met SQLite's handler instead and, with the
    # handler's wait used up, was lost.
    comment = say("Reopen the ferry.")
    inside = threading.Event()
    failures: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                vote(comment=comment, voter=guest_reader("slow"), value=1)
                inside.set()
                time.sleep(0.2)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    def lone_write() -> None:
        try:
            connection.cursor().execute("PRAGMA busy_timeout = 0")
            inside.wait(timeout=10)
            bus.publish(thread_id=comment.thread_id, data={"lone": True})
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=lone_write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert LiveEvent.objects.filter(thread_id=comment.thread_id, data='{"lone":true}').exists()
