"""schema.org JSON-LD for articles, so search engines and readers' apps read them right."""

import json

from django.http import HttpRequest

from rejoinder.core.links import absolute_url


def article_json_ld(
    article, *, request: HttpRequest, category, tags: list, comment_count: int
) -> str:
    """The article's NewsArticle (OpinionNewsArticle in opinion categories) as a JSON string
    safe to put inside a <script type="application/ld+json"> element."""
    from rejoinder.publishing.models import PublicationSettings

    publication = PublicationSettings.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle" if category.is_opinion else "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "url": absolute_url(request, article.url),
        "mainEntityOfPage": absolute_url(request, article.url),
        "datePublished": article.date.isoformat(),
        "dateModified": (article.last_published_at or article.date).isoformat(),
        "articleSection": category.title,
        "keywords": [tag.name for tag in tags],
        "publisher": {"@type": "Organization", "name": publication.publisher_name},
        "commentCount": comment_count,
    }
    if article.author:
        data["author"] = {
            "@type": "Person",
            "name": article.author.name,
            "description": article.author.role,
        }
    return to_script_json(data)


def to_script_json(data: dict) -> str:
    # "</script>" or "<!--" inside a string must not end or confuse the script element.
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
