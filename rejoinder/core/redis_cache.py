"""Django's Redis cache, with one redis-py client per connection pool.

Django's RedisCacheClient builds a new redis-py client on every cache call, and building one
copies redis-py's table of response callbacks (about 170 entries): on PostgreSQL + Redis
that was a tenth of a vote's CPU, spent on the one cache read a vote makes (Wagtail's site
root paths, for the address it redirects to) (#16). The clients share the pool's connections
as before; a redis-py client is safe to share between threads."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write: bool = False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusedClients
