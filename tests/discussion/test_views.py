"""What a reader gets over HTTP: the discussion under an article, with and without htmx."""

import html as html_entities
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def column(opinion, columnist):
    return make_article(opinion, title="Close the harbour road", author=columnist)


@pytest.fixture
def thread(column):
    return thread_for_article(column)


def post(client, thread, *, body="I disagree, politely.", htmx=False, **fields):
    data = {
        "body": body,
        "name": "Mara",
        "email": "mara@example.org",
        "website": "",
        "homepage": "",
        "submission_token": fields.pop("submission_token", ""),
        **fields,
    }
    return client.post(f"/discussion/{thread.pk}/post/", data, **(HTMX if htmx else {}))


def article_html(client, column, query=""):
    return client.get(column.url + query).content.decode()


def test_a_guest_posts_without_javascript_and_lands_on_their_comment(client, column, thread):
    response = post(client, thread)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{column.url}#comment-{comment.pk}"
    html = article_html(client, column)
    assert "I disagree, politely." in html
    assert "1 comment" in html


def test_the_way_back_to_a_new_comment_follows_a_change_of_sites(client, home, column, thread):
    first = post(client, thread)
    assert first.url.startswith("/")
    # With a second site, an article's address names its own site's host.
    Site.objects.create(hostname="elsewhere.example", root_page=home, is_default_site=False)

    second = post(client, thread, body="And again, on another site's watch.")

    assert second.url == f"{column.full_url}#comment-{Comment.objects.latest('pk').pk}"
    assert second.url.startswith("http")


def test_a_comment_on_another_sites_page_leads_back_to_that_page(client):
    page = Thread.objects.create(
        key="url:https://blog.example/harbour", title="Harbour", url="https://blog.example/harbour"
    )

    response = post(client, page)

    assert response.url == f"https://blog.example/harbour#comment-{Comment.objects.get().pk}"


