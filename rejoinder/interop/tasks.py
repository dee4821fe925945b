"""The admin's imports run here, in the worker: a large file takes minutes."""

from pathlib import Path

from django.utils import timezone
from django_tasks import task

from rejoinder.interop import progress
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.models import ImportRun, ImportStatus
from rejoinder.interop.service import import_file


@task()
def run_import(*, run_id: int) -> str:
    """Import an uploaded file once: a run already started (a retried job) is left alone."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "already started"
    run = ImportRun.objects.get(pk=run_id)
    last_records = [0]

    def report(done: int, total: int, records: int) -> None:
        last_records[0] = records or last_records[0]
        progress.write(run_id, done=done, total=total, records=last_records[0])

    try:
        summary = import_file(
            path=Path(run.upload.path),
            format=run.format,
            dry_run=run.dry_run,
            site=run.site,
            progress=report,
        )
    except ImportFileError as error:
        run.status, run.error = ImportStatus.FAILED, error.message
    except Exception as error:
        # Anything unforeseen is still told on the page, not only in the worker's log.
        run.status, run.error = ImportStatus.FAILED, f"the import stopped: {error}"
        raise
    else:
        run.status, run.summary = ImportStatus.DONE, summary.as_dict()
    finally:
        run.finished_at = timezone.now()
        # The upload holds readers' names and addresses: once imported (or refused) it is
        # not kept; the summary stays.
        run.upload.delete(save=False)
        run.save(update_fields=["status", "error", "summary", "finished_at", "upload"])
        progress.forget(run_id)
    return run.status
