from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rejoinder.moderation.views import PERMISSION
from rejoinder.moderation.viewsets import MENU_HOOK, ModerationGroup


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_viewset")
def moderation_viewsets() -> ModerationGroup:
    return ModerationGroup()


@hooks.register(MENU_HOOK)
def queue_menu_item() -> MenuItem:
    return ModeratorsMenuItem(_("Queue"), reverse("moderation:queue"), icon_name="tasks", order=1)


@hooks.register(MENU_HOOK)
def log_menu_item() -> MenuItem:
    return ModeratorsMenuItem(_("Log"), reverse("moderation:log"), icon_name="history", order=2)


@hooks.register(MENU_HOOK)
def dashboard_menu_item() -> MenuItem:
    return ModeratorsMenuItem(
        _("Dashboard"), reverse("moderation:dashboard"), icon_name="table", order=3
    )