def test_the_guests_email_never_reaches_a_browser(client, column, thread):
    post(client, thread, email="secret.address@example.org")

    assert "secret.address" not in article_html(client, column)
    assert "secret.address" not in Client().get(column.url).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": ""}, "Write something before posting."),
        ({"name": ""}, "Give a name to show with your comment."),
        ({"email": ""}, "Give an e-mail address (it is never shown)."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"body": "x" * 5001}, "Comments are limited to 5000 characters; this one has 5001."),
        ({"homepage": "http://spam.example"}, "This looks automated"),
        ({"website": "ftp://files.example.org/"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_the_text_kept(
    client, thread, fields, message
):
    response = post(client, thread, **fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not Comment.objects.exists()
    if fields.get("body", "x") and "body" not in fields:
        assert "I disagree, politely." in html  # what they wrote is still in the form


def test_posting_needs_the_csrf_token(thread):
    client = Client(enforce_csrf_checks=True)

    response = post(client, thread)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_double_click_posts_once(client, thread):
    post(client, thread, submission_token="tok-123")
    post(client, thread, submission_token="tok-123")

    assert Comment.objects.count() == 1
    assert Thread.objects.get(pk=thread.pk).comment_count == 1


def test_posting_fast_is_slowed_down_with_429(client, settings, thread):
    settings.COMMENT_RATE_PER_CLIENT = "2/m"
    for number in range(2):
        assert post(client, thread, body=f"Point {number}").status_code == 302

    response = post(client, thread, body="One too many", htmx=True)

    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()
    assert Comment.objects.count() == 2


def test_one_address_spelt_differently_shares_its_posting_limit(settings, thread):
    settings.COMMENT_RATE_PER_EMAIL = "2/h"
    spellings = ["mara@example.org", "MARA@Example.org", "Mara@EXAMPLE.ORG"]
    # Each from a network of its own, so only the address's own limit can refuse.
    answers = [
        post(Client(REMOTE_ADDR=f"198.51.100.{n}"), thread, body=f"Point {n}", email=email)
        for n, email in enumerate(spellings)
    ]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_htmx_post_returns_the_new_comment_and_a_fresh_form(client, thread):
    response = post(client, thread, htmx=True)

    html = response.content.decode()
    comment = Comment.objects.get()
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#comment-list"' in html
    assert f'id="comment-{comment.pk}" data-new-comment' in html
    assert "Your comment is posted." in html
    assert 'value="Mara"' in html  # the guest's name is kept for the next comment


def test_a_reply_goes_under_its_parent(client, column, thread):
    post(client, thread, body="Parent")
    parent = Comment.objects.get()

    response = post(client, thread, body="Child", parent=parent.pk, htmx=True)

    assert f'hx-swap-oob="beforeend:#replies-{parent.pk}"' in response.content.decode()
    html = article_html(client, column)
    assert re.search(rf'id="replies-{parent.pk}">\s*<li id="comment-\d+"', html)
    assert "Reply to <a" in html


def test_reply_form_page_works_without_javascript(client, thread):
    post(client, thread, body="Parent")
    parent = Comment.objects.get()

    page = client.get(f"/discussion/comment/{parent.pk}/reply/").content.decode()

    assert "Reply to Mara" in page
    assert f'name="parent" value="{parent.pk}"' in page


def test_votes_toggle_and_show_pressed_only_to_the_voter(client, column, thread):
    post(Client(), thread, body="Vote on me")
    comment = Comment.objects.get()

    client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"})
    mine = article_html(client, column)
    theirs = Client().get(column.url).content.decode()

    assert f'aria-pressed="true" data-vote="{comment.pk}:up"' in mine
    assert f'aria-pressed="true" data-vote="{comment.pk}:up"' not in theirs
    client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"})
    assert not Vote.objects.exists()


def test_a_vote_without_javascript_goes_back_to_the_comment_reading_it_once(client, column, thread):
    post(Client(), thread, body="Vote on me")
    comment = Comment.objects.get()

    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"})

    assert response.status_code == 302
    assert response["Location"] == f"{column.url}#comment-{comment.pk}"
    assert Comment.objects.get().upvotes == 1
    # The comment, its thread and the article's address come in one query (#16).
    pages = [q["sql"] for q in queries.captured_queries if "wagtailcore_page" in q["sql"]]
    assert len(pages) == 1 and "discussion_comment" in pages[0]


def test_the_way_back_from_a_vote_follows_a_change_of_sites(client, home, column, thread):
    post(Client(), thread, body="Vote on me")
    comment = Comment.objects.get()
    vote = f"/discussion/comment/{comment.pk}/vote/"
    assert client.post(vote, {"value": "up"})["Location"].startswith("/")
    # With a second site, an article's address names its own site's host.
    Site.objects.create(hostname="elsewhere.example", root_page=home, is_default_site=False)

    response = client.post(vote, {"value": "up"})

    assert response["Location"] == f"{column.full_url}#comment-{comment.pk}"
    assert response["Location"].startswith("http")


def test_the_way_back_from_a_vote_follows_the_article_to_its_new_address(client, column, thread):
    post(Client(), thread, body="Vote on me")
    comment = Comment.objects.get()
    vote = f"/discussion/comment/{comment.pk}/vote/"
    assert client.post(vote, {"value": "up"})["Location"] == f"{column.url}#comment-{comment.pk}"
    column.slug = "a-new-address"
    column.save_revision().publish()
    column.refresh_from_db()

    response = client.post(vote, {"value": "up"})

    assert "/a-new-address/" in column.url
    assert response["Location"] == f"{column.url}#comment-{comment.pk}"


def test_htmx_vote_returns_the_updated_buttons(client, thread):
    post(Client(), thread)
    comment = Comment.objects.get()

    response = client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "down"}, **HTMX)

    html = response.content.decode()
    assert f'aria-pressed="true" data-vote="{comment.pk}:down"' in html
    assert "csrfmiddlewaretoken" in html
    assert Comment.objects.get().score == -1


def test_no_vote_on_ones_own_comment(client, thread):
    post(client, thread)
    comment = Comment.objects.get()

    response = client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"}, **HTMX)

    assert response.status_code == 403
    assert "You can't vote on your own comment." in html_entities.unescape(
        response.content.decode()
    )


def test_only_the_author_sees_edit_controls_and_can_edit(client, column, thread):
    post(client, thread, body="First draft")
    comment = Comment.objects.get()
    edit_url = f"/discussion/comment/{comment.pk}/edit/"

    assert edit_url in article_html(client, column)
    assert edit_url not in Client().get(column.url).content.decode()
    assert Client().post(edit_url, {"body": "Vandalised"}).status_code == 403

    client.post(edit_url, {"body": "Second draft"})
    assert Comment.objects.get().body == "Second draft"
    assert "edited" in article_html(client, column)


def test_deleting_keeps_a_placeholder_while_replies_remain(client, column, thread):
    post(client, thread, body="Regrettable")
    parent = Comment.objects.get()
    post(Client(), thread, body="A reply", parent=parent.pk, name="Tomas", email="t@example.org")

    client.post(f"/discussion/comment/{parent.pk}/delete/")

    html = article_html(client, column)
    assert "Regrettable" not in html
    assert "This comment was deleted." in html
    assert "A reply" in html
    assert Comment.objects.get(pk=parent.pk).state == CommentState.DELETED


def test_closed_discussion_shows_a_notice_instead_of_the_form(client, column, thread):
    thread.is_closed = True
    thread.save()

    html = article_html(client, column)

    assert "This discussion is closed." in html
    assert 'class="comment-form"' not in html
    assert post(client, thread).status_code == 403


def test_sort_is_in_the_url_and_remembered(client, column, thread):
    response = client.get(column.url + "?sort=oldest")

    assert response.cookies["rejoinder_sort"].value == "oldest"
    assert 'href="/opinion/' in article_html(client, column)
    assert re.search(r'\?sort=oldest"[^>]*aria-current="true"', article_html(client, column))


def test_load_more_and_the_permalink_to_a_later_page(client, settings, column, thread):
    settings.COMMENTS_PER_PAGE = 2
    for number in range(5):
        post(Client(), thread, body=f"Comment number {number}", submission_token=f"t{number}")
    oldest = Comment.objects.order_by("created_at").first()

    first_page = article_html(client, column)
    assert "Comment number 4" in first_page and "Comment number 0" not in first_page
    more = re.search(r'hx-get="([^"]+after=[^"]+)"', first_page).group(1).replace("&amp;", "&")
    assert "Comment number 2" in client.get(more, **HTMX).content.decode()

    found = client.get(f"/c/{oldest.pk}/")
    assert found.status_code == 302 and found.url.endswith(f"#comment-{oldest.pk}")
    assert "Comment number 0" in client.get(found.url.split("#")[0]).content.decode()


def test_unknown_comment_and_thread_are_404(client, thread):
    assert client.get("/c/999999/").status_code == 404
    assert client.post("/discussion/comment/999999/vote/", {"value": "up"}).status_code == 404
    assert client.get("/discussion/999999/comments/", **HTMX).status_code == 404
    assert client.post("/discussion/999999/post/", {"body": "Hello?"}).status_code == 404


def test_comment_counts_on_listings_and_in_json_ld(client, home, column, thread):
    post(client, thread)

    assert "1 comment" in client.get("/").content.decode()
    assert '"commentCount": 1' in article_html(client, column)


def test_reply_form_on_a_closed_discussion_says_it_is_closed(client, thread):
    post(client, thread, body="Parent")
    thread.is_closed = True
    thread.save()

    page = client.get(f"/discussion/comment/{Comment.objects.get().pk}/reply/").content.decode()

    assert "This discussion is closed." in page
    assert 'class="comment-form"' not in page


def test_avatar_is_a_local_svg(client, thread):
    post(client, thread)
    comment = Comment.objects.get()

    response = client.get(f"/discussion/avatar/{comment.avatar_seed}.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert "immutable" in response["Cache-Control"]


def test_article_page_query_count_does_not_grow_with_the_thread(client, column, thread):
    def queries_for_page(*, cached: bool) -> int:
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(column.url).status_code == 200
        return len(captured)

    post(client, thread, body="Just one", submission_token="a")
    client.get(column.url)  # first visit creates the site's settings row
    small = queries_for_page(cached=False), queries_for_page(cached=True)
    for number in range(60):
        post(Client(), thread, body=f"Comment {number}", submission_token=f"b{number}")
        if number % 3 == 0:
            parent = Comment.objects.filter(parent=None).last()
            post(Client(), thread, body="reply", parent=parent.pk, submission_token=f"r{number}")
    large = queries_for_page(cached=False), queries_for_page(cached=True)

    assert large == small
    assert small[1] < small[0]  # the cached thread skips the comment queries
