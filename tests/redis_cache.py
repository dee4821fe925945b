"""The cache the test suite uses when REDIS_URL is set: the site's Redis cache, but one whose
clear() deletes only the suite's own keys. Django's clear() is FLUSHDB, which would wipe a
Redis database a developer (or their running site) shares with the tests."""

from rejoinder.core.redis_cache import RedisCache
from tests.workers import WORKER

# Parallel workers share the Redis database, so each clears only its own keys.
TEST_KEY_PREFIX = f"rejoinder-tests-{WORKER or 'serial'}"


class OwnKeysRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = self.make_key("*")  # "<prefix>:<version>:*"
        for batch in _batches(client.scan_iter(match=pattern, count=1000)):
            client.delete(*batch)
        return True


def _batches(keys, size: int = 500):
    batch = []
    for key in keys:
        batch.append(key)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def use_own_keys(caches: dict) -> None:
    """Point every Redis cache of the settings at the suite's own key prefix."""
    for alias in caches.values():
        if alias["BACKEND"] == "rejoinder.core.redis_cache.RedisCache":
            alias["BACKEND"] = f"{__name__}.OwnKeysRedisCache"
            alias["KEY_PREFIX"] = f"{TEST_KEY_PREFIX}-{alias.get('KEY_PREFIX', '')}"
