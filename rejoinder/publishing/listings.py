"""Pages of article cards: rendered once per publication revision, with only the comment
counts filled in on each request (one query for every card on the page).

A card's count is left in its HTML as a marker, <!--rj:count:ID-->, the way the discussion
leaves a reader's own controls: the shared part is cached, the changing part is laid over
it. Counts change with every comment; the rest of a card only when something is published."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from rejoinder.discussion.queries import comment_counts
from rejoinder.publishing.cache import shared
from rejoinder.publishing.models import ArticlePage, paginate_cards


@dataclass(frozen=True)
class Cards:
    """Rendered cards, their counts still to fill in, and which page of the listing."""

    html: str
    article_ids: tuple[int, ...]
    number: int = 1


def count_mark(article_id: int) -> str:
    return f"<!--rj:count:{article_id}-->"


def render_cards(
    request: HttpRequest, articles: list[ArticlePage], *, level: int, **context
) -> Cards:
    """`articles` (from queries.prepare_cards) as cards, with `context` for the template
    (the page of a paginator as `articles`, for its links; an `empty` message)."""
    html = render_to_string(
        "publishing/includes/cards.html",
        {"articles": articles, "level": level, **context},
        request=request,
    )
    return Cards(html=html, article_ids=tuple(article.pk for article in articles))


def listing(
    request: HttpRequest,
    *,
    name: str,
    articles: Callable[[], QuerySet[ArticlePage]],
    per_page: int,
    level: int,
    empty: str,
) -> Cards:
    """The page of `articles` named by ?page=, as cards; `name` tells listings apart in the
    cache. An unknown page is a 404 (raised, never cached)."""

    def compute() -> Cards:
        page = paginate_cards(request, articles(), per_page)
        # The newest article leads the first page, with its picture across the column.
        lead = page.number == 1
        cards = render_cards(
            request, page.object_list, level=level, page=page, empty=empty, lead=lead
        )
        return Cards(cards.html, cards.article_ids, page.number)

    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        return compute()  # raises Http404, as any page that is not a number does
    return shared(request, "cards", name, per_page, level, number, compute=compute)


def fill_counts(*cards: Cards) -> list[SafeString]:
    """Each of `cards`' HTML with every card's comment count written in, in one query."""
    counts = comment_counts(article_ids=[pk for part in cards for pk in part.article_ids])
    filled = []
    for part in cards:
        html = part.html
        for pk in part.article_ids:
            count = counts.get(pk, 0)
            label = ngettext("%(counter)s comment", "%(counter)s comments", count)
            html = html.replace(count_mark(pk), label % {"counter": count})
        filled.append(mark_safe(html))  # our templates; the labels are our own strings
    return filled
