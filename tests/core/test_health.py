"""What an operator's load balancer and orchestrator ask: is the process alive, and is the
site ready to serve (database, cache, migrations, a worker that beats)."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from rejoinder.core import workers
from rejoinder.core.models import WorkerBeat


def test_liveness_answers_without_asking_anything_else(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_without_a_worker_the_site_is_not_ready_and_says_why(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is False
    assert "rejoinder worker" in body["checks"]["worker"]["reason"]


@pytest.mark.django_db
def test_a_worker_that_beat_just_now_makes_the_site_ready(client):
    workers.beat(worker="box:1:abc", started_at=timezone.now())

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"


@pytest.mark.django_db
def test_a_worker_silent_for_too_long_makes_the_site_not_ready(client, settings):
    settings.WORKER_STALE_SECONDS = 60
    WorkerBeat.objects.create(
        worker="box:1:abc",
        started_at=timezone.now() - timedelta(hours=1),
        beat_at=timezone.now() - timedelta(seconds=300),
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert "heartbeat is 300s old" in response.json()["checks"]["worker"]["reason"]


READYZ_PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def readyz_in_a_fresh_process(tmp_path, **variables) -> dict:
    keep = {"PATH", "HOME", "LANG"}
    environment = {key: value for key, value in os.environ.items() if key in keep}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "rejoinder.settings",
        "DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        **variables,
    }
    finished = subprocess.run(
        [sys.executable, "-c", READYZ_PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_an_unmigrated_database_is_named_as_the_reason(tmp_path):
    found = readyz_in_a_fresh_process(tmp_path)

    assert found["status"] == 503
    checks = found["body"]["checks"]
    assert checks["database"] == {"ok": True}
    assert checks["migrations"]["ok"] is False
    assert "migration(s) not applied" in checks["migrations"]["reason"]


def test_an_unreachable_database_is_named_without_leaking_the_error(tmp_path):
    found = readyz_in_a_fresh_process(
        tmp_path,
        DATABASE_URL="postgres://nobody:secret-pw@127.0.0.1:9/nowhere",
        SECRET_KEY="x-test-secret-key-0123456789-abcdefghij",
    )

    assert found["status"] == 503
    checks = found["body"]["checks"]
    assert checks["database"] == {"ok": False, "reason": "failed; see the server log"}
    assert "secret-pw" not in json.dumps(found)
