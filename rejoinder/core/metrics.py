"""Prometheus metrics at /metrics (prometheus-client).

`rejoinder serve` runs several granian worker processes, and a scrape reaches any one of
them; per-process metrics would show a different process's numbers on each scrape. So the
counters and histograms use prometheus-client's multiprocess mode: each process writes its
values to a small file in METRICS_DIR (named by its pid, set as PROMETHEUS_MULTIPROC_DIR in
settings before the library loads) and a scrape adds up every file. `rejoinder serve` and
`rejoinder worker` remove the files of processes that are gone when they start.

What the database already knows for every process and machine (jobs waiting, mail sent and
failed, the worker's last heartbeat) is read from it at scrape time instead, so it is right
however many app servers and workers there are."""

import hmac
import logging
import os
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from rejoinder.core.request_id import (
    ENVIRON_KEY,
    HEADER,
    current_request_id,
    request_id_from,
)
from rejoinder.core.workers import jobs_on_rq

access_log = logging.getLogger("rejoinder.access")
# Pages answered from memory, a child of the access log that settings quiet by default
# (LOG_KEPT_PAGES): at thousands a second, their lines cost a quarter of their CPU.
kept_pages_log = logging.getLogger("rejoinder.access.kept")

REQUEST_LATENCY = Histogram(
    "rejoinder_request_duration_seconds",
    "Time to answer a request, by view (Django's view name or route).",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
COMMENTS_POSTED = Counter(
    "rejoinder_comments_posted",
    "Comments written (posted, replied or imported), by the state they were given.",
    ["state"],
)
# The key under which the middleware tells the WSGI wrapper that Django timed the request.
TIMED_KEY = "rejoinder.timed"
ANSWERED_IN_FRONT = "shared_reads"  # the view label of pages answered before Django


def _view_name(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return "unresolved"
    return match.view_name or match.route or "unnamed"


class MetricsMiddleware:
    """Times every request Django handles and writes one access-log line for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        request.META[TIMED_KEY] = True
        status = f"{response.status_code // 100}xx"
        REQUEST_LATENCY.labels(_view_name(request), request.method, status).observe(seconds)
        access_log.info(
            "%s %s %s %.1fms", request.method, request.path, response.status_code, seconds * 1000
        )
        return response


class _KeptPageLatency:
    """REQUEST_LATENCY's child for one (method, status class) of pages answered from memory,
    written as Histogram.observe writes it (the seconds to the sum, one to the first bucket
    whose bound is not below them) without what that costs on every call besides the two
    writes: its check that the labels were given, its exemplar argument and its
    bucket-by-bucket search. The child's values are prometheus-client's own attributes; a
    test compares what /metrics shows with what observe writes."""

    def __init__(self, child: Histogram) -> None:
        self._sum = child._sum
        self._buckets = child._buckets
        self._upper_bounds = tuple(child._upper_bounds)  # ends with +Inf: every value fits

    def observe(self, seconds: float) -> None:
        self._sum.inc(seconds)
        self._buckets[bisect_left(self._upper_bounds, seconds)].inc(1)


class OuterApplication:
    """The outermost WSGI layer: the request id of every answer (core.request_id), and the
    timing and id header of what Django never saw: pages kept in memory
    (discussion.shared_reads), which keeps them without the id of the answer they were kept
    from. One layer, not two: each layer's call, start_response and closure cost every
    answer again."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        # A child for each (method, status class): `labels` checks and converts its values
        # and takes a lock on every call.
        self._latency: dict[tuple[str, str], _KeptPageLatency] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request_id = environ[ENVIRON_KEY] = request_id_from(environ)
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        status_line = None

        def start_with_id(status, headers, exc_info=None):
            nonlocal status_line
            status_line = status
            if TIMED_KEY not in environ:  # else Django's: RequestIdMiddleware set this id
                headers = [*headers, (HEADER, request_id)]
            return start_response(status, headers, exc_info)

        try:
            result = self.app(environ, start_with_id)
            if status_line is not None and TIMED_KEY not in environ:
                self._answered_in_front(environ, status_line, time.perf_counter() - started)
            return result
        finally:
            current_request_id.reset(token)

    def _answered_in_front(self, environ: dict, status_line: str, seconds: float) -> None:
        status = f"{status_line[:1]}xx"
        method = environ.get("REQUEST_METHOD", "")
        latency = self._latency.get((method, status))
        if latency is None:
            child = REQUEST_LATENCY.labels(ANSWERED_IN_FRONT, method, status)
            latency = self._latency[(method, status)] = _KeptPageLatency(child)
        latency.observe(seconds)
        # Asked first: the line's arguments cost as much as the call that drops it.
        if kept_pages_log.isEnabledFor(logging.INFO):
            kept_pages_log.info(
                "%s %s %s %.1fms (kept page) [%s]",
                method,
                environ.get("PATH_INFO", ""),
                status_line[:3],
                seconds * 1000,
                environ[ENVIRON_KEY],
            )


def _count_comment(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        state = str(instance.state)
        transaction.on_commit(lambda: COMMENTS_POSTED.labels(state).inc())


def connect_counters() -> None:
    """Count comments as they are written. The sender is named lazily, so core never
    imports the discussion app it sits below."""
    post_save.connect(_count_comment, sender="discussion.Comment", weak=False)


class DatabaseCollector:
    """Numbers the database holds for every process: jobs waiting, mail by state, and how
    long ago a worker last beat."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        queued = GaugeMetricFamily(
            "rejoinder_jobs_queued", "Background jobs waiting for a worker.", labels=["queue"]
        )
        for queue, count in queue_depths().items():
            queued.add_metric([queue], count)
        yield queued

        if apps.is_installed("rejoinder.notifications"):
            mail = GaugeMetricFamily(
                "rejoinder_mail_deliveries",
                "Notification mails by state (sent, failed = given up, pending, …).",
                labels=["state"],
            )
            delivery = apps.get_model("notifications", "Delivery")
            for row in delivery.objects.values("state").annotate(count=Count("pk")):
                mail.add_metric([row["state"]], row["count"])
            yield mail

        from rejoinder.core.workers import last_beat

        beat = last_beat()
        age = GaugeMetricFamily(
            "rejoinder_worker_heartbeat_age_seconds",
            "Seconds since a worker last beat (absent: no worker has ever run).",
        )
        if beat is not None:
            age.add_metric([], (timezone.now() - beat).total_seconds())
        yield age


def queue_depths() -> dict[str, int]:
    """Jobs waiting, per queue, from whichever backend the settings chose."""
    if jobs_on_rq():
        import django_rq

        return {name: django_rq.get_queue(name).count for name in settings.RQ_QUEUES}
    result = apps.get_model("django_tasks_database", "DBTaskResult")
    return {"default": result.objects.ready().count()}


def remove_dead_process_files(directory: Path) -> None:
    """Drop the value files of processes that no longer run (their pid is in the name)."""
    for path in directory.glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(int(pid), str(directory))
            path.unlink(missing_ok=True)
        except PermissionError:
            pass  # alive, another user's


def exposition() -> bytes:
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(settings.METRICS_DIR))
    registry.register(DatabaseCollector())
    return generate_latest(registry)


def metrics(request: HttpRequest) -> HttpResponse:
    """The scrape endpoint: for staff, or a scraper presenting METRICS_TOKEN as a bearer."""
    token = settings.METRICS_TOKEN
    presented = request.headers.get("Authorization", "")
    allowed = request.user.is_authenticated and request.user.is_staff
    if token and not allowed:
        allowed = hmac.compare_digest(presented.encode(), f"Bearer {token}".encode())
    if not allowed:
        return HttpResponse(
            "Metrics are for staff, or a scraper sending METRICS_TOKEN as a bearer token.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
