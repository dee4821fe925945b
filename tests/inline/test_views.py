"""A reader comments on a passage of a column over HTTP; the passage survives revisions."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.models import Comment, Thread
from rejoinder.inline.body import article_body
from rejoinder.inline.models import Anchor
from rejoinder.publishing.models import ArticlePage
from tests.inline.conftest import (
    FIGURE,
    HTMX,
    OPENING,
    PROPOSAL,
    QUESTION,
    column_body,
    passage_of,
    post_on,
)

pytestmark = pytest.mark.django_db


def page_html(client, column, query="") -> str:
    return client.get(column.url + query).content.decode()


def marked(html: str) -> list[str]:
    return re.findall(r'<mark class="inline-anchor" data-passages="[^"]*">([^<]*)</mark>', html)


def revise(column, *paragraphs: str, question: bool = True) -> None:
    """An editor publishes a new revision of the column with these paragraphs."""
    page = ArticlePage.objects.get(pk=column.pk)
    page.body = column_body(*paragraphs, question=question)
    page.save_revision().publish()


def test_a_comment_on_a_passage_is_marked_in_the_article_and_quoted_in_the_thread(
    client, column, thread
):
    response = post_on(
        client, thread, passage=passage_of(column, "a modest proposal"), quote="a modest proposal"
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{column.url}#comment-{comment.pk}"
    assert comment.inline_anchor.exact == "a modest proposal"
    assert comment.inline_anchor.prefix.endswith("Here is ")
    html = page_html(client, column)
    assert marked(html) == ["a modest proposal"]
    assert f'data-comments="{comment.pk}"' in html
    assert '1<span class="visually-hidden"> comment on this passage' in html
    assert '<blockquote class="passage-quote">a modest proposal</blockquote>' in html
    assert f'data-show-passage="{comment.pk}"' in html


def test_with_htmx_the_new_comment_shows_its_passage(client, thread, column):
    response = post_on(
        client, thread, passage=passage_of(column, "Harbour Road"), quote="Harbour Road", htmx=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-new-comment" in html
    assert '<blockquote class="passage-quote">Harbour Road</blockquote>' in html


def test_markers_count_the_comments_on_a_passage(client, thread, column):
    for number in range(3):
        post_on(
            client,
            thread,
            passage=passage_of(column, "Harbour Road"),
            quote="Harbour Road",
            body=f"Point {number}",
        )

    html = page_html(client, column)

    assert "3 comments on this passage" in re.sub(r"<[^>]+>", "", html).replace("💬 ", "")
    assert marked(html) == ["Harbour Road"]


def test_the_marker_panel_lists_the_comments_on_the_passage(client, thread, column):
    post_on(
        client,
        thread,
        passage=passage_of(column, "Harbour Road"),
        quote="Harbour Road",
        body="Seen from the quay.",
    )
    comment = Comment.objects.get()

    response = client.get(f"/inline/{thread.pk}/comments/?ids={comment.pk}")

    assert response.status_code == 200
    assert "Seen from the quay." in response.content.decode()
    bad = client.get(f"/inline/{thread.pk}/comments/?ids=1;drop")
    assert bad.status_code == 400
    assert "separated by commas" in bad.content.decode()


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ("no-such-block:0:4", "That passage is no longer in the article."),
        ("{block}:9:2", "The passage you chose could not be read."),
        ("{block}:abc", "The passage you chose could not be read."),
        ("{block}:0:4", "That passage is no longer in the article."),
        ("{block}:0:99999", "The passage you chose could not be read."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_passage_is_refused_with_a_clear_message(
    client, thread, column, passage, message, htmx
):
    block = passage_of(column, "Harbour Road").split(":")[0]

    response = post_on(client, thread, passage=passage.format(block=block), quote="x", htmx=htmx)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_cannot_have_a_passage_of_its_own(client, thread, column):
    post_on(client, thread, passage="", quote="", body="Top")
    parent = Comment.objects.get()

    response = post_on(
        client,
        thread,
        passage=passage_of(column, "Harbour Road"),
        quote="Harbour Road",
        parent=parent.pk,
    )

    assert response.status_code == 400
    assert "A reply is about the comment it answers" in response.content.decode()


def test_a_passage_changed_since_the_page_was_opened_is_found_by_its_quote(client, thread, column):
    stale = passage_of(column, "Harbour Road")
    revise(column, "A new first paragraph.", OPENING, PROPOSAL)

    response = post_on(client, thread, passage=stale, quote="Harbour Road")

    assert response.status_code == 302
    assert marked(page_html(client, column)) == ["Harbour Road"]


def test_the_anchor_follows_a_moved_paragraph_and_an_edited_word(client, thread, column):
    words = "close the stretch between the Customs House"
    post_on(client, thread, passage=passage_of(column, words), quote=words)

    revise(column, PROPOSAL.replace("close", "shut"), "An inserted paragraph.", OPENING)

    html = page_html(client, column)
    assert marked(html) == ["shut the stretch between the Customs House"]
    assert "On an earlier version of this article" not in html
    anchor = Anchor.objects.get()
    assert anchor.placed_revision_id == ArticlePage.objects.get(pk=column.pk).live_revision_id
    assert anchor.exact == words  # the selectors keep what the reader saw


def test_re_anchoring_runs_once_per_revision(client, thread, column):
    post_on(client, thread, passage=passage_of(column, "Harbour Road"), quote="Harbour Road")
    revise(column, PROPOSAL, OPENING)
    page_html(client, column)

    with CaptureQueriesContext(connection) as captured:
        page_html(client, column)

    assert not [
        query for query in captured if "UPDATE" in query["sql"] and "inline_anchor" in query["sql"]
    ]


def test_a_passage_is_found_again_when_the_article_is_republished_before_any_view(
    client, thread, column
):
    words = "close the stretch between the Customs House"
    post_on(client, thread, passage=passage_of(column, words), quote=words)
    thread_revision = Thread.objects.get(pk=thread.pk).revision

    revise(column, PROPOSAL.replace("close", "shut"), OPENING)

    anchor = Anchor.objects.get()
    live = ArticlePage.objects.get(pk=column.pk)
    block = article_body(live).block(anchor.placed_block_id)
    assert anchor.placed_revision_id == live.live_revision_id
    assert block.text[anchor.placed_start : anchor.placed_end] == words.replace("close", "shut")
    # The thread's cached pages are renewed: what it says of the passage may have changed.
    assert Thread.objects.get(pk=thread.pk).revision > thread_revision


def test_the_first_view_of_a_new_revision_writes_nothing(client, thread, column):
    post_on(client, thread, passage=passage_of(column, "Harbour Road"), quote="Harbour Road")
    page_html(client, column)  # the first view of the site creates its settings row
    revise(column, PROPOSAL, OPENING)

    with CaptureQueriesContext(connection) as captured:
        html = page_html(client, column)

    assert marked(html) == ["Harbour Road"]
    assert not [
        query
        for query in captured
        if query["sql"].split(None, 1)[0] in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT"}
    ]


def test_a_deleted_passage_keeps_its_comment_on_an_earlier_version(client, thread, column):
    post_on(
        client,
        thread,
        passage=passage_of(column, "a modest proposal"),
        quote="a modest proposal",
        body="Too modest.",
    )

    revise(column, OPENING, "Something else entirely now.")

    html = page_html(client, column)
    assert marked(html) == []
    assert "Too modest." in html
    assert '<blockquote class="passage-quote">a modest proposal</blockquote>' in html
    assert "On an earlier version of this article" in html
    assert "data-show-passage" not in html


def test_the_inline_feedbacks_tab_lists_only_comments_on_passages(client, thread, column):
    post_on(client, thread, passage="", quote="", body="About the whole thing.")
    post_on(
        client,
        thread,
        passage=passage_of(column, "Harbour Road"),
        quote="Harbour Road",
        body="About the road.",
    )

    everything = page_html(client, column)
    only_inline = page_html(client, column, "?filter=inline")
    partial = client.get(f"/discussion/{thread.pk}/comments/?filter=inline", **HTMX)

    assert "About the whole thing." in everything and "About the road." in everything
    assert "About the road." in only_inline and "About the whole thing." not in only_inline
    assert re.search(r'filter=inline"[^>]*aria-current="true">Inline Feedbacks', only_inline)
    assert "About the whole thing." not in partial.content.decode()
    assert "About the road." in partial.content.decode()


def test_the_inline_feedbacks_tab_says_how_many_and_leads_back_to_all(client, thread, column):
    post_on(client, thread, passage="", quote="", body="About the whole thing.")
    post_on(client, thread, passage=passage_of(column, "Harbour Road"), quote="Harbour Road")

    everything = page_html(client, column)
    assert re.search(r'>Inline Feedbacks <span class="tab-count">\(1\)</span>', everything)
    assert "View all comments" not in everything

    post_on(
        client,
        thread,
        passage=passage_of(column, "Harbour Road"),
        quote="Harbour Road",
        body="A second thought on the road.",
        email="tomas@example.org",
        name="Tomas",
    )
    only_inline = page_html(client, column, "?filter=inline")
    assert re.search(r'>Inline Feedbacks <span class="tab-count">\(2\)</span>', only_inline)
    view_all = re.search(r'<a href="([^"]+)"[^>]*>View all comments</a>', only_inline)
    assert view_all and "filter=inline" not in view_all.group(1)
    assert "About the whole thing." in client.get(view_all.group(1)).content.decode()


def test_without_javascript_a_whole_paragraph_can_be_commented_on(client, thread, column):
    block = passage_of(column, "Harbour Road").split(":")[0]

    form_page = client.get(f"/inline/{thread.pk}/passage/{block}/").content.decode()
    response = post_on(client, thread, passage=block, quote=OPENING)

    assert "Comment on this paragraph" in form_page
    assert OPENING.replace("'", "&#x27;") in form_page
    assert response.status_code == 302
    assert Comment.objects.get().inline_anchor.exact == OPENING
    assert marked(page_html(client, column)) == [OPENING]
    assert client.get(f"/inline/{thread.pk}/passage/nothing-here/").status_code == 404


def test_answers_to_the_editors_question_are_tied_to_it(client, thread, column):
    block = passage_of(column, FIGURE).split(":")[0]

    html = page_html(client, column)
    form_page = client.get(f"/inline/{thread.pk}/passage/{block}/").content.decode()
    post_on(client, thread, passage=block, quote=FIGURE, body="Forty sounds low.")

    assert f"The editors ask:</span> {QUESTION}" in html
    assert f"The editors ask: {QUESTION}" in form_page
    assert Comment.objects.get().inline_anchor.question == QUESTION
    assert f"The editors ask: {QUESTION}" in page_html(client, column, "?filter=inline")


def test_article_page_queries_stay_constant_with_inline_comments(
    client, thread, column, django_assert_max_num_queries
):
    def queries_for_page() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(column.url).status_code == 200
        return len(captured)

    post_on(Client(), thread, passage=passage_of(column, "Harbour Road"), quote="Harbour Road")
    client.get(column.url)
    small = queries_for_page()
    for number in range(12):
        words = ["Harbour Road", "a modest proposal", "forty per cent"][number % 3]
        post_on(
            Client(), thread, passage=passage_of(column, words), quote=words, body=f"Point {number}"
        )
        post_on(Client(), thread, passage="", quote="", body=f"General {number}")

    with django_assert_max_num_queries(small):
        client.get(column.url)
    cache.clear()
    with django_assert_max_num_queries(small):
        client.get(column.url + "?filter=inline")
    assert queries_for_page() == small


def test_a_quote_longer_than_any_paragraph_is_refused_before_it_is_looked_for(
    client, thread, column, monkeypatch
):
    import difflib

    def refuse_to_align(*args, **kwargs):
        raise AssertionError("a reader's over-long quote reached the fuzzy search")

    monkeypatch.setattr(difflib, "SequenceMatcher", refuse_to_align)
    stale = passage_of(column, "Harbour Road")

    response = post_on(client, thread, passage=stale, quote="Harbour Road is a road. " * 200)

    assert response.status_code == 400
    assert "longer than any paragraph of the article" in response.content.decode()
    assert not Comment.objects.exists()
