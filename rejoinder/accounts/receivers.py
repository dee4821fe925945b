"""Receivers of changes to accounts, wired in `AccountsConfig.ready`. They call actions;
they never veto anything."""

from rejoinder.discussion.actions import renew_thread_pages
from rejoinder.discussion.models import Comment, Thread


def note_staff_before_save(sender, *, instance, update_fields=None, **kwargs) -> None:
    """Remember whether the account was staff, for `renew_pages_of_new_staff`. A save that
    names its fields without is_staff (a sign-in's last_login) costs nothing."""
    instance._was_staff = None
    if instance.pk is None or (update_fields is not None and "is_staff" not in update_fields):
        return
    was = sender.objects.filter(pk=instance.pk).values_list("is_staff", flat=True).first()
    instance._was_staff = was


def renew_pages_of_new_staff(sender, *, instance, created=False, **kwargs) -> None:
    """An account became staff, or stopped being: its comments carry the "Staff" mark (the
    API's `is_staff` too) on every page of their threads, kept or shared, so those threads
    start a new revision. Nothing else shown depends on staff status (groups are not
    shown), so a change of groups alone renews nothing."""
    was = getattr(instance, "_was_staff", None)
    if created or was is None or was == instance.is_staff:
        return
    commented = Comment.objects.filter(user_id=instance.pk).values("thread_id")
    renew_thread_pages(threads=Thread.objects.filter(pk__in=commented))
