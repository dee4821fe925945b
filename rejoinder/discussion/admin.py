"""Editors' controls: close or reopen a discussion, remove a comment. Every change goes
through the discussion's actions; the admin never edits these rows directly."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rejoinder.discussion import actions
from rejoinder.discussion.models import Comment, CommentState, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "comment_count", "is_closed", "created_at"]
    list_filter = ["is_closed"]
    search_fields = ["title", "key"]
    readonly_fields = [field.name for field in Thread._meta.fields]
    actions = ["close", "reopen"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Close the selected discussions"))
    def close(self, request, queryset) -> None:
        self._set_closed(request, queryset, closed=True)

    @admin.action(description=_("Reopen the selected discussions"))
    def reopen(self, request, queryset) -> None:
        self._set_closed(request, queryset, closed=False)

    def _set_closed(self, request, queryset, *, closed: bool) -> None:
        for thread in queryset:
            actions.set_thread_closed(thread=thread, closed=closed)
        count = queryset.count()
        text = (
            ngettext("%d discussion closed.", "%d discussions closed.", count)
            if closed
            else ngettext("%d discussion reopened.", "%d discussions reopened.", count)
        )
        self.message_user(request, text % count, messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "excerpt", "thread", "state", "score", "created_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["author_name", "author_email", "body"]
    list_select_related = ["thread"]
    readonly_fields = [field.name for field in Comment._meta.fields]
    exclude = ["body_html"]
    actions = ["remove"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting rows would break reply chains and counts; removing keeps both right.
        return False

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return comment.body[:80]

    @admin.action(description=_("Remove the selected comments"))
    def remove(self, request, queryset) -> None:
        removable = queryset.exclude(state__in=[CommentState.REMOVED, CommentState.DELETED])
        count = 0
        for comment in removable:
            actions.remove_comment(comment=comment)
            count += 1
        self.message_user(
            request, ngettext("%d comment removed.", "%d comments removed.", count) % count
        )
