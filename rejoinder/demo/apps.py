from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rejoinder.demo"
    label = "demo"
    verbose_name = "Demo content"
