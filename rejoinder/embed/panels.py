"""The part of a site's admin page that shows its embed code and its SSO secret's state."""

from django.conf import settings
from wagtail.admin.panels import Panel


def rejoinder_address(request) -> str:
    """Where host pages load the scripts from: SITE_URL, else the address staff are using."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


class EmbedCodePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "embed/admin/embed_code_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["site"] = self.instance
            context["rejoinder"] = rejoinder_address(self.request)
            return context
