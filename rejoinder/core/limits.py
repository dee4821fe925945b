"""Rate limits on what readers do (post, vote, report, follow), counted in the store
CACHES["limits"] names: shared by every server process, apart from page caches.

Views ask `over_limit` (or `over_limits`, for several rules a request counts against at once)
with a key saying whom the limit is for — `network_key(request)` for the client's network,
with a target after it for "this network on this comment", or an e-mail address — and
answer 429 with Retry-After (`too_many_requests`) when it says wait.

Windows and keys follow django-ratelimit's scheme (a fixed window per rate, its end staggered
by the key, the key stored only as a hash), but all of a request's counters are counted in
one round trip to the store: one statement on the counter table (core/counters.py), one
pipeline on Redis. django-ratelimit's `get_usage` took two per counter, and a vote counts
three.
"""

import hashlib
import re
import time
import zlib
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
# Counters outlive their window by a few seconds, so that a window's last requests never
# find its counter gone (django-ratelimit's EXPIRATION_FUDGE).
EXPIRY_MARGIN = 5


@dataclass(frozen=True)
class Limit:
    """One rule a request counts against: `rate` ("5/m") per `key` within `group`."""

    group: str
    rate: str
    key: str


def split_rate(rate: str) -> tuple[int, int]:
    """("5/m") -> (5, 60): requests allowed, in a window of so many seconds."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"A rate is a count per period, such as 5/m or 100/15m, not {rate!r}.")
    count, multiple, unit = match.groups()
    return int(count), _PERIODS[unit] * int(multiple or 1)


def window_end(key: str, period: int, now: int) -> int:
    """When the current window for `key` ends: windows are aligned to the epoch, then moved
    by a hash of the key, so that not every client's window ends in the same second."""
    if period == 1:
        return now
    end = now - now % period + zlib.crc32(key.encode()) % period
    return end + period if end < now else end


def _store_key(limit: Limit, period: int, count: int, end: int) -> str:
    subject = f"{limit.group}{count}/{period}s{limit.key}{end}"
    return "rl:" + hashlib.sha256(subject.encode()).hexdigest()


def over_limits(*limits: Limit) -> int | None:
    """Count this request against every one of `limits`, all in one round trip. None while
    within all of them (or with limits off); else the seconds until the longest-lasting
    exceeded window ends."""
    return max((wait for wait in limit_waits(*limits) if wait), default=None)


def limit_waits(*limits: Limit) -> list[int | None]:
    """Count this request against every one of `limits`, all in one round trip; for each,
    None while within it (or with limits off), else the seconds until its window ends."""
    if not getattr(settings, "RATELIMIT_ENABLE", True) or not limits:
        return [None] * len(limits)
    now = int(time.time())
    counted: list[tuple[str, int, int, int]] = []  # store key, allowed, period, window end
    for limit in limits:
        allowed, period = split_rate(limit.rate)
        end = window_end(limit.key, period, now)
        counted.append((_store_key(limit, period, allowed, end), allowed, period, end))
    store = caches[settings.RATELIMIT_USE_CACHE]
    counts = count_many(store, {key: period + EXPIRY_MARGIN for key, _, period, _ in counted})
    return [
        # A count the store could not give is a refusal: limits fail closed.
        max(end - now, 1) if counts.get(key) is None or counts[key] > allowed else None
        for key, allowed, _period, end in counted
    ]


def over_limit(request: HttpRequest, *, group: str, rate: str, key: str) -> int | None:
    """Count this request against `rate` ("5/m") for `key` within `group`. None while within
    the limit (or with limits off); else the seconds until the window ends. Callers pass
    hashes of addresses; the store sees the key only as a hash of it."""
    return over_limits(Limit(group, rate, key))


def count_many(store: BaseCache, timeouts: dict[str, int]) -> dict[str, int | None]:
    """Add one to each counter (started at 1 with its timeout when missing or expired), in
    one round trip where the store allows it; the counts after adding."""
    if hasattr(store, "count_many"):  # the counter table
        return store.count_many(timeouts)
    client = _redis_client(store)
    if client is not None:
        names = {key: store.make_and_validate_key(key) for key in timeouts}
        pipeline = client.pipeline(transaction=False)
        for key, timeout in timeouts.items():
            # NX: the first request of a window sets its expiry; later ones only count.
            pipeline.set(names[key], 0, ex=timeout, nx=True)
            pipeline.incr(names[key])
        answers = pipeline.execute()
        return {key: answers[2 * n + 1] for n, key in enumerate(timeouts)}
    counts: dict[str, int | None] = {}
    for key, timeout in timeouts.items():
        if store.add(key, 1, timeout):
            counts[key] = 1
        else:
            try:
                counts[key] = store.incr(key)
            except ValueError:  # expired between the two calls
                counts[key] = 1 if store.add(key, 1, timeout) else None
    return counts


def counted_with_write() -> AbstractContextManager:
    """Where a request's counters and the write they let through share a database (the
    counter table, core/counters.py), one transaction for both: the counters' upsert then
    commits with the write instead of in a commit of its own, which on SQLite was a tenth
    of a vote's CPU (#16). The write's own atomic block becomes a savepoint, so a write
    refused midway rolls back to it and the request stays counted, as before. With Redis
    the counters are not in the database, and nothing is opened."""
    if hasattr(caches[settings.RATELIMIT_USE_CACHE], "count_many"):
        return transaction.atomic()
    return nullcontext()


def _redis_client(store: BaseCache):
    """The redis-py client behind a Redis cache, or None for other stores. The site's Redis
    caches keep one client per connection pool (core.redis_cache), so asking is cheap."""
    get_client = getattr(getattr(store, "_cache", None), "get_client", None)
    return get_client(write=True) if callable(get_client) else None


def too_many_requests(response: HttpResponse, *, retry_after: int) -> HttpResponse:
    """Mark a refusal as a rate limit: 429, and when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response
