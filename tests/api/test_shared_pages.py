"""The API's page of comments for a caller without an identity, answered from memory
(discussion.shared_reads via api.threads.ApiCommentPages) through the WSGI application the
server runs: the same bytes Django gives, fresh after every kind of write, and never what
one caller's identity changes."""

import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from rejoinder.discussion.actions import delete_comment, edit_comment, vote
from rejoinder.discussion.identity import Reader
from rejoinder.moderation.actions import decide, set_closed
from rejoinder.moderation.models import CategoryPolicy, LogAction, ModerationSettings
from tests.discussion.test_shared_reads import SECRET, call, time_is
from tests.shared_reads import django_requests, fresh, whole_app

pytestmark = pytest.mark.django_db

COOKIE = f"csrftoken={SECRET}"


@pytest.fixture
def app(unscreened):
    return whole_app()


@pytest.fixture
def discussed(thread, say, tomas, clock):
    """Thirty conversations, each with an answer, and one passage comment among them."""
    for n in range(30):
        top = say(f"Conversation {n}.", by=tomas, at=n)
        say(f"Answer {n}.", at=n + 0.5, reply_to=top)
    thread.refresh_from_db()
    return thread


def path(thread) -> str:
    return f"/api/v1/threads/{thread.pk}/comments"


def read(app, thread, query="", cookies=COOKIE, **given):
    return call(app, path(thread), query=query, cookies=cookies, htmx=False, **given)


def next_cursor(app, thread, query="") -> str:
    return json.loads(read(app, thread, query).body)["next_cursor"]


@pytest.mark.parametrize(
    "query",
    ["", "sort=oldest", "sort=voted", "limit=5", "sort=oldest&limit=7", "filter=inline"],
)
def test_a_page_from_memory_is_byte_for_byte_what_django_gives(app, discussed, query):
    first = read(app, discussed, query)
    with django_requests() as through_django:
        second = read(app, discussed, query)

    assert through_django == [], "the second answer went through Django"
    assert first.status == second.status == 200
    assert second.body == first.body == fresh(path(discussed), query=query, htmx=False).body
    assert second.header("content-type") == first.header("content-type")
    assert second.header("content-length") == [str(len(second.body))]


@pytest.mark.parametrize("sort", ["newest", "oldest", "voted"])
def test_a_later_page_at_a_real_cursor_is_kept_and_the_same(app, discussed, sort):
    cursor = next_cursor(app, discussed, f"sort={sort}")
    query = f"sort={sort}&after={cursor}"
    read(app, discussed, query)
    with django_requests() as through_django:
        later = read(app, discussed, query)

    assert through_django == []
    assert later.body == fresh(path(discussed), query=query, htmx=False).body


def test_a_caller_without_any_cookie_is_given_a_csrf_cookie_as_django_gives_one(app, discussed):
    read(app, discussed)
    with django_requests() as through_django:
        answer = read(app, discussed, cookies="")

    assert through_django == []
    (cookie,) = answer.header("set-cookie")
    assert cookie.startswith("csrftoken=") and "Path=/" in cookie and "SameSite=Lax" in cookie
    assert answer.body == fresh(path(discussed), htmx=False).body


def test_every_kind_of_write_shows_on_the_next_anonymous_read(
    app, discussed, say, guest, article, moderator_user
):
    comments = list(discussed.comments.filter(parent__isnull=True).order_by("-created_at"))
    posted = []
    steps = {
        "post": lambda: posted.append(say("A late word on the harbour.")),
        "vote": lambda: vote(comment=comments[0], voter=Reader(key="someone-else"), value=1),
        "edit": lambda: edit_comment(comment=posted[0], editor=guest.reader, body="Edited."),
        "delete": lambda: delete_comment(comment=posted[0], deleter=guest.reader),
        "moderation": lambda: decide(
            comment=comments[1], moderator=moderator_user, action=LogAction.REMOVE
        ),
        "close": lambda: set_closed(thread=discussed, moderator=moderator_user, closed=True),
        "republish": lambda: _republish(article, title="Open the harbour road"),
    }
    for name, write in steps.items():
        read(app, discussed)
        read(app, discussed)  # kept
        write()
        after = read(app, discussed)
        assert after.body == fresh(path(discussed), htmx=False).body, f"stale after {name}"


