"""What an operator reads when something goes wrong: a request id on every answer and on
every log line written meanwhile, Prometheus metrics, and errors sent to Sentry."""

import gzip
import http.server
import logging
import os
import subprocess
import sys
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from rejoinder.core import metrics
from rejoinder.core.metrics import OuterApplication
from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import django_requests, whole_app


def test_every_response_carries_a_fresh_request_id(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(client, db):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f1c2a9b")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "nginx-4f1c2a9b"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(replaced["X-Request-ID"]) == 32


def test_log_lines_carry_time_level_logger_and_the_request_id(client, db, caplog):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-0123456789")
    assert response.status_code == 404

    # Formatted by the console handler the settings configure, filter included.
    console = next(h for h in logging.getLogger().handlers if h.filters)
    lines = []
    for record in caplog.records:
        console.filter(record)
        lines.append(console.format(record))
    access = next(line for line in lines if "rejoinder.access" in line)
    day, stamp, level, logger_name, request_id, *message = access.split(" ")
    assert len(day) == 10 and stamp.count(":") == 2  # 2026-11-30 07:55:08,123
    assert (level, logger_name, request_id) == ("INFO", "rejoinder.access", "[trace-0123456789]")
    assert message[:3] == ["GET", "/no-such-page/", "404"]
    warning = next(line for line in lines if "Not Found" in line)
    assert "WARNING django.request [trace-0123456789]" in warning


def kept_page_answering(*headers):
    """A WSGI application answering as a page kept in memory does, with `headers`."""

    def kept_page(environ, start_response):
        start_response("200 OK", list(headers))
        return [b"page"]

    return kept_page


def test_pages_answered_from_memory_get_an_id_of_their_own(unscreened, thread, say):
    """A page is kept in memory from one reader's answer: every later reader gets one id of
    their own, the proxy's when it is sane."""
    say("Kept for the next readers.")
    app = OuterApplication(whole_app())

    def read(**headers):
        return call(
            app,
            f"/api/v1/threads/{thread.pk}/comments",
            cookies=f"csrftoken={SECRET}",
            htmx=False,
            headers=headers,
        )

    first = read()
    with django_requests() as through_django:
        second, third = read(), read()
        proxied = read(HTTP_X_REQUEST_ID="nginx-4f1c2a9b")
        hostile = read(HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert not through_django

    ids = [answer.header("x-request-id") for answer in (first, second, third, proxied, hostile)]
    assert all(len(each) == 1 for each in ids), ids
    [first_id], [second_id], [third_id], [proxied_id], [hostile_id] = ids
    assert len({first_id, second_id, third_id}) == 3
    assert all(len(each) == 32 for each in (first_id, second_id, third_id, hostile_id))
    assert proxied_id == "nginx-4f1c2a9b"
    assert "<" not in hostile_id


def sample(name: str, **labels) -> float:
    """The current value of a metric, summed over every process that wrote one."""
    from prometheus_client.parser import text_string_to_metric_families

    total = 0.0
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                total += found.value
    return total


def test_metrics_are_refused_to_readers_and_shown_to_staff(client, db):
    assert client.get("/metrics").status_code == 403

    client.force_login(get_user_model().objects.create_user("ops", is_staff=True))
    response = client.get("/metrics")

    assert response.status_code == 200
    assert "rejoinder_request_duration_seconds" in response.content.decode()
    assert "rejoinder_jobs_queued" in response.content.decode()


def test_a_scraper_needs_the_metrics_token(client, db, settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    answered = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789")
    assert answered.status_code == 200


def test_request_latency_is_counted_by_view(client, db):
    before = sample("rejoinder_request_duration_seconds_count", view="healthz", method="GET")

    client.get("/healthz")
    client.get("/healthz")

    after = sample("rejoinder_request_duration_seconds_count", view="healthz", method="GET")
    assert after == before + 2


def test_comments_posted_are_counted_once_committed(say):
    before = sample("rejoinder_comments_posted_total", state="visible")

    say("Counted.")

    assert sample("rejoinder_comments_posted_total", state="visible") == before + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queue_depth_and_mail_by_state_come_from_the_database(settings, thread, say):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = sample("rejoinder_jobs_queued", queue="default")

    from rejoinder.notifications.models import Delivery, DeliveryState

    say("A comment whose mail job waits for the worker.")
    queued = sample("rejoinder_jobs_queued", queue="default")
    assert queued >= before + 1

    call_command("run_worker", "--once")
    assert sample("rejoinder_jobs_queued", queue="default") == 0
    assert Delivery.objects.filter(state=DeliveryState.FAILED).count() == sample(
        "rejoinder_mail_deliveries", state="failed"
    )


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


SENTRY_PROBE = """
import django, sentry_sdk
django.setup()
try:
    raise RuntimeError("probe failure 7f3a")
except RuntimeError as error:
    sentry_sdk.capture_exception(error)
sentry_sdk.flush(timeout=10)
"""


def test_with_sentry_dsn_set_errors_reach_the_sentry_server(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "rejoinder.settings",
        "DATA_DIR": str(tmp_path),
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42",
    }
    try:
        finished = subprocess.run(
            [sys.executable, "-c", SENTRY_PROBE], env=environment, capture_output=True, timeout=60
        )
    finally:
        server.shutdown()

    assert finished.returncode == 0, finished.stderr
    assert any(b"probe failure 7f3a" in body for body in _Collector.received)


def test_pages_answered_from_memory_are_timed_but_logged_only_when_asked(caplog, db):
    from rejoinder.core.metrics import kept_pages_log

    kept_page = OuterApplication(kept_page_answering())
    before = sample("rejoinder_request_duration_seconds_count", view="shared_reads")
    environ = {"PATH_INFO": "/discussion/1/comments/", "REQUEST_METHOD": "GET"}
    with caplog.at_level(logging.INFO, logger="rejoinder.access"):
        kept_page(dict(environ), lambda *args: None)
    assert sample("rejoinder_request_duration_seconds_count", view="shared_reads") == before + 1
    assert not [r for r in caplog.records if r.name == "rejoinder.access.kept"]

    kept_pages_log.setLevel(logging.INFO)  # what LOG_KEPT_PAGES=1 configures
    try:
        with caplog.at_level(logging.INFO, logger="rejoinder.access"):
            kept_page({**environ, "HTTP_X_REQUEST_ID": "trace-0123456789"}, lambda *args: None)
    finally:
        kept_pages_log.setLevel(logging.WARNING)
    [record] = [r for r in caplog.records if r.name == "rejoinder.access.kept"]
    line = record.getMessage()
    assert line.startswith("GET /discussion/1/comments/ 200") and "(kept page)" in line
    assert line.endswith("[trace-0123456789]")


def bucket_counts(view: str) -> dict:
    """The latency histogram's samples for `view`: cumulative buckets by bound, count, sum."""
    from prometheus_client.parser import text_string_to_metric_families

    found = {}
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for each in family.samples:
            if each.name.startswith("rejoinder_request_duration") and each.labels["view"] == view:
                found[(each.name, each.labels.get("le"))] = each.value
    return found


def test_pages_answered_from_memory_fall_in_the_buckets_histogram_observe_chooses(db):
    """The kept pages' latency is written without Histogram.observe: the same seconds,
    bounds included, must show in /metrics as observe shows them."""
    from rejoinder.core.metrics import REQUEST_LATENCY, _KeptPageLatency

    ours = _KeptPageLatency(REQUEST_LATENCY.labels("bucket-test-ours", "GET", "2xx"))
    library = REQUEST_LATENCY.labels("bucket-test-library", "GET", "2xx")
    before_ours, before_library = (
        bucket_counts("bucket-test-ours"),
        bucket_counts("bucket-test-library"),
    )

    for seconds in (0.0, 0.00004, 0.005, 0.0050001, 0.1, 2.5, 10, 10.5, 3600):
        ours.observe(seconds)
        library.observe(seconds)

    def added(after, before):
        return {key: value - before.get(key, 0) for key, value in after.items()}

    ours_added = added(bucket_counts("bucket-test-ours"), before_ours)
    library_added = added(bucket_counts("bucket-test-library"), before_library)
    assert ours_added == library_added
    assert ours_added[("rejoinder_request_duration_seconds_bucket", "0.005")] == 3
    assert ours_added[("rejoinder_request_duration_seconds_count", None)] == 9
