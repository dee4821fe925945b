"""Counts for many pages (the API's /counts, and /embed/counts/ that counts.js asks) answered
from memory (embed.shared_counts) through the WSGI application the server runs: the same
bytes and headers Django gives, exact at once after every write that changes a count."""

import json
from urllib.parse import urlencode

import pytest

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Thread
from rejoinder.embed.actions import open_external_thread
from rejoinder.embed.models import ExternalPage, Site
from rejoinder.moderation.actions import set_closed
from tests.conftest import a_guest
from tests.discussion.test_shared_reads import call
from tests.shared_reads import counts_through_writes, django_requests, fresh, whole_app

pytestmark = pytest.mark.django_db

HOST = "https://notes.example.org"


@pytest.fixture
def app(unscreened):
    return whole_app()


@pytest.fixture
def blog(db):
    return Site.objects.create(name="Field Notes", key="field-notes", allowed_origins=HOST)


@pytest.fixture
def swifts(blog):
    return open_external_thread(
        site=blog, identifier="swifts", url=f"{HOST}/swifts/", title="Counting swifts"
    )


def api_counts(app, article, *, headers=None):
    query = urlencode([("url", article.url), ("url", "/elsewhere/"), ("article", article.pk)])
    return call(app, "/api/v1/counts", query=query, htmx=False, headers=headers)


def embed_counts(app, *pages, origin=HOST):
    query = urlencode([("site", "field-notes"), *[("page", page) for page in pages]])
    return call(app, "/embed/counts/", query=query, htmx=False, headers={"HTTP_ORIGIN": origin})


def counted(answer) -> dict:
    assert answer.status == 200, answer.body
    return json.loads(answer.body)


def _without_cookie_values(answer) -> list:
    """The headers, each new CSRF cookie named but not its value (drawn per caller); the
    request id is the server's outer layer's (core.request_id), set anew on every answer."""
    return sorted(
        (name, value.split("=")[0] if name == "set-cookie" else value)
        for name, value in answer.headers
        if name != "x-request-id"
    )


def test_counts_from_memory_are_what_django_gives_with_the_same_headers(app, article, say):
    say("One.")
    query = urlencode([("url", article.url), ("url", "/elsewhere/"), ("article", article.pk)])
    api_counts(app, article)
    with django_requests() as through_django:
        kept = api_counts(app, article)
    assert not through_django
    django = fresh("/api/v1/counts", query=query, htmx=False)
    assert kept.body == django.body
    assert _without_cookie_values(kept) == _without_cookie_values(django)
    assert counted(kept)["urls"] == {article.url: 1, "/elsewhere/": 0}


def test_every_write_that_changes_a_count_shows_at_once(
    app, article, thread, say, moderator, settings
):
    say("One.")
    api_counts(app, article)

    def now() -> int:
        api_counts(app, article)  # a second read, answered from memory if still right
        answer = api_counts(app, article)
        assert (
            answer.body
            == fresh(
                "/api/v1/counts",
                query=urlencode(
                    [("url", article.url), ("url", "/elsewhere/"), ("article", article.pk)]
                ),
                htmx=False,
            ).body
        )
        return counted(answer)["articles"][str(article.pk)]

    assert now() == 1
    seen = counts_through_writes(
        now, say=say, thread=thread, moderator=moderator, settings=settings
    )
    set_closed(thread=thread, moderator=moderator, closed=True)
    seen.append(now())
    assert seen == [2, 1, 1, 2, 2]


def test_embed_counts_keep_their_cors_and_caching_headers_per_origin(app, swifts):
    post_comment(thread=swifts, author=a_guest("Mara"), body="Forty-two tonight.")
    embed_counts(app, "swifts", "nobody-yet")
    with django_requests() as through_django:
        ours = embed_counts(app, "swifts", "nobody-yet")
        theirs = embed_counts(app, "swifts", "nobody-yet", origin="https://evil.example")
        embed_counts(app, "swifts", "nobody-yet", origin="https://evil.example")
    assert len(through_django) == 1  # the other origin's first answer
    assert counted(ours) == {"counts": {"swifts": 1, "nobody-yet": 0}}
    assert ours.header("access-control-allow-origin") == [HOST]
    assert theirs.header("access-control-allow-origin") == []
    for answer in (ours, theirs):
        assert any("Origin" in vary for vary in answer.header("vary"))
        [cache] = answer.header("cache-control")
        assert "max-age=60" in cache and "public" in cache


def test_a_sites_new_origin_and_a_pages_first_comment_show_at_once(app, blog, swifts):
    embed_counts(app, "nobody-yet", origin="https://new.example")
    assert (
        embed_counts(app, "nobody-yet", origin="https://new.example").header(
            "access-control-allow-origin"
        )
        == []
    )
    blog.allowed_origins = f"{HOST}\nhttps://new.example"
    blog.save()
    answer = embed_counts(app, "nobody-yet", origin="https://new.example")
    assert answer.header("access-control-allow-origin") == ["https://new.example"]

    page = open_external_thread(site=blog, identifier="nobody-yet", url=f"{HOST}/n/", title="N")
    post_comment(thread=page, author=a_guest("Mara"), body="First.")
    assert counted(embed_counts(app, "nobody-yet", origin="https://new.example")) == {
        "counts": {"nobody-yet": 1}
    }


def test_unknown_pages_count_nothing_and_open_no_thread(app, blog, swifts):
    threads, pages = Thread.objects.count(), ExternalPage.objects.count()
    for _ in range(2):
        assert counted(embed_counts(app, "never", "seen")) == {"counts": {"never": 0, "seen": 0}}
        query = urlencode([("site", "field-notes"), ("page", "never")])
        answer = call(app, "/api/v1/counts", query=query, htmx=False)
        assert counted(answer)["pages"] == {"never": 0}
    assert (Thread.objects.count(), ExternalPage.objects.count()) == (threads, pages)


def test_a_refused_question_is_never_kept(app, blog):
    for _ in range(2):
        assert call(app, "/api/v1/counts", htmx=False).status == 422
        unknown = call(app, "/embed/counts/", query="site=nobody&page=a", htmx=False)
        assert unknown.status == 404
    assert app.kept["counts"] == {}
