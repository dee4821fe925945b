from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def discussions_menu_item() -> MenuItem:
    return MenuItem(
        _("Discussions"),
        reverse("admin:discussion_thread_changelist"),
        icon_name="comment",
        order=250,
    )
