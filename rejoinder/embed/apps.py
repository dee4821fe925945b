from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "rejoinder.embed"
    label = "embed"
    verbose_name = "Embedding on other sites"
