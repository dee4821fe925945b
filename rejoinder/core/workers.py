"""Heartbeats and leases of the background workers (models in core/models.py).

A worker beats every few seconds; /readyz reports it stale when no worker has beaten
recently. The periodic jobs (scheduled publishing, due mail, closing) run under a lease: a
second worker started by mistake, or a spare one kept warm, waits until the holder stops
renewing, then takes over. A lease row works alike on SQLite and PostgreSQL, where an
advisory lock would tie the right to one database connection's life."""

import os
import socket
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rejoinder.core.models import Lease, WorkerBeat

PERIODIC_JOBS = "periodic-jobs"


def worker_identity() -> str:
    """host:pid:random — unique even when a pid is reused after a restart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def beat(*, worker: str, started_at: datetime) -> None:
    WorkerBeat.objects.update_or_create(
        worker=worker, defaults={"started_at": started_at, "beat_at": timezone.now()}
    )


def forget(*, worker: str) -> None:
    """A worker stopping cleanly removes its heartbeat and gives up its leases at once."""
    WorkerBeat.objects.filter(worker=worker).delete()
    Lease.objects.filter(holder=worker).delete()


def last_beat() -> datetime | None:
    return WorkerBeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def hold_lease(*, name: str, holder: str, seconds: int) -> bool:
    """Take or renew lease `name` for `seconds` if it is free, expired or already ours.

    One conditional UPDATE decides between contenders (the database serialises it); the
    INSERT covers the first time, and a unique-key clash there means someone else won."""
    now = timezone.now()
    expires_at = now + timedelta(seconds=seconds)
    renewed = (
        Lease.objects.filter(name=name)
        .filter(Q(holder=holder) | Q(expires_at__lt=now))
        .update(holder=holder, expires_at=expires_at)
    )
    if renewed:
        return True
    if Lease.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def jobs_on_rq() -> bool:
    """Whether queued jobs wait in Redis (rq) rather than in the database: what the TASKS
    setting chose, which the worker and the queue-depth metric must both follow."""
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
