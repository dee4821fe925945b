"""Health endpoints for load balancers and orchestrators.

/healthz answers while the process can answer at all (liveness: restart it if not).
/readyz checks what serving needs — the database, the cache, every migration applied, and a
worker that beat recently — and answers 503 with the failing checks named, so an operator
(or a load balancer) sees what is wrong. Reasons are short and fixed: details of a failure
go to the log, with the request id, never to an anonymous caller."""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from rejoinder.core.workers import last_beat

logger = logging.getLogger("rejoinder.health")


class NotReady(Exception):
    """A check's short, public reason for failing."""


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise NotReady("the cache did not keep a value")


def check_migrations() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise NotReady(f"{len(pending)} migration(s) not applied: run `rejoinder setup`")


def check_worker() -> None:
    beat = last_beat()
    if beat is None:
        raise NotReady("no worker has run: start `rejoinder worker`")
    age = timezone.now() - beat
    if age > timedelta(seconds=settings.WORKER_STALE_SECONDS):
        raise NotReady(f"the last worker heartbeat is {int(age.total_seconds())}s old")


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
    "worker": check_worker,
}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except NotReady as reason:
            checks[name] = {"ok": False, "reason": str(reason)}
        except Exception:
            logger.exception("Readiness check %r failed", name)
            checks[name] = {"ok": False, "reason": "failed; see the server log"}
        else:
            checks[name] = {"ok": True}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
