"""Background jobs in the console as one summary line a minute, not two lines a job.

The job runners log every job twice at INFO ("Task id=… state=RUNNING", then SUCCESSFUL):
`make run` printed hundreds of such lines while the demo loaded, burying what needs
attention. Their worker commands set their loggers' levels themselves, so a level in LOGGING
cannot quieten them; a filter on the console handler can. Failures still pass (the runners
log them at ERROR with the traceback); finished jobs are counted here, and the worker prints
the counts once an interval (`take_summary`)."""

import logging
import threading
from collections import Counter

# django_tasks logs every job with this message and (id, module path, status) as arguments.
JOB_MESSAGE = "Task id=%s path=%s state=%s"
JOB_LOGGERS = ("django_tasks", "django.tasks")

_finished: Counter[str] = Counter()
_lock = threading.Lock()


class SummariseJobs(logging.Filter):
    """Drops the per-job INFO lines of the job runners, counting the finished ones."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name not in JOB_LOGGERS or record.levelno > logging.INFO:
            return True
        if record.msg != JOB_MESSAGE or not isinstance(record.args, tuple):
            return True
        _id, path, status = record.args
        if str(status) == "SUCCESSFUL":
            with _lock:
                _finished[_short(str(path))] += 1
        return False


def _short(path: str) -> str:
    """`rejoinder.notifications.tasks.fan_out` → `notifications.fan_out`: enough to tell
    the jobs apart in one line."""
    parts = path.split(".")
    parts = [part for part in parts if part not in ("rejoinder", "tasks")]
    return ".".join(parts[-2:]) if len(parts) > 1 else path


def take_summary() -> str | None:
    """The jobs finished since the last call, as one line (None when there were none)."""
    with _lock:
        finished = _finished.most_common()
        _finished.clear()
    if not finished:
        return None
    total = sum(count for _path, count in finished)
    kinds = ", ".join(f"{path} × {count}" for path, count in finished)
    return f"Background jobs finished: {total} ({kinds})"
