"""A moderator works the queue in Chromium with the keyboard alone."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from rejoinder.discussion import actions
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import thread_for_article
from rejoinder.moderation.demo import moderators_group
from rejoinder.moderation.models import ModerationSettings
from tests.builders import make_article, make_author, make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def held_comments():
    article = make_article(
        make_category(make_home(), title="Opinion"), title="Close it", author=make_author()
    )
    thread = thread_for_article(article)
    config = ModerationSettings.load()
    config.premoderate_new_guests = True
    config.save()
    for name in ("ann", "bob", "cat"):
        actions.post_comment(
            thread=thread,
            author=actions.CommentAuthor(
                reader=Reader(key=reader_key(cookie_id=name)),
                name=name.title(),
                email=f"{name}@example.org",
            ),
            body=f"Held words of {name.title()}",
            now=timezone.now(),
        )
    user = get_user_model().objects.create_user("mod", password="rejoinder-demo", is_staff=True)
    user.groups.add(moderators_group())
    return thread


def sign_in(page):
    page.goto("/moderation/")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill("rejoinder-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()


def test_j_k_a_s_r_work_the_queue(page, held_comments):
    sign_in(page)
    items = page.locator(".mod-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_be_focused()

    page.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    assert items.nth(1).evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("k")
    expect(items.nth(0)).to_be_focused()

    page.keyboard.press("a")  # Ann approved; the page returns with Bob first
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Held words of Bob")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("s")
    expect(items).to_have_count(1)
    page.keyboard.press("r")
    expect(page.get_by_text("Nothing here. Well done.")).to_be_visible()

    states = dict(Comment.objects.values_list("author_name", "state"))
    assert states == {
        "Ann": CommentState.VISIBLE,
        "Bob": CommentState.SPAM,
        "Cat": CommentState.REMOVED,
    }
