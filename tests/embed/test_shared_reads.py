"""A reader inside a frame is known by its header, not a cookie: the pages of comments that
anonymous readers share from memory (discussion.shared_reads) are not theirs."""

import html

import pytest
from django.core import signing
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from rejoinder.discussion.actions import post_comment, set_thread_closed, vote
from rejoinder.discussion.identity import Reader
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.screening import seconds_since_issued
from rejoinder.discussion.shared_reads import SharedReads
from rejoinder.embed.actions import set_site_open
from rejoinder.embed.frames import FRAME_READER_COOKIE, FRAME_READER_SALT, read_frame_token
from rejoinder.embed.models import Site
from tests.discussion.test_shared_reads import SECRET, Answer, call
from tests.discussion.test_vote_totals import shown_totals, voters
from tests.embed.conftest import HOST
from tests.embed.test_frame import PAGE, frame_headers, frame_url, guest_comment, open_frame
from tests.shared_reads import (
    FORM_TOKEN,
    FRAME_TOKEN,
    django_requests,
    fresh,
    whole_app,
    without_tokens,
)

pytestmark = pytest.mark.django_db


def test_a_frame_reader_sees_their_own_vote_where_anonymous_pages_are_shared(blog):
    """Where the host is on the same site as Rejoinder, the frame's requests carry the CSRF
    cookie too, and would look anonymous but for the header."""
    client = Client()
    headers = frame_headers(open_frame(client, blog))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    comment, thread = Comment.objects.get(), Thread.objects.get()
    voter = Client()
    voter_headers = frame_headers(open_frame(voter, blog))
    voter.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"}, **voter_headers)

    app = SharedReads(WSGIHandler())
    page = f"/discussion/{thread.pk}/comments/"
    call(app, page, cookies=f"csrftoken={SECRET}")  # an anonymous reader: kept in memory
    answer = call(
        _HeaderAdding(app, voter_headers["HTTP_X_REJOINDER_FRAME"]),
        page,
        cookies=f"csrftoken={SECRET}",
    )
    assert b'aria-pressed="true" data-vote="%d:up"' % comment.pk in answer.body


class _HeaderAdding:
    """The WSGI application as a frame's request reaches it: with the frame's header."""

    def __init__(self, app, token: str) -> None:
        self.app, self.token = app, token

    def __call__(self, environ, start_response):
        return self.app({**environ, "HTTP_X_REJOINDER_FRAME": self.token}, start_response)


# --- the frame itself, for a reader who brings no cookie: kept, with a token each ---------------


@pytest.fixture
def app(unscreened):
    return whole_app()


def frame(app, site, cookies="", **overrides) -> Answer:
    query = frame_url(site, **overrides).split("?", 1)[1]
    return call(app, "/embed/frame/", query=query, cookies=cookies, htmx=False)


def token_of(answer: Answer) -> str:
    return html.unescape(FRAME_TOKEN.search(answer.body)[1].decode())


@pytest.fixture
def discussed(blog, unscreened):
    """The blog's page with a first comment, posted from its frame."""
    client = Client()
    client.post("/embed/frame/post/", guest_comment(), **frame_headers(open_frame(client, blog)))
    return Thread.objects.get()


def test_a_frame_from_memory_is_a_fresh_frame_with_a_token_of_its_own(app, blog, discussed):
    first = frame(app, blog)
    with django_requests() as through_django:
        second, third = frame(app, blog), frame(app, blog)

    assert through_django == [], "the frame went through Django"
    expected = fresh("/embed/frame/", query=frame_url(blog).split("?", 1)[1], htmx=False)
    assert without_tokens(second) == without_tokens(first) == without_tokens(expected)
    assert b"Forty-two over the sheds tonight." in second.body
    readers = {read_frame_token(token_of(answer)).reader_id for answer in (first, second, third)}
    assert len(readers) == 3, "two readers were given the same id"
    shown = read_frame_token(token_of(second))
    assert (shown.site_id, shown.url, shown.title) == (blog.pk, PAGE, "Counting swifts")
    assert shown.reader_is_new and shown.member_user_id is None
    assert second.header("content-security-policy") == first.header("content-security-policy")
    assert second.header("cache-control") == ["private, no-store"]
    assert second.header("x-frame-options") == []
    assert second.header("set-cookie") == [], "no CSRF cookie: a frame's writes carry its header"


