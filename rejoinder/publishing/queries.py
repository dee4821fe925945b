"""Reads of the publication: listings, sections and related articles."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from rejoinder.discussion.queries import comment_counts
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
    """`articles` as a list, each with its category and comment count, in two queries."""
    articles = list(articles)
    parent_paths = {article.path[: -ArticlePage.steplen] for article in articles}
    categories = {c.path: c for c in CategoryPage.objects.filter(path__in=parent_paths)}
    counts = comment_counts(article_ids=[article.pk for article in articles])
    for article in articles:
        article.category = categories[article.path[: -ArticlePage.steplen]]
        article.comment_count = counts.get(article.pk, 0)
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
