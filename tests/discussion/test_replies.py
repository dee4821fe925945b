"""Long conversations: a page shows the first few replies of each, and "Show more replies"
brings the rest a batch at a time, so a page's size and cost stay the same however many
replies one comment draws."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from rejoinder.discussion.actions import post_comment, set_featured
from rejoinder.discussion.identity import Reader, reader_key, remember_reader
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import conversation_replies, thread_page
from rejoinder.discussion.ranking import Cursor, Sort
from tests.conftest import MORNING, a_guest
from tests.discussion.test_cache_keys import entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscreened")]

HTMX = {"HTTP_HX_REQUEST": "true"}
SHOW_MORE = re.compile(r'<a class="button secondary" href="([^"]+)"[^>]*>Show (\d+) more repl')


def pile_on(thread, root, count: int) -> list[Comment]:
    """`count` replies to `root`, one a second after it, written in bulk (the reader's write
    path would take minutes for a thousand): the shape generate_thread gives a thread."""
    replies = [
        Comment(
            thread=thread,
            parent=root,
            root=root,
            depth=1,
            author_name=f"Reader {number}",
            reader_key=reader_key(cookie_id=f"piler-{number}"),
            avatar_seed=f"{number:064x}",
            body=f"Reply number {number}",
            body_html=f"<p>Reply number {number}</p>",
            created_at=root.created_at + timedelta(seconds=number + 1),
        )
        for number in range(count)
    ]
    Comment.objects.bulk_create(replies, batch_size=500)
    thread.comment_count += count
    thread.revision += 1
    thread.save(update_fields=["comment_count", "revision"])
    return list(Comment.objects.filter(root=root).order_by("created_at", "id"))


def say(thread, who: str, body: str, *, minute: int, parent=None) -> Comment:
    comment = post_comment(thread=thread, author=a_guest(who), body=body, parent=parent)
    Comment.objects.filter(pk=comment.pk).update(created_at=MORNING + timedelta(minutes=minute))
    comment.refresh_from_db()
    return comment


@pytest.fixture
def crowded(thread):
    """One comment that drew 1,500 replies, and a quiet one under it."""
    root = say(thread, "Mara", "Close the road for good.", minute=0)
    say(thread, "Tomas", "A calm comment nobody answered.", minute=1)
    pile_on(thread, root, 1_500)
    thread.refresh_from_db()
    return root


def bodies(nodes) -> list[str]:
    return [node.comment.body for node in nodes]


def test_a_page_shows_the_first_replies_of_a_conversation_and_counts_the_rest(
    settings, thread, crowded, django_assert_max_num_queries
):
    settings.COMMENT_REPLIES_SHOWN = 10

    with django_assert_max_num_queries(2):
        page = thread_page(thread=thread, sort=Sort.OLDEST)

    conversation = page.roots[0]
    assert bodies(conversation.replies) == [f"Reply number {n}" for n in range(10)]
    assert conversation.more_replies == 1_490
    assert page.roots[1].more_replies == 0 and page.roots[1].replies_after is None


def test_a_featured_conversation_is_bounded_the_same_way(settings, thread, crowded):
    settings.COMMENT_REPLIES_SHOWN = 4
    set_featured(comment=crowded, featured=True)

    page = thread_page(thread=thread, sort=Sort.NEWEST)

    featured = page.roots[0]
    assert featured.comment == crowded and len(featured.replies) == 4
    assert featured.more_replies == 1_496


def test_following_show_more_reaches_every_reply_once_nested_as_written(settings, thread):
    settings.COMMENT_REPLIES_SHOWN = 2
    root = say(thread, "Mara", "Root", minute=0)
    first = say(thread, "Tomas", "First answer", minute=1, parent=root)
    say(thread, "Ines", "Second answer", minute=2, parent=root)
    say(thread, "Mara", "Answer to the first", minute=3, parent=first)
    late = say(thread, "Ines", "Late answer", minute=4, parent=root)
    say(thread, "Tomas", "Answer to the late one", minute=5, parent=late)

    page = thread_page(thread=thread, sort=Sort.NEWEST)
    seen = bodies(page.roots[0].replies)
    assert seen == ["First answer", "Second answer"] and page.roots[0].more_replies == 3

    batch = conversation_replies(root=root, cursor=page.roots[0].replies_after)
    # Its parent came in the batch before: it opens a branch and says whom it answers.
    assert [(node.comment.body, node.parent_name) for node in batch.conversation.replies] == [
        ("Answer to the first", "Tomas"),
        ("Late answer", "Mara"),
    ]
    assert batch.more_replies == 1
    last = conversation_replies(root=root, cursor=batch.next_cursor)
    nested = last.conversation.replies[0]
    assert nested.comment.body == "Answer to the late one" and nested.parent_name == "Ines"
    assert last.more_replies == 0 and last.next_cursor is None


def test_the_article_page_stays_small_and_offers_the_rest(
    client, settings, article, thread, crowded, django_assert_max_num_queries
):
    settings.COMMENT_REPLIES_SHOWN = 10
    client.get(article.url)  # the first visit makes the site's settings row
    cache.clear()

    with django_assert_max_num_queries(30):
        page = client.get(article.url)

    html = page.content.decode()
    # 1,500 replies rendered would be some 5 MB; twelve comments are a few dozen KB.
    assert len(page.content) < 150_000
    assert "Reply number 9<" in html and "Reply number 10<" not in html
    href, count = SHOW_MORE.search(html).groups()
    assert count == "1490"
    assert href.startswith(f"/discussion/comment/{crowded.pk}/replies/?after=")


def test_query_count_of_a_page_is_the_same_for_ten_replies_and_for_fifteen_hundred(
    client, settings, article, thread
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.COMMENT_REPLIES_SHOWN = 10
    root = say(thread, "Mara", "Root", minute=0)
    client.get(article.url)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(article.url)
        return len(captured)

    pile_on(thread, root, 10)
    small = queries()
    root.refresh_from_db()
    Comment.objects.filter(root=root).delete()
    pile_on(thread, root, 1_500)
    assert queries() == small


def test_without_javascript_show_more_is_a_page_that_leads_on(client, settings, thread, crowded):
    settings.COMMENT_REPLIES_SHOWN = 10
    first = thread_page(thread=thread, sort=Sort.OLDEST).roots[0]
    href = f"/discussion/comment/{crowded.pk}/replies/?after={first.replies_after.encode()}"

    page = client.get(href)

    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert "Replies to Mara" in html
    assert "Reply number 10<" in html and "Reply number 19<" in html
    assert "Reply number 9<" not in html and "Reply number 20<" not in html
    next_href, count = SHOW_MORE.search(html).groups()
    assert count == "1480"
    assert "Reply number 20<" in client.get(next_href.replace("&amp;", "&")).content.decode()


def test_with_htmx_show_more_returns_the_next_replies_and_a_new_control(
    client, settings, thread, crowded
):
    settings.COMMENT_REPLIES_SHOWN = 10
    first = thread_page(thread=thread, sort=Sort.OLDEST).roots[0]
    href = f"/discussion/comment/{crowded.pk}/replies/?after={first.replies_after.encode()}"

    answer = client.get(href, **HTMX)

    html = answer.content.decode()
    assert "<html" not in html and html.count('class="comment depth-1') == 10
    assert f'id="more-replies-{crowded.pk}"' in html and "Show 1480 more replies" in html
    assert "HX-Request" in answer["Vary"]


def test_a_permalink_to_a_reply_past_the_first_ones_shows_it(client, settings, thread, crowded):
    settings.COMMENT_REPLIES_SHOWN = 10
    far = Comment.objects.get(body="Reply number 1200")

    found = client.get(f"/c/{far.pk}/")

    assert found.status_code == 302 and found.url.endswith(f"#comment-{far.pk}")
    html = client.get(found.url.split("#")[0]).content.decode()
    assert f'id="comment-{far.pk}"' in html and "Reply number 1199<" not in html

    near = Comment.objects.get(body="Reply number 3")
    shown_at = client.get(f"/c/{near.pk}/").url
    assert shown_at.startswith(thread.article.url)
    assert f'id="comment-{near.pk}"' in client.get(shown_at.split("#")[0]).content.decode()


def test_a_shadow_banned_reply_shows_to_its_author_in_the_batch_that_holds_its_parent(
    settings, thread
):
    settings.COMMENT_REPLIES_SHOWN = 2
    root = say(thread, "Mara", "Root", minute=0)
    say(thread, "Tomas", "One", minute=1, parent=root)
    say(thread, "Tomas", "Two", minute=2, parent=root)
    third = say(thread, "Tomas", "Three", minute=3, parent=root)
    quiet = say(thread, "Ines", "Quiet answer to three", minute=4, parent=third)
    Comment.objects.filter(pk=quiet.pk).update(state=CommentState.SPAM, is_listed=False)
    batch = f"/discussion/comment/{root.pk}/replies/"
    after = thread_page(thread=thread, sort=Sort.OLDEST).roots[0].replies_after.encode()

    author, stranger = Client(), Client()
    holding_cookie = HttpResponse()
    remember_reader(holding_cookie, Reader(key="", new_cookie_id="cookie-of-ines"), secure=False)
    author.cookies.update(holding_cookie.cookies)  # Ines's browser, as a_guest("Ines") is

    assert "Quiet answer to three" in author.get(f"{batch}?after={after}").content.decode()
    assert "Quiet answer to three" not in stranger.get(f"{batch}?after={after}").content.decode()


@pytest.mark.parametrize(
    "query", ["?after=%00%ff", "?after=" + "A" * 5000, "?start=not-a-cursor", "?after=&after=x"]
)
def test_hostile_cursors_give_the_first_replies_not_an_error(client, thread, query):
    root = say(thread, "Mara", "Root", minute=0)
    say(thread, "Tomas", "Only answer", minute=1, parent=root)

    page = client.get(f"/discussion/comment/{root.pk}/replies/{query}")

    assert page.status_code == 200 and "Only answer" in page.content.decode()


def test_replies_of_a_reply_or_of_nothing_are_not_found(client, thread):
    root = say(thread, "Mara", "Root", minute=0)
    answer = say(thread, "Tomas", "Answer", minute=1, parent=root)

    assert client.get(f"/discussion/comment/{answer.pk}/replies/").status_code == 404
    assert client.get("/discussion/comment/999999/replies/").status_code == 404


def test_a_made_up_cursor_still_reads_but_keeps_nothing_in_the_cache(client, thread):
    root = say(thread, "Mara", "Root", minute=0)
    say(thread, "Tomas", "Answer", minute=1, parent=root)
    client.get(f"/discussion/comment/{root.pk}/replies/")
    kept = entries()

    for second in range(30):
        made_up = Cursor(score=0, created=MORNING + timedelta(seconds=second), id=10_000 + second)
        page = client.get(f"/discussion/comment/{root.pk}/replies/?after={made_up.encode()}")
        assert page.status_code == 200

    assert entries() == kept
