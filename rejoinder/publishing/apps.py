from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "rejoinder.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        # Every change that can alter listings, related articles or the category links
        # starts a new publication revision; all of them are wired here, in one place.
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from rejoinder.publishing.models import Author, PublicationSettings
        from rejoinder.publishing.receivers import start_new_revision, start_new_revision_on_change

        for signal, sender, name in [
            (page_published, None, "published"),
            (page_unpublished, None, "unpublished"),
            (post_page_move, None, "moved"),
            (post_delete, Page, "page_deleted"),
            # Privacy settings change what .public() lets through, without a publish.
            (post_save, PageViewRestriction, "restriction_saved"),
            (post_delete, PageViewRestriction, "restriction_deleted"),
            # A site's root or hostname changes every page's URL.
            (post_save, Site, "site_saved"),
            (post_delete, Site, "site_deleted"),
            # Cards show their author's name.
            (post_save, Author, "author_saved"),
            (post_delete, Author, "author_deleted"),
            # Rendered article bodies show images (inline_tags keeps them per revision).
            (post_save, get_image_model(), "image_saved"),
            (post_delete, get_image_model(), "image_deleted"),
        ]:
            signal.connect(
                start_new_revision, sender=sender, dispatch_uid=f"publishing.revision.{name}"
            )
        # Every page shows the publisher's name and tagline (kept whole: shared_reads).
        post_save.connect(
            start_new_revision_on_change,
            sender=PublicationSettings,
            dispatch_uid="publishing.revision.settings_saved",
        )
