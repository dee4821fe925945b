"""A WordPress site moving in: posts become articles with blocks, comments keep their
threads, states and wpDiscuz votes; pingbacks, pages and missing images are reported."""

import pytest
from wagtail.images.models import Image

from rejoinder.discussion.models import CommentState
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from rejoinder.publishing.models import ArticlePage, CategoryPage
from tests.interop.conftest import FIXTURES

WXR = FIXTURES / "wordpress-small.xml"
MEDIA = FIXTURES / "uploads"
SOURCE = "wxr:https://old.harbourgazette.example"


def comment(source_id: str):
    return ImportedRecord.objects.get(source=SOURCE, source_id=source_id).comment


@pytest.fixture
def imported(opinion):
    return import_file(path=WXR, media=MEDIA)


def test_a_published_post_becomes_a_published_article_in_its_category(imported, opinion):
    article = ArticlePage.objects.get(slug="pier-plan")
    assert article.live
    assert article.get_parent().specific == opinion
    assert article.title == "The pier needs a plan, not a committee"
    assert (
        article.standfirst == "Three winters closed, and a survey that says the pier can be saved."
    )
    assert article.author.name == "Inès Marlow"
    assert sorted(tag.name for tag in article.tags.all()) == ["harbour", "pier"]
    assert article.date.isoformat() == "2019-04-10T07:30:00+00:00"
    assert imported.counts["articles"]["created"] == 2


def test_the_body_becomes_blocks(imported):
    body = ArticlePage.objects.get(slug="pier-plan").body
    kinds = [block.block_type for block in body]
    assert kinds == ["paragraph", "heading", "quote", "figure", "paragraph", "paragraph"]
    assert "<b>closed</b>" in body[0].value.source
    assert '<a href="https://example.org/pier-survey">The survey</a>' in body[0].value.source
    assert body[1].value["text"] == "What the survey found"
    assert body[2].value["text"] == "The timber piles are sound below the tide line."
    assert body[2].value["source_name"] == "Coastal Engineering Ltd"
    figure = body[3].value
    assert figure["alt_text"] == "The ferry queue at dawn"
    assert figure["caption"] == "Saturday, seven in the morning."
    assert isinstance(figure["image"], Image)
    # The table's text is kept as a paragraph; the script is not.
    assert "Cost" in body[4].value.source and "<table" not in body[4].value.source
    assert "alert" not in body[5].value.source


def test_an_image_not_in_the_media_folder_is_reported_never_fetched(imported):
    [missing] = [skip for skip in imported.skips if skip["kind"] == "images"]
    assert "missing.jpg" in missing["reason"] and "not found under --media" in missing["reason"]
    assert missing["position"] == "line 15 (post 41)"


def test_a_draft_stays_a_draft_in_a_new_category(imported, home):
    draft = ArticlePage.objects.get(title="Draft: bus timetable changes")
    assert not draft.live
    assert draft.get_parent().slug == "local-news"
    assert CategoryPage.objects.get(slug="local-news").title == "Local news"
    assert [block.block_type for block in draft.body] == ["paragraph", "paragraph"]


def test_comments_keep_threads_states_and_wpdiscuz_votes(imported):
    first, reply = comment("301"), comment("302")
    assert first.thread.article.slug == "pier-plan"
    assert first.body_html == (
        "<p>I fished off that pier as a boy.<br>Saving it would mean a lot.</p>"
        "<p>It is the only level walk in town.</p>"
    )
    assert (first.upvotes, first.downvotes, first.score) == (4, 0, 4)
    assert first.author_website == "https://dov.example.org"
    assert reply.parent == first
    assert reply.state == CommentState.PENDING
    assert (reply.upvotes, reply.downvotes) == (2, 3)
    assert comment("304").state == CommentState.SPAM
    assert comment("305").state == CommentState.REMOVED


def test_pingbacks_and_pages_are_skipped_and_counted(imported):
    reasons = {(skip["kind"], skip["reason"]) for skip in imported.skips}
    assert ("comments", "a pingback, not a comment") in reasons
    assert ("posts", "a page, not a post") in reasons
    assert imported.counts["comments"]["created"] == 4


def test_importing_the_site_twice_changes_nothing(imported):
    again = import_file(path=WXR, media=MEDIA)
    assert again.counts["articles"] == {"unchanged": 2}
    assert again.counts["comments"]["unchanged"] == 4
    assert again.counts["comments"]["created"] == 0
    assert ArticlePage.objects.count() == 2
