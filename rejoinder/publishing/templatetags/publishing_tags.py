from django import template

from rejoinder.core.links import absolute_url
from rejoinder.publishing.queries import category_links

register = template.Library()


@register.inclusion_tag("publishing/includes/category_nav.html", takes_context=True)
def category_nav(context) -> dict:
    """Category links, the one the current page lives under marked as current."""
    current_path = getattr(context.get("page"), "path", "")
    links = category_links(context.get("request"))
    return {"links": [(link, current_path.startswith(link.path)) for link in links]}


@register.simple_tag(takes_context=True)
def share_image(context, article) -> str:
    """The absolute address of `article`'s picture cropped for link previews (1200×630,
    what OpenGraph and Twitter cards show best), or "" when it has none."""
    figure = article.lead_figure
    if figure is None:
        return ""
    return absolute_url(context.get("request"), figure.image.get_rendition("fill-1200x630").url)
