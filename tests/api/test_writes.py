"""Writing through the API: the same use case, validation, policy and limits as the form,
with refusals as JSON and the right status."""

import pytest
from django.test import Client

from rejoinder.discussion.models import Comment, CommentState, Vote
from rejoinder.moderation.models import Report
from rejoinder.notifications.models import Subscription, SubscriptionState
from tests.api.conftest import JsonClient, assert_error


@pytest.fixture(autouse=True)
def _unscreened(unscreened):
    """The discussion's rules, not the site's policy (which has tests of its own)."""


def test_a_guest_posts_and_their_browser_is_remembered(api, thread):
    answer = api.post(
        f"/threads/{thread.pk}/comments",
        {"body": "Close it **now**.", "name": "Mara", "email": "mara@example.org"},
    )
    assert answer.status_code == 201, answer.content
    posted = answer.json()
    assert posted["subscription"] is None
    comment = posted["comment"]
    assert comment["html"] == "<p>Close it <strong>now</strong>.</p>"
    assert comment["author"]["name"] == "Mara"
    assert comment["viewer"]["is_own"] is True
    assert comment["viewer"]["editable_until"] is not None
    assert "rejoinder_reader" in answer.cookies
    saved = Comment.objects.get(pk=comment["id"])
    assert (saved.author_email, saved.state) == ("mara@example.org", CommentState.VISIBLE)
    # The same browser sees the comment as its own on the next read.
    page = api.get(f"/threads/{thread.pk}/comments").json()
    assert page["comments"][0]["viewer"]["is_own"] is True


def test_a_reply_is_posted_under_its_parent(api, thread, say):
    first = say("The road should close.")
    answer = api.post(
        f"/comments/{first.pk}/replies",
        {"body": "Only at night.", "name": "Tomas", "email": "tomas@example.org"},
    )
    assert answer.status_code == 201, answer.content
    reply = answer.json()["comment"]
    assert (reply["parent_id"], reply["reply_to"], reply["depth"]) == (first.pk, "Mara", 1)
    assert_error(
        api.post("/comments/999999/replies", {"body": "Hm", "name": "T", "email": "t@example.org"}),
        404,
        "comment_not_found",
    )


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"body": "", "name": "Mara", "email": "mara@example.org"}, "body"),
        ({"body": "Hi", "name": "", "email": "mara@example.org"}, "name"),
        ({"body": "Hi", "name": "Mara", "email": "not an address"}, "email"),
        (
            {"body": "Hi", "name": "Mara", "email": "m@example.org", "website": "javascript:x"},
            "website",
        ),
        ({"body": "x" * 5001, "name": "Mara", "email": "mara@example.org"}, "body"),
        ({"body": "Hi", "name": "M" * 81, "email": "mara@example.org"}, "name"),
    ],
)
def test_bad_input_is_refused_field_by_field_as_the_form_does(api, thread, sent, field):
    answer = api.post(f"/threads/{thread.pk}/comments", sent)
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["error"] in ("invalid_comment", "invalid_input")  # the form's, or the schema's
    assert body["fields"][field]
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"{not json", 400, "malformed_json"),
        (b'{"body": 12, "name": ["x"]}', 422, "invalid_input"),
        (b'{"body": "\\ud800", "name": "Mara", "email": "m@example.org"}', 400, "malformed_json"),
        (
            b'{"body": "a\\u0000b", "name": "Mara", "email": "m@example.org"}',
            422,
            "invalid_comment",
        ),
        (b'{"body": "hi", "notify": "everyone"}', 422, "invalid_input"),
        (b"[]", 422, "invalid_input"),
        (b"null", 422, "invalid_input"),
    ],
)
def test_hostile_bodies_get_json_refusals_never_a_500(api, thread, raw, status, code):
    assert_error(api.post(f"/threads/{thread.pk}/comments", raw=raw), status, code)
    assert not Comment.objects.exists()


def test_script_in_a_comment_comes_back_sanitised(api, thread):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    answer = api.post(
        f"/threads/{thread.pk}/comments",
        {"body": hostile, "name": "<b>Mallory</b>", "email": "mal@example.org"},
    )
    html = answer.json()["comment"]["html"]
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it is
    assert html == Comment.objects.get().body_html


