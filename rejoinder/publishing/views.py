"""Publication pages that are not Wagtail pages: search and robots.txt."""

import re
import unicodedata

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from rejoinder.core.links import absolute_url
from rejoinder.publishing.listings import fill_counts, render_cards
from rejoinder.publishing.models import paginate_cards
from rejoinder.publishing.queries import live_articles

MAX_QUERY_LENGTH = 200  # the search form's maxlength
MAX_QUERY_WORDS = 12  # each word is one more term the database has to match
_WORD = re.compile(r"\w+")
# Controls (NUL, escapes), format characters (bidi overrides, zero widths) and lone surrogates.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})


def printable_query(raw: str) -> str:
    """What the reader typed, without control characters (NUL, escapes, bidi overrides), cut
    to the form's length: safe to echo back and to hand to the database."""
    kept = "".join(char for char in raw if unicodedata.category(char) not in _INVISIBLE)
    return kept.strip()[:MAX_QUERY_LENGTH]


def search_words(query: str) -> str:
    """The query as plain words joined by spaces.

    Wagtail hands each space-separated term to the database's full-text syntax (SQLite's FTS5
    MATCH, PostgreSQL's tsquery) without escaping quotes or operators, so a `"` made SQLite
    fail. Both backends split indexed text at punctuation anyway, so keeping only the words
    loses nothing a reader could have matched.
    """
    return " ".join(_WORD.findall(query)[:MAX_QUERY_WORDS])


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = printable_query(request.GET.get("q", ""))
    words = search_words(query)
    results = cards = None
    if words:
        matches = live_articles().search(words, order_by_relevance=True)
        results = paginate_cards(request, matches, settings.ARTICLES_PER_PAGE)
        [cards] = fill_counts(
            render_cards(request, results.object_list, level=2, page=results, query=query)
        )
    context = {"query": query, "results": results, "cards": cards}
    return TemplateResponse(request, "publishing/search.html", context)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
