"""The moderation queue and its actions in the API: staff only, by token or session."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from rejoinder.discussion.models import CommentState
from rejoinder.moderation.models import Ban, LogEntry, ModerationSettings
from tests.api.conftest import JsonClient, assert_error


@pytest.fixture
def held(thread, settings):
    """A guest's comment the policy held for a moderator (a blocked phrase)."""
    from rejoinder.discussion.actions import post_comment
    from tests.conftest import a_guest

    settings.COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
    config = ModerationSettings.load()
    config.blocked_words = "harbourgate"
    config.save()
    comment = post_comment(thread=thread, author=a_guest("Mara"), body="About harbourgate again.")
    assert comment.state == CommentState.PENDING
    return comment


def test_the_queue_lists_held_comments_without_any_address(server, held):
    answer = server.get("/moderation/queue")
    assert answer.status_code == 200, answer.content
    queue = answer.json()
    assert queue["tab"] == "pending"
    assert queue["counts"]["pending"] == 1
    item = queue["comments"][0]
    assert (item["id"], item["author_name"], item["state"]) == (held.pk, "Mara", "pending")
    assert item["screening"]["decision"] == "hold"
    assert b"mara@example.org" not in answer.content


def test_approve_ban_and_close_are_logged(server, held, thread):
    approved = server.post(f"/moderation/comments/{held.pk}/decision", {"action": "approve"})
    assert approved.status_code == 201, approved.content
    assert approved.json()["action"] == "approve"
    held.refresh_from_db()
    assert held.state == CommentState.VISIBLE
    banned = server.post(f"/moderation/comments/{held.pk}/ban", {"kind": "email", "days": 7})
    assert banned.status_code == 201, banned.content
    assert Ban.objects.get().value == "mara@example.org"
    assert b"mara@example.org" not in banned.content
    nul = server.post(f"/moderation/comments/{held.pk}/ban", {"kind": "email", "reason": "a\x00"})
    assert_error(nul, 422, "invalid_input")
    nothing = server.post(f"/moderation/comments/{held.pk}/ban", {"kind": "user"})
    assert_error(nothing, 422, "nothing_to_ban")
    closed = server.put(f"/moderation/threads/{thread.pk}/closed", {"closed": True})
    assert closed.status_code == 200
    thread.refresh_from_db()
    assert thread.is_closed
    assert list(LogEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "approve",
        "ban",
        "close",
    ]


def test_spam_and_remove(server, held):
    assert (
        server.post(f"/moderation/comments/{held.pk}/decision", {"action": "spam"}).status_code
        == 201
    )
    held.refresh_from_db()
    assert held.state == CommentState.SPAM
    assert (
        server.post(f"/moderation/comments/{held.pk}/decision", {"action": "remove"}).status_code
        == 201
    )
    held.refresh_from_db()
    assert held.state == CommentState.REMOVED
    wrong = server.post(f"/moderation/comments/{held.pk}/decision", {"action": "burn"})
    assert_error(wrong, 422, "invalid_input")
    assert_error(
        server.post("/moderation/comments/99999/decision", {"action": "spam"}),
        404,
        "comment_not_found",
    )


def test_without_credentials_it_is_401_and_for_non_moderators_403(held, db):
    assert_error(JsonClient(Client()).get("/moderation/queue"), 401, "not_authenticated")
    clerk = get_user_model().objects.create_user(username="clerk", is_staff=True)
    _row, token = APIToken.create_token(user=clerk, name="clerk's script")
    as_clerk = JsonClient(Client(), token=token)
    assert_error(as_clerk.get("/moderation/queue"), 403, "not_a_moderator")
    decided = as_clerk.post(f"/moderation/comments/{held.pk}/decision", {"action": "approve"})
    assert_error(decided, 403, "not_a_moderator")
    held.refresh_from_db()
    assert held.state == CommentState.PENDING


def test_a_signed_in_moderator_uses_the_session_with_csrf(moderator, held):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    as_moderator = JsonClient(browser)
    assert as_moderator.get("/moderation/queue").status_code == 200
    refused = as_moderator.post(f"/moderation/comments/{held.pk}/decision", {"action": "approve"})
    assert_error(refused, 403, "csrf_failed")
    browser.get(f"/api/v1/threads/{held.thread_id}")
    token = browser.cookies["csrftoken"].value
    answer = as_moderator.post(
        f"/moderation/comments/{held.pk}/decision",
        {"action": "approve"},
        headers={"X-CSRFToken": token},
    )
    assert answer.status_code == 201, answer.content
