from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "rejoinder.publishing"
    label = "publishing"
    verbose_name = "Publishing"
