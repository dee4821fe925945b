"""Pages of comments that readers without an identity share, answered from memory through
the WSGI application the server runs (not Django's test client, which would bypass it)."""

import io
import re
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rejoinder.discussion.actions import CommentAuthor, post_comment, vote
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.ranking import Cursor
from rejoinder.discussion.shared_reads import SharedReads
from rejoinder.moderation.models import CategoryPolicy, ModerationSettings
from tests.builders import make_author
from tests.conftest import MORNING

pytestmark = pytest.mark.django_db

SECRET = "a" * 16 + "B" * 16  # a CSRF cookie as Django issues them: 32 letters and digits
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@contextmanager
def kept_test_transaction():
    """As Django's test client does: the request signals would close the connection that
    holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.body = int(status.split()[0]), body
        self.headers = [(name.lower(), value) for name, value in headers]

    def header(self, name: str) -> list[str]:
        return [value.strip() for key, value in self.headers if key == name]

    def tokens(self) -> set[bytes]:
        return set(TOKEN.findall(self.body))


def call(
    app, path, *, cookies="", method="GET", form=None, htmx=True, query="", headers=None
) -> Answer:
    payload = urlencode(form or {}).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookies,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(payload)),
        "wsgi.input": io.BytesIO(payload),
        **(headers or {}),
    }
    if htmx:
        environ["HTTP_HX_REQUEST"] = "true"
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    with kept_test_transaction():
        result = app(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    return Answer(started["status"], started["headers"], body)


def post_as_guest(app, thread, body: str, token: str) -> Answer:
    """The comment form sent without JavaScript by a guest holding the CSRF cookie."""
    form = {"csrfmiddlewaretoken": token, "body": body, "name": "Ines", "email": "ines@example.org"}
    return call(
        app,
        f"/discussion/{thread.pk}/post/",
        method="POST",
        htmx=False,
        cookies=f"csrftoken={SECRET}",
        form=form,
    )


@pytest.fixture
def app(unscreened):
    return SharedReads(WSGIHandler())


@pytest.fixture
def page(thread):
    return f"/discussion/{thread.pk}/comments/"


@pytest.fixture
def discussed(thread, guest):
    post_comment(thread=thread, author=guest, body="The bus lane works already.")
    thread.refresh_from_db()
    return thread


def test_a_second_anonymous_reader_gets_the_page_from_memory_with_a_token_of_its_own(
    app, page, discussed
):
    first = call(app, page, cookies=f"csrftoken={SECRET}")
    with CaptureQueriesContext(connection) as queries:
        second = call(app, page, cookies=f"csrftoken={SECRET}")

    assert first.status == second.status == 200
    # Django renews the CSRF cookie on every page it renders with a token; memory does not.
    assert any(cookie.startswith("csrftoken=") for cookie in first.header("set-cookie"))
    assert second.header("set-cookie") == [], "the second page did not go through Django"
    assert len(queries) == 1, "only the thread's revision is read"
    assert b"The bus lane works already." in second.body
    assert first.tokens() and second.tokens() and first.tokens() != second.tokens()
    assert TOKEN.sub(b"", first.body) == TOKEN.sub(b"", second.body)
    assert second.header("content-security-policy") == first.header("content-security-policy")
    assert second.header("content-length") == [str(len(second.body))]


def test_a_new_comment_shows_on_the_next_anonymous_read(app, page, discussed, guest):
    call(app, page, cookies=f"csrftoken={SECRET}")
    post_comment(thread=discussed, author=guest, body="And the ferry should run later.")

    after = call(app, page, cookies=f"csrftoken={SECRET}")

    assert b"And the ferry should run later." in after.body


def test_the_token_in_a_page_from_memory_lets_the_reader_post(app, page, discussed):
    call(app, page, cookies=f"csrftoken={SECRET}")
    from_memory = call(app, page, cookies=f"csrftoken={SECRET}")
    (token,) = from_memory.tokens()

    posted = post_as_guest(app, discussed, "Posted from a page served from memory.", token.decode())

    assert posted.status == 302, posted.body[:300]
    assert (
        b"Posted from a page served from memory."
        in call(app, page, cookies=f"csrftoken={SECRET}").body
    )


def test_a_reader_with_an_identity_sees_their_own_votes_not_the_shared_page(
    app, page, discussed, guest
):
    call(app, page, cookies=f"csrftoken={SECRET}")  # the shared page is now kept
    comment = discussed.comments.get()
    posted = post_as_guest(app, discussed, "A reader who will vote.", SECRET)
    reader_cookie = next(
        value.split(";")[0] for value in posted.header("set-cookie") if "rejoinder_reader" in value
    )
    call(
        app,
        f"/discussion/comment/{comment.pk}/vote/",
        method="POST",
        cookies=f"csrftoken={SECRET}; {reader_cookie}",
        form={"csrfmiddlewaretoken": SECRET, "value": "up"},
    )
    anonymous = call(app, page, cookies=f"csrftoken={SECRET}")
    known = call(app, page, cookies=f"csrftoken={SECRET}; {reader_cookie}")

    pressed = f'aria-pressed="true" data-vote="{comment.pk}:up"'.encode()
    assert pressed in known.body
    assert pressed not in anonymous.body


def test_without_a_csrf_cookie_django_answers_and_issues_one(app, page, discussed):
    call(app, page)
    again = call(app, page)

    assert again.status == 200
    assert any(value.startswith("csrftoken=") for value in again.header("set-cookie"))


def test_choosing_a_sort_is_remembered_even_after_the_page_was_kept(app, page, discussed):
    call(app, page, cookies=f"csrftoken={SECRET}")

    chosen = call(app, page, cookies=f"csrftoken={SECRET}", query="sort=oldest")

    assert any(value.startswith("rejoinder_sort=oldest") for value in chosen.header("set-cookie"))


def test_a_kept_page_goes_when_the_thread_is_gone(app, page, discussed):
    call(app, page, cookies=f"csrftoken={SECRET}")
    discussed.delete()

    assert call(app, page, cookies=f"csrftoken={SECRET}").status == 404


def test_votes_change_what_the_next_anonymous_reader_sees(app, page, discussed):
    comment = discussed.comments.get()
    before = call(app, page, cookies=f"csrftoken={SECRET}")
    vote(comment=comment, voter=Reader(key="someone-else"), value=1)

    after = call(app, page, cookies=f"csrftoken={SECRET}")

    assert b'class="vote-count" data-up="%d">1</span>' % comment.pk not in before.body
    assert b'class="vote-count" data-up="%d">1</span>' % comment.pk in after.body


def test_junk_parameters_and_spellings_of_a_language_read_the_one_kept_page(app, page, discussed):
    call(app, page, cookies=f"csrftoken={SECRET}", headers={"HTTP_ACCEPT_LANGUAGE": "en-gb"})
    respelt = [
        ("utm_source=newsletter", "en-GB,en;q=0.9"),
        ("after=not-a-cursor&fbclid=abc", "en-gb;q=1.0"),
        ("filter=none&x=1&x=2", "EN-gb"),
    ]

    for query, language in respelt:
        again = call(
            app,
            page,
            cookies=f"csrftoken={SECRET}",
            query=query,
            headers={"HTTP_ACCEPT_LANGUAGE": language},
        )
        assert again.status == 200
        assert again.header("set-cookie") == [], f"{query} went through Django"
    assert len(app.entries) == 1


def test_a_flood_of_made_up_addresses_pushes_no_page_out(app, page, discussed, settings):
    settings.SHARED_READS_KEPT = 4
    call(app, page, cookies=f"csrftoken={SECRET}")
    made_up = [
        Cursor(score=0, created=MORNING + timedelta(seconds=n), id=90_000 + n).encode()
        for n in range(12)
    ]

    for number, cursor in enumerate(made_up):
        call(app, page, cookies=f"csrftoken={SECRET}", query=f"after={cursor}&n={number}")

    assert len(app.entries) == 1
    kept = call(app, page, cookies=f"csrftoken={SECRET}")
    assert kept.header("set-cookie") == [], "the page everyone reads was pushed out"


def test_a_later_page_at_a_real_comment_is_kept_too(app, page, thread, guest, settings):
    settings.COMMENTS_PER_PAGE = 1
    post_comment(thread=thread, author=guest, body="The first word.")
    post_comment(thread=thread, author=guest, body="The second word.")
    first = call(app, page, cookies=f"csrftoken={SECRET}")
    after = re.search(rb"after=([A-Za-z0-9_-]+)", first.body).group(1).decode()

    call(app, page, cookies=f"csrftoken={SECRET}", query=f"after={after}")
    later = call(app, page, cookies=f"csrftoken={SECRET}", query=f"after={after}")

    assert b"The first word." in later.body
    assert later.header("set-cookie") == [], "a real later page was not kept"
    assert len(app.entries) == 2


# --- what a kept page shows that no comment changes: the "Author" mark, the closing rules, time ---


@pytest.fixture
def said_by_the_columnist(thread, writer):
    columnist = CommentAuthor(reader=Reader(key=reader_key(user_id=writer.pk), user=writer))
    post_comment(thread=thread, author=columnist, body="I wrote it, and I stand by it.")
    thread.refresh_from_db()
    return thread


AUTHOR_MARK = b'class="badge badge-author"'


def test_the_author_mark_goes_when_the_author_profile_leaves_the_account(
    app, page, said_by_the_columnist, columnist
):
    assert AUTHOR_MARK in call(app, page, cookies=f"csrftoken={SECRET}").body

    columnist.user = None
    columnist.save()

    assert AUTHOR_MARK not in call(app, page, cookies=f"csrftoken={SECRET}").body


def test_the_author_mark_follows_the_article_to_its_new_author(
    app, page, said_by_the_columnist, article
):
    assert AUTHOR_MARK in call(app, page, cookies=f"csrftoken={SECRET}").body

    article.author = make_author(name="Guest Writer")
    article.save_revision().publish()

    assert AUTHOR_MARK not in call(app, page, cookies=f"csrftoken={SECRET}").body


REPLY_LINK = b'class="reply-link"'


def test_a_new_category_rule_that_closes_the_discussion_shows_at_once(
    app, page, discussed, opinion
):
    assert REPLY_LINK in call(app, page, cookies=f"csrftoken={SECRET}").body

    CategoryPolicy.objects.create(
        settings=ModerationSettings.load(), category=opinion, close_after_days=1
    )
    a_week_later = timezone.now() + timedelta(days=7)

    with time_is(a_week_later):
        assert REPLY_LINK not in call(app, page, cookies=f"csrftoken={SECRET}").body


def test_a_page_kept_before_the_closing_age_is_not_served_after_it(app, page, discussed, opinion):
    CategoryPolicy.objects.create(
        settings=ModerationSettings.load(), category=opinion, close_after_days=3
    )
    assert REPLY_LINK in call(app, page, cookies=f"csrftoken={SECRET}").body
    assert REPLY_LINK in call(app, page, cookies=f"csrftoken={SECRET}").body  # from memory

    # The worker that would close it for good is down: nothing writes, only time passes.
    with time_is(timezone.now() + timedelta(days=4)):
        after = call(app, page, cookies=f"csrftoken={SECRET}")

    assert REPLY_LINK not in after.body


@contextmanager
def time_is(moment):
    """The clock of everything that asks django.utils.timezone for the time."""
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real
