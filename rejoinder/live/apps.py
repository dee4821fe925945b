from django.apps import AppConfig


class LiveConfig(AppConfig):
    """The live app in the site and its workers, which publish events."""

    default = True
    name = "rejoinder.live"
    label = "live"
    verbose_name = "Live discussion"

    def ready(self) -> None:
        # Every receiver of the discussion's announcements this app hears is wired here.
        from rejoinder.discussion import signals
        from rejoinder.live import receivers

        signals.comment_posted.connect(receivers.comment_posted, dispatch_uid="live.posted")
        signals.comment_changed.connect(receivers.comment_changed, dispatch_uid="live.changed")
        signals.votes_counted.connect(receivers.votes_counted, dispatch_uid="live.votes")
        signals.thread_closed_changed.connect(
            receivers.thread_closed_changed, dispatch_uid="live.closed"
        )


class StreamConfig(AppConfig):
    """The live app in the live process (live/settings.py), which only reads events: no
    receivers, so it loads nothing of the discussion app (nor Wagtail, which that imports)."""

    name = "rejoinder.live"
    label = "live"
    verbose_name = "Live discussion"
