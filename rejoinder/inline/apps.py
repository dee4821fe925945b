from django.apps import AppConfig


class InlineConfig(AppConfig):
    name = "rejoinder.inline"
    label = "inline"
    verbose_name = "Inline feedback"
