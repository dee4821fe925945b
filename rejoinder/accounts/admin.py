from django.contrib import admin

from rejoinder.accounts.models import ErasureRecord, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "is_public", "updated_at"]
    search_fields = ["display_name", "user__email"]
    exclude = ["avatar_image"]
    readonly_fields = ["avatar_key"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """The audit trail of erasures: read only, and it names no one."""

    list_display = ["created_at", "kind", "comments", "text_erased"]
    list_filter = ["kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
