from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rejoinder.core"
    label = "core"
    verbose_name = "Rejoinder core"

    def ready(self) -> None:
        from rejoinder.core import changes, checks, metrics

        checks.register()
        metrics.connect_counters()
        changes.count_own_writes_from_now()
