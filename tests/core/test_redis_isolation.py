"""The suite shares a Redis server with developers: clearing its cache between tests must
leave every other key in the database alone (Django's own clear() is FLUSHDB)."""

import os

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="runs when REDIS_URL is set (CI's second pass)"
)


def test_clearing_the_cache_keeps_keys_that_are_not_the_suites():
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.set("a-developers-own-key", "keep me", ex=60)
    cache.set("the-suites-key", "drop me")

    cache.clear()

    assert cache.get("the-suites-key") is None
    assert client.get("a-developers-own-key") == b"keep me"
    client.delete("a-developers-own-key")
