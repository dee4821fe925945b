from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rejoinder.core"
    label = "core"
    verbose_name = "Rejoinder core"
