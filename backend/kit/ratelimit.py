"""Requests per minute: a token bucket per caller; and locks earned by repeated failures.

One bucket per caller (an API client, an API token, a client address signing in). The bucket holds
a minute's worth of requests and refills continuously, so a caller may burst up to its limit and then
goes at the limit's pace. A key that fails `limit` times in a row (strikes) is locked for a while.
Without Redis each server process keeps its own buckets and locks, and the limits are per process;
with QCDC_REDIS_URL they live in Redis and every process shares them (README: configuration).
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

    async def strike(self, key: str, limit: int, lock_seconds: int) -> float:
        """Count a failure of the key. The limit-th failure within lock_seconds locks the key for
        lock_seconds, answered; else 0."""
        ...

    async def locked_for(self, key: str) -> float:
        """The seconds the key stays locked; 0 when it is not."""
        ...

    async def forgive(self, key: str) -> None:
        """Forget the key's failures and lift its lock."""
        ...

    async def forgive_all(self, prefix: str) -> None:
        """forgive() every key that starts with prefix."""
        ...


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


# Callers and keys come from the network (any name tried at sign-in): what no longer counts is
# dropped once every this many calls, so an attacker cannot grow a process's memory without end.
PRUNE_EVERY = 1000


class InProcessRateLimiter:
    def __init__(self) -> None:
        self._buckets: dict[str, _Bucket] = {}
        # key: (failures, when they are forgotten); key: when its lock ends. Monotonic seconds.
        self._strikes: dict[str, tuple[int, float]] = {}
        self._locks: dict[str, float] = {}
        self._calls = 0

    async def take(self, caller: str, per_minute: int) -> float:
        now = self._tick()
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

    async def strike(self, key: str, limit: int, lock_seconds: int) -> float:
        now = self._tick()
        count, until = self._strikes.get(key, (0, now + lock_seconds))
        count = count + 1 if until > now else 1
        if count >= limit:
            self._strikes.pop(key, None)
            self._locks[key] = now + lock_seconds
            return float(lock_seconds)
        self._strikes[key] = (count, until if until > now else now + lock_seconds)
        return 0.0

    async def locked_for(self, key: str) -> float:
        return max(0.0, self._locks.get(key, 0.0) - time.monotonic())

    async def forgive(self, key: str) -> None:
        self._strikes.pop(key, None)
        self._locks.pop(key, None)

    async def forgive_all(self, prefix: str) -> None:
        for table in (self._strikes, self._locks):
            for key in [key for key in table if key.startswith(prefix)]:
                del table[key]

    def forget(self) -> None:
        self._buckets.clear()
        self._strikes.clear()
        self._locks.clear()

    def _tick(self) -> float:
        now = time.monotonic()
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            # An idle bucket is full again, which is what a missing one stands for.
            self._buckets = {k: b for k, b in self._buckets.items() if now - b.at < IDLE_SECONDS}
            self._strikes = {k: s for k, s in self._strikes.items() if s[1] > now}
            self._locks = {k: until for k, until in self._locks.items() if until > now}
        return now


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


# KEYS: the failures' counter and the lock; ARGV: the limit and the lock's seconds. The counter lives
# as long as a lock would, from the first failure.
_STRIKE = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
if count >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
  return tonumber(ARGV[2])
end
return 0
"""
STRIKES = "strikes:"
LOCK = "lock:"


def _glob_escape(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class RedisRateLimiter:
    """Buckets and locks in Redis, shared by every process that points at the same server."""

    def __init__(self, client: Redis) -> None:
        self._client = client
        self._script = client.register_script(_TAKE)
        self._strike = client.register_script(_STRIKE)
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

    async def strike(self, key: str, limit: int, lock_seconds: int) -> float:
        try:
            return float(await self._strike(keys=[KEY_PREFIX + STRIKES + key, KEY_PREFIX + LOCK + key],
                                            args=[limit, lock_seconds]))
        except RedisError as exc:
            self._warn(exc)
            return await self._fallback.strike(key, limit, lock_seconds)

    async def locked_for(self, key: str) -> float:
        try:
            milliseconds = await self._client.pttl(KEY_PREFIX + LOCK + key)
        except RedisError as exc:
            self._warn(exc)
            return await self._fallback.locked_for(key)
        return max(0.0, milliseconds / 1000)

    async def forgive(self, key: str) -> None:
        await self._fallback.forgive(key)
        try:
            await self._client.delete(KEY_PREFIX + STRIKES + key, KEY_PREFIX + LOCK + key)
        except RedisError as exc:
            self._warn(exc)

    async def forgive_all(self, prefix: str) -> None:
        await self._fallback.forgive_all(prefix)
        try:
            for kind in (STRIKES, LOCK):
                pattern = _glob_escape(KEY_PREFIX + kind + prefix) + "*"
                async for found in self._client.scan_iter(match=pattern):
                    await self._client.delete(found)
        except RedisError as exc:
            self._warn(exc)

    async def aclose(self) -> None:
        """A server keeps its connections until it exits; tests that configure Redis close them."""
        await self._client.aclose()

    def _warn(self, exc: RedisError) -> None:
        # Once a minute: while Redis is down every machine call would log it.
        now = time.monotonic()
        if self._warned_at is None or now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            log.warning("Redis is unreachable (%s): rate limits and sign-in locks hold per process "
                        "until it is back",
                        exc)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
