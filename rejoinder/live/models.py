"""The events readers' pages are sent, kept a short while for those who reconnect.

Every event is a row: its serial id is the event id browsers send back (Last-Event-ID), and
without Redis the live processes find new events by reading past the last id they saw."""

from django.db import models
from django.utils import timezone


class LiveEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    # A plain number, not a foreign key: an event outlives nothing and locks nothing.
    thread_id = models.BigIntegerField()
    # What a reader's page is sent, as JSON text (events.py says what it may hold).
    data = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["thread_id", "id"], name="live_event_thread")]

    def __str__(self) -> str:
        return f"event {self.id} of thread {self.thread_id}"
