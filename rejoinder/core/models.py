"""What every process must see alike, kept in the database (the one thing every app server
and worker shares, on the embedded single box as at scale): rate-limit counters for sites
without Redis, a heartbeat per worker (readiness checks read it), and leases (one worker at a
time runs the periodic jobs)."""

from django.db import models


class LimitCounter(models.Model):
    """One rate-limit window's count (see core/counters.py). A row of its own per window,
    never a page cache entry, so page traffic cannot evict it."""

    key = models.CharField(max_length=250, primary_key=True)
    count = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"


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
