"""Send notification mail that has come due: bursts held back for grouping, retries after
a failure, and (once a day) the digests. `rejoinder worker` runs it on an interval."""

from django.core.management.base import BaseCommand

from rejoinder.notifications import delivery


class Command(BaseCommand):
    help = "Send due notification mail: grouped bursts, retries and daily digests."

    def handle(self, *args, **options) -> None:
        # Each pass runs even if the other fails; the failure is reported after both.
        failures = []
        for send in (delivery.send_due, delivery.send_digests):
            try:
                send()
            except delivery.DeliveryFailed as error:
                failures.append(error)
        if failures:
            raise failures[0]