def test_a_body_too_large_to_be_a_comment_is_413(api, thread):
    huge = b'{"body": "' + b"a" * 200_000 + b'", "name": "M", "email": "m@example.org"}'
    assert_error(api.post(f"/threads/{thread.pk}/comments", raw=huge), 413, "payload_too_large")


def test_posting_fast_is_429_with_retry_after(api, thread, settings):
    settings.COMMENT_RATE_PER_CLIENT = "2/m"
    for n in range(2):
        sent = {"body": f"Point {n}.", "name": "Mara", "email": "mara@example.org"}
        assert api.post(f"/threads/{thread.pk}/comments", sent).status_code == 201
    sent = {"body": "Point 3.", "name": "Mara", "email": "mara@example.org"}
    answer = api.post(f"/threads/{thread.pk}/comments", sent)
    assert_error(answer, 429, "rate_limited")
    assert 0 < int(answer["Retry-After"]) <= 60  # what is left of the minute


def test_a_closed_thread_refuses_with_409(api, thread):
    from rejoinder.discussion.actions import set_thread_closed

    set_thread_closed(thread=thread, closed=True)
    sent = {"body": "Too late?", "name": "Mara", "email": "mara@example.org"}
    assert_error(api.post(f"/threads/{thread.pk}/comments", sent), 409, "thread_closed")


def test_the_policy_refuses_and_holds_as_for_the_form(api, thread, settings):
    from rejoinder.moderation.models import ModerationSettings

    settings.COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
    config = ModerationSettings.load()
    config.blocked_words = "harbourgate"
    config.save()
    sent = {"body": "Remember harbourgate, friends.", "name": "Mara", "email": "m@example.org"}
    answer = api.post(f"/threads/{thread.pk}/comments", sent)
    assert answer.status_code == 201, answer.content
    assert answer.json()["comment"]["state"] == "awaiting_review"
    # Held: only its author sees it, listed apart from the thread.
    page = api.get(f"/threads/{thread.pk}/comments").json()
    assert page["comments"] == []
    assert [c["id"] for c in page["awaiting_review"]] == [answer.json()["comment"]["id"]]
    assert Client().get(f"/api/v1/threads/{thread.pk}/comments").json()["awaiting_review"] == []


def test_notify_of_subscribes_a_guest_pending_confirmation(api, thread, mailoutbox):
    sent = {"body": "Tell me more.", "name": "Mara", "email": "mara@example.org", "notify": "all"}
    answer = api.post(f"/threads/{thread.pk}/comments", sent)
    assert answer.json()["subscription"] == "pending"
    subscription = Subscription.objects.get()
    assert subscription.state == SubscriptionState.PENDING
    assert b"mara@example.org" not in answer.content


def test_subscribing_without_commenting(api, server, thread, moderator):
    answer = api.post(
        f"/threads/{thread.pk}/subscriptions", {"scope": "all", "email": "t@example.org"}
    )
    assert (answer.status_code, answer.json()) == (201, {"state": "pending"})
    assert b"t@example.org" not in answer.content
    as_staff = server.post(f"/threads/{thread.pk}/subscriptions", {"scope": "replies"})
    assert (as_staff.status_code, as_staff.json()) == (201, {"state": "active"})
    no_address = api.post(f"/threads/{thread.pk}/subscriptions", {"scope": "all"})
    assert assert_error(no_address, 422, "invalid_input")["fields"]["email"]


def test_edit_and_delete_ones_own_comment_only(api, another_browser, thread):
    sent = {"body": "First draft.", "name": "Mara", "email": "mara@example.org"}
    comment_id = api.post(f"/threads/{thread.pk}/comments", sent).json()["comment"]["id"]
    edited = api.patch(f"/comments/{comment_id}", {"body": "Second *draft*."})
    assert edited.status_code == 200, edited.content
    assert edited.json()["html"] == "<p>Second <em>draft</em>.</p>"
    assert edited.json()["edited_at"]
    assert_error(
        another_browser.patch(f"/comments/{comment_id}", {"body": "Mine now."}),
        403,
        "not_your_comment",
    )
    blank = assert_error(api.patch(f"/comments/{comment_id}", {"body": "  "}), 422, "invalid_input")
    assert blank["fields"]["body"]
    assert_error(another_browser.delete(f"/comments/{comment_id}"), 403, "not_your_comment")
    assert api.delete(f"/comments/{comment_id}").status_code == 204
    assert Comment.objects.get(pk=comment_id).state == CommentState.DELETED
    assert_error(api.delete(f"/comments/{comment_id}"), 404, "comment_not_found")


