"""What a reader notices about the discussion's look and feel (issue #18): the dark scheme,
the phone's width, the vote control, feedback after Share and after a mistake, long reply
chains folded away, and the card that stands for a comment awaiting moderation."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.rich_text import RichText

from rejoinder.discussion import actions
from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import thread_for_article
from rejoinder.moderation.models import ModerationSettings
from tests.builders import make_article, make_author, make_category, make_home
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def column(settings):
    settings.RATELIMIT_ENABLE = False
    article = make_article(
        make_category(make_home(), title="Opinion"),
        title="Close the harbour road",
        author=make_author(),
        body=[
            ("paragraph", RichText(f"<p>Paragraph {n} of the case for a car-free quay.</p>"))
            for n in range(12)
        ],
    )
    thread = thread_for_article(article)
    start = timezone.now() - timedelta(hours=2)
    for number in range(3):
        actions.post_comment(
            thread=thread,
            author=a_guest(f"reader{number}"),
            body=f"Opinion number {number}",
            now=start + timedelta(minutes=10 * number),
        )
    return article


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an `rgb(…)`/`rgba(…)` computed colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def colours(page: Page, selector: str) -> tuple[float, float]:
    """The luminance of the element's text and of the page behind it."""
    text = page.locator(selector).first.evaluate("el => getComputedStyle(el).color")
    paper = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    return luminance(text), luminance(paper)


@pytest.mark.parametrize("path", ["/", "article", "/accounts/login/", "/comments/manage/"], ids=str)
def test_a_reader_whose_system_is_dark_reads_light_text_on_a_dark_page(page, column, path):
    page.goto(column.url if path == "article" else path)
    text, paper = colours(page, "main")
    assert paper > 0.8 and text < 0.05, "the light scheme: dark ink on light paper"

    page.emulate_media(color_scheme="dark")
    text, paper = colours(page, "main")
    assert paper < 0.05 and text > 0.7, "the dark scheme: light ink on dark paper"
    if path == "article":
        field = page.locator("#comment-form textarea")
        field.click()  # the form opens from its one box
        assert luminance(field.evaluate("el => getComputedStyle(el).backgroundColor")) < 0.05
        button = page.locator("#comment-form").get_by_role("button", name="Post comment")
        assert luminance(button.evaluate("el => getComputedStyle(el).color")) < 0.05


