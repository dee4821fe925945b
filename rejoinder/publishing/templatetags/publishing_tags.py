from django import template

from rejoinder.publishing.queries import category_links

register = template.Library()


@register.inclusion_tag("publishing/includes/category_nav.html", takes_context=True)
def category_nav(context) -> dict:
    """Category links, the one the current page lives under marked as current."""
    current_path = getattr(context.get("page"), "path", "")
    links = category_links(context.get("request"))
    return {"links": [(link, current_path.startswith(link.path)) for link in links]}
