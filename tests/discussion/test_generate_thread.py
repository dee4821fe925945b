"""The bulk generator: a thread of the asked size and shape, served like any other."""

import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.publishing.models import ArticlePage
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def generate(**options) -> list[dict]:
    out = StringIO()
    call_command("generate_thread", json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def test_a_new_article_gets_a_thread_of_the_asked_size_and_shape(client, opinion, news):
    [result] = generate(article="new", comments=500, reply_share=0.3, seed=3)

    thread = Thread.objects.get(pk=result["thread_id"])
    comments = {comment.pk: comment for comment in Comment.objects.filter(thread=thread)}
    article = ArticlePage.objects.get(pk=result["article_id"])
    assert article.title == "Generated thread of 500 comments"
    assert article.live and article.get_parent().specific == opinion  # the first category
    assert len(comments) == 500 == thread.comment_count
    assert thread.revision >= 1
    replies = [comment for comment in comments.values() if comment.parent_id]
    assert len(replies) == result["replies"] == 150
    for comment in comments.values():
        assert comment.state == CommentState.VISIBLE and comment.is_listed
        assert comment.body_html.startswith(("<p>", "<blockquote>"))
        assert comment.score == comment.upvotes - comment.downvotes
        if comment.parent_id is None:
            assert comment.root_id is None and comment.depth == 0
            continue
        parent = comments[comment.parent_id]
        top = parent
        while top.parent_id:
            top = comments[top.parent_id]
        assert comment.root_id == top.pk
        assert comment.depth == parent.depth + 1
        assert comment.created_at > parent.created_at


def test_the_article_page_serves_the_first_page_of_the_thread(client, opinion):
    [result] = generate(article="new", comments=500, reply_share=0.3)
    newest_top = Comment.objects.filter(
        thread_id=result["thread_id"], parent__isnull=True
    ).order_by("-created_at", "-id")
    first_page = [comment.pk for comment in newest_top[: settings.COMMENTS_PER_PAGE + 1]]

    response = client.get(result["article_url"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "500 comments" in html
    shown = {int(number) for number in re.findall(r'<li id="comment-(\d+)"', html)}
    assert set(first_page[:-1]) <= shown
    assert first_page[-1] not in shown  # the next page starts there
    assert 'id="load-more"' in html
    fragment = client.get(f"/discussion/{result['thread_id']}/comments/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert f'id="comment-{first_page[0]}"' in fragment.content.decode()


def test_an_existing_article_and_many_threads(opinion, tmp_path):
    article = make_article(opinion, title="Harbour road")
    [result] = generate(article=article.slug, comments=40, reply_share=0)
    assert result["replies"] == 0 and result["article_id"] == article.pk
    assert Thread.objects.get(pk=result["thread_id"]).comment_count == 40

    results = generate(article="new", comments=20, threads=3, export=tmp_path / "out.jsonl")
    assert len({result["article_url"] for result in results}) == 3
    assert all(Thread.objects.get(pk=r["thread_id"]).comment_count == 20 for r in results)
    # The export replays the same threads elsewhere: one line a comment, parents by index.
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(lines) == 60
    assert {line["article_url"] for line in lines} == {r["article_url"] for r in results}
    for line in lines:
        assert line["parent"] is None or line["parent"] < line["index"]
        assert line["text"] and line["author"] and line["email"]


def test_it_says_what_is_wrong(db):
    with pytest.raises(CommandError, match="no category"):
        call_command("generate_thread", article="new", comments=5)
    with pytest.raises(CommandError, match="No article"):
        call_command("generate_thread", article="nowhere", comments=5)
