"""Votes from one network: a client that drops its reader cookie is counted once per comment,
not once per request; readers who keep their cookie count, up to a limit per comment."""

import html

import pytest
from django.core.signing import get_cookie_signer
from django.test import Client

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.identity import _SALT, READER_COOKIE
from rejoinder.discussion.models import Comment
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db

HOME = {"REMOTE_ADDR": "203.0.113.9"}


@pytest.fixture
def comment(thread, unscreened):
    return post_comment(thread=thread, author=a_guest("Mara"), body="Close it at night only.")


def vote(client, comment, **headers):
    return client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"}, **headers)


def upvotes(comment):
    return Comment.objects.get(pk=comment.pk).upvotes


def reader_with_cookie(name: str, **meta) -> Client:
    """A browser that got its reader cookie earlier (say, by commenting)."""
    client = Client(**meta)
    client.cookies[READER_COOKIE] = get_cookie_signer(salt=READER_COOKIE + _SALT).sign(name)
    return client


def test_a_client_dropping_its_cookie_is_counted_once(comment):
    responses = [vote(Client(**HOME), comment, HTTP_HX_REQUEST="true") for _ in range(30)]

    assert upvotes(comment) == 1
    assert responses[0].status_code == 200
    refused = responses[1]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Your vote was not counted" in html.unescape(refused.content.decode())
    assert {r.status_code for r in responses[1:]} == {429}


def test_a_reader_refused_for_having_no_cookie_counts_on_the_next_press(comment):
    vote(Client(**HOME), comment)  # someone else on this network, first
    housemate = Client(**HOME)

    refused = vote(housemate, comment)
    assert refused.status_code == 429
    assert "vote again to count" in html.unescape(refused.content.decode())
    assert READER_COOKIE in refused.cookies

    assert vote(housemate, comment).status_code == 302
    assert upvotes(comment) == 2


def test_readers_with_cookies_on_one_network_count_up_to_the_limit_per_comment(settings, comment):
    settings.VOTE_RATE_PER_COMMENT = "3/h"
    statuses = [
        vote(reader_with_cookie(f"reader-{n}", **HOME), comment).status_code for n in range(5)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert upvotes(comment) == 3
    elsewhere = vote(reader_with_cookie("neighbour", REMOTE_ADDR="198.51.100.4"), comment)
    assert elsewhere.status_code == 302
    assert upvotes(comment) == 4


def test_a_signed_in_reader_is_never_a_reader_without_a_cookie(comment, django_user_model):
    vote(Client(**HOME), comment)
    member = Client(**HOME)
    member.force_login(django_user_model.objects.create_user(username="ines"))

    assert vote(member, comment).status_code == 302
    assert upvotes(comment) == 2
