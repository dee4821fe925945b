from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "rejoinder.moderation"
    label = "moderation"
    verbose_name = "Moderation"
