"""Close discussions whose article is past its category's closing age (the worker runs this
on its interval; CategoryPolicy.close_after_days)."""

from django.core.management.base import BaseCommand

from rejoinder.moderation.closing import close_due_threads


class Command(BaseCommand):
    help = "Close discussions past their category's closing age."

    def handle(self, *args, **options) -> None:
        closed = close_due_threads()
        if options["verbosity"] > 0:
            self.stdout.write(f"Closed {len(closed)} discussion(s).")
