"""Reader pages are cheap to serve: what they compute from many pages (related links, the
category links, listing cards, the rendered body) is kept for one publication revision, and
nothing is written when a page is read. What a reader sees still changes on the very next
view after an editor publishes, unpublishes or moves something."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Thread
from rejoinder.discussion.queries import thread_for_article
from rejoinder.publishing.models import ArticlePage, RelatedPick
from tests.builders import make_article, make_category
from tests.discussion.conftest import a_guest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscreened(settings):
    settings.COMMENT_SCREENING = "tests.discussion.conftest.admit_everything"


def related_titles(html: str) -> list[str]:
    section = re.search(r'<section class="related".*?</section>', html, re.S)
    return re.findall(r'<li><a href="[^"]*">([^<]*)</a>', section.group(0)) if section else []


def nav_titles(html: str) -> list[str]:
    nav = re.search(r'<ul class="category-nav">.*?</ul>', html, re.S).group(0)
    return re.findall(r">([^<]+)</a>", nav)


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', html)


def served(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_a_related_article_changes_the_links_on_the_next_view(client, opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    assert related_titles(served(client, article)) == []

    make_article(news, title="Also about the harbour", tags=("harbour",))

    assert related_titles(served(client, article)) == ["Also about the harbour"]


def test_an_unpublished_article_leaves_related_links_and_listings(client, home, opinion):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    other = make_article(opinion, title="Soon withdrawn", tags=("harbour",))
    assert related_titles(served(client, article)) == ["Soon withdrawn"]
    assert "Soon withdrawn" in card_titles(served(client, opinion))
    assert "Soon withdrawn" in card_titles(served(client, home))

    ArticlePage.objects.get(pk=other.pk).unpublish()

    assert related_titles(served(client, article)) == []
    assert "Soon withdrawn" not in card_titles(served(client, opinion))
    assert "Soon withdrawn" not in card_titles(served(client, home))


def test_a_deleted_or_moved_article_leaves_its_old_listing(client, opinion, news):
    moved = make_article(opinion, title="Moved to news")
    deleted = make_article(opinion, title="Deleted")
    assert card_titles(served(client, opinion)) == ["Moved to news", "Deleted"]

    ArticlePage.objects.get(pk=moved.pk).move(news, pos="last-child")
    ArticlePage.objects.get(pk=deleted.pk).delete()

    assert card_titles(served(client, opinion)) == []
    assert card_titles(served(client, news)) == ["Moved to news"]


def test_the_category_links_follow_publishing(client, home, opinion, news):
    assert nav_titles(served(client, home)) == ["Opinion", "News"]

    news.unpublish()
    assert nav_titles(served(client, home)) == ["Opinion"]

    make_category(home, title="Sport")
    assert nav_titles(served(client, home)) == ["Opinion", "Sport"]


def test_the_current_category_is_marked_in_its_links(client, opinion, news):
    article = make_article(news)

    assert re.search(r'<a href="/news/" aria-current="page">News</a>', served(client, article))
    assert re.search(r'<a href="/opinion/">Opinion</a>', served(client, article))


def test_a_preview_shows_the_drafts_picks_and_leaves_readers_the_live_ones(client, opinion):
    article = make_article(opinion, title="Subject")
    picked = make_article(opinion, title="Picked in the draft", days_ago=30)
    make_article(opinion, title="Newest column")
    live_links = related_titles(served(client, article))  # kept for this revision

    draft = ArticlePage.objects.get(pk=article.pk)
    draft.related_picks.add(RelatedPick(article=picked))
    preview = draft.make_preview_request()
    preview.render()

    assert related_titles(preview.content.decode())[0] == "Picked in the draft"
    assert related_titles(served(client, article)) == live_links
    assert live_links[0] == "Newest column"


def test_comment_counts_on_cards_change_without_a_publish(client, opinion):
    article = make_article(opinion, title="Talked about")
    assert "0 comments" in served(client, opinion)

    post_comment(thread=thread_for_article(article), author=a_guest("Mara"), body="First!")

    assert "1 comment<" in served(client, opinion)


def test_the_discussion_opens_when_the_article_is_published(opinion):
    draft = make_article(opinion, live=False)
    assert not Thread.objects.filter(article_id=draft.pk).exists()

    draft.get_latest_revision().publish()

    thread = Thread.objects.get(article_id=draft.pk)
    assert thread.key == f"article:{draft.pk}"


def test_an_article_published_before_threads_opened_on_publish_gets_one_when_read(client, opinion):
    article = make_article(opinion)
    Thread.objects.filter(article_id=article.pk).delete()

    html = served(client, article)

    assert Thread.objects.filter(article_id=article.pk).exists()
    assert 'id="comments"' in html


def test_previewing_a_draft_never_published_opens_no_discussion(opinion):
    draft = make_article(opinion, title="Not yet", live=False)

    preview = ArticlePage.objects.get(pk=draft.pk).make_preview_request()
    preview.render()

    assert "Not yet" in preview.content.decode()
    assert not Thread.objects.exists()


def writes(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured
        if query["sql"].split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT"}
    ]


def test_reading_an_article_writes_nothing_and_ranks_no_tags(client, opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour", "budget"))
    for number in range(6):
        make_article(news, title=f"Tagged {number}", tags=("harbour",))
    served(client, article)  # the first view keeps the related links and the body

    with CaptureQueriesContext(connection) as captured:
        html = served(client, article)

    assert len(related_titles(html)) == 4
    assert writes(captured) == []
    # Related articles are ranked by shared tags with COUNT(DISTINCT …): once per revision.
    assert not [query for query in captured if "COUNT(DISTINCT" in query["sql"]]
    assert len([query for query in captured if "discussion_thread" in query["sql"]]) == 1


def test_a_category_page_of_twenty_cards_costs_the_same_few_queries(
    client, settings, opinion, django_assert_max_num_queries
):
    settings.ARTICLES_PER_PAGE = 20

    def queries_for_listing() -> list[dict]:
        served(client, opinion)  # keeps the cards for this revision
        with CaptureQueriesContext(connection) as captured:
            assert len(card_titles(served(client, opinion))) == count
        return captured.captured_queries

    count = 2
    for _ in range(count):
        make_article(opinion)
    few = queries_for_listing()
    count = 20
    for _ in range(count - 2):
        make_article(opinion)
    many = queries_for_listing()

    assert len(many) == len(few) <= 9
    assert len([query for query in many if "discussion_thread" in query["sql"]]) == 1
    assert writes(many) == []