def test_a_frame_from_memory_carries_its_page_in_its_token_exactly(app, blog, discussed):
    """The token of a kept frame is written from the kept page's fields and a new id: a
    title with quotes and letters beyond ASCII comes back as the host page sent it."""
    title = 'Counting "swifts" — über die Dächer'
    frame(app, blog, title=title)
    with django_requests() as through_django:
        shown = [read_frame_token(token_of(frame(app, blog, title=title))) for _ in range(2)]

    assert through_django == [], "the frame went through Django"
    assert [(each.title, each.url, each.site_id) for each in shown] == [(title, PAGE, blog.pk)] * 2
    assert shown[0].reader_id != shown[1].reader_id


def test_each_frame_from_memory_has_a_comment_form_token_of_its_own(app, blog, discussed):
    """The form's token is drawn when the form is: its time tells the spam score how long
    the comment took to write, and its nonce keeps two readers' comments apart."""
    frame(app, blog)
    tokens = [FORM_TOKEN.search(frame(app, blog).body)[1].decode() for _ in range(3)]

    assert len(set(tokens)) == 3
    assert all(seconds_since_issued(token) < 5 for token in tokens)


def test_the_token_of_a_frame_from_memory_lets_its_reader_vote(app, blog, discussed):
    frame(app, blog)
    token = token_of(frame(app, blog))
    comment = Comment.objects.get()

    client = Client(enforce_csrf_checks=True)
    voted = client.post(
        f"/discussion/comment/{comment.pk}/vote/",
        {"value": "up"},
        HTTP_X_REJOINDER_FRAME=token,
        HTTP_HX_REQUEST="true",
    )

    assert voted.status_code == 200
    comment.refresh_from_db()
    assert comment.upvotes == 1


def test_an_origin_taken_off_the_site_stops_the_frame_at_once(app, blog, discussed):
    frame(app, blog)
    kept = frame(app, blog)
    assert HOST in kept.header("content-security-policy")[0]

    blog.allowed_origins = "https://notes.example.org"
    blog.save()
    refused = frame(app, blog)

    assert refused.status == 403
    assert refused.header("content-security-policy")[0].endswith("frame-ancestors 'none'")


def test_an_origin_added_to_the_site_may_frame_it_at_once(app, blog, discussed):
    frame(app, blog)
    frame(app, blog)

    Site.objects.filter(pk=blog.pk).update(
        allowed_origins=f"{blog.allowed_origins}\nhttps://mirror.example.org"
    )
    after = frame(app, blog)

    assert after.header("content-security-policy")[0].endswith(
        f"frame-ancestors {HOST} https://notes.example.org https://mirror.example.org"
    )


def test_closing_the_site_shows_at_once(app, blog, discussed):
    frame(app, blog)
    assert b"closed-notice" not in frame(app, blog).body

    set_site_open(site=blog, is_open=False)

    assert b"closed-notice" in frame(app, blog).body


def test_writes_show_on_the_next_frame(app, blog, discussed, guest):
    comment = Comment.objects.get()
    for write in (
        lambda: post_comment(thread=discussed, author=guest, body="A second count: fifty."),
        lambda: vote(comment=comment, voter=Reader(key="someone-else"), value=1),
        lambda: set_thread_closed(thread=discussed, closed=True),
    ):
        frame(app, blog)
        frame(app, blog)
        write()
        after = frame(app, blog)
        expected = fresh("/embed/frame/", query=frame_url(blog).split("?", 1)[1], htmx=False)
        assert without_tokens(after) == without_tokens(expected)


def test_votes_reach_the_next_frame_from_memory(app, blog, discussed):
    comment = Comment.objects.get()
    frame(app, blog)
    frame(app, blog)

    for voter in voters(2):
        vote(comment=comment, voter=voter, value=1)
    with django_requests() as through_django:
        after = frame(app, blog)

    assert through_django == [], "a vote sent the frame through Django"
    assert shown_totals(after.body.decode(), comment.pk) == (2, 2, 0)
    expected = fresh("/embed/frame/", query=frame_url(blog).split("?", 1)[1], htmx=False)
    assert without_tokens(after) == without_tokens(expected)


