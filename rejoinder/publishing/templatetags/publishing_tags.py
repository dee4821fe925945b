from django import template

from rejoinder.publishing.models import CategoryPage

register = template.Library()


@register.inclusion_tag("publishing/includes/category_nav.html", takes_context=True)
def category_nav(context) -> dict:
    """Category links, the one the current page lives under marked as current."""
    current_path = getattr(context.get("page"), "path", "")
    categories = CategoryPage.objects.live().public().in_menu().order_by("path")
    return {
        "links": [(category, current_path.startswith(category.path)) for category in categories]
    }
