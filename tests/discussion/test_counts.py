"""Comment counts for a listing, asked for by the articles' addresses, as JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def counts(client, *urls):
    return client.get("/discussion/counts/", [("url", url) for url in urls])


@pytest.fixture
def two_discussed(opinion, columnist, guest, unscreened):
    quiet = make_article(opinion, title="A quiet piece", author=columnist)
    busy = make_article(opinion, title="A busy piece", author=columnist)
    for words in ("First.", "Second.", "Third."):
        post_comment(thread=thread_for_article(busy), author=guest, body=words)
    return quiet, busy


def test_a_listing_gets_each_articles_count_by_its_address(client, two_discussed):
    quiet, busy = two_discussed

    with CaptureQueriesContext(connection) as queries:
        answer = counts(client, quiet.url, busy.url, "/no/such/article/")

    assert answer.status_code == 200
    assert answer.json() == {
        "counts": {quiet.url: 0, busy.url: 3, "/no/such/article/": 0},
    }
    assert len(queries) == 1


def test_a_full_address_finds_the_article_by_its_path(client, two_discussed):
    _quiet, busy = two_discussed
    address = f"https://news.example.org{busy.url}"

    assert counts(client, address).json() == {"counts": {address: 3}}


def test_an_article_moved_to_a_new_address_is_counted_there(client, two_discussed):
    _quiet, busy = two_discussed
    busy.slug = "a-busier-piece"
    busy.save_revision().publish()
    busy.refresh_from_db()

    assert counts(client, busy.url).json() == {"counts": {busy.url: 3}}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ([], "Ask with one url parameter per article."),
        ([("url", f"/article-{n}/") for n in range(101)], "Ask for at most 100 addresses at once."),
        ([("url", "/" + "a" * 1000)], "One of the addresses is too long to be an article's."),
    ],
)
def test_a_bad_question_gets_a_reason(client, db, query, reason):
    answer = client.get("/discussion/counts/", query)

    assert answer.status_code == 400
    assert answer.json() == {"error": reason}
