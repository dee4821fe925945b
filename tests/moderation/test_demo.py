"""The demo gives a newcomer who signs in as the demo moderator a working queue."""

import pytest
from django.test import Client

from rejoinder.demo.loader import load_demo
from rejoinder.moderation import queries
from rejoinder.moderation.demo import MODERATOR_PASSWORD, MODERATOR_USERNAME

pytestmark = pytest.mark.django_db


def test_the_demo_moderator_finds_held_reported_and_spam_comments():
    load_demo()

    counts = queries.tab_counts()
    assert counts["pending"] >= 2 and counts["reported"] == 1 and counts["spam"] == 1

    client = Client()
    assert client.login(username=MODERATOR_USERNAME, password=MODERATOR_PASSWORD)
    queue = client.get("/moderation/").content.decode()
    assert "First comment from this guest." in queue
    assert "Possibly abusive" in queue
    assert "cheap-pills.example" in client.get("/moderation/?tab=spam").content.decode()
    assert client.get("/admin/").status_code == 200
