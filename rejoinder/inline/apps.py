from django.apps import AppConfig


class InlineConfig(AppConfig):
    name = "rejoinder.inline"
    label = "inline"
    verbose_name = "Inline feedback"

    def ready(self) -> None:
        # Every receiver of inline feedback is wired here, in one place.
        from wagtail.signals import page_published

        from rejoinder.inline import receivers
        from rejoinder.publishing.models import ArticlePage

        page_published.connect(
            receivers.place_passages_on_publish,
            sender=ArticlePage,
            dispatch_uid="inline.place_passages_on_publish",
        )
