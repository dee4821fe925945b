"""Votes on a thread whose pages readers without an identity share: the page kept in memory
follows them with the current totals laid over it, as Django would render it, without going
through Django; "Most Voted", whose order follows the votes, and any other change go
through Django as before."""

import pytest

from rejoinder.discussion.actions import post_comment, vote
from rejoinder.discussion.identity import Reader
from rejoinder.live import bus
from tests.conftest import a_guest
from tests.discussion.test_shared_reads import SECRET, call
from tests.discussion.test_vote_totals import order_shown, shown_totals, voters
from tests.shared_reads import django_requests, fresh, whole_app, without_tokens

pytestmark = pytest.mark.django_db

COOKIES = f"csrftoken={SECRET}"
MOST_VOTED = f"{COOKIES}; rejoinder_sort=voted"


@pytest.fixture
def app(unscreened):
    return whole_app()


def fragment(thread) -> str:
    return f"/discussion/{thread.pk}/comments/"


def test_votes_reach_the_next_reader_from_memory_as_django_would_render_them(
    app, thread, two_comments
):
    first, second = two_comments
    call(app, fragment(thread), cookies=COOKIES)

    for voter in voters(3):
        vote(comment=first, voter=voter, value=1)
    vote(comment=first, voter=Reader(key="grump"), value=-1)
    vote(comment=second, voter=Reader(key="grump"), value=-1)
    with django_requests() as through_django:
        after = call(app, fragment(thread), cookies=COOKIES)
        again = call(app, fragment(thread), cookies=COOKIES)

    assert through_django == [], "a vote sent the page through Django"
    assert shown_totals(after.body.decode(), first.pk) == (3, 2, 1)
    assert shown_totals(after.body.decode(), second.pk) == (0, -1, 1)
    assert without_tokens(after) == without_tokens(again)
    assert without_tokens(after) == without_tokens(fresh(fragment(thread), cookies=COOKIES))


def test_an_article_page_from_memory_follows_votes_too(app, article, thread, two_comments):
    first, _second = two_comments
    call(app, article.url, htmx=False)

    vote(comment=first, voter=Reader(key="someone-else"), value=1)
    with django_requests() as through_django:
        after = call(app, article.url, htmx=False)

    assert through_django == []
    assert shown_totals(after.body.decode(), first.pk) == (1, 1, 0)
    assert without_tokens(after) == without_tokens(fresh(article.url, htmx=False))


def test_most_voted_goes_through_django_for_its_order(app, thread, two_comments, settings):
    first, second = two_comments
    settings.VOTE_RERANK_SECONDS = 0
    before = call(app, fragment(thread), cookies=MOST_VOTED)
    assert order_shown(before.body.decode(), two_comments)[0] == second.body

    for voter in voters(2):
        vote(comment=first, voter=voter, value=1)
    after = call(app, fragment(thread), cookies=MOST_VOTED)

    assert order_shown(after.body.decode(), two_comments)[0] == first.body
    assert shown_totals(after.body.decode(), first.pk) == (2, 2, 0)


def test_a_new_comment_beside_the_votes_is_rendered_by_django(app, thread, two_comments):
    first, _second = two_comments
    call(app, fragment(thread), cookies=COOKIES)

    vote(comment=first, voter=Reader(key="someone-else"), value=1)
    post_comment(thread=thread, author=a_guest("Cy"), body="Paint the bridge green.")
    after = call(app, fragment(thread), cookies=COOKIES)

    assert b"Paint the bridge green." in after.body
    assert shown_totals(after.body.decode(), first.pk) == (1, 1, 0)


def test_a_kept_article_page_starts_its_live_stream_after_the_newest_event(
    app, article, thread, two_comments
):
    call(app, article.url, htmx=False)

    # An event of another thread moves the cursor every page's stream starts after, and
    # nothing this page shows: a reader given the older cursor would be sent what they
    # never missed, or told to reload once it is past the replay window.
    newest = bus.publish(thread_id=thread.pk + 1, data={"kind": "elsewhere"})
    with django_requests() as through_django:
        after = call(app, article.url, htmx=False)

    assert through_django == []
    assert f'data-after="{newest}"'.encode() in after.body
    assert without_tokens(after) == without_tokens(fresh(article.url, htmx=False))
