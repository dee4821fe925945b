"""The shared kernel's one table: rate-limit counters for sites without Redis."""

from django.db import models


class LimitCounter(models.Model):
    """One rate-limit window's count (see core/counters.py). A row of its own per window,
    never a page cache entry, so page traffic cannot evict it."""

    key = models.CharField(max_length=250, primary_key=True)
    count = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
