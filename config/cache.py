"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's own builds a new `redis.Redis` client (and its table of response callbacks) for every call, about 0.2 ms
each; the catalogue calls the cache several times a request. The client is safe to share between threads, and its
connection pool notices a fork, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClientCacheClient
