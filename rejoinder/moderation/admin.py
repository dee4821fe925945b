"""The policy's settings and category rules in the Django admin; bans and the log to read.
Comments themselves change only through the workspace's actions."""

from django.contrib import admin

from rejoinder.moderation.models import Ban, CategoryPolicy, LogEntry, ModerationSettings


class CategoryPolicyInline(admin.TabularInline):
    model = CategoryPolicy
    extra = 1


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    inlines = [CategoryPolicyInline]
    fieldsets = [
        (None, {"fields": ["rate_limit_count", "rate_limit_minutes", "min_length"]}),
        (
            "Repeats and links",
            {
                "fields": [
                    "repeat_window_hours",
                    "repeat_authors_for_spam",
                    "max_links",
                    "blocked_domains",
                ]
            },
        ),
        (
            "Words and scores",
            {
                "fields": [
                    "blocked_words",
                    "spam_threshold",
                    "spam_hold_threshold",
                    "offensive_threshold",
                ]
            },
        ),
        (
            "Pre-moderation",
            {"fields": ["premoderate_new_guests", "premoderate_links", "premoderate_after_days"]},
        ),
        ("Reports", {"fields": ["report_threshold"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return not ModerationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list page opens it straight away.
        from django.shortcuts import redirect

        return redirect("admin:moderation_moderationsettings_change", ModerationSettings.load().pk)


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["kind", "shadow", "reason", "created_at", "expires_at", "lifted_at"]
    list_filter = ["kind", "shadow"]
    readonly_fields = ["kind", "value", "comment", "created_by", "created_at"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderator", "action", "comment", "thread"]
    list_filter = ["action"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
