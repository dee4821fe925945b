"""Staff's side of a site that the snippet editor does not cover: its SSO secret."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rejoinder.embed import actions
from rejoinder.embed.models import Site


@require_http_methods(["GET", "POST"])
def sso_secret(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then generate a new secret and show it this once (it is never shown again)."""
    if not request.user.has_perm("embed.change_site"):
        raise PermissionDenied
    site = get_object_or_404(Site, pk=pk)
    secret = actions.rotate_sso_secret(site=site) if request.method == "POST" else None
    title = _("SSO secret of %(name)s") % {"name": site.name}
    response = TemplateResponse(
        request, "embed/admin/sso_secret.html", {"site": site, "secret": secret, "title": title}
    )
    response["Cache-Control"] = "no-store"
    return response