@pytest.mark.parametrize("query", ["", "sort=oldest&limit=7", "filter=inline"])
def test_votes_reach_the_next_caller_from_memory_as_django_gives_them(app, discussed, query):
    top = discussed.comments.filter(parent__isnull=True).order_by("-created_at").first()
    reply = top.replies.get()
    read(app, discussed, query)
    read(app, discussed, query)  # kept

    for key in ("ana", "ben", "cy"):
        vote(comment=top, voter=Reader(key=key), value=1)
    vote(comment=reply, voter=Reader(key="grump"), value=-1)
    with django_requests() as through_django:
        after = read(app, discussed, query)
        again = read(app, discussed, query)

    assert through_django == [], "a vote sent the page through Django"
    assert after.body == again.body == fresh(path(discussed), query=query, htmx=False).body
    assert after.header("content-length") == [str(len(after.body))]
    if not query:
        shown = json.loads(after.body)["comments"][0]
        assert (shown["upvotes"], shown["downvotes"], shown["score"]) == (3, 0, 3)
        assert shown["replies"][0]["downvotes"] == 1


def test_most_voted_goes_through_django_after_a_vote_for_its_order(app, discussed):
    oldest = discussed.comments.filter(parent__isnull=True).order_by("created_at").first()
    read(app, discussed, "sort=voted")
    read(app, discussed, "sort=voted")  # kept

    vote(comment=oldest, voter=Reader(key="ana"), value=1)
    with django_requests() as through_django:
        after = read(app, discussed, "sort=voted")

    assert through_django == [True]
    assert after.body == fresh(path(discussed), query="sort=voted", htmx=False).body


def _republish(article, *, title: str) -> None:
    article.title = title
    article.slug = "open-the-harbour-road"
    article.save_revision().publish()


def test_an_unpublished_article_is_a_404_at_once(app, discussed, article):
    read(app, discussed)
    assert read(app, discussed).status == 200

    article.unpublish()

    assert read(app, discussed).status == 404


def test_a_page_kept_before_the_closing_age_is_not_served_after_it(app, discussed, opinion):
    CategoryPolicy.objects.create(
        settings=ModerationSettings.load(), category=opinion, close_after_days=3
    )
    read(app, discussed)
    assert json.loads(read(app, discussed).body)["thread"]["is_closed"] is False

    with time_is(timezone.now() + timedelta(days=4)):
        after = read(app, discussed)

    assert json.loads(after.body)["thread"]["is_closed"] is True


def test_a_caller_with_a_reader_cookie_or_a_token_gets_their_own_page(app, discussed, staff_token):
    comment = discussed.comments.filter(parent__isnull=True).order_by("-created_at").first()
    voted = call(
        app,
        f"/discussion/comment/{comment.pk}/vote/",
        method="POST",
        htmx=False,
        cookies=COOKIE,
        form={"csrfmiddlewaretoken": SECRET, "value": "up"},
    )
    reader_cookie = next(
        value.split(";")[0].strip()
        for value in voted.header("set-cookie")
        if "rejoinder_reader" in value
    )
    read(app, discussed)
    read(app, discussed)  # kept for callers without an identity
    with django_requests() as through_django:
        voter = read(app, discussed, cookies=f"{COOKIE}; {reader_cookie}")
        by_token = read(
            app, discussed, headers={"HTTP_AUTHORIZATION": f"Bearer {staff_token}"}, cookies=""
        )
        anonymous = read(app, discussed)

    assert len(through_django) == 2, "the voter and the token went through Django"
    assert by_token.status == 200
    votes = {c["id"]: c["viewer"]["vote"] for c in json.loads(voter.body)["comments"]}
    assert votes[comment.pk] == 1
    shared = {c["id"]: c["viewer"]["vote"] for c in json.loads(anonymous.body)["comments"]}
    assert shared[comment.pk] == 0


@pytest.fixture
def moderator_user(moderator):
    return moderator


HOSTILE = [
    "after=" + "A" * 5000,
    "after=%FF%FE%00",
    "after=" + quote("ünïcødé"),
    "after=ünïcødé".encode().decode("latin-1"),  # raw UTF-8, as a server hands it over
    "sort=NEWEST",
    "sort=newest&sort=oldest",
    "limit=0",
    "limit=101",
    "limit=00020",
    "limit=" + quote("２０"),
    "filter=inline&utm_source=mail",
    "%00=1",
    "&&&=",
    "after",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_what_django_gives_and_keep_nothing(app, discussed, query):
    read(app, discussed)  # the first page, kept

    answers = [read(app, discussed, query) for _ in range(2)]

    expected = fresh(path(discussed), query=query, htmx=False)
    assert answers[0].status == answers[1].status == expected.status < 500
    assert answers[1].body == expected.body
    assert len(app.kept["api-page"]) == 1


def test_a_flood_of_made_up_cursors_keeps_nothing(app, discussed, settings):
    settings.SHARED_READS_KEPT = 3
    real = next_cursor(app, discussed)
    made_up = real[:-2] + ("AA" if not real.endswith("AA") else "BB")
    for number in range(10):
        read(app, discussed, f"after={made_up}&limit={number + 1}")

    assert len(app.kept["api-page"]) <= 3
    assert all(key[-3] is None for key in app.kept["api-page"]), "a made-up cursor was kept"
