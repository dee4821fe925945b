from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "rejoinder.embed"
    label = "embed"
    verbose_name = "Embedding on other sites"

    def ready(self) -> None:
        # Every receiver of the embed is wired here, in one place.
        from django.db.models.signals import post_save

        from rejoinder.embed import receivers
        from rejoinder.embed.models import Site

        post_save.connect(
            receivers.renew_pages_after_site_change,
            sender=Site,
            dispatch_uid="embed.renew_pages_after_site_change",
        )
