"""Parallel test workers (pytest-xdist, CI's `-n 2`) kept out of each other's way.

Loaded as a plugin (`-p tests.workers` in pyproject's addopts) so that it runs before
pytest-django imports the settings: the metrics directory is read then, by
prometheus-client, before any test could change it. Each worker has its own test database
already (pytest-django names it `test_<name>_gw0`, …); here it gets its own metrics files,
whose counts one test reads before and after, and its own live-events channel, on which a
worker's stream would otherwise be sent another worker's comments (Redis's channels ignore
the database number). The processes a test starts inherit both through the environment.
Its Redis keys get their own prefix in tests/redis_cache.py. A run without workers gets a
channel of its own too, so a site on the same Redis server never hears the suite."""

import os
import shutil
import tempfile

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

os.environ["LIVE_CHANNEL"] = f"rejoinder:live:tests-{WORKER or 'serial'}"
if WORKER:
    os.environ["METRICS_DIR"] = tempfile.mkdtemp(prefix=f"rejoinder-metrics-{WORKER}-")


def pytest_unconfigure(config):
    if WORKER:
        shutil.rmtree(os.environ["METRICS_DIR"], ignore_errors=True)