def test_on_a_phone_the_sort_tabs_sit_on_one_line(page, column):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(column.url)
    tabs = page.get_by_role("navigation", name="Sort comments").get_by_role("link")
    expect(tabs).to_have_text(["Newest", "Oldest", "Most Voted", "Inline Feedbacks (0)"])
    boxes = [tabs.nth(index).bounding_box() for index in range(tabs.count())]
    line = float(tabs.first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert all(box["height"] < 2 * line for box in boxes), "a tab broke into two lines"
    assert len({round(box["y"]) for box in boxes}) == 1, "the tabs wrapped onto two rows"


def numbers_seen(votes) -> list[str]:
    """The numbers a sighted reader sees in a vote control (not those read out only)."""
    return votes.evaluate(
        """form => [...form.querySelectorAll("*")]
          .filter(el => !el.closest(".visually-hidden") && el.children.length === 0)
          .map(el => el.textContent.trim()).filter(text => /^-?\\d+$/.test(text))"""
    )


def test_the_vote_control_shows_one_score_and_a_pressed_vote_is_seen(page, column):
    page.goto(column.url)
    comment = page.locator("li.comment", has_text="Opinion number 2")
    votes = comment.locator("form.votes")
    up = votes.get_by_role("button", name="Up vote")
    assert numbers_seen(votes) == ["0"]
    resting = up.evaluate("el => getComputedStyle(el).backgroundColor")

    up.click()

    expect(up).to_have_attribute("aria-pressed", "true")
    expect(votes.locator(".score")).to_have_text("Score 1")
    assert numbers_seen(votes) == ["1"]
    assert up.evaluate("el => getComputedStyle(el).backgroundColor") != resting
    expect(up).to_have_accessible_name("Up vote, 1")

    votes.get_by_role("button", name="Down vote").click()
    expect(votes.get_by_role("button", name="Down vote")).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    assert numbers_seen(votes) == ["-1"]


def test_share_says_the_link_is_copied(page, column):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(column.url)
    comment = page.locator("li.comment", has_text="Opinion number 1")
    comment.get_by_role("link", name="Share").click()

    expect(comment.locator(".comment-actions")).to_contain_text("Link copied")
    expect(page.get_by_role("status")).to_have_text("Link copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.endswith(f"/c/{comment.get_attribute('id').removeprefix('comment-')}/")
    expect(comment.locator(".comment-actions")).not_to_contain_text("Link copied", timeout=6000)


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no JavaScript"])
def test_after_a_mistake_focus_moves_to_what_went_wrong(page, column, javascript):
    page.goto(column.url)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("Nameless words.")
    if javascript:
        form.get_by_role("button", name="Post comment").click()
    else:
        form.evaluate("form => form.submit()")  # as a browser without JavaScript posts it

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Name:")
    summary.get_by_role("link", name=re.compile("^Name:")).click()
    expect(page.locator("#comment-form").get_by_label("Name")).to_be_focused()


@pytest.fixture
def conversation(column):
    thread = thread_for_article(column)
    root = thread.comments.get(body="Opinion number 0")
    for number in range(3):
        actions.post_comment(
            thread=thread, author=a_guest(f"answerer{number}"), body=f"Answer {number}", parent=root
        )
    return column


def test_a_reply_chain_folds_away_and_back_by_keyboard(page, conversation):
    page.goto(conversation.url)
    chain = page.locator("li.comment", has_text="Opinion number 0").first
    toggle = chain.locator("button.replies-toggle")  # by class: its name changes as it is used
    expect(toggle).to_have_accessible_name("Hide replies")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(chain.get_by_text("Answer 2")).to_be_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(chain.get_by_text("Answer 2")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_text("Show replies (3)")
    expect(toggle).to_be_focused()

    page.keyboard.press("Space")
    expect(chain.get_by_text("Answer 2")).to_be_visible()
    expect(toggle).to_have_text("Hide replies")


def test_without_javascript_every_reply_is_shown_and_there_is_nothing_to_fold(
    browser, live_server, conversation
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(conversation.url)
    expect(page.get_by_text("Answer 2")).to_be_visible()
    expect(page.locator(".replies-toggle")).to_have_count(0)
    context.close()


def test_a_first_comment_held_for_moderation_shows_as_it_will_appear(page, column):
    config = ModerationSettings.load()
    config.premoderate_new_guests = True
    config.save()
    page.goto(column.url)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("First time *here*.")
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")
    form.get_by_role("button", name="Post comment").click()

    card = page.locator(".is-pending")
    expect(card).to_be_focused()
    expect(card.locator(".comment-author")).to_have_text("Ines")
    expect(card.locator(".comment-body em")).to_have_text("here")
    avatar = card.locator("img.avatar")
    expect(avatar).to_be_visible()
    # The image arrives after the card: wait for it to load (fails if it never does).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=avatar.element_handle(), timeout=5000
    )
    expect(card).to_contain_text("only you can see this comment")
    expect(card).to_contain_text("What happens next: a moderator reads it.")

    page.reload()  # and so it stays, for its author, until a moderator has read it
    expect(page.locator(".is-pending .comment-author")).to_have_text("Ines")
    held = Comment.objects.get(author_name="Ines")
    assert page.locator("img.avatar").first.get_attribute("src").endswith(f"{held.avatar_seed}.svg")


def test_under_the_headline_a_count_leads_down_to_the_discussion(page, column):
    page.goto(column.url)
    jump = page.get_by_role("link", name="3 comments", exact=True)
    assert jump.bounding_box()["y"] < page.locator(".article-body").bounding_box()["y"]
    expect(page.get_by_role("heading", name="3 comments")).not_to_be_in_viewport()

    jump.click()
    expect(page.get_by_role("heading", name="3 comments")).to_be_in_viewport()


def test_the_comment_form_waits_as_one_box_and_opens_on_focus(page, browser, live_server, column):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(column.url)
    form = page.locator("#comment-form")
    expect(form.get_by_label("Your comment")).to_be_visible()
    expect(form.get_by_label("Name")).to_be_hidden()
    expect(form.get_by_role("button", name="Post comment")).to_be_hidden()
    expect(form.get_by_role("link", name="Manage my comments")).to_be_visible()
    compact_height = form.bounding_box()["height"]

    page.keyboard.press("Tab")
    tab_stops = 1
    while not form.get_by_label("Your comment").evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
        tab_stops += 1
        assert tab_stops < 80, "the comment box was never reached"
    expect(form.get_by_label("Name")).to_be_visible()
    expect(form.get_by_role("button", name="Post comment")).to_be_visible()
    assert form.bounding_box()["height"] > 2 * compact_height

    no_script = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = no_script.new_page()
    plain.goto(column.url)
    expect(plain.locator("#comment-form").get_by_label("Name")).to_be_visible()
    no_script.close()


def test_a_guest_follows_the_discussion_from_one_line_that_opens(page, column, settings):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"
    page.goto(column.url)
    discussion = page.locator("#comments")
    expect(discussion.locator("input[type=email]:visible")).to_have_count(0)

    discussion.get_by_text("Follow this discussion by e-mail").click()
    address = discussion.get_by_label("E-mail me new comments on this article")
    expect(address).to_be_visible()
    address.fill("mara@example.org")
    discussion.get_by_role("button", name="Follow this discussion").click()
    expect(discussion.locator(".bell")).to_contain_text("e-mail")
    expect(discussion.locator("input[type=email]:visible")).to_have_count(0)
