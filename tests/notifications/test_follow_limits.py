"""The bell cannot be used to flood someone's inbox: confirmations asked for one address, and
follows from one network, are limited; the refusal says so (429, Retry-After)."""

import html

import pytest
from django.test import Client

from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(opinion, columnist):
    return [
        thread_for_article(make_article(opinion, title=f"Harbour part {n}", author=columnist))
        for n in range(4)
    ]


def follow(client, thread, email, **headers):
    data = {"scope": "all", "email": email}
    return client.post(f"/notifications/follow/{thread.pk}/", data, **headers)


def test_one_address_gets_only_so_many_confirmations_whoever_asks(
    settings, inbox, threads, django_capture_on_commit_callbacks
):
    settings.FOLLOW_RATE_PER_EMAIL = "3/h"
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            follow(Client(REMOTE_ADDR=f"198.51.100.{n}"), thread, "victim@example.org")
            for n, thread in enumerate(threads)
        ]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert len(inbox.to("victim@example.org")) == 3
    refused = responses[-1]
    assert int(refused["Retry-After"]) > 0
    assert "Please wait a while" in html.unescape(refused.content.decode())


def test_one_network_follows_only_so_often(
    settings, inbox, threads, django_capture_on_commit_callbacks
):
    settings.FOLLOW_RATE_PER_CLIENT = "2/h"
    reader = Client(REMOTE_ADDR="203.0.113.9")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            follow(reader, thread, f"reader{n}@example.org", HTTP_HX_REQUEST="true").status_code
            for n, thread in enumerate(threads[:3])
        ]

    assert statuses == [200, 200, 429]
    assert inbox.to("reader2@example.org") == []
