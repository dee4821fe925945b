"""Related articles: the editor's picks, then shared tags, then the same category."""

import pytest

from rejoinder.publishing.models import RelatedPick
from rejoinder.publishing.queries import related_articles
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def titles(articles):
    return [article.title for article in articles]


def test_picks_come_first_in_the_editors_order(opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    tagged = make_article(news, title="Tagged", tags=("harbour",))
    first_pick = make_article(news, title="Pick one")
    second_pick = make_article(news, title="Pick two")
    article.related_picks.add(RelatedPick(article=second_pick, sort_order=0))
    article.related_picks.add(RelatedPick(article=first_pick, sort_order=1))
    article.save()

    assert titles(related_articles(article, limit=4))[:3] == ["Pick two", "Pick one", tagged.title]


def test_more_shared_tags_rank_higher_then_newer(opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour", "budget", "council"))
    make_article(news, title="One tag, newest", tags=("harbour",), days_ago=0)
    make_article(
        news, title="Three tags, oldest", tags=("harbour", "budget", "council"), days_ago=9
    )
    make_article(news, title="Two tags", tags=("budget", "council"), days_ago=5)

    assert titles(related_articles(article, limit=3)) == [
        "Three tags, oldest",
        "Two tags",
        "One tag, newest",
    ]


def test_same_category_fills_the_rest_newest_first(opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    make_article(news, title="Tagged elsewhere", tags=("harbour",))
    make_article(opinion, title="Older column", days_ago=8)
    make_article(opinion, title="Newer column", days_ago=1)
    make_article(news, title="Unrelated news")

    assert titles(related_articles(article, limit=4)) == [
        "Tagged elsewhere",
        "Newer column",
        "Older column",
    ]


def test_never_itself_never_unpublished_never_twice(opinion, news):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    draft = make_article(opinion, title="Draft", tags=("harbour",), live=False)
    both = make_article(opinion, title="Picked and tagged", tags=("harbour",))
    article.related_picks.add(RelatedPick(article=article))
    article.related_picks.add(RelatedPick(article=draft))
    article.related_picks.add(RelatedPick(article=both))
    article.save()

    assert titles(related_articles(article, limit=4)) == ["Picked and tagged"]


@pytest.mark.parametrize("limit", [0, 1, 4])
def test_at_most_the_limit(opinion, limit):
    article = make_article(opinion, title="Subject", tags=("harbour",))
    for _ in range(6):
        make_article(opinion, tags=("harbour",))

    assert len(related_articles(article, limit=limit)) == limit
