"""The background worker: runs queued jobs, publishes scheduled articles on time, and on the
same interval sends notification mail that has come due (grouped bursts, retries, digests)
and closes discussions past their category's closing age.

Every worker beats (core/workers.py) so that /readyz can tell it is alive; only the one
holding the periodic-jobs lease runs the periodic passes, so two workers started side by
side never publish or send twice, and a spare one takes over when the holder stops."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from rejoinder.core import job_log, workers
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


def report_finished_jobs() -> None:
    """One line for the jobs finished since the last report (core/job_log.py)."""
    if summary := job_log.take_summary():
        logger.info(summary)


def run_jobs(*, burst: bool) -> None:
    """Process queued jobs with the backend the settings chose; `burst` exits when idle."""
    if workers.jobs_on_rq():
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
        self.identity = workers.worker_identity()
        self.started_at = timezone.now()
        self.holding = False  # whether this worker holds the periodic-jobs lease
        export_offensive_model()
        if once:
            self.beat()
            periodic = self.hold_periodic_lease()
            if periodic:
                publish_due_pages()
                close_due_discussions()
            run_jobs(burst=True)
            if periodic:
                send_due_mail()
            self.stop_beating()
            return
        stop = threading.Event()
        self.beat()
        for target in (self.beat_periodically, self.run_periodically, self.report_jobs):
            threading.Thread(target=target, args=(stop,), name=target.__name__, daemon=True).start()
        try:
            run_jobs(burst=False)
        finally:
            stop.set()
            self.stop_beating()
            report_finished_jobs()

    def beat(self) -> None:
        close_old_connections()
        try:
            workers.beat(worker=self.identity, started_at=self.started_at)
        finally:
            close_old_connections()

    def hold_periodic_lease(self) -> bool:
        close_old_connections()
        try:
            return workers.hold_lease(
                name=workers.PERIODIC_JOBS,
                holder=self.identity,
                seconds=settings.WORKER_LEASE_SECONDS,
            )
        finally:
            close_old_connections()

    def stop_beating(self) -> None:
        try:
            workers.forget(worker=self.identity)
        except Exception:
            # The heartbeat goes stale and the lease expires on their own.
            logger.exception("Could not remove this worker's heartbeat and lease")
        finally:
            close_old_connections()

    def beat_periodically(self, stop: threading.Event) -> None:
        """Beat, and renew the lease while a long pass runs, so it never lapses mid-pass."""
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                self.beat()
                if self.holding:
                    self.holding = self.hold_periodic_lease()
            except Exception:
                # A missed beat shows as a stale worker only if the next ones fail too.
                logger.exception("Worker heartbeat failed; retrying")

    def report_jobs(self, stop: threading.Event) -> None:
        while not stop.wait(settings.JOB_SUMMARY_SECONDS):
            report_finished_jobs()

    def run_periodically(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.holding = self.hold_periodic_lease()
            except Exception:
                logger.exception("Could not take the periodic-jobs lease; retrying")
                self.holding = False
            if not self.holding:
                # Another worker runs the periodic passes; ask again at the next interval.
                stop.wait(settings.SCHEDULED_PUBLISHING_INTERVAL)
                continue
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
