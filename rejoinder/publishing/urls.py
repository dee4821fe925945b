from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from rejoinder.publishing import views
from rejoinder.publishing.feeds import LatestArticlesAtomFeed, LatestArticlesFeed

urlpatterns = [
    path("feeds/rss.xml", LatestArticlesFeed(), name="feed_rss"),
    path("feeds/atom.xml", LatestArticlesAtomFeed(), name="feed_atom"),
    path("feeds/<slug:category>/rss.xml", LatestArticlesFeed(), name="category_feed_rss"),
    path("feeds/<slug:category>/atom.xml", LatestArticlesAtomFeed(), name="category_feed_atom"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("search/", views.search, name="search"),
]
