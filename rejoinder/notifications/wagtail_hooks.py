from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

OUTBOX_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"


class OutboxMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # Only where mail is kept locally: with EMAIL_URL set the outbox stays empty.
        return settings.EMAIL_BACKEND == OUTBOX_BACKEND and request.user.is_staff


@hooks.register("register_admin_menu_item")
def outbox_menu_item() -> MenuItem:
    return OutboxMenuItem(_("Outbox"), reverse("notifications:outbox"), icon_name="mail", order=260)
