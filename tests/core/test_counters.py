"""The rate-limit counters' store: shared by every server process, atomic under concurrent
increments, and out of reach of page traffic."""

import multiprocessing

import pytest
from django.core.cache import cache, caches
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rejoinder.core.counters import CounterCache
from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Vote
from tests.conftest import a_guest

INCREMENTS = 40


def _count_in_a_process_of_its_own(key: str, start: multiprocessing.Event) -> None:
    # A forked child must not share its parent's database socket: it opens its own, as
    # another granian worker would.
    connections.close_all()
    limits = caches["limits"]
    start.wait()
    for _ in range(INCREMENTS):
        if not limits.add(key, 1, 60):
            limits.incr(key)
    connections.close_all()


# serialized_rollback, like every transactional test here: a flush that re-creates content
# types would give them other ids than the serialized database the next such test restores.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_counting_at_once_share_one_counter():
    """What two granian workers do with one client's requests: every count lands."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [
        context.Process(target=_count_in_a_process_of_its_own, args=("client-x", start))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)

    assert [worker.exitcode for worker in workers] == [0, 0]
    assert caches["limits"].get("client-x") == 2 * INCREMENTS


def test_counters_expire_and_start_again(db):
    limits = caches["limits"]
    assert limits.add("window", 1, 60)
    assert not limits.add("window", 1, 60)
    assert limits.incr("window") == 2

    limits.touch("window", -1)  # the window is over

    assert limits.get("window") is None
    with pytest.raises(ValueError):
        limits.incr("window")
    assert limits.add("window", 1, 60)
    assert limits.get("window") == 1


def test_flooding_the_page_cache_does_not_reset_a_limit(db, settings, thread, unscreened):
    settings.COMMENT_RATE_PER_CLIENT = "1/h"
    reader = Client(REMOTE_ADDR="203.0.113.9")
    data = {"body": "First!", "name": "Mara", "email": "mara@example.org", "homepage": ""}
    assert reader.post(f"/discussion/{thread.pk}/post/", data).status_code == 302

    for n in range(400):  # more than the page cache keeps (LocMem's 300 entries)
        cache.set(f"page-{n}", "x" * 100)

    again = reader.post(f"/discussion/{thread.pk}/post/", {**data, "body": "Again"})
    assert again.status_code == 429


def test_the_vote_limit_per_address_counts_votes_on_every_comment(db, settings, thread, unscreened):
    settings.VOTE_RATE_PER_CLIENT = "3/h"
    settings.VOTE_RATE_PER_COMMENT = "100/h"
    comments = [
        post_comment(thread=thread, author=a_guest("Mara"), body=f"Point {n}") for n in range(5)
    ]
    reader = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        reader.post(f"/discussion/comment/{c.pk}/vote/", {"value": "up"}).status_code
        for c in comments
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert Vote.objects.count() == 3


def test_a_requests_counters_are_counted_together_and_restart_when_their_window_ends(db):
    limits = CounterCache("", {})  # the store without Redis, whatever this run's store is
    assert limits.count_many({"network": 60, "network-on-comment": 60}) == {
        "network": 1,
        "network-on-comment": 1,
    }
    assert limits.count_many({"network": 60, "network-on-comment": 60}) == {
        "network": 2,
        "network-on-comment": 2,
    }

    limits.touch("network", -1)  # its window is over; the other's goes on

    assert limits.count_many({"network": 60, "network-on-comment": 60}) == {
        "network": 1,
        "network-on-comment": 3,
    }
    assert limits.get("network") == 1


def test_counting_a_vote_against_its_three_limits_is_one_statement(
    db, settings, thread, unscreened
):
    settings.CACHES = {
        **settings.CACHES,
        "limits": {"BACKEND": "rejoinder.core.counters.CounterCache"},
    }
    comment = post_comment(thread=thread, author=a_guest("Mara"), body="Close it at night.")
    reader = Client(REMOTE_ADDR="203.0.113.9")  # no reader cookie: a new voter, three limits
    with CaptureQueriesContext(connection) as queries:
        response = reader.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"})

    assert response.status_code == 302
    assert Vote.objects.count() == 1
    counted = [query for query in queries if "core_limitcounter" in query["sql"]]
    # One statement, counting the network, the network on this comment, and new voters.
    assert len(counted) == 1
    assert counted[0]["sql"].count(":rl:") == 3
    # All told: the comment with its thread, the counters, the new vote, the comment's
    # totals, the thread's votes revision, the live event, the article's address for the
    # redirect; and the savepoints a test's transaction puts around the two transactions.
    # PostgreSQL stores the vote, its totals and the revision in one statement.
    assert len(queries) <= (9 if connection.vendor == "postgresql" else 11)
