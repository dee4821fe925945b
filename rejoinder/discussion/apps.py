from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "rejoinder.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self) -> None:
        # Every receiver of the discussion is wired here, in one place.
        from django.db.models.signals import post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished

        from rejoinder.discussion import receivers
        from rejoinder.publishing.models import ArticlePage, Author

        page_published.connect(
            receivers.open_thread_on_publish,
            sender=ArticlePage,
            dispatch_uid="discussion.open_thread_on_publish",
        )
        page_unpublished.connect(
            receivers.renew_pages_on_unpublish,
            sender=ArticlePage,
            dispatch_uid="discussion.renew_pages_on_unpublish",
        )
        post_save.connect(
            receivers.renew_pages_under_restriction,
            sender=PageViewRestriction,
            dispatch_uid="discussion.renew_pages_under_restriction",
        )
        post_save.connect(
            receivers.renew_pages_of_author,
            sender=Author,
            dispatch_uid="discussion.renew_pages_of_author",
        )
