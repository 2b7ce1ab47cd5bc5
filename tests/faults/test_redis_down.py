"""Redis gone or hung: sign-in and machine calls answer as usual, limited per process, never 5xx."""

import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from backend.auth import service
from backend.config import get_settings
from tests.helpers import assert_problem


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that takes connections and never answers: a Redis hung or behind a dead link."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


@pytest.fixture(params=["closed_port", "silent_server"])
async def redis_down(request: pytest.FixtureRequest,
                     monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    url = request.getfixturevalue(request.param)
    monkeypatch.setattr(get_settings(), "redis_url", url)
    yield
    await service._shared_rate_limiter(url).aclose()
    service._shared_rate_limiter.cache_clear()


async def test_without_redis_calls_go_on_limited_per_process(client, login, unit_ids, redis_down):
    admin = await login("bacgiang.admin")  # a password sign-in, with Redis configured and down
    client_id = f"redis-down-{uuid.uuid4().hex[:8]}"
    created = await client.post("/api/v1/api-clients", headers=admin, json={
        "name": "Cổng khi Redis ngừng", "client_id": client_id, "unit_id": unit_ids["24"],
        "scopes": ["plans:read"], "rate_limit_per_minute": 3})
    assert created.status_code == 201, created.text
    grant = await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": created.json()["client_secret"]})
    assert grant.status_code == 200, grant.text
    portal = {"Authorization": f"Bearer {grant.json()['access_token']}"}
    for _ in range(3):
        assert (await client.get("/api/v1/plans", headers=portal)).status_code == 200
    limited = await client.get("/api/v1/plans", headers=portal)
    assert_problem(limited, 429, "rate_limited")
    assert 1 <= int(limited.headers["Retry-After"]) <= 20
