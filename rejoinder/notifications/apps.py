from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rejoinder.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Every receiver of the discussion's announcements is wired here, in one place.
        from rejoinder.discussion.signals import comment_posted
        from rejoinder.notifications import receivers

        comment_posted.connect(receivers.queue_fan_out, dispatch_uid="notifications.fan_out")
