"""`make run` as a newcomer sees it: it says what it is doing, keeps background jobs to a
summary line, and Ctrl+C stops every process within a couple of seconds — also while a
browser holds an idle keep-alive connection (which used to keep the server up for good)."""

import http.client
import logging
import os
import signal
import subprocess
import sys
import time

from rejoinder.core import job_log
from tests.deploy.conftest import ROOT, SECRET, free_port, site_environment, wait_for


def test_ctrl_c_stops_make_run_quickly_and_the_console_stays_readable(demo_site, processes):
    port = free_port()
    environment = site_environment(
        demo_site, SECRET_KEY=SECRET, PORT=str(port), WEB_WORKERS="2", JOB_SUMMARY_SECONDS="1"
    )
    log = processes.directory / "run.log"
    with log.open("wb") as output:
        # Its own process group, as a terminal's foreground job: Ctrl+C reaches all of it.
        run = subprocess.Popen(
            [sys.executable, "-m", "rejoinder.cli", "run"],
            env=environment,
            cwd=ROOT,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", _Watched(run, log))
        # The demo's set-up left search-index jobs queued; the worker runs them and says so.
        _wait_until(lambda: "Background jobs finished:" in log.read_text(), seconds=90)
        browser = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        browser.request("GET", "/")
        assert browser.getresponse().read()

        started = time.monotonic()
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=30)
        stopped_after = time.monotonic() - started
        browser.close()
    finally:
        _kill_group(run.pid)

    console = log.read_text()
    assert stopped_after < 5, f"Ctrl+C took {stopped_after:.1f} s:\n{console[-3000:]}"
    assert _group_is_gone(run.pid), "a process of `rejoinder run` outlived Ctrl+C"
    assert "Setting up (1/4): database tables…" in console
    assert "Setting up (4/4): demo publication…" in console
    assert "state=RUNNING" not in console and "state=SUCCESSFUL" not in console
    assert "Traceback" not in console


def test_finished_jobs_are_counted_and_failures_still_reach_the_console():
    """The console filter drops the runners' per-job lines but never a failure."""
    runner = _job_record(status="SUCCESSFUL", level=logging.INFO)
    started = _job_record(status="RUNNING", level=logging.INFO)
    failed = _job_record(status="FAILED", level=logging.ERROR)
    summarise = job_log.SummariseJobs()
    job_log.take_summary()  # start from nothing

    assert not summarise.filter(started)
    assert not summarise.filter(runner)
    assert not summarise.filter(runner)
    assert summarise.filter(failed)
    assert job_log.take_summary() == "Background jobs finished: 2 (notifications.fan_out × 2)"
    assert job_log.take_summary() is None


def _job_record(*, status: str, level: int) -> logging.LogRecord:
    return logging.LogRecord(
        "django_tasks",
        level,
        __file__,
        1,
        job_log.JOB_MESSAGE,
        ("an-id", "rejoinder.notifications.tasks.fan_out", status),
        None,
    )


class _Watched:
    """What wait_for needs of a process: that it is still running, and its output."""

    def __init__(self, popen: subprocess.Popen, log) -> None:
        self.name = "rejoinder run"
        self.popen = popen
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _wait_until(condition, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def _group_is_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def _kill_group(group: int) -> None:
    if not _group_is_gone(group):
        os.killpg(group, signal.SIGKILL)
