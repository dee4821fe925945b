"""All or nothing, even when the importing process is killed: a real `rejoinder import` in
a child process, killed with SIGKILL while it writes, leaves the database as it was."""

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from rejoinder.discussion.models import Comment
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from tests.interop.conftest import FIXTURES, add_article

ROOT = Path(__file__).resolve().parents[2]


def bench_generator():
    spec = importlib.util.spec_from_file_location("import_disqus", ROOT / "bench/import_disqus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


# serialized_rollback: the flush after a transactional test would take Wagtail's root page
# and locale (made by migrations) from the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_import_leaves_the_database_as_it_was(opinion, harbour_road, tmp_path):
    add_article(opinion, slug="generated-0", title="Generated")
    big = tmp_path / "big.xml"
    bench_generator().write_disqus(big, comments=60_000, threads=1)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(tmp_path),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "rejoinder.cli", "import", str(big)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Without a terminal it says how far it has read: a line as soon as it starts.
        # Waiting for the next line (five seconds on) is too long on a quick machine, where
        # the whole file is in by then; a second and a half after the first, thousands of
        # comments have been written (in batches of 2,000) inside the import's transaction.
        line = child.stdout.readline()
        assert "records read" in line, line
        time.sleep(1.5)
        assert child.poll() is None, "the import finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    assert not Comment.objects.exists()
    assert not ImportedRecord.objects.exists()
    # And the database is usable: the next import goes through.
    summary = import_file(path=FIXTURES / "disqus-small.xml")
    assert summary.counts["comments"]["created"] == 7
