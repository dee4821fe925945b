from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rejoinder.moderation.views import PERMISSION


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def moderation_menu_item() -> MenuItem:
    return ModerationMenuItem(
        _("Moderation queue"), reverse("moderation:queue"), icon_name="warning", order=260
    )
