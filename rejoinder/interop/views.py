"""The admin's import and export pages (Wagtail admin, staff with the import permission)."""

import io
import tempfile
from datetime import datetime, time

from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from rejoinder.interop import progress, tasks
from rejoinder.interop.formats import WRITERS
from rejoinder.interop.forms import ExportForm, ImportForm
from rejoinder.interop.models import ImportRun, ImportStatus
from rejoinder.interop.summary import Summary

PERMISSION = "interop.add_importrun"
MAX_LISTED_RUNS = 50


@permission_required(PERMISSION, raise_exception=True)
def imports(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            upload=upload,
            original_name=upload.name[:255],
            format=form.cleaned_data["format"],
            site=site.key if (site := form.cleaned_data["site"]) else "",
            dry_run=form.cleaned_data["dry_run"],
            started_by=request.user,
        )
        transaction.on_commit(lambda: tasks.run_import.enqueue(run_id=run.pk))
        return redirect("interop:import", run_id=run.pk)
    runs = ImportRun.objects.select_related("started_by")[:MAX_LISTED_RUNS]
    return render(
        request,
        "interop/imports.html",
        {"form": form, "export_form": ExportForm(), "runs": runs},
    )


@permission_required(PERMISSION, raise_exception=True)
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=run_id)
    return render(request, "interop/import.html", {"run": run, **_state(run)})


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def import_state(request: HttpRequest, run_id: int) -> JsonResponse:
    """What the progress page polls: status, how far, and the summary once done."""
    return JsonResponse(_state(get_object_or_404(ImportRun, pk=run_id)))


def _state(run: ImportRun) -> dict:
    finished = run.status in (ImportStatus.DONE, ImportStatus.FAILED)
    moved = progress.read(run.pk) if not finished else {"done": 1, "total": 1, "records": 0}
    lines = _summary(run.summary).lines() if run.summary else []
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "done": moved["done"],
        "total": moved["total"],
        "records": moved["records"],
        "error": run.error,
        "summary": lines,
        "finished": finished,
    }


def _summary(saved: dict) -> Summary:
    from collections import Counter

    return Summary(
        source=saved.get("source", ""),
        format=saved.get("format", ""),
        dry_run=saved.get("dry_run", False),
        counts={kind: Counter(counts) for kind, counts in saved.get("counts", {}).items()},
        skips=saved.get("skips", []),
        repairs=saved.get("repairs", []),
        not_listed=saved.get("not_listed", 0),
    )


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = form.cleaned_data["format"]
    since = form.cleaned_data["since"]
    since_at = timezone.make_aware(datetime.combine(since, time.min)) if since else None
    site = form.cleaned_data["site"]
    # Written to a temporary file and sent from it: a large site's export is not held in
    # memory, and the file is gone once sent (FileResponse closes it).
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
        WRITERS[name].write(text, since=since_at, site=site)
        text.flush()
        text.detach()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    extension = "jsonl" if name == "rejoinder" else "xml"
    stamp = timezone.now().strftime("%Y-%m-%d")
    of = f"-{site.key}" if site else ""
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"discussions{of}-{stamp}.{extension}",
        content_type=WRITERS[name].MEDIA_TYPE,
    )
