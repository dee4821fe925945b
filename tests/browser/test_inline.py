"""A reader comments on a passage of a column in Chromium, finds it again from the article
and from the discussion, and the passage survives the editor's revisions."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from rejoinder.discussion import actions
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.queries import thread_for_article
from rejoinder.inline.services import find_passage
from rejoinder.publishing.models import ArticlePage
from tests.builders import make_article, make_author, make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OPENING = "At eleven o'clock on a Saturday morning, Harbour Road is not really a road."
PROPOSAL = "Here is a modest proposal: close the stretch between the Customs House and the bridge."
CLOSING = "Try it for one summer, and publish the counts every month."


def paragraphs(*texts: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


@pytest.fixture
def column(settings):
    settings.RATELIMIT_ENABLE = False
    settings.COMMENT_SCREENING = "tests.discussion.conftest.admit_everything"
    opinion = make_category(make_home(), title="Opinion")
    article = make_article(
        opinion,
        title="Close the harbour road",
        author=make_author(),
        body=paragraphs(OPENING, PROPOSAL, CLOSING),
    )
    thread = thread_for_article(article)
    actions.post_comment(
        thread=thread,
        author=actions.CommentAuthor(
            reader=Reader(key=reader_key(cookie_id="tomas")), name="Tomas", email="t@example.org"
        ),
        body="A comment on the whole column.",
    )
    return ArticlePage.objects.get(pk=article.pk)


def select(page, words: str) -> None:
    """Select `words` in the article body as a mouse drag would."""
    page.evaluate(
        """words => {
            const walker = document.createTreeWalker(
                document.querySelector(".article-body"), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(words);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + words.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return;
            }
            throw new Error("not in the article: " + words);
        }""",
        words,
    )


def post_from_form(page, body: str) -> None:
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill(body)
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")
    form.get_by_role("button", name="Post comment").click()


def test_comment_on_a_selected_passage_and_find_it_again(page, column):
    page.goto(column.url)
    select(page, "a modest proposal")
    page.get_by_role("button", name="Comment on this passage").click()

    form = page.locator("#comment-form")
    expect(form.locator("[data-form-quote]")).to_have_text("a modest proposal")
    expect(form.get_by_label("Your comment")).to_be_focused()
    post_from_form(page, "Modest? It is the whole waterfront.")
    mine = page.locator("#comment-list > li").first
    expect(mine).to_contain_text("Modest? It is the whole waterfront.")
    expect(mine.locator(".passage-quote")).to_have_text("a modest proposal")

    page.reload()
    marker = page.locator(".inline-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_contain_text("1")
    expect(page.locator("mark.inline-anchor")).to_have_text("a modest proposal")
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".inline-panel:not([hidden])")).to_contain_text(
        "Modest? It is the whole waterfront."
    )
    expect(page.locator("mark.inline-anchor")).to_have_class("inline-anchor is-active")
    marker.click()
    expect(page.locator("mark.inline-anchor.is-active")).to_have_count(0)

    page.get_by_role("link", name="Inline Feedbacks").click()
    expect(page.locator("#comment-list > li.comment")).to_have_count(1)
    expect(page.locator("#comment-list")).not_to_contain_text("A comment on the whole column.")
    assert "filter=inline" in page.url
    page.get_by_role("link", name="Show in article").click()
    expect(page.locator("mark.inline-anchor.is-active")).to_have_text("a modest proposal")
    expect(page.locator(".inline-block", has_text="a modest proposal")).to_be_focused()
    expect(page.locator("mark.inline-anchor.is-active")).to_be_in_viewport()


def test_a_selection_of_parts_of_words_takes_the_whole_words(page, column):
    page.goto(column.url)
    select(page, "odest propos")  # a sloppy drag: words cut at both ends
    page.get_by_role("button", name="Comment on this passage").click()

    expect(page.locator("#comment-form [data-form-quote]")).to_have_text("modest proposal")
    post_from_form(page, "Snapped to the words.")
    mine = page.locator("#comment-list > li").first
    expect(mine.locator(".passage-quote")).to_have_text("modest proposal")
    page.reload()
    expect(page.locator("mark.inline-anchor")).to_have_text("modest proposal")

    select(page, "eleven o'cl")  # an apostrophe inside a word keeps the word whole
    page.get_by_role("button", name="Comment on this passage").click()
    expect(page.locator("#comment-form [data-form-quote]")).to_have_text("eleven o'clock")
    select(page, " Road is ")  # spaces at the ends are left out
    page.get_by_role("button", name="Comment on this passage").click()
    assert page.locator("#comment-form [name=quote]").input_value() == "Road is"


def test_select_a_passage_with_the_keyboard(page, column):
    page.goto(column.url)
    # The first letter selected (Chromium extends a selection, not a bare caret, without
    # caret browsing), then Shift+arrows to the end of the words.
    page.evaluate(
        """() => {
            const text = [...document.querySelectorAll(".inline-text p")]
                .find(p => p.textContent.includes("Customs House")).firstChild;
            const at = text.data.indexOf("Customs House");
            getSelection().setBaseAndExtent(text, at, text, at + 1);
        }"""
    )
    for _ in range(len("Customs House") - 1):
        page.keyboard.press("Shift+ArrowRight")
    button = page.get_by_role("button", name="Comment on this passage")
    expect(button).to_be_visible()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#comment-form [data-form-quote]")).to_have_text("Customs House")
    post_from_form(page, "The Customs House end is the worst of it.")
    expect(page.locator("#comment-list > li").first.locator(".passage-quote")).to_have_text(
        "Customs House"
    )


def test_the_passage_survives_a_revision_and_is_kept_when_deleted(page, column):
    thread = thread_for_article(column)
    words = "close the stretch between the Customs House"
    actions.post_comment(
        thread=thread,
        author=actions.CommentAuthor(
            reader=Reader(key=reader_key(cookie_id="mara")), name="Mara", email="m@example.org"
        ),
        body="Which stretch exactly?",
        after_save=find_passage(thread=thread, exact=words).attach,
    )
    revised = ArticlePage.objects.get(pk=column.pk)
    revised.body = paragraphs(CLOSING, PROPOSAL.replace("close", "shut"), OPENING)
    revised.save_revision().publish()

    page.goto(column.url)
    expect(page.locator("mark.inline-anchor")).to_have_text(
        "shut the stretch between the Customs House"
    )
    page.get_by_role("link", name="Show in article").click()
    expect(page.locator("mark.inline-anchor.is-active")).to_be_in_viewport()

    revised = ArticlePage.objects.get(pk=column.pk)
    revised.body = paragraphs(OPENING, CLOSING)
    revised.save_revision().publish()
    page.reload()

    expect(page.locator("mark.inline-anchor")).to_have_count(0)
    comment = page.locator("li.comment", has_text="Which stretch exactly?")
    expect(comment.locator(".passage-quote")).to_have_text(words)
    expect(comment).to_contain_text("On an earlier version of this article")
    expect(comment.get_by_role("link", name="Show in article")).to_have_count(0)


def test_without_javascript_comment_on_a_whole_paragraph(browser, live_server, column):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(column.url)
    block = page.locator(".inline-block", has_text="a modest proposal")
    block.get_by_role("link", name="Comment on this paragraph").click()

    expect(page.locator(".passage-quote")).to_have_text(PROPOSAL)
    post_from_form(page, "The whole paragraph, yes.")
    expect(page.locator(".inline-marker")).to_contain_text("1")
    expect(page.locator("mark.inline-anchor")).to_have_text(PROPOSAL)
    context.close()
