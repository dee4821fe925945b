"""An article behind a Wagtail view restriction (a password, signing in, a group) keeps its
discussion behind it too: a reader the restriction does not let in finds nothing by a thread
or comment id, exactly as for one that never existed; a reader it lets in (who gave the
password in this session, who signed in) finds the doors open. The feeds leave restricted
articles out for everyone (test_feeds)."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.discussion.conftest import Discussion
from tests.discussion.test_shared_reads import SECRET, call
from tests.discussion.test_unpublished_doors import (
    READS,
    WRITES,
    as_for_nothing,
    assert_absent,
    knock,
    what_is_written,
)
from tests.shared_reads import django_requests, whole_app

pytestmark = pytest.mark.django_db

# The doors that read the restriction: every one with the reader's request at hand. Those
# that cannot are left open (see the module of each): the feeds (closed to all restricted
# articles), the live stream (its process has no sessions), the API and the vote.
UNOPENED = {"feed", "live stream", "api thread", "api comments", "api comment"}
DOORS = {name: door for name, door in {**READS, **WRITES}.items() if name not in UNOPENED}
DOORS = {name: door for name, door in DOORS.items() if not name.startswith("vote")}


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
