"""Feeds parse in a real feed reader's parser and list the right articles."""

import feedparser
import pytest

from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed_lists_live_articles_newest_first(client, opinion, news, columnist, kind):
    make_article(opinion, title="Older column", days_ago=2, author=columnist, tags=("harbour",))
    make_article(news, title="Newer report", days_ago=1)
    make_article(news, title="Unpublished", live=False)

    feed = feedparser.parse(client.get(f"/feeds/{kind}.xml").content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == ["Newer report", "Older column"]
    column = feed.entries[1]
    assert column.link.startswith("http://testserver/opinion/")
    assert column.author == "Ada Columnist"
    assert [tag.term for tag in column.tags] == ["harbour"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_lists_only_that_category(client, opinion, news, kind):
    make_article(opinion, title="A column")
    make_article(news, title="A report")

    feed = feedparser.parse(client.get(f"/feeds/opinion/{kind}.xml").content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["A column"]
    assert "Opinion" in feed.feed.title


def test_unknown_category_feed_is_404(client, opinion):
    assert client.get("/feeds/gardening/rss.xml").status_code == 404
