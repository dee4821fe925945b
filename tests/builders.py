"""Small builders for publication content, through the same page API editors use."""

from datetime import timedelta
from itertools import count

from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from rejoinder.publishing.models import ArticlePage, Author, CategoryPage, HomePage

_serial = count(1)


def make_home() -> HomePage:
    root = Page.get_first_root_node()
    for placeholder in root.get_children():
        placeholder.delete()
    home = root.add_child(instance=HomePage(title="Test Gazette", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def make_category(home: HomePage, *, title: str, **fields) -> CategoryPage:
    category = CategoryPage(title=title, slug=title.lower(), show_in_menus=True, **fields)
    home.add_child(instance=category)
    category.save_revision().publish()
    return category


def make_author(*, name: str = "Sam Writer") -> Author:
    return Author.objects.create(name=name, slug=f"author-{next(_serial)}")


def make_article(
    category: CategoryPage,
    *,
    title: str | None = None,
    tags: tuple[str, ...] = (),
    days_ago: int = 0,
    live: bool = True,
    body: list | None = None,
    author: Author | None = None,
    go_live_at=None,
) -> ArticlePage:
    number = next(_serial)
    title = title or f"Article {number}"
    article = ArticlePage(
        title=title,
        slug=f"article-{number}",
        standfirst=f"The standfirst of {title}.",
        date=timezone.now() - timedelta(days=days_ago, minutes=number),
        body=body or [("paragraph", RichText(f"<p>The body of {title}.</p>"))],
        author=author,
        live=live,
    )
    article.tags.add(*tags)
    if go_live_at is not None:
        article.go_live_at = go_live_at
        article.live = False
    category.add_child(instance=article)
    if live or go_live_at is not None:
        article.save_revision().publish()
    else:
        article.save_revision()
    return article
