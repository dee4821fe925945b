"""A takedown takes the discussion with it. Once an article is unpublished, every door that
takes a thread or comment id from a reader answers as for one that never existed: no text,
no address of the article, nothing written. Republishing brings the discussion back. The
written-out queries behind posting, voting and the live stream keep the same rule as the
selector every other door uses (discussion.queries.reachable)."""

from dataclasses import dataclass

import pytest
from django.test import Client, RequestFactory

from rejoinder.api.threads import published_threads
from rejoinder.discussion.models import Comment, Thread, Vote
from rejoinder.discussion.queries import (
    comment_to_vote_on,
    reachable_threads,
    thread_for_article,
    thread_to_post_in,
)
from rejoinder.live import stream
from rejoinder.moderation.models import Report
from rejoinder.notifications.models import Subscription
from tests.api.conftest import API
from tests.builders import make_article
from tests.discussion.conftest import Discussion
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import django_requests, whole_app

pytestmark = pytest.mark.django_db

NOWHERE = 987654321  # an id no thread or comment has


@dataclass(frozen=True)
class Door:
    """A door that takes an id: its address ({thread}, {theirs}: someone else's comment,
    {mine}: the reader's own, {block}: a paragraph), and what it answers while it is open."""

    path: str
    method: str = "get"
    data: dict | None = None
    htmx: bool = False
    opened: int = 200


READS = {
    "comments (htmx)": Door("/discussion/{thread}/comments/", htmx=True),
    "comments": Door("/discussion/{thread}/comments/", opened=302),
    "replies (htmx)": Door("/discussion/comment/{theirs}/replies/", htmx=True),
    "replies": Door("/discussion/comment/{theirs}/replies/"),
    "reply form": Door("/discussion/comment/{theirs}/reply/"),
    "edit form": Door("/discussion/comment/{mine}/edit/"),
    "delete form": Door("/discussion/comment/{mine}/delete/"),
    "permalink": Door("/c/{theirs}/", opened=302),
    "feed": Door("/discussion/{thread}/comments/atom.xml"),
    "passage form": Door("/inline/{thread}/passage/{block}/"),
    "passage comments": Door("/inline/{thread}/comments/?ids={theirs}"),
    "live stream": Door("/live/stream/?thread={thread}"),
    "api thread": Door(API + "/threads/{thread}"),
    "api comments": Door(API + "/threads/{thread}/comments"),
    "api comment": Door(API + "/comments/{theirs}"),
}
WRITES = {
    "post": Door("/discussion/{thread}/post/", "post", {"body": "Still here?"}, opened=302),
    "post (htmx)": Door("/discussion/{thread}/post/", "post", {"body": "Still here?"}, True),
    "preview": Door("/discussion/{thread}/preview/", "post", {"body": "*Still*"}),
    "preview (htmx)": Door("/discussion/{thread}/preview/", "post", {"body": "*Still*"}, True),
    "vote": Door("/discussion/comment/{theirs}/vote/", "post", {"value": "up"}, opened=302),
    "vote (htmx)": Door("/discussion/comment/{theirs}/vote/", "post", {"value": "up"}, True),
    "edit": Door("/discussion/comment/{mine}/edit/", "post", {"body": "Changed."}, opened=302),
    "edit (htmx)": Door("/discussion/comment/{mine}/edit/", "post", {"body": "Changed."}, True),
    "delete": Door("/discussion/comment/{mine}/delete/", "post", opened=302),
    "report": Door("/discussion/comment/{theirs}/report/", "post", {"reason": "spam"}),
    "report (htmx)": Door("/discussion/comment/{theirs}/report/", "post", {"reason": "spam"}, True),
    "follow": Door("/notifications/follow/{thread}/", "post", {"scope": "all"}),
    "follow (htmx)": Door("/notifications/follow/{thread}/", "post", {"scope": "all"}, True),
}


def knock(client: Client, door: Door, ids: dict):
    headers = {"HX-Request": "true"} if door.htmx else {}
    return getattr(client, door.method)(door.path.format(**ids), door.data or {}, headers=headers)


def what_is_written() -> tuple:
    """Everything a door could write, as it stands."""
    return (
        list(Comment.objects.order_by("pk").values_list("pk", "body", "state")),
        list(Vote.objects.values_list("comment_id", "voter_key", "value")),
        Subscription.objects.count(),
        Report.objects.count(),
    )


def as_for_nothing(client: Client, door: Door, ids: dict):
    """The door's answer for ids that exist nowhere."""
    return knock(client, door, dict.fromkeys(ids, NOWHERE) | {"block": ids["block"]})


