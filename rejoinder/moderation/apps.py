from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "rejoinder.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Every receiver of moderation is wired here, in one place.
        from django.db.models.signals import post_delete, post_save

        from rejoinder.moderation import receivers
        from rejoinder.moderation.models import CategoryPolicy, ModerationSettings, SpamModel

        for model in (ModerationSettings, CategoryPolicy):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.rules_changed,
                    sender=model,
                    dispatch_uid=f"moderation.rules_changed.{model.__name__}.{signal is post_save}",
                )
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.spam_model_changed,
                sender=SpamModel,
                dispatch_uid=f"moderation.spam_model_changed.{signal is post_save}",
            )
