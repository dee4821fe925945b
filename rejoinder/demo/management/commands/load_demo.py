from django.core.management.base import BaseCommand

from rejoinder.demo.loader import EDITOR_PASSWORD, EDITOR_USERNAME, demo_is_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo publication (once: an existing publication is left as it is)."

    def handle(self, *args, **options) -> None:
        if demo_is_loaded():
            self.stdout.write("A publication exists already; the demo was not loaded again.")
            return
        load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo publication loaded. Editor login: {EDITOR_USERNAME} / {EDITOR_PASSWORD}"
            )
        )
