"""Rate limits kept in Redis: one bucket per caller for every process, refilled by Redis's clock,
keys that expire, and calls let through (limited per process) while Redis is unreachable.

Needs the Redis at QCDC_TEST_REDIS_URL (default: this machine's, database 15); touches only the keys
of this run."""

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.auth import service
from backend.config import get_settings
from backend.kit.ratelimit import IDLE_SECONDS, KEY_PREFIX, RedisRateLimiter
from tests.helpers import assert_problem

REDIS_URL = os.environ.get("QCDC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RUN = uuid.uuid4().hex[:8]


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except RedisError as exc:
        await client.aclose()
        pytest.fail(f"These tests need Redis at {REDIS_URL} (QCDC_TEST_REDIS_URL): {exc}")
    yield client
    async for key in client.scan_iter(match=f"{KEY_PREFIX}*{RUN}*"):
        await client.delete(key)
    await client.aclose()


@pytest.fixture
async def process(redis: Redis) -> AsyncIterator[Callable[[], RedisRateLimiter]]:
    """A limiter with its own connection, as a separate server process has."""
    limiters: list[RedisRateLimiter] = []

    def limiter() -> RedisRateLimiter:
        limiters.append(RedisRateLimiter(Redis.from_url(REDIS_URL)))
        return limiters[-1]

    yield limiter
    for each in limiters:
        await each.aclose()


@pytest.fixture
async def redis_configured(redis: Redis, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """The app's settings as with QCDC_REDIS_URL set; afterwards the app's connections are closed."""
    monkeypatch.setattr(get_settings(), "redis_url", REDIS_URL)
    yield
    await service._shared_rate_limiter(REDIS_URL).aclose()
    service._shared_rate_limiter.cache_clear()


def _caller() -> str:
    return f"token:{RUN}-{uuid.uuid4().hex[:8]}"


async def test_two_processes_spend_from_one_bucket(process):
    first, second, caller = process(), process(), _caller()
    answers = [await (first if i % 2 else second).take(caller, 5) for i in range(5)]
    assert answers == [0.0] * 5
    # The sixth request of the minute, whichever process it reaches, waits for a fifth of a minute.
    for limiter in (first, second):
        assert 11 < await limiter.take(caller, 5) <= 12


async def test_a_spent_bucket_refills_at_the_limits_pace(process):
    limiter, caller = process(), _caller()
    assert [await limiter.take(caller, 60) for _ in range(60)] == [0.0] * 60
    assert 0 < await limiter.take(caller, 60) <= 1
    await asyncio.sleep(1.1)
    assert await limiter.take(caller, 60) == 0.0
    assert await limiter.take(caller, 60) > 0


async def test_a_bucket_expires_when_its_caller_is_idle(process, redis):
    limiter, caller = process(), _caller()
    await limiter.take(caller, 10)
    key = KEY_PREFIX + caller
    assert 0 < await redis.ttl(key) <= IDLE_SECONDS
    await redis.expire(key, 5)
    await limiter.take(caller, 10)
    assert await redis.ttl(key) > 5, "every request renews the bucket's lease"


async def test_an_unreachable_redis_lets_calls_through_and_limits_per_process(caplog):
    limiter, caller = RedisRateLimiter.from_url("redis://127.0.0.1:1/0"), _caller()
    with caplog.at_level(logging.WARNING, logger="qcdc.ratelimit"):
        answers = [await limiter.take(caller, 2) for _ in range(3)]
    assert answers[:2] == [0.0, 0.0] and 29 < answers[2] <= 30
    warnings = [record for record in caplog.records if record.name == "qcdc.ratelimit"]
    assert len(warnings) == 1, "one warning a minute, not one a call"
    assert "Redis is unreachable" in warnings[0].getMessage()


async def test_an_api_client_over_its_shared_rate_gets_429(client, login, unit_ids, redis, process,
                                                          redis_configured):
    admin = await login("bacgiang.admin")
    client_id = f"lgsp-shared-{RUN}"
    created = await client.post("/api/v1/api-clients", headers=admin, json={
        "name": "Cổng dùng chung", "client_id": client_id, "unit_id": unit_ids["24"],
        "scopes": ["plans:read"], "rate_limit_per_minute": 3})
    assert created.status_code == 201, created.text
    grant = await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": created.json()["client_secret"]})
    portal = {"Authorization": f"Bearer {grant.json()['access_token']}"}
    for _ in range(3):
        assert (await client.get("/api/v1/plans", headers=portal)).status_code == 200
    response = await client.get("/api/v1/plans", headers=portal)
    limited = assert_problem(response, 429, "rate_limited")
    assert "3 requests a minute" in limited["detail"]
    assert 1 <= int(response.headers["Retry-After"]) <= 20
    key = f"{KEY_PREFIX}client:{client_id}"
    assert await redis.exists(key) and await redis.ttl(key) > 0
    assert await process().take(f"client:{client_id}", 3) > 0, "another process sees it spent"


async def test_a_lock_is_shared_by_every_process_and_lifted_everywhere(process, redis):
    first, second, key = process(), process(), f"sign-in-lock:{RUN}-{uuid.uuid4().hex[:8]}:"
    assert [await first.strike(key + "a", 3, 60) for _ in range(2)] == [0.0, 0.0]
    assert await second.strike(key + "a", 3, 60) == 60.0, "the third failure, in either process"
    assert 59 < await first.locked_for(key + "a") <= 60
    assert await second.locked_for(key + "b") == 0.0
    await first.strike(key + "b", 1, 60)
    await second.forgive_all(key)
    assert await first.locked_for(key + "a") == 0.0 and await first.locked_for(key + "b") == 0.0
    assert not [k async for k in redis.scan_iter(match=f"*{key}*")]


async def test_failures_are_forgotten_after_a_success_or_in_time(process, redis):
    limiter, key = process(), f"sign-in-lock:{RUN}-{uuid.uuid4().hex[:8]}"
    await limiter.strike(key, 3, 60)
    assert 0 < await redis.ttl(f"{KEY_PREFIX}strikes:{key}") <= 60
    await limiter.strike(key, 3, 60)
    await limiter.forgive(key)
    assert await limiter.strike(key, 3, 60) == 0.0, "the count starts again after forgive"
