from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rejoinder.embed import actions, admin_views
from rejoinder.embed.models import Site
from rejoinder.embed.panels import EmbedCodePanel


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "globe"
    menu_label = _("Embedding sites")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "key", "allowed_origins", "is_open"]
    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("allowed_origins"),
        FieldPanel("is_open"),
        FieldPanel("category_policy"),
        MultiFieldPanel([EmbedCodePanel()], heading=_("Embed code and sign-in")),
    ]


register_snippet(SiteViewSet)


@hooks.register("register_admin_urls")
def embed_admin_urls():
    return [
        path("embed/sites/<int:pk>/sso-secret/", admin_views.sso_secret, name="embed_sso_secret")
    ]


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def apply_site_open(request, instance) -> None:
    """The site's switch opens or closes all its discussions, so the discussion's own checks
    (not only the frame) refuse comments and votes on a closed site."""
    if isinstance(instance, Site):
        actions.set_site_open(site=instance, is_open=instance.is_open)
