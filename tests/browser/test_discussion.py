"""A reader holds a discussion under a column in Chromium, with JavaScript on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rejoinder.discussion import actions
from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article, make_author, make_category, make_home
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def column(settings):
    settings.COMMENTS_PER_PAGE = 5
    opinion = make_category(
        make_home(), title="Opinion", disclaimer_position="both", disclaimer="Views are own."
    )
    article = make_article(opinion, title="Close the harbour road", author=make_author())
    thread = thread_for_article(article)
    start = timezone.now() - timedelta(hours=12)
    for number in range(12):
        actions.post_comment(
            thread=thread,
            author=a_guest(f"reader{number}"),
            body=f"Opinion number {number}",
            now=start + timedelta(minutes=10 * number),
        )
    return article


def fill_guest_form(form, *, body: str) -> None:
    form.get_by_label("Your comment").fill(body)
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")


def test_post_as_a_guest_then_reply_in_place(page, column):
    page.goto(column.url)
    form = page.locator("#comment-form")
    fill_guest_form(form, body="I walk that road *every* day.")
    form.get_by_role("button", name="Post comment").click()

    mine = page.locator("#comment-list > li").first
    expect(mine).to_contain_text("I walk that road every day.")
    expect(mine.locator("em")).to_have_text("every")
    expect(mine).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")
    expect(page.locator("#comment-form").get_by_label("Name")).to_have_value("Ines")

    other = page.locator("li.comment", has_text="Opinion number 11")
    other.get_by_role("link", name="Reply to reader11").click()
    reply_form = other.locator(".reply-slot form")
    reply_form.get_by_label("Your comment").fill("Replying in place.")
    reply_form.get_by_label("Name").fill("Ines")
    reply_form.get_by_label("E-mail").fill("ines@example.org")
    reply_form.get_by_role("button", name="Post reply").click()

    reply = other.locator(".replies > li").first
    expect(reply).to_contain_text("Replying in place.")
    expect(reply).to_contain_text("Reply to reader11")
    expect(other.locator(".reply-slot form")).to_have_count(0)
    assert Comment.objects.filter(parent__isnull=False).count() == 1


def test_vote_sort_and_load_more(page, column):
    page.goto(column.url)
    first = page.locator("#comment-list > li").first
    expect(first).to_contain_text("Opinion number 11")

    up = first.get_by_role("button", name="Up vote")
    up.click()
    expect(first.get_by_role("button", name="Up vote")).to_have_attribute("aria-pressed", "true")
    expect(first.locator(".score")).to_contain_text("1")
    first.get_by_role("button", name="Up vote").click()
    expect(first.get_by_role("button", name="Up vote")).to_have_attribute("aria-pressed", "false")

    page.get_by_role("navigation", name="Sort comments").get_by_role("link", name="Oldest").click()
    expect(page.locator("#comment-list > li").first).to_contain_text("Opinion number 0")
    assert "sort=oldest" in page.url

    page.get_by_role("link", name="Load more comments").click()
    expect(page.locator("#comment-list > li.comment")).to_have_count(10)
    expect(page.locator("#comment-list")).to_contain_text("Opinion number 9")


def test_permalink_to_a_comment_on_a_later_page(page, column):
    oldest = Comment.objects.get(body="Opinion number 0")

    page.goto(f"{column.url}#comment-{oldest.pk}")

    target = page.locator(f"#comment-{oldest.pk}")
    expect(target).to_be_visible()
    expect(target).to_contain_text("Opinion number 0")
    assert page.url.endswith(f"#comment-{oldest.pk}")
    highlight = target.evaluate(
        "el => getComputedStyle(el.querySelector('.comment-card')).backgroundColor"
    )
    assert highlight == "rgb(255, 246, 214)"


def test_hostile_markup_shows_as_inert_text(page, column):
    page.goto(column.url)
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    form = page.locator("#comment-form")
    fill_guest_form(
        form,
        body=(
            "<script>alert('script')</script> "
            "[click me](javascript:alert('link')) "
            "<img src=x onerror=alert('img')>"
        ),
    )
    form.get_by_role("button", name="Post comment").click()

    mine = page.locator("#comment-list > li").first
    expect(mine).to_contain_text("<script>alert('script')</script>")
    expect(mine).to_contain_text("<img src=x onerror=alert('img')>")
    assert mine.locator(".comment-body script, .comment-body img").count() == 0
    assert mine.locator('.comment-body a[href^="javascript"]').count() == 0
    page.reload()
    expect(page.locator("#comment-list > li").first).to_contain_text("onerror")
    assert alerts == []


def test_without_javascript_the_same_discussion_works(browser, live_server, column):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(column.url)
    fill_guest_form(page.locator("#comment-form"), body="Posted with no script at all.")
    page.locator("#comment-form").get_by_role("button", name="Post comment").click()

    expect(page.locator("#comment-list > li").first).to_contain_text("Posted with no script")
    page.get_by_role("link", name="Oldest").click()
    expect(page.locator("#comment-list > li").first).to_contain_text("Opinion number 0")
    context.close()


@pytest.fixture
def long_conversation(settings, column):
    """Under one of the column's comments, 25 replies: more than a page shows of one."""
    settings.COMMENT_REPLIES_SHOWN = 10
    root = Comment.objects.get(body="Opinion number 11")
    start = root.created_at + timedelta(minutes=1)
    for number in range(25):
        actions.post_comment(
            thread=root.thread,
            author=a_guest(f"answerer{number}"),
            body=f"Answer number {number}",
            parent=root,
            now=start + timedelta(seconds=number),
        )
    return root