def test_votes_are_one_per_reader_and_not_on_ones_own(api, another_browser, thread, say):
    comment = say("Vote on me.")
    up = api.put(f"/comments/{comment.pk}/vote", {"value": "up"})
    assert up.json() == {
        "comment_id": comment.pk,
        "upvotes": 1,
        "downvotes": 0,
        "score": 1,
        "mine": 1,
    }
    again = api.put(f"/comments/{comment.pk}/vote", {"value": "up"})
    assert again.json()["upvotes"] == 1  # setting, not toggling
    # A second browser new to the site on the same network: asked to vote again, it counts.
    assert_error(
        another_browser.put(f"/comments/{comment.pk}/vote", {"value": "down"}), 429, "rate_limited"
    )
    down = another_browser.put(f"/comments/{comment.pk}/vote", {"value": "down"}).json()
    assert (down["upvotes"], down["downvotes"], down["mine"]) == (1, 1, -1)
    assert api.put(f"/comments/{comment.pk}/vote", {"value": "none"}).json()["mine"] == 0
    assert Vote.objects.count() == 1
    assert_error(
        api.put(f"/comments/{comment.pk}/vote", {"value": "sideways"}), 422, "invalid_input"
    )
    page = another_browser.get(f"/threads/{thread.pk}/comments").json()
    assert page["comments"][0]["viewer"]["vote"] == -1
    sent = {"body": "Mine.", "name": "Mara", "email": "mara@example.org"}
    own = api.post(f"/threads/{thread.pk}/comments", sent).json()["comment"]["id"]
    assert_error(api.put(f"/comments/{own}/vote", {"value": "up"}), 403, "own_comment_vote")


def test_voting_fast_is_429_with_retry_after(api, thread, say, settings):
    settings.VOTE_RATE_PER_CLIENT = "1/h"
    comment = say("Vote on me.")
    assert api.put(f"/comments/{comment.pk}/vote", {"value": "up"}).status_code == 200
    answer = api.put(f"/comments/{comment.pk}/vote", {"value": "down"})
    assert_error(answer, 429, "rate_limited")
    assert 0 < int(answer["Retry-After"]) <= 3600  # what is left of the hour


def test_a_vote_refused_on_ones_own_comment_still_counts_against_the_limit(
    api, thread, say, settings
):
    settings.VOTE_RATE_PER_CLIENT = "2/h"
    sent = {"body": "Mine.", "name": "Mara", "email": "mara@example.org"}
    own = api.post(f"/threads/{thread.pk}/comments", sent).json()["comment"]["id"]
    assert_error(api.put(f"/comments/{own}/vote", {"value": "up"}), 403, "own_comment_vote")
    assert api.put(f"/comments/{say().pk}/vote", {"value": "up"}).status_code == 200

    assert_error(api.put(f"/comments/{say().pk}/vote", {"value": "up"}), 429, "rate_limited")


def test_a_report_is_taken_once(api, thread, say):
    from rejoinder.moderation.models import Report

    comment = say("Report me.")
    answer = api.post(f"/comments/{comment.pk}/reports", {"reason": "abuse"})
    assert answer.status_code == 201
    # Taken once from a network, as the form takes it: the same reader is refused again.
    assert_error(
        api.post(f"/comments/{comment.pk}/reports", {"reason": "abuse"}), 429, "rate_limited"
    )
    assert_error(
        api.post(f"/comments/{comment.pk}/reports", {"reason": "dislike"}), 422, "invalid_input"
    )
    assert Report.objects.count() == 1


