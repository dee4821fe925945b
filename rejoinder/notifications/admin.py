"""Staff's view of notifications: who follows what, and every mail owed (read-only: the
rows are written by the services and the sender alone)."""

from django.contrib import admin

from rejoinder.notifications.models import Delivery, OutboxMessage, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["subscriber", "thread", "scope", "frequency", "state", "created_at"]
    list_filter = ["state", "scope", "frequency"]
    search_fields = ["subscriber__email", "thread__title"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["subscriber", "comment", "reason", "state", "attempts", "sent_at"]
    list_filter = ["state", "reason"]
    search_fields = ["subscriber__email"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "to", "created_at"]
    search_fields = ["subject", "to"]