def test_an_empty_page_is_kept_too_until_its_first_comment(app, blog):
    frame(app, blog)
    with django_requests() as through_django:
        empty = frame(app, blog)
    assert through_django == [] and b"No comments yet" in empty.body
    assert Thread.objects.count() == 0, "a view opened a thread"

    client = Client()
    client.post("/embed/frame/post/", guest_comment(), **frame_headers(open_frame(client, blog)))

    assert b"Forty-two over the sheds tonight." in frame(app, blog).body


def test_a_renamed_page_is_renamed_by_the_next_view(app, blog, discussed):
    frame(app, blog)
    frame(app, blog)

    frame(app, blog, title="Counting swifts, and a kestrel")

    discussed.refresh_from_db()
    assert discussed.title == "Counting swifts, and a kestrel"
    renamed = frame(app, blog, title="Counting swifts, and a kestrel")
    assert b"Counting swifts, and a kestrel" in renamed.body
    frame(app, blog)  # the old title again, as a reader with an old tab would report it
    discussed.refresh_from_db()
    assert discussed.title == "Counting swifts"


def test_over_https_each_reader_gets_a_partitioned_cookie_with_their_own_id(app, blog, discussed):
    https = {"wsgi.url_scheme": "https", "HTTP_HOST": "testserver"}
    query = frame_url(blog).split("?", 1)[1]
    call(app, "/embed/frame/", query=query, htmx=False, headers=https)
    with django_requests() as through_django:
        answer = call(app, "/embed/frame/", query=query, htmx=False, headers=https)

    assert through_django == []
    (cookie,) = [value for value in answer.header("set-cookie") if FRAME_READER_COOKIE in value]
    assert "Partitioned" in cookie and "Secure" in cookie
    signed = cookie.split(";")[0].split("=", 1)[1]
    reader = signing.get_cookie_signer(salt=FRAME_READER_COOKIE + FRAME_READER_SALT).unsign(signed)
    assert read_frame_token(token_of(answer)).reader_id == reader


def test_a_reader_the_frame_knows_or_a_signed_in_member_is_not_given_the_shared_frame(
    app, blog, discussed
):
    frame(app, blog)
    frame(app, blog)
    known = Client()
    open_frame(known, blog)  # over plain HTTP no cookie: sent by hand as a browser over HTTPS would
    signer = signing.get_cookie_signer(salt=FRAME_READER_COOKIE + FRAME_READER_SALT)
    cookie = f"{FRAME_READER_COOKIE}={signer.sign('a-reader-of-field-notes')}"

    with django_requests() as through_django:
        answer = frame(app, blog, cookies=cookie)

    assert through_django == [True]
    assert read_frame_token(token_of(answer)).reader_id == "a-reader-of-field-notes"


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "Ünïcødé — 日本語 " * 30},
        {"page": "x" * 1001},
        {"origin": "https://evil.example"},
        {"url": "https://evil.example/page"},
        {"comment": "99999999999999999999"},
        {"theme": "<script>"},
    ],
    ids=["non-ascii-title", "long-identifier", "foreign-origin", "foreign-url", "comment", "theme"],
)
def test_hostile_frame_addresses_get_what_django_gives(app, blog, discussed, overrides):
    query = frame_url(blog, **overrides).split("?", 1)[1]
    answers = [call(app, "/embed/frame/", query=query, htmx=False) for _ in range(2)]

    expected = fresh("/embed/frame/", query=query, htmx=False)
    assert answers[0].status == answers[1].status == expected.status < 500
    assert without_tokens(answers[1]) == without_tokens(expected)


def test_a_flood_of_made_up_pages_is_bounded(app, blog, settings):
    settings.SHARED_READS_KEPT = 5
    for number in range(12):
        frame(app, blog, page=f"made-up-{number}")

    assert len(app.kept["frame"]) == 5
    assert Thread.objects.count() == 0
