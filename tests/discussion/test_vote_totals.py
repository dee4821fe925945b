"""Votes change the numbers on a thread's pages, not the pages: a reader after a vote sees
the new totals at once, from the page kept before the vote (no new render), and "Most
Voted" follows the votes within VOTE_RERANK_SECONDS."""

import re

import pytest
from django.test import Client

from rejoinder.discussion.actions import vote
from rejoinder.discussion.identity import Reader

pytestmark = pytest.mark.django_db


def voters(count: int) -> list[Reader]:
    return [Reader(key=f"voter-{number}") for number in range(count)]


def shown_totals(html: str, comment_id: int) -> tuple[int, int, int]:
    up = re.search(rf'data-up="{comment_id}">(-?\d+)<', html)[1]
    score = re.search(rf'data-score="{comment_id}">(-?\d+)<', html)[1]
    down = re.search(rf'data-down="{comment_id}">(-?\d+)<', html)[1]
    return int(up), int(score), int(down)


def order_shown(html: str, comments) -> list[str]:
    bodies = {comment.body: comment for comment in comments}
    found = re.findall("|".join(re.escape(body) for body in bodies), html)
    return list(dict.fromkeys(found))


def read(client: Client, thread, sort: str) -> str:
    answer = client.get(
        f"/discussion/{thread.pk}/comments/", {"sort": sort}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_vote_shows_at_once_without_rendering_the_page_again(client, thread, two_comments):
    first, _second = two_comments
    read(client, thread, "newest")
    revision = type(thread).objects.get(pk=thread.pk).revision

    for voter in voters(3):
        vote(comment=first, voter=voter, value=1)
    vote(comment=first, voter=Reader(key="grump"), value=-1)
    answer = client.get(
        f"/discussion/{thread.pk}/comments/", {"sort": "newest"}, HTTP_HX_REQUEST="true"
    )

    assert shown_totals(answer.content.decode(), first.pk) == (3, 2, 1)
    assert type(thread).objects.get(pk=thread.pk).revision == revision
    rendered = {template.name for template in answer.templates}
    assert "discussion/comment.html" not in rendered, "the kept page was rendered again"


def test_most_voted_is_reranked_once_the_rerank_time_has_passed(
    client, thread, two_comments, settings
):
    first, second = two_comments
    settings.VOTE_RERANK_SECONDS = 3600
    assert order_shown(read(client, thread, "voted"), two_comments)[0] == second.body

    for voter in voters(2):
        vote(comment=first, voter=voter, value=1)
    kept = read(client, thread, "voted")
    settings.VOTE_RERANK_SECONDS = 0
    reranked = read(client, thread, "voted")

    # Within the re-rank time the order stays (the numbers do not); after it, it follows.
    assert order_shown(kept, two_comments)[0] == second.body
    assert shown_totals(kept, first.pk) == (2, 2, 0)
    assert order_shown(reranked, two_comments)[0] == first.body
    assert shown_totals(reranked, first.pk) == (2, 2, 0)


def test_a_withdrawn_vote_goes_from_every_page_of_the_thread(client, thread, two_comments):
    first, _second = two_comments
    voter = Reader(key="fickle")
    vote(comment=first, voter=voter, value=1)
    for sort in ("newest", "oldest", "voted"):
        assert shown_totals(read(client, thread, sort), first.pk) == (1, 1, 0)

    vote(comment=first, voter=voter, value=0)

    for sort in ("newest", "oldest", "voted"):
        assert shown_totals(read(client, thread, sort), first.pk) == (0, 0, 0)
