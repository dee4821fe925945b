"""Publication pages that are not Wagtail pages: search and robots.txt."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from rejoinder.core.links import absolute_url
from rejoinder.publishing.listings import fill_counts, render_cards
from rejoinder.publishing.models import paginate_cards
from rejoinder.publishing.queries import live_articles

MAX_QUERY_LENGTH = 200


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = cards = None
    if query:
        matches = live_articles().search(query, order_by_relevance=True)
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
