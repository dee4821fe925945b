"""API tokens are made and revoked in Wagtail's admin (Settings → API tokens): shown once,
stored as a digest, and refused by the API once revoked."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from tests.api.conftest import JsonClient, assert_error


def test_an_admin_makes_a_token_that_works_once_shown_and_stops_when_revoked(moderator, thread):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-boss-123")
    browser = Client()
    browser.force_login(admin)
    made = browser.post(
        "/admin/api-tokens/new/", {"user": moderator.pk, "name": "newsroom bot"}, follow=True
    )
    assert made.status_code == 200
    token = re.search(rb"wagtail_[0-9A-Za-z]{30,}", made.content).group().decode()
    stored = APIToken.objects.get()
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.user == moderator
    # Shown once: the list and the token's own page show only its prefix.
    assert token.encode() not in browser.get("/admin/api-tokens/").content
    assert token.encode() not in browser.get(f"/admin/api-tokens/edit/{stored.pk}/").content

    server = JsonClient(Client(), token=token)
    assert server.get("/moderation/queue").status_code == 200
    browser.post(f"/admin/api-tokens/delete/{stored.pk}/")  # "Revoke"
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert_error(server.get("/moderation/queue"), 401, "not_authenticated")
    assert_error(server.get(f"/threads/{thread.pk}"), 401, "invalid_token")
