from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "rejoinder.interop"
    label = "interop"
    verbose_name = "Import and export"
