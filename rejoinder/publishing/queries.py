"""Reads of the publication: listings, sections, related articles and category links."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.http import HttpRequest

from rejoinder.publishing.cache import shared
from rejoinder.publishing.models import ArticlePage, CategoryPage, HomePage


def live_articles() -> QuerySet[ArticlePage]:
    """Published articles, newest first, with what a listing card shows."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("author", "author__photo")
        .order_by("-date", "-pk")
    )


def prepare_cards(articles) -> list[ArticlePage]:
    """`articles` as a list, each with its category, in one query. Comment counts change
    with every comment, so cards get theirs when they are served (listings.fill_counts)."""
    articles = list(articles)
    parent_paths = {article.path[: -ArticlePage.steplen] for article in articles}
    categories = {c.path: c for c in CategoryPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.category = categories[article.path[: -ArticlePage.steplen]]
    return articles


@dataclass(frozen=True)
class CategorySection:
    category: CategoryPage
    articles: list[ArticlePage]


def category_sections(*, home: HomePage, per_section: int) -> list[CategorySection]:
    """One section per live category under `home`, each with its latest articles."""
    sections = []
    for category in CategoryPage.objects.child_of(home).live().public().order_by("path"):
        articles = prepare_cards(live_articles().child_of(category)[:per_section])
        if articles:
            sections.append(CategorySection(category=category, articles=articles))
    return sections


def related_articles(article: ArticlePage, *, limit: int) -> list[ArticlePage]:
    """Up to `limit` live articles: the editor's picks in their order, then articles sharing
    the most tags (newest first among equals), then the newest of the same category.
    Never the article itself, never an unpublished one, never the same one twice."""
    chosen: list[ArticlePage] = []
    seen = {article.pk}
    # One base queryset: each call of live_articles() asks the database for view restrictions.
    candidates = live_articles()

    def take(candidates) -> None:
        for candidate in candidates:
            if len(chosen) >= limit:
                return
            if candidate.pk not in seen:
                seen.add(candidate.pk)
                chosen.append(candidate)

    picked_ids = [pick.article_id for pick in article.related_picks.all()]
    picks = candidates.filter(pk__in=picked_ids).in_bulk()
    take(picks[pk] for pk in picked_ids if pk in picks)

    # Iterated, not values_list(): a page built from a revision (a preview) holds its tags in
    # memory, where only plain iteration works.
    tag_ids = [tag.pk for tag in article.tags.all()]
    if tag_ids and len(chosen) < limit:
        by_tags = (
            candidates.filter(tagged_items__tag_id__in=tag_ids)
            .exclude(pk__in=seen)
            .annotate(shared_tags=Count("tagged_items", distinct=True))
            .order_by("-shared_tags", "-date", "-pk")
        )
        take(by_tags[:limit])

    if len(chosen) < limit:
        parent = article.get_parent()
        take(candidates.child_of(parent).exclude(pk__in=seen)[:limit])
    return prepare_cards(chosen)


@dataclass(frozen=True)
class ArticleLink:
    """A related article as its link shows it; plain values, so that it can be cached."""

    url: str
    title: str
    category_title: str
    date: datetime


def related_links(request: HttpRequest, article: ArticlePage, *, limit: int) -> list[ArticleLink]:
    """`related_articles`, computed once per publication revision: any publish can change
    them (a new article sharing tags, an unpublished pick). A preview computes them from the
    draft's picks and tags, and keeps nothing."""

    def compute() -> list[ArticleLink]:
        return [
            ArticleLink(
                url=related.get_url(request),
                title=related.title,
                category_title=related.category.title,
                date=related.date,
            )
            for related in related_articles(article, limit=limit)
        ]

    return shared(request, "related", article.pk, limit, compute=compute)


@dataclass(frozen=True)
class CategoryLink:
    path: str
    url: str
    title: str


def category_links(request: HttpRequest | None) -> list[CategoryLink]:
    """The live categories shown in menus, in tree order, once per publication revision."""

    def compute() -> list[CategoryLink]:
        categories = CategoryPage.objects.live().public().in_menu().order_by("path")
        return [CategoryLink(c.path, c.get_url(request), c.title) for c in categories]

    return shared(request, "category_links", compute=compute)