def test_show_more_replies_in_place(page, column, long_conversation):
    page.goto(column.url)
    replies = page.locator(f"#replies-{long_conversation.pk} > li.comment")
    expect(replies).to_have_count(10)

    page.get_by_role("link", name="Show 15 more replies").click()

    expect(replies).to_have_count(20)
    expect(replies.nth(10)).to_contain_text("Answer number 10")
    expect(replies.nth(10)).to_be_focused()
    assert page.url.endswith(column.url)  # in place: the reader stays on the article
    page.get_by_role("link", name="Show 5 more replies").click()
    expect(replies).to_have_count(25)
    expect(page.get_by_role("link", name="more replies")).to_have_count(0)


def test_show_more_replies_without_javascript(browser, live_server, column, long_conversation):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(column.url)

    page.get_by_role("link", name="Show 15 more replies").click()

    expect(page.get_by_role("heading", name="Replies to reader11")).to_be_visible()
    expect(page.locator("li.comment")).to_have_count(10)
    expect(page.locator("li.comment").first).to_contain_text("Answer number 10")
    page.get_by_role("link", name="Show 5 more replies").click()
    expect(page.locator("li.comment").last).to_contain_text("Answer number 24")
    page.get_by_role("link", name="Back to the conversation").click()
    expect(page.locator(f"#comment-{long_conversation.pk}")).to_be_visible()
    context.close()


def test_a_link_to_a_reply_past_the_first_ones_finds_it(page, column, long_conversation):
    far = Comment.objects.get(body="Answer number 22")

    page.goto(f"{column.url}#comment-{far.pk}")

    expect(page.locator(f"#comment-{far.pk}")).to_contain_text("Answer number 22")


def test_a_reply_posted_in_place_shows_once_after_show_more(page, column, long_conversation):
    page.goto(column.url)
    conversation = page.locator(f"#comment-{long_conversation.pk}")
    conversation.locator(".comment-card").get_by_role("link", name="Reply to reader11").click()
    reply_form = conversation.locator(".reply-slot form")
    fill_guest_form(reply_form, body="Late to this, but here I am.")
    reply_form.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Late to this, but here I am.")).to_have_count(1)

    page.get_by_role("link", name="Show 15 more replies").click()
    page.get_by_role("link", name="Show 6 more replies").click()

    expect(page.locator(f"#replies-{long_conversation.pk} > li.comment")).to_have_count(26)
    expect(page.get_by_text("Late to this, but here I am.")).to_have_count(1)
