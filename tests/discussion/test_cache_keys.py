"""The cached pieces of a thread are keyed by the page they show, not by how a reader spelt
the address: junk parameters and other spellings of one cursor find the same entry, and a
flood of made-up addresses adds none (it would push out the pages everyone reads)."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.queries import thread_page
from rejoinder.discussion.ranking import Cursor, Sort
from tests.conftest import MORNING, a_guest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscreened")]


def entries() -> int:
    """How many entries the cache holds: what a flood would fill. Read from the backend's
    own store, local memory (the default) or Redis (REDIS_URL), where only this test run's
    keys count: another worker's share the database (tests/redis_cache.py)."""
    store = cache._cache
    if isinstance(store, dict):
        return len(store)
    return sum(1 for _key in store.get_client().scan_iter(match=cache.make_key("*"), count=1000))


@pytest.fixture
def later_page(settings, thread):
    """A thread of three comments, one a page: the cursor "Load more comments" carries."""
    settings.COMMENTS_PER_PAGE = 1
    for name in ("Mara", "Tomas", "Ines"):
        post_comment(thread=thread, author=a_guest(name), body=f"{name} says hello.")
    thread.refresh_from_db()
    return thread_page(thread=thread, sort=Sort.NEWEST).next_cursor


def test_junk_parameters_and_other_spellings_of_a_cursor_share_one_entry(
    article, thread, later_page
):
    client = Client()
    client.get(article.url)
    client.get(f"{article.url}?after={later_page.encode()}")
    kept = entries()
    # A score does not place a comment in the newest-first order: the same position.
    respelt = replace(later_page, score=later_page.score + 7).encode()

    for query in [
        f"after={later_page.encode()}&utm_source=newsletter",
        f"after={later_page.encode()}&sort=newest&ref=x&ref=y",
        f"after={respelt}",
    ]:
        page = client.get(f"{article.url}?{query}")
        assert "Tomas says hello." in page.content.decode()

    assert entries() == kept


def test_a_flood_of_made_up_addresses_adds_no_entries(article, thread, later_page):
    client = Client()
    client.get(article.url)
    kept = entries()

    for number in range(20):
        made_up = Cursor(score=0, created=MORNING + timedelta(seconds=number), id=70_000 + number)
        assert client.get(f"{article.url}?after={made_up.encode()}").status_code == 200
        assert client.get(f"{article.url}?junk{number}={number}").status_code == 200

    assert entries() == kept


def test_a_made_up_cursor_still_gets_the_comments_after_it(article, thread, later_page):
    """Not cached is not refused: the reader still gets the comments after that position
    (Ines's instant, with an id above hers, so she comes next in newest-first order)."""
    past = replace(later_page, id=later_page.id + 1_000)

    page = Client().get(f"{article.url}?after={past.encode()}").content.decode()

    assert "Ines says hello." in page and "Tomas says hello." not in page
