"""What the background workers leave in the database so that every process can see them:
a heartbeat per worker (readiness checks read it) and leases (one worker at a time runs the
periodic jobs). Both live in the database because it is the one thing every app server and
worker shares, on the embedded single box as at scale."""

from django.db import models


class WorkerBeat(models.Model):
    """The last sign of life of one worker process."""

    worker = models.CharField(max_length=200, unique=True)  # host:pid:random
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker


class Lease(models.Model):
    """A named right held by one worker until `expires_at`, renewed while it lives."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"
