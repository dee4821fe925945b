from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "rejoinder.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self) -> None:
        # Every receiver of the discussion is wired here, in one place.
        from wagtail.signals import page_published

        from rejoinder.discussion import receivers
        from rejoinder.publishing.models import ArticlePage

        page_published.connect(
            receivers.open_thread_on_publish,
            sender=ArticlePage,
            dispatch_uid="discussion.open_thread_on_publish",
        )
