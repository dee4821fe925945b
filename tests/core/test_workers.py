"""Two workers started side by side: both beat, one runs the periodic jobs, and the other
takes over only when the first stops renewing its lease."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from rejoinder.core import workers
from rejoinder.core.models import Lease, WorkerBeat
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def test_the_first_worker_takes_the_lease_and_the_second_is_refused():
    assert workers.hold_lease(name="periodic-jobs", holder="first", seconds=60)
    assert not workers.hold_lease(name="periodic-jobs", holder="second", seconds=60)
    assert Lease.objects.get(name="periodic-jobs").holder == "first"


def test_the_holder_renews_its_lease():
    workers.hold_lease(name="periodic-jobs", holder="first", seconds=1)
    before = Lease.objects.get().expires_at

    assert workers.hold_lease(name="periodic-jobs", holder="first", seconds=60)
    assert Lease.objects.get().expires_at > before


def test_an_expired_lease_passes_to_the_next_worker_that_asks():
    workers.hold_lease(name="periodic-jobs", holder="first", seconds=60)
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert workers.hold_lease(name="periodic-jobs", holder="second", seconds=60)
    assert not workers.hold_lease(name="periodic-jobs", holder="first", seconds=60)


def test_a_worker_stopping_cleanly_gives_up_its_lease_and_heartbeat():
    workers.beat(worker="first", started_at=timezone.now())
    workers.hold_lease(name="periodic-jobs", holder="first", seconds=60)

    workers.forget(worker="first")

    assert not WorkerBeat.objects.exists()
    assert workers.hold_lease(name="periodic-jobs", holder="second", seconds=60)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_worker_publishes_nothing_while_the_first_holds_the_lease(
    client, settings, opinion
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    due = make_article(opinion, title="Due", go_live_at=timezone.now() + timedelta(seconds=1))
    time.sleep(1.5)
    workers.hold_lease(name=workers.PERIODIC_JOBS, holder="the first worker", seconds=60)

    call_command("run_worker", "--once")
    assert client.get(f"/opinion/{due.slug}/").status_code == 404

    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # it stopped
    call_command("run_worker", "--once")
    assert client.get(f"/opinion/{due.slug}/").status_code == 200
