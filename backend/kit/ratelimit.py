"""Requests per minute for machine callers: a token bucket per caller.

One bucket per API client or API token. The bucket holds a minute's worth of requests and refills
continuously, so a caller may burst up to its limit and then goes at the limit's pace. Without Redis
each server process keeps its own buckets and the limit is per process; with QCDC_REDIS_URL the
buckets live in Redis and every process spends from the same one (README: configuration).
"""

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

log = logging.getLogger("qcdc.ratelimit")

KEY_PREFIX = "qcdc:ratelimit:"
# A bucket left alone is full again within a minute, and a full bucket is what a missing key
# stands for: dropping the key after two idle minutes changes no answer.
IDLE_SECONDS = 120
WARN_EVERY_SECONDS = 60.0


class RateLimiter(Protocol):
    async def take(self, caller: str, per_minute: int) -> float:
        """Spend one request of the caller; answers 0 when allowed, else the seconds to wait."""
        ...


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class InProcessRateLimiter:
    def __init__(self) -> None:
        self._buckets: dict[str, _Bucket] = {}

    async def take(self, caller: str, per_minute: int) -> float:
        now = time.monotonic()
        rate = per_minute / 60.0
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = self._buckets[caller] = _Bucket(tokens=float(per_minute), at=now)
        bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / rate

    def forget(self) -> None:
        self._buckets.clear()


# The same bucket as InProcessRateLimiter, read and written in one step so that processes cannot
# interleave. The clock is Redis's (TIME): processes on different hosts do not agree on theirs. It is
# a wall clock and may step back after a failover, hence no negative refill. Redis turns a Lua number
# into an integer on the way out, so the wait leaves as a string.
_TAKE = """
local per_minute = tonumber(ARGV[1])
local rate = per_minute / 60
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or per_minute
local elapsed = math.max(0, now - (tonumber(bucket[2]) or now))
tokens = math.min(per_minute, tokens + elapsed * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return tostring(wait)
"""


class RedisRateLimiter:
    """Buckets in Redis, shared by every process that points at the same server."""

    def __init__(self, client: Redis) -> None:
        self._client = client
        self._script = client.register_script(_TAKE)
        self._fallback = InProcessRateLimiter()
        self._warned_at: float | None = None

    @classmethod
    def from_url(cls, url: str) -> "RedisRateLimiter":
        # Every machine call waits for Redis, so a Redis that hangs must cost little more than one
        # that is gone. The single retry is for a pooled connection Redis has meanwhile closed.
        return cls(Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5,
                                  retry=Retry(NoBackoff(), 1)))

    async def take(self, caller: str, per_minute: int) -> float:
        try:
            return float(await self._script(keys=[KEY_PREFIX + caller], args=[per_minute, IDLE_SECONDS]))
        except RedisError as exc:
            # The limit protects the API and must not take it down when Redis does: the call goes
            # on, held to this process's own bucket, as if QCDC_REDIS_URL were unset.
            self._warn(exc)
            return await self._fallback.take(caller, per_minute)

    async def aclose(self) -> None:
        """A server keeps its connections until it exits; tests that configure Redis close them."""
        await self._client.aclose()

    def _warn(self, exc: RedisError) -> None:
        # Once a minute: while Redis is down every machine call would log it.
        now = time.monotonic()
        if self._warned_at is None or now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            log.warning("Redis is unreachable (%s): rate limits hold per process until it is back",
                        exc)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
