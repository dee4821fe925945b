"""The store of rate-limit counters without Redis: a cache backend on a table of our own.

django-ratelimit counts in a cache (`add` a window's key, then `incr` it). Django's
DatabaseCache would share the counts between server processes, but its `incr` reads, adds
and writes back a pickled value, so two processes counting at once lose a count, and it
needs `createcachetable`. Here a counter is a plain integer column, incremented in one UPDATE,
which every database does atomically; the table comes with the migrations. It holds
counters only: `set` of anything but an integer is refused.

`count_many` counts all of a request's counters in one statement (core/limits.py), where
`add` and `incr` take two or three each.
"""

import threading
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from rejoinder.core.models import LimitCounter

# A counter without a timeout lives until this date (rate limits always give one).
FOREVER = datetime(9999, 1, 1, tzinfo=UTC)
# `count_many` restarts an expired counter in place; rows of keys never counted again are
# swept at most this often by each server thread.
SWEEP_SECONDS = 60


@lru_cache(maxsize=16)
def _count_sql(vendor: str, rows: int) -> str:
    """count_many's upsert of `rows` counters, written once per process: every vote runs it."""
    table, key_, count, expires = map(
        connection.ops.quote_name, (LimitCounter._meta.db_table, "key", "count", "expires_at")
    )
    live = f"{table}.{expires} > %s"
    return (
        f"INSERT INTO {table} ({key_}, {count}, {expires}) VALUES "
        f"{', '.join(['(%s, 1, %s)'] * rows)} "
        f"ON CONFLICT ({key_}) DO UPDATE SET "
        f"{count} = CASE WHEN {live} THEN {table}.{count} + 1 ELSE 1 END, "
        f"{expires} = CASE WHEN {live} THEN {table}.{expires} ELSE excluded.{expires} END "
        f"RETURNING {key_}, {count}"
    )


class CounterCache(BaseCache):
    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)
        self._swept_at = time.monotonic()
        self._sweeping = threading.Lock()

    def _expiry(self, timeout) -> datetime:
        expires = self.get_backend_timeout(timeout)
        return FOREVER if expires is None else datetime.fromtimestamp(expires, tz=UTC)

    def _live(self, key: str, version: int | None):
        key = self.make_and_validate_key(key, version=version)
        return LimitCounter.objects.filter(key=key, expires_at__gt=datetime.now(tz=UTC))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Start a counter unless a live one exists. Expired counters are swept here: a new
        window is the moment the old ones stop mattering."""
        key = self.make_and_validate_key(key, version=version)
        now = datetime.now(tz=UTC)
        try:
            with transaction.atomic():
                LimitCounter.objects.filter(expires_at__lte=now).delete()
                LimitCounter.objects.create(
                    key=key, count=int(value), expires_at=self._expiry(timeout)
                )
        except IntegrityError:  # a live counter, or another process just started it
            return False
        return True

    def count_many(self, timeouts: dict[str, int]) -> dict[str, int]:
        """Add one to each counter, starting it at 1 (with its timeout in seconds) when it
        is missing or its window is over; the counts after adding. One upsert statement,
        atomic on SQLite and PostgreSQL alike: concurrent processes never lose a count."""
        now = datetime.now(tz=UTC)
        self._sweep(now)
        stamp = connection.ops.adapt_datetimefield_value  # costly on SQLite: once per value
        expiries = {
            timeout: stamp(now + timedelta(seconds=timeout)) for timeout in set(timeouts.values())
        }
        # Keys come from core.limits ("rl:" and a hash): nothing for validation to warn of.
        names = {self.make_key(key): key for key in timeouts}
        params = [value for name, key in names.items() for value in (name, expiries[timeouts[key]])]
        now_stamp = stamp(now)
        params += [now_stamp, now_stamp]
        # A transaction of its own, so that on SQLite it queues with the process's other
        # writers (core/backends/sqlite3) instead of in SQLite's busy handler; or the
        # caller's (limits.counted_with_write), joined without a savepoint: a count that
        # fails fails the request anyway.
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(_count_sql(connection.vendor, len(names)), params)
            return {names[name]: count for name, count in cursor.fetchall()}

    def _sweep(self, now: datetime) -> None:
        """Drop expired counters now and then: every new window is a new key."""
        if time.monotonic() - self._swept_at < SWEEP_SECONDS or not self._sweeping.acquire(
            blocking=False
        ):
            return
        try:
            self._swept_at = time.monotonic()
            LimitCounter.objects.filter(expires_at__lte=now).delete()
        finally:
            self._sweeping.release()

    def get(self, key, default=None, version=None):
        count = self._live(key, version).values_list("count", flat=True).first()
        return default if count is None else count

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        LimitCounter.objects.update_or_create(
            key=key, defaults={"count": int(value), "expires_at": self._expiry(timeout)}
        )

    def incr(self, key, delta=1, version=None) -> int:
        """Add `delta` in one UPDATE, so concurrent processes never lose a count."""
        live = self._live(key, version)
        if not live.update(count=F("count") + delta):
            raise ValueError(f"Key '{key}' not found")
        count = live.values_list("count", flat=True).first()
        if count is None:  # expired between the two statements: the window is over
            raise ValueError(f"Key '{key}' not found")
        return count

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return bool(self._live(key, version).update(expires_at=self._expiry(timeout)))

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        deleted, _ = LimitCounter.objects.filter(key=key).delete()
        return bool(deleted)

    def has_key(self, key, version=None) -> bool:
        return self._live(key, version).exists()

    def clear(self) -> None:
        LimitCounter.objects.all().delete()
