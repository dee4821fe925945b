"""What imports remember: which record of which source became which comment (so that a
second import of the same file changes nothing), and each import run with its summary."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """One record of a source file, and what it became here. `source` names the origin
    (e.g. "disqus:my-forum"); `source_id` is the record's id in it. `fingerprint` is a hash
    of what the record said last time, so an unchanged record is recognised without
    rewriting it, and a changed one (a newer export) updates its comment."""

    source = models.CharField(max_length=200)
    source_id = models.CharField(max_length=200)
    # Null once the comment has been deleted here: a later import does not bring it back.
    comment = models.ForeignKey(
        "discussion.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_from",
    )
    # What a WordPress post became (its comments' records name their comment instead).
    article = models.ForeignKey(
        "publishing.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="one_record_per_source_id")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """An import started from the admin (uploaded file, background job) and what came of it."""

    upload = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=20, default="auto")
    # The embedding site's key (import --site), or "" for discussions of articles only.
    site = models.CharField(max_length=50, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # The summary (service.Summary.as_dict) once done; the error message if it failed.
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