def assert_absent(answer, nothing, discussion: Discussion) -> None:
    """Answered as a thread or comment that does not exist, giving nothing of it away."""
    assert answer.status_code == nothing.status_code == 404
    assert "Location" not in answer
    page = answer.content.decode()
    assert discussion.article.slug not in page
    assert discussion.theirs.body not in page and discussion.mine.body not in page
    assert answer.content == nothing.content, "the same page as for an id of nothing"


@pytest.mark.parametrize("name", READS)
def test_a_read_door_closes_with_the_takedown_and_opens_with_the_republication(
    reader, discussion, name
):
    door, ids = READS[name], discussion.ids()
    opened = knock(reader, door, ids)

    discussion.take_down()
    closed = knock(reader, door, ids)
    nothing = as_for_nothing(reader, door, ids)
    discussion.republish()
    reopened = knock(reader, door, ids)

    assert opened.status_code == reopened.status_code == door.opened
    assert_absent(closed, nothing, discussion)


@pytest.mark.parametrize("name", WRITES)
def test_a_write_door_works_while_the_article_is_live(reader, discussion, name):
    before = what_is_written()

    answer = knock(reader, WRITES[name], discussion.ids())

    assert answer.status_code == WRITES[name].opened
    if not name.startswith("preview"):
        assert what_is_written() != before


@pytest.mark.parametrize("name", WRITES)
def test_a_write_door_of_a_taken_down_discussion_writes_nothing(reader, discussion, name):
    door, ids = WRITES[name], discussion.ids()
    discussion.take_down()
    before = what_is_written()

    answer = knock(reader, door, ids)

    assert what_is_written() == before
    assert_absent(answer, as_for_nothing(reader, door, ids), discussion)


def test_a_republished_discussion_takes_comments_again(reader, discussion):
    discussion.take_down()
    discussion.republish()

    answer = knock(reader, WRITES["post"], discussion.ids())

    assert answer.status_code == 302
    assert Comment.objects.filter(thread=discussion.thread, body="Still here?").exists()


def test_the_guest_form_cannot_post_to_a_taken_down_discussion(client, discussion):
    discussion.take_down()

    answer = client.post(
        f"/discussion/{discussion.thread.pk}/post/",
        {"body": "Anyone?", "name": "Tomas", "email": "tomas@example.org"},
    )

    assert answer.status_code == 404
    assert not Comment.objects.filter(body="Anyone?").exists()


# Every statement of the rule gives the same answers -----------------------------------------


def live(cast) -> Thread:
    return cast.thread


def taken_down(cast) -> Thread:
    cast.take_down()
    return cast.thread


def taken_down_then_republished(cast) -> Thread:
    cast.take_down()
    cast.republish()
    return cast.thread


def of_a_draft(cast) -> Thread:
    return thread_for_article(make_article(cast.article.get_parent().specific, live=False))


def on_a_page_of_another_site(cast) -> Thread:
    return Thread.objects.create(
        key="url:https://blog.example/harbour", title="Harbour", url="https://blog.example/harbour"
    )


@pytest.mark.parametrize(
    ("made", "reachable"),
    [
        (live, True),
        (taken_down, False),
        (taken_down_then_republished, True),
        (of_a_draft, False),
        (on_a_page_of_another_site, True),
    ],
    ids=lambda case: getattr(case, "__name__", str(case)),
)
def test_the_written_out_queries_keep_the_selectors_rule(discussion, say, made, reachable):
    thread = made(discussion)
    comment = say("Said there.", on=thread)

    answers = {
        "selector": reachable_threads().filter(pk=thread.pk).exists(),
        "api": published_threads().filter(pk=thread.pk).exists(),
        "post": thread_to_post_in(thread.pk, RequestFactory().post("/")) is not None,
        "vote": comment_to_vote_on(comment.pk, None) is not None,
        "live stream": stream.thread_exists(thread.pk),
    }

    assert answers == dict.fromkeys(answers, reachable)


# Pages kept in memory for readers without an identity ----------------------------------------


def test_a_kept_page_of_comments_is_not_served_after_the_takedown(discussion):
    app, page = whole_app(), f"/discussion/{discussion.thread.pk}/comments/"
    cookies = f"csrftoken={SECRET}"
    assert call(app, page, cookies=cookies).status == 200
    with django_requests() as through_django:
        kept = call(app, page, cookies=cookies)
    assert kept.status == 200 and not through_django, "the second read came from memory"

    discussion.take_down()
    gone = call(app, page, cookies=cookies)
    discussion.republish()
    back = call(app, page, cookies=cookies)

    assert gone.status == 404
    assert b"The road is busy." not in gone.body
    assert back.status == 200 and b"The road is busy." in back.body
