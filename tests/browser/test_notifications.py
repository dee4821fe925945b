"""A newcomer tries notifications in the demo: subscribe as a guest, read the mail in the
outbox, confirm, get told of a reply, and unsubscribe, all in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from rejoinder.discussion import actions
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article, make_author, make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def column(settings, live_server):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"
    settings.SITE_URL = live_server.url  # links in mails lead back to this test server
    opinion = make_category(make_home(), title="Opinion")
    return make_article(opinion, title="Close the harbour road", author=make_author())


def sign_in_as_staff(page, live_server) -> None:
    staff = get_user_model().objects.create_user(username="editor", is_staff=True)
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def open_mail(page, subject: str) -> None:
    page.goto("/outbox/")
    page.get_by_role("link", name=subject).first.click()


def test_subscribe_confirm_get_notified_and_unsubscribe(page, live_server, column):
    page.goto(column.url)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("The road floods every spring.")
    form.get_by_label("Name").fill("Mara")
    form.get_by_label("E-mail").fill("mara@example.org")
    form.get_by_label("Notify of").select_option(label="All new follow-up comments on this article")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")

    sign_in_as_staff(page, live_server)
    open_mail(page, "Confirm: notifications about “Close the harbour road”")
    expect(page.locator(".mail-text")).to_contain_text("To confirm, open this link")
    page.locator(".mail-text a", has_text="/notifications/confirm/").click()
    page.get_by_role("button", name="Yes, confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")

    mine = Comment.objects.get(author_name="Mara")
    actions.post_comment(
        thread=thread_for_article(column),
        author=actions.CommentAuthor(
            reader=Reader(key=reader_key(cookie_id="tomas")), name="Tomas", email="t@example.org"
        ),
        body="Only twice in ten years.",
        parent=mine,
    )

    open_mail(page, "Tomas replied to you on “Close the harbour road”")
    expect(page.locator(".mail-headers")).to_contain_text(
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    )
    expect(page.locator(".mail-text")).to_contain_text("Tomas replied to Mara:")
    expect(page.locator(".mail-text")).to_contain_text("Only twice in ten years.")
    page.locator(".mail-text a", has_text="/notifications/unsubscribe/").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe?")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_have_text(
        "You will get no more e-mail about “Close the harbour road”."
    )
