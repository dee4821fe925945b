"""The live process as `rejoinder serve` starts it (cli.live_command, with its own settings):
it loads the events table and not the site — no Wagtail, no discussion app — and an event
the site publishes reaches a reader of its stream."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from rejoinder.cli import live_command, live_environment
from rejoinder.discussion.models import Thread
from rejoinder.live import bus, stream

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x-test-secret-key-0123456789-abcdefghij"


def test_the_stream_names_the_tables_of_threads_pages_and_restrictions_the_site_uses():
    article_model = Thread._meta.get_field("article").related_model
    assert Thread._meta.db_table == stream.THREAD_TABLE
    assert article_model._meta.get_field("live").model._meta.db_table == stream.PAGE_TABLE
    assert PageViewRestriction._meta.db_table == stream.RESTRICTION_TABLE


def test_the_live_settings_load_the_events_and_not_the_site(tmp_path):
    probe = (
        "import sys, rejoinder.live.asgi\n"
        "heavy = ('wagtail', 'allauth', 'rejoinder.discussion', 'django.contrib.admin')\n"
        "print(sorted(name for name in sys.modules if name.startswith(heavy)))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", probe],
        env=live_environment() | {"DATA_DIR": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "[]"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """This test's database, as the live process is told of it."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def wait_for(address: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(address, timeout=2)
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        else:
            return


def next_message(reader) -> dict[str, str]:
    """The next Server-Sent Events message's fields (comment lines, heartbeats, skipped)."""
    fields = {}
    while True:
        line = reader.readline()
        assert line, "the stream ended"
        text = line.decode().rstrip("\n")
        if not text and fields:
            return fields
        if text and not text.startswith(":"):
            name, _, value = text.partition(": ")
            fields[name] = value


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_event_the_site_publishes_reaches_a_reader_of_the_live_process(
    thread, settings, tmp_path
):
    settings.SERVER_HOST = "127.0.0.1"
    settings.LIVE_PORT = free_port()
    environment = live_environment() | {
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "SECRET_KEY": os.environ.get("SECRET_KEY", SECRET),
        "LIVE_DATABASE_POLL_SECONDS": "0.1",
    }
    live = subprocess.Popen(live_command(), env=environment, cwd=ROOT)
    address = f"http://127.0.0.1:{settings.LIVE_PORT}/live/stream/"
    try:
        wait_for(f"{address}?thread=0")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{address}?thread=424242", timeout=5)
        assert missing.value.code == 404

        with urllib.request.urlopen(f"{address}?thread={thread.pk}", timeout=10) as reader:
            assert "retry" in next_message(reader)
            assert next_message(reader)["event"] == "ready"
            event_id = bus.publish(thread_id=thread.pk, data={"kind": "closed", "closed": True})
            sent = next_message(reader)

        assert sent["id"] == str(event_id)
        assert json.loads(sent["data"]) == {"kind": "closed", "closed": True}
    finally:
        live.terminate()
        live.wait(timeout=10)
