"""An article behind a Wagtail view restriction (a password, signing in, a group) keeps its
discussion behind it too: a reader the restriction does not let in finds nothing by a thread
or comment id, exactly as for one that never existed; a reader it lets in (who gave the
password in this session, who signed in) finds the doors open. The feeds leave restricted
articles out for everyone (test_feeds)."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from rejoinder.api.threads import published_threads
from rejoinder.discussion.models import Thread
from rejoinder.discussion.queries import comment_counts_by_url, comment_to_vote_on, public_threads
from rejoinder.live import stream
from tests.api.conftest import API, JsonClient
from tests.builders import make_article
from tests.discussion.conftest import Discussion
from tests.discussion.test_shared_reads import SECRET, call
from tests.discussion.test_unpublished_doors import (
    NOWHERE,
    READS,
    WRITES,
    Door,
    as_for_nothing,
    assert_absent,
    knock,
    live,
    on_a_page_of_another_site,
    taken_down,
    what_is_written,
)
from tests.shared_reads import django_requests, whole_app

pytestmark = pytest.mark.django_db

# The doors that read the restriction: every one with the reader's request at hand. Those
# without the reader's Wagtail session let nobody in (UNOPENED): the feeds, the live stream
# (its process has no sessions) and the API.
UNOPENED = {"feed", "live stream", "api thread", "api comments", "api comment"}
DOORS = {name: door for name, door in {**READS, **WRITES}.items() if name not in UNOPENED}
API_WRITES = {
    "api vote": Door(API + "/comments/{theirs}/vote", "put", {"value": "up"}),
    "api reply": Door(
        API + "/comments/{theirs}/replies", "post", {"body": "Still here?"}, opened=201
    ),
    "api post": Door(
        API + "/threads/{thread}/comments", "post", {"body": "Still here?"}, opened=201
    ),
    "api edit": Door(API + "/comments/{mine}", "patch", {"body": "Changed."}),
    "api delete": Door(API + "/comments/{mine}", "delete", opened=204),
    "api report": Door(API + "/comments/{theirs}/reports", "post", {"reason": "spam"}, opened=201),
    "api follow": Door(
        API + "/threads/{thread}/subscriptions", "post", {"scope": "all"}, opened=201
    ),
}
SESSIONLESS = {name: READS[name] for name in sorted(UNOPENED)} | API_WRITES


def restrict(page, **restriction) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, **restriction)


def a_password(discussion: Discussion) -> PageViewRestriction:
    return restrict(
        discussion.article, restriction_type=PageViewRestriction.PASSWORD, password="harbour"
    )


def give_password(client: Client, restriction: PageViewRestriction, discussion: Discussion):
    """The reader gives the password on the article's page, as Wagtail asks for it."""
    answer = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{discussion.article.pk}/",
        {"password": "harbour", "return_url": discussion.article.url},
    )
    assert answer.status_code == 302


@pytest.mark.parametrize("name", DOORS)
def test_a_reader_without_the_password_finds_nothing(reader, discussion, name):
    door, ids = DOORS[name], discussion.ids()
    a_password(discussion)
    before = what_is_written()

    answer = knock(reader, door, ids)

    assert what_is_written() == before
    assert_absent(answer, as_for_nothing(reader, door, ids), discussion)


@pytest.mark.parametrize("name", DOORS)
def test_a_reader_who_gave_the_password_finds_the_door_open(reader, discussion, name):
    give_password(reader, a_password(discussion), discussion)

    assert knock(reader, DOORS[name], discussion.ids()).status_code == DOORS[name].opened


def test_a_restriction_on_the_category_keeps_its_articles_discussions(client, discussion):
    restrict(discussion.article.get_parent(), restriction_type=PageViewRestriction.LOGIN)

    answer = knock(client, READS["comments (htmx)"], discussion.ids())

    assert answer.status_code == 404


def test_signing_in_opens_a_discussion_for_signed_in_readers(client, reader, discussion):
    restrict(discussion.article, restriction_type=PageViewRestriction.LOGIN)
    door, ids = READS["comments (htmx)"], discussion.ids()

    assert knock(Client(), door, ids).status_code == 404
    assert knock(reader, door, ids).status_code == 200


