from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rejoinder.interop.views import PERMISSION


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def interop_admin_urls() -> list:
    # Under /admin/: Wagtail's login and the admin's security headers apply.
    return [path("imports/", include("rejoinder.interop.urls", namespace="interop"))]


@hooks.register("register_admin_menu_item")
def import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import and export"), reverse("interop:imports"), icon_name="download", order=270
    )
