"""RSS 2.0 and Atom feeds of the latest articles, for the whole site and per category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from rejoinder.core.links import absolute_url
from rejoinder.publishing.models import ArticlePage, CategoryPage
from rejoinder.publishing.queries import live_articles

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    def get_object(self, request: HttpRequest, category: str | None = None) -> CategoryPage | None:
        self.request = request
        if category is None:
            return None
        found = CategoryPage.objects.live().public().filter(slug=category).first()
        if found is None:
            raise Http404(_("There is no category called %(slug)s.") % {"slug": category})
        return found

    def title(self, category: CategoryPage | None) -> str:
        if category is None:
            return settings.WAGTAIL_SITE_NAME
        return f"{category.title} · {settings.WAGTAIL_SITE_NAME}"

    def link(self, category: CategoryPage | None) -> str:
        return category.get_url(self.request) if category else "/"

    def description(self, category: CategoryPage | None) -> str:
        if category is None:
            return _("The latest articles from %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
        return category.description or category.title

    def items(self, category: CategoryPage | None):
        articles = live_articles()
        if category is not None:
            articles = articles.child_of(category)
        return articles[:FEED_LENGTH]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.standfirst

    def item_link(self, item: ArticlePage) -> str:
        return absolute_url(self.request, item.get_url(self.request))

    def item_pubdate(self, item: ArticlePage):
        return item.date

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at or item.date

    def item_author_name(self, item: ArticlePage) -> str | None:
        return item.author.name if item.author else None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
