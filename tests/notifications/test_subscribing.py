"""Over HTTP: subscribing from the comment form and the bell, double opt-in, leaving by
link or by the one-click POST, the subscriptions page, and what a bad link gets."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.utils import timezone

from rejoinder.notifications import delivery
from rejoinder.notifications.models import (
    Delivery,
    Frequency,
    Scope,
    Subscription,
    SubscriptionState,
)
from rejoinder.notifications.tokens import Purpose, make_token
from tests.notifications.conftest import text_part

pytestmark = pytest.mark.django_db


def link(mail, path: str) -> str:
    """The first link in the text part whose path starts with `path`, made site-relative."""
    found = re.search(rf"https://news\.example\.org({re.escape(path)}\S+)", text_part(mail))
    assert found, f"no {path} link in:\n{text_part(mail)}"
    return found.group(1)


def post_comment(client, thread, *, notify="", **fields):
    data = {
        "body": "I disagree, politely.",
        "name": "Mara",
        "email": "mara@example.org",
        "notify": notify,
        **fields,
    }
    return client.post(f"/discussion/{thread.pk}/post/", data)


def test_a_guest_confirms_by_mail_before_anything_else_is_sent(
    client, inbox, thread, say, tomas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_comment(client, thread, notify="all").status_code == 302

    [confirmation] = inbox.to("mara@example.org")
    assert "Confirm" in confirmation["Subject"]
    assert "List-Unsubscribe" not in confirmation
    assert "mara@example.org" not in link(confirmation, "/notifications/confirm/")
    say("Before she confirms.", by=tomas)
    assert len(inbox.to("mara@example.org")) == 1  # nothing but the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, thread, notify="all", body="Asking again.")
    assert len(inbox.to("mara@example.org")) == 1  # not twice within a day

    confirm = link(confirmation, "/notifications/confirm/")
    page = client.get(confirm)
    assert "Yes, confirm" in page.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.PENDING  # a GET changes nothing
    done = client.post(confirm)
    assert "Subscription confirmed" in done.content.decode()

    say("After she confirmed.", by=tomas)
    assert "After she confirmed." in text_part(inbox.to("mara@example.org")[-1])


def test_the_bell_follows_without_commenting(
    client, inbox, thread, article, django_capture_on_commit_callbacks
):
    html = client.get(article.url).content.decode()
    assert f'action="/notifications/follow/{thread.pk}/"' in html
    assert 'name="notify"' in html

    missing = client.post(f"/notifications/follow/{thread.pk}/", {"scope": "all"})
    assert missing.status_code == 400
    assert "Give the e-mail address to notify." in missing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/notifications/follow/{thread.pk}/",
            {"scope": "all", "email": "reader@example.org"},
            HTTP_HX_REQUEST="true",
        )
    assert "Follow its link to confirm" in response.content.decode()
    assert len(inbox.to("reader@example.org")) == 1


def test_a_signed_in_reader_is_subscribed_at_once(client, inbox, thread, member):
    client.force_login(member.reader.user)
    client.post(f"/notifications/follow/{thread.pk}/", {"scope": "all"})

    assert Subscription.objects.get().state == SubscriptionState.ACTIVE
    assert inbox.messages == []  # no confirmation needed


def test_unsubscribe_by_link_asks_first_then_says_what_was_done(inbox, say, follow, member, tomas):
    follow(member)
    say("Something to unsubscribe from.", by=tomas)
    [mail] = inbox.to("ines@example.org")
    url = link(mail, "/notifications/unsubscribe/")
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(url)
    assert page.status_code == 200
    assert "Stop these e-mails?" in page.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.ACTIVE

    assert browser.post(url).status_code == 403  # a form POST needs its CSRF token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    done = browser.post(url, {"csrfmiddlewaretoken": token.group(1)})
    assert "You will get no more e-mail about “Close the harbour road”." in done.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.UNSUBSCRIBED

    say("After unsubscribing.", by=tomas)
    assert len(inbox.to("ines@example.org")) == 1


def test_the_one_click_post_of_a_mail_client_unsubscribes(inbox, say, follow, member, tomas):
    follow(member)
    say("Something.", by=tomas)
    [mail] = inbox.to("ines@example.org")
    url = mail["List-Unsubscribe"].strip()[1:-1].removeprefix("https://news.example.org")

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Subscription.objects.get().state == SubscriptionState.UNSUBSCRIBED


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "not valid"),
        (lambda token: "garbage", "not valid"),
    ],
)
def test_a_tampered_link_gets_a_clear_error(client, follow, member, tamper, message):
    subscription = follow(member)
    token = make_token(Purpose.UNSUBSCRIBE, subscription.public_id)

    for url in (f"/notifications/unsubscribe/{tamper(token)}/", "/notifications/manage/x:y/"):
        response = client.get(url)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.ACTIVE


def test_a_link_for_one_purpose_does_not_work_for_another(client, follow, member):
    subscription = follow(member)
    confirm_token = make_token(Purpose.CONFIRM, subscription.public_id)

    response = client.post(f"/notifications/unsubscribe/{confirm_token}/")

    assert response.status_code == 400
    assert Subscription.objects.get().state == SubscriptionState.ACTIVE


def test_a_confirmation_link_expires(client, settings, inbox, thread, monkeypatch):
    settings.NOTIFY_CONFIRM_DAYS = 7
    Client().post(
        f"/notifications/follow/{thread.pk}/", {"scope": "all", "email": "late@example.org"}
    )
    subscription = Subscription.objects.get()
    eight_days_ago = timezone.now().timestamp() - 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    old_token = make_token(Purpose.CONFIRM, subscription.public_id)
    monkeypatch.undo()

    response = client.post(f"/notifications/confirm/{old_token}/")

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.PENDING


def test_the_subscriptions_page_lists_switches_to_a_digest_and_leaves_everything(
    client, settings, inbox, say, follow, member, tomas
):
    ines = follow(member)
    assert client.get("/notifications/").status_code == 302  # signed-in readers only
    client.force_login(member.reader.user)
    page = client.get("/notifications/").content.decode()
    assert "Close the harbour road" in page

    client.post(
        "/notifications/",
        {"action": "change", "subscription": ines.public_id, "scope": "all", "frequency": "daily"},
    )
    assert Subscription.objects.get().frequency == Frequency.DAILY
    say("For the digest.", by=tomas)
    say("Also for the digest.", by=tomas)
    assert inbox.to("ines@example.org") == []  # instant mail is off

    settings.NOTIFY_DIGEST_HOUR = 0
    assert delivery.send_digests(now=timezone.now() + timedelta(minutes=1)) == 1
    assert delivery.send_digests(now=timezone.now() + timedelta(minutes=2)) == 0  # once a day
    [digest] = inbox.to("ines@example.org")
    assert "Your daily digest: 2 new comments" in digest["Subject"]
    assert "For the digest." in text_part(digest)
    assert "/notifications/unsubscribe-all/" in digest["List-Unsubscribe"]

    done = client.post("/notifications/", {"action": "unsubscribe_all"})
    assert "Unsubscribed from everything (1 subscription)." in done.content.decode()
    assert Subscription.objects.get().state == SubscriptionState.UNSUBSCRIBED


def test_a_reader_narrows_a_subscription_to_replies_and_gets_only_those(
    client, inbox, say, follow, member, tomas
):
    ines = follow(member)
    assert ines.scope == Scope.ALL
    client.force_login(member.reader.user)

    page = client.post(
        "/notifications/",
        {
            "action": "change",
            "subscription": ines.public_id,
            "scope": "replies",
            "frequency": "instant",
        },
    ).content.decode()

    assert "“Close the harbour road”: new replies to my comments, right away." in page
    assert Subscription.objects.get().scope == Scope.REPLIES
    say("Not a reply to Inès.", by=tomas)
    assert inbox.to("ines@example.org") == []


@pytest.mark.parametrize(
    "change",
    [
        {"scope": "everything", "frequency": "daily"},
        {"scope": "all", "frequency": "hourly"},
        {"scope": "", "frequency": "daily"},
        {"scope": "all"},
        {"scope": "all<script>", "frequency": "daily"},
        {"scope": "all", "frequency": "daily", "subscription": "x" * 500},
        {"scope": "all", "frequency": "daily", "subscription": "not-one-of-yours"},
    ],
    ids=repr,
)
def test_a_change_the_page_does_not_offer_changes_nothing_and_says_so(
    client, follow, member, change
):
    ines = follow(member)
    before = Subscription.objects.values().get()
    client.force_login(member.reader.user)

    answer = client.post(
        "/notifications/", {"action": "change", "subscription": ines.public_id, **change}
    )

    assert answer.status_code in (200, 400)
    assert "nothing was changed" in answer.content.decode()
    assert Subscription.objects.values().get() == before


def test_a_guest_reaches_the_same_page_from_any_mail(client, inbox, say, follow, mara, tomas):
    mara_subscription = follow(mara)
    say("Hello Mara.", by=tomas)
    [mail] = inbox.to("mara@example.org")

    manage = link(mail, "/notifications/manage/")
    page = client.get(manage).content.decode()
    assert "Close the harbour road" in page
    client.post(manage, {"action": "unsubscribe", "subscription": mara_subscription.public_id})

    assert Subscription.objects.get(pk=mara_subscription.pk).state == "unsubscribed"


def test_a_reader_chooses_replies_only_on_the_comment_form(
    client, inbox, thread, say, tomas, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.create_user(username="lu", email="lu@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussion/{thread.pk}/post/", {"body": "Mine.", "notify": "replies"})
    subscription = Subscription.objects.get()
    assert (subscription.scope, subscription.state) == ("replies", "active")

    say("Not a reply.", by=tomas)
    assert inbox.to("lu@example.org") == []
    assert not Delivery.objects.filter(subscriber__email="lu@example.org").exists()


def test_an_author_turns_off_mail_about_comments_on_their_articles(
    client, inbox, say, writer, mara
):
    client.force_login(writer)
    assert "articles I wrote" in client.get("/notifications/").content.decode()

    done = client.post("/notifications/", {"action": "author_notices"})  # box unticked

    assert "You will get no e-mail about comments on your articles." in done.content.decode()
    say("Hello, author.", by=mara)
    assert inbox.to("ada@example.org") == []


CHECK_INBOX = "Check your inbox: we sent a link to mara@example.org to confirm your notifications."


def test_a_guest_who_asks_to_be_notified_is_told_to_check_their_inbox(client, thread, article):
    landed = client.get(post_comment(client, thread, notify="replies")["Location"])

    assert CHECK_INBOX in landed.content.decode()
    assert CHECK_INBOX not in client.get(article.url).content.decode()  # said once


def test_with_htmx_the_reminder_is_swapped_in_even_after_a_reply(client, thread, say, tomas):
    parent = say("Where do the buses go?", by=tomas)

    answer = client.post(
        f"/discussion/{thread.pk}/post/",
        {"body": "Up Fennick Street.", "name": "Mara", "email": "mara@example.org",
         "notify": "all", "parent": parent.pk},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip

    html = answer.content.decode()
    assert 'id="discussion-messages" role="status" hx-swap-oob="true"' in html
    assert CHECK_INBOX in html


def test_with_htmx_a_top_level_comment_says_it_under_the_fresh_form(client, thread):
    answer = client.post(
        f"/discussion/{thread.pk}/post/",
        {"body": "Close it.", "name": "Mara", "email": "mara@example.org", "notify": "all"},
        HTTP_HX_REQUEST="true",
    )

    assert f'role="status">Your comment is posted. {CHECK_INBOX}</p>' in answer.content.decode()


def test_no_reminder_without_a_notify_choice(client, thread):
    landed = client.get(post_comment(client, thread)["Location"])

    assert "Check your inbox" not in landed.content.decode()