def test_browser_writes_need_the_csrf_token(thread, say):
    browser = JsonClient(Client(enforce_csrf_checks=True))
    comment = say("Vote on me.")
    sent = {"body": "Hello.", "name": "Mara", "email": "mara@example.org"}
    assert_error(browser.post(f"/threads/{thread.pk}/comments", sent), 403, "csrf_failed")
    assert_error(browser.put(f"/comments/{comment.pk}/vote", {"value": "up"}), 403, "csrf_failed")
    # With the token from the csrftoken cookie, as the page's script sends it.
    browser.client.get(f"/api/v1/threads/{thread.pk}")  # any read sets the csrftoken cookie
    token = browser.client.cookies["csrftoken"].value
    answer = browser.put(
        f"/comments/{comment.pk}/vote", {"value": "up"}, headers={"X-CSRFToken": token}
    )
    assert answer.status_code == 200, answer.content
    assert not Comment.objects.filter(body="Hello.").exists()


def test_a_token_writes_without_csrf_as_its_staff_member(server, thread, moderator):
    answer = server.post(f"/threads/{thread.pk}/comments", {"body": "From the newsroom."})
    assert answer.status_code == 201, answer.content
    comment = Comment.objects.get()
    assert (comment.user, comment.author_email) == (moderator, "")
    assert answer.json()["comment"]["author"]["is_staff"] is True
    assert "rejoinder_reader" not in answer.cookies


def test_a_bad_or_revoked_token_is_401(server, thread, staff_token):
    from wagtail.models import APIToken

    forged = JsonClient(Client(), token="wagtail_" + "A" * 40)
    assert_error(forged.get(f"/threads/{thread.pk}"), 401, "invalid_token")
    APIToken.objects.get().revoke()
    assert_error(server.get(f"/threads/{thread.pk}"), 401, "invalid_token")
    assert_error(server.post(f"/threads/{thread.pk}/comments", {"body": "x"}), 401, "invalid_token")


def test_a_token_of_someone_no_longer_staff_is_401(server, thread, moderator):
    moderator.is_staff = False
    moderator.save()
    assert_error(server.get(f"/threads/{thread.pk}"), 401, "invalid_token")


def test_other_authorization_schemes_are_left_alone(thread):
    browser = JsonClient(Client())
    answer = browser.get(f"/threads/{thread.pk}", headers={"Authorization": "Basic c3RhZ2U6cw=="})
    assert answer.status_code == 200


# --- the form views' limits hold at this door too (one rule per action, in each app's limits) ---


def test_a_client_dropping_its_cookie_votes_once_through_the_api(thread, say):
    comment = say("Vote on me, again and again.")
    answers = [
        JsonClient(Client(REMOTE_ADDR="203.0.113.9")).put(
            f"/comments/{comment.pk}/vote", {"value": "up"}
        )
        for _ in range(12)
    ]

    assert answers[0].status_code == 200
    assert {answer.status_code for answer in answers[1:]} == {429}
    assert int(answers[1]["Retry-After"]) > 0
    comment.refresh_from_db()
    assert comment.upvotes == 1


def test_fresh_cookies_per_report_do_not_reach_the_threshold_alone(thread, say):
    comment = say("Report me from many browsers.")
    answers = [
        JsonClient(Client(REMOTE_ADDR="203.0.113.9")).post(
            f"/comments/{comment.pk}/reports", {"reason": "abuse"}
        )
        for _ in range(5)
    ]

    assert answers[0].status_code == 201
    assert {answer.status_code for answer in answers[1:]} == {429}
    assert Report.objects.filter(comment=comment).count() == 1


def test_nobody_reports_their_own_comment_through_the_api(api, thread):
    sent = {"body": "Mine.", "name": "Mara", "email": "mara@example.org"}
    own = api.post(f"/threads/{thread.pk}/comments", sent).json()["comment"]["id"]

    answer = api.post(f"/comments/{own}/reports", {"reason": "spam"})

    assert answer.status_code == 403
    assert not Report.objects.exists()


def test_one_address_is_not_mailed_a_confirmation_on_every_ask(thread, settings):
    settings.FOLLOW_RATE_PER_EMAIL = "3/h"
    asks = [
        JsonClient(Client(REMOTE_ADDR=f"198.51.100.{n}")).post(
            f"/threads/{thread.pk}/subscriptions", {"scope": "all", "email": "target@example.org"}
        )
        for n in range(5)
    ]

    assert [answer.status_code for answer in asks] == [201, 201, 201, 429, 429]
    assert int(asks[-1]["Retry-After"]) > 0