def test_a_kept_page_of_comments_is_not_served_once_the_article_is_restricted(discussion):
    app, page = whole_app(), f"/discussion/{discussion.thread.pk}/comments/"
    cookies = f"csrftoken={SECRET}"
    call(app, page, cookies=cookies)
    with django_requests() as through_django:
        assert call(app, page, cookies=cookies).status == 200
    assert not through_django, "the second read came from memory"

    a_password(discussion)
    after = call(app, page, cookies=cookies)

    assert after.status == 404
    assert b"The road is busy." not in after.body


# Doors without the reader's Wagtail session: the API, the live stream, the feeds ------------


def knock_json(client: Client, door: Door, ids: dict):
    """As `knock`, with a JSON body, as API callers send one."""
    path = door.path.format(**ids)
    if door.method in ("get", "delete"):
        return getattr(client, door.method)(path)
    return getattr(client, door.method)(path, door.data, content_type="application/json")


@pytest.mark.parametrize("name", SESSIONLESS)
def test_a_door_without_the_session_works_for_an_unrestricted_article(reader, discussion, name):
    door = SESSIONLESS[name]

    assert knock_json(reader, door, discussion.ids()).status_code == door.opened


@pytest.mark.parametrize("name", SESSIONLESS)
def test_a_door_without_the_session_lets_nobody_into_a_restricted_discussion(
    reader, discussion, name
):
    door, ids = SESSIONLESS[name], discussion.ids()
    give_password(reader, a_password(discussion), discussion)  # a session the door cannot see
    before = what_is_written()

    answer = knock_json(reader, door, ids)

    assert what_is_written() == before
    nothing = knock_json(reader, door, dict.fromkeys(ids, NOWHERE) | {"block": ids["block"]})
    assert_absent(answer, nothing, discussion)


def test_the_api_finds_no_restricted_discussion_by_article_or_address(client, discussion):
    api = JsonClient(client)
    restrict(discussion.article.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    article, url = discussion.article, discussion.thread.url

    by_article = api.get("/threads/lookup", {"article": article.pk})
    by_url = api.get("/threads/lookup", {"url": url})
    of_nothing = api.get("/threads/lookup", {"article": NOWHERE})

    assert by_article.status_code == by_url.status_code == 404
    assert by_article.json() == by_url.json() == of_nothing.json()


def test_the_api_counts_a_restricted_article_as_one_without_a_discussion(client, discussion):
    api = JsonClient(client)
    article, url = discussion.article, discussion.thread.url
    asked = {"article": [article.pk, NOWHERE], "url": [url]}
    assert api.get("/counts", asked).json()["articles"][str(article.pk)] == 2

    a_password(discussion)
    counts = api.get("/counts", asked).json()

    assert counts["articles"] == {str(article.pk): 0, str(NOWHERE): 0}
    assert counts["urls"] == {url: 0}


# Every statement of the rule without the session gives the same answers ---------------------


def restricted_itself(cast) -> Thread:
    a_password(cast)
    return cast.thread


def in_a_restricted_category(cast) -> Thread:
    restrict(cast.article.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    return cast.thread


def beside_a_restricted_article(cast) -> Thread:
    other = make_article(cast.article.get_parent().specific, title="Elsewhere")
    restrict(other, restriction_type=PageViewRestriction.LOGIN)
    return cast.thread


@pytest.mark.parametrize(
    ("made", "public"),
    [
        (live, True),
        (restricted_itself, False),
        (in_a_restricted_category, False),
        (beside_a_restricted_article, True),
        (taken_down, False),
        (on_a_page_of_another_site, True),
    ],
    ids=lambda case: getattr(case, "__name__", str(case)),
)
def test_the_written_out_queries_keep_the_rule_without_a_session(discussion, say, made, public):
    thread = made(discussion)
    comment = say("Said there.", on=thread)

    answers = {
        "selector": public_threads().filter(pk=thread.pk).exists(),
        "api": published_threads().filter(pk=thread.pk).exists(),
        "vote (no request)": comment_to_vote_on(comment.pk, None) is not None,
        "live stream": stream.thread_exists(thread.pk),
        "counts": comment_counts_by_url([thread.url])[thread.url] > 0,
    }

    assert answers == dict.fromkeys(answers, public)
