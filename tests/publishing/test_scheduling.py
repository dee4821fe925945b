"""Scheduled articles go live when the worker runs after their time has come."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.builders import make_article

# Transactional tests flush the database; serialized rollback restores what Wagtail's
# migrations created (the page tree root, the root collection, the locale).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_worker_publishes_a_due_article_and_keeps_a_future_one(client, settings, opinion):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    due = make_article(opinion, title="Due", go_live_at=timezone.now() + timedelta(seconds=2))
    later = make_article(opinion, title="Later", go_live_at=timezone.now() + timedelta(days=1))
    assert client.get(f"/opinion/{due.slug}/").status_code == 404

    time.sleep(2.5)
    call_command("run_worker", "--once")

    assert client.get(f"/opinion/{due.slug}/").status_code == 200
    assert client.get(f"/opinion/{later.slug}/").status_code == 404
    assert "Due" in client.get("/").content.decode()
