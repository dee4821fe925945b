"""Comment counts for a listing, asked for by the articles' addresses, as JSON; answered
from memory for callers without cookies (discussion.shared_reads.ListingCounts), through
the WSGI application the server runs, exact at once after every write."""

import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.queries import thread_for_article
from rejoinder.moderation.demo import moderators_group
from tests.builders import make_article
from tests.conftest import a_guest
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import counts_through_writes, django_requests, fresh, whole_app

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
    assert len(queries) == 2, "the probe of a kept answer, then one query for all counts"


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


@pytest.fixture
def app(unscreened):
    return whole_app()


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(username="mod", is_staff=True)
    user.groups.add(moderators_group())
    return user


def listing_counts(app, article, **given):
    query = urlencode([("url", article.url), ("url", "/no/such/page/")])
    return call(app, "/discussion/counts/", query=query, htmx=False, **given)


def without_request_ids(answer) -> list:
    """The headers but the request id, set anew on every answer (core.request_id)."""
    return sorted((name, value) for name, value in answer.headers if name != "x-request-id")


def test_a_second_listing_gets_its_counts_from_memory_as_django_gives_them(app, article, say):
    say("One.")
    query = urlencode([("url", article.url), ("url", "/no/such/page/")])
    listing_counts(app, article)

    with django_requests() as through_django, CaptureQueriesContext(connection) as queries:
        kept = listing_counts(app, article)

    assert not through_django
    assert len(queries) == 1, "only the probe is read"
    django = fresh("/discussion/counts/", query=query, htmx=False)
    assert (
        kept.body
        == django.body
        == b'{"counts": {"%s": 1, "/no/such/page/": 0}}' % (article.url.encode())
    )
    assert without_request_ids(kept) == without_request_ids(django)
    assert kept.header("content-length") == [str(len(kept.body))]


def test_a_new_comment_a_removal_and_an_approval_show_at_once(
    app, article, thread, say, moderator, settings
):
    def now() -> int:
        listing_counts(app, article)  # a second read, answered from memory if still right
        answer = listing_counts(app, article)
        assert answer.status == 200
        return json.loads(answer.body)["counts"][article.url]

    say("One.")
    seen = [now()]
    seen += counts_through_writes(
        now, say=say, thread=thread, moderator=moderator, settings=settings
    )

    assert seen == [1, 2, 1, 1, 2]


def test_an_articles_first_comment_shows_at_once(app, article):
    assert json.loads(listing_counts(app, article).body)["counts"][article.url] == 0
    post_comment(thread=thread_for_article(article), author=a_guest("Mara"), body="First.")

    assert json.loads(listing_counts(app, article).body)["counts"][article.url] == 1


@pytest.mark.parametrize(
    "query",
    ["", "url=" + "x" * 1001, "&".join(["url=/a/"] * 101), "other=1"],
    ids=["none", "too-long", "too-many", "no-url"],
)
def test_a_refused_question_is_refused_every_time_and_never_kept(app, article, query):
    listing_counts(app, article)

    with django_requests() as through_django:
        refusals = [call(app, "/discussion/counts/", query=query, htmx=False) for _ in range(2)]

    assert [answer.status for answer in refusals] == [400, 400]
    assert all(b'"error"' in answer.body for answer in refusals)
    assert len(through_django) == 2
    assert len(app.kept["counts"]) == 1, "only the good question"


def test_a_caller_with_a_session_is_counted_by_django(app, article):
    listing_counts(app, article)

    with django_requests() as through_django:
        answer = listing_counts(app, article, cookies=f"sessionid=abc; csrftoken={SECRET}")

    assert answer.status == 200
    assert len(through_django) == 1
