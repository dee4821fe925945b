from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "rejoinder.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Every receiver of moderation is wired here, in one place.
        from django.db.models.signals import post_delete, post_save

        from rejoinder.moderation import receivers
        from rejoinder.moderation.models import CategoryPolicy, ModerationSettings
        from rejoinder.moderation.rules import bump_rules_revision

        for model in (ModerationSettings, CategoryPolicy):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.renew_pages_after_rules_change,
                    sender=model,
                    dispatch_uid=f"moderation.renew_pages.{model.__name__}.{signal is post_save}",
                )
                # Every process keeps the rules in memory until this token changes.
                signal.connect(
                    bump_rules_revision,
                    sender=model,
                    dispatch_uid=f"moderation.rules.{model.__name__}.{signal is post_save}",
                )
