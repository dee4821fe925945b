"""Moderation in Wagtail's admin, where editors already work: the policy's settings, its
category rules, the discussions (close or reopen) and the bans, in one "Moderation" menu
beside the queue, log and dashboard. Changes go through the same actions as the queue's,
so closing a discussion here is logged like closing it there."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from rejoinder.discussion.models import Thread
from rejoinder.moderation import actions
from rejoinder.moderation.models import Ban, CategoryPolicy, ModerationSettings

MENU_HOOK = "register_moderation_menu_item"


class ChangeOnly(ModelPermissionPolicy):
    """Rows that exist by themselves (the one settings row, a discussion made by its first
    comment): staff change them but never add or delete one here."""

    def user_has_permission(self, user, action: str) -> bool:
        return action not in ("add", "delete", "copy") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnly(ModelPermissionPolicy):
    """A record of what happened: read here, changed only through the queue and the log."""

    def user_has_permission(self, user, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ModerationSettings, ChangeOnly(ModerationSettings))
register_permission_policy(Thread, ChangeOnly(Thread))
register_permission_policy(Ban, ReadOnly(Ban))


class SettingsIndex(generic.IndexView):
    """There is one settings row: the menu opens it straight away."""

    def get(self, request, *args, **kwargs):
        return redirect(self.get_edit_url(ModerationSettings.load()))


class ModerationSettingsViewSet(ModelViewSet):
    name = "moderation_settings"
    menu_order = 13
    model = ModerationSettings
    icon = "cog"
    menu_label = _("Settings")
    index_view_class = SettingsIndex
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("rate_limit_count"), FieldPanel("rate_limit_minutes")],
            heading=_("How often one author may post"),
        ),
        FieldPanel("min_length"),
        MultiFieldPanel(
            [
                FieldPanel("repeat_window_hours"),
                FieldPanel("repeat_authors_for_spam"),
                FieldPanel("max_links"),
                FieldPanel("blocked_domains"),
            ],
            heading=_("Repeats and links"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("blocked_words"),
                FieldPanel("spam_threshold"),
                FieldPanel("spam_hold_threshold"),
                FieldPanel("offensive_threshold"),
            ],
            heading=_("Words and scores"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("premoderate_new_guests"),
                FieldPanel("premoderate_links"),
                FieldPanel("premoderate_after_days"),
            ],
            heading=_("Pre-moderation"),
        ),
        FieldPanel("report_threshold"),
    ]


class CategoryRuleCreate(generic.CreateView):
    def save_instance(self):
        self.form.instance.settings = ModerationSettings.load()
        return super().save_instance()


class CategoryPolicyViewSet(ModelViewSet):
    name = "category_rules"
    menu_order = 14
    model = CategoryPolicy
    icon = "folder-open-inverse"
    menu_label = _("Category rules")
    add_view_class = CategoryRuleCreate
    copy_view_enabled = False
    form_fields = ["category", "premoderate", "close_after_days"]
    list_display = ["category", BooleanColumn("premoderate"), "close_after_days"]


class DiscussionEdit(generic.EditView):
    """Closing or reopening is the one change; it goes through the queue's action, so the
    log records who did it."""

    def save_instance(self):
        thread = Thread.objects.get(pk=self.object.pk)
        closed = self.form.cleaned_data["is_closed"]
        if closed != thread.is_closed:
            actions.set_closed(thread=thread, moderator=self.request.user, closed=closed)
        return thread


class DiscussionViewSet(ModelViewSet):
    name = "discussions"
    menu_order = 11
    model = Thread
    icon = "comment"
    menu_label = _("Discussions")
    edit_view_class = DiscussionEdit
    copy_view_enabled = False
    form_fields = ["is_closed"]
    list_display = [
        "title",
        "comment_count",
        BooleanColumn("is_closed", label=_("closed")),
        DateColumn("created_at", label=_("started")),
    ]
    list_filter = ["is_closed"]
    search_fields = ["title", "url"]
    ordering = ["-created_at"]


class BanViewSet(ModelViewSet):
    name = "bans"
    menu_order = 12
    model = Ban
    icon = "lock"
    menu_label = _("Bans")
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["kind", "shadow", "reason", "created_at", "expires_at", "lifted_at"]
    form_fields = ["reason"]
    list_display = [
        "kind",
        BooleanColumn("shadow"),
        "reason",
        DateColumn("created_at", label=_("since")),
        DateColumn("expires_at", label=_("until")),
        DateColumn("lifted_at", label=_("lifted")),
    ]
    list_filter = ["kind", "shadow"]
    ordering = ["-created_at"]


class ModerationGroup(ViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 250
    submenu_hook = MENU_HOOK
    items = (ModerationSettingsViewSet, CategoryPolicyViewSet, DiscussionViewSet, BanViewSet)
