"""The background worker: runs queued jobs, publishes scheduled articles on time, and on the
same interval sends notification mail that has come due (grouped bursts, retries, digests)
and closes discussions past their category's closing age."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from rejoinder.moderation import offensive

logger = logging.getLogger("rejoinder.worker")


def publish_due_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's
    own command, so scheduling behaves exactly as the editor's admin shows it)."""
    close_old_connections()
    try:
        call_command("publish_scheduled", verbosity=0)
    finally:
        close_old_connections()


def send_due_mail() -> None:
    """Send notification mail that has come due: grouped bursts, retries, daily digests."""
    close_old_connections()
    try:
        call_command("send_notifications", verbosity=0)
    finally:
        close_old_connections()


def close_due_discussions() -> None:
    """Close discussions whose article is past its category's closing age (moderation's
    close action: logged, and the thread's cached pages change)."""
    close_old_connections()
    try:
        call_command("close_discussions", verbosity=0)
    finally:
        close_old_connections()


def export_offensive_model() -> None:
    """Web processes score with the exported model; after an upgrade of the package (or a
    skipped setup) the worker exports it, so that they need not import scikit-learn."""
    try:
        offensive.ensure_model()
    except Exception:
        # Not fatal: a web process that finds no model exports it itself.
        logger.exception("Exporting the offensive-language model failed")


def run_jobs(*, burst: bool) -> None:
    """Process queued jobs with the backend the settings chose; `burst` exits when idle."""
    if settings.REDIS_URL:
        call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=burst)
    else:
        options = {"batch": True, "startup_delay": False} if burst else {}
        call_command("db_worker", **options)


class Command(BaseCommand):
    help = "Run queued jobs (mail, imports) and publish scheduled articles on time."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Publish what is due and run every queued job, then exit.",
        )

    def handle(self, *args, once: bool = False, **options) -> None:
        export_offensive_model()
        if once:
            publish_due_pages()
            close_due_discussions()
            run_jobs(burst=True)
            send_due_mail()
            return
        stop = threading.Event()
        scheduler = threading.Thread(
            target=self.publish_periodically, args=(stop,), name="scheduler", daemon=True
        )
        scheduler.start()
        try:
            run_jobs(burst=False)
        finally:
            stop.set()

    def publish_periodically(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                publish_due_pages()
            except Exception:
                # A failed pass (a locked database, say) is retried on the next tick.
                logger.exception("Scheduled publishing failed; retrying next interval")
            try:
                close_due_discussions()
            except Exception:
                # Readers already see such threads closed; the next pass closes them.
                logger.exception("Closing due discussions failed; retrying next interval")
            try:
                send_due_mail()
            except Exception:
                # Undelivered rows stay pending with a backoff; a later pass sends them.
                logger.exception("Sending notification mail failed; retrying next interval")
            stop.wait(settings.SCHEDULED_PUBLISHING_INTERVAL)
