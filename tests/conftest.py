"""Tests run against a fresh PostgreSQL database per run (and per xdist worker), built by Alembic.

The database is created before the app is imported, so the app's engine points at it.
"""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from alembic import command

from backend.demo.users import DEMO_PASSWORD
from tests.factories import Login
from tests.problems_seen import ProblemsSeen
from tests.testdb import TEST_DB, TEST_URL, admin_sql, alembic_config

# The app of the session, wrapped to check each problem document it answers against the contract.
_APPS: list[ProblemsSeen] = []


@pytest.fixture(scope="session", autouse=True)
def database() -> object:
    asyncio.run(admin_sql(f'CREATE DATABASE "{TEST_DB}"'))
    command.upgrade(alembic_config(TEST_URL), "head")
    yield TEST_URL
    asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)'))


@pytest.fixture(scope="session")
async def app(database: str) -> AsyncIterator[object]:
    from backend.db import get_engine, get_sessionmaker
    from backend.demo.loader import load_demo
    from backend.main import create_app

    async with get_sessionmaker()() as session, session.begin():
        # The seeds' 2024 tree: the rules under test hold on either tree, and tests act as the
        # district officials of that time. The demo as served, reform applied, is
        # tests/demo/test_demo_as_served.py.
        await load_demo(session, reform=False)
    _APPS.append(ProblemsSeen(create_app()))
    yield _APPS[-1]
    await get_engine().dispose()


@pytest.fixture(scope="session")
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://qcdc.test") as http:
        yield http


TOKEN_REUSE_SECONDS = 600


@pytest.fixture(scope="session")
async def login(client: httpx.AsyncClient) -> Login:
    """Bearer headers for a user; tokens are cached, sign-in is slow on purpose (Argon2). A token
    lives 15 minutes and a run takes longer on a busy machine: one is signed for again at 10."""
    cache: dict[str, tuple[float, dict[str, str]]] = {}

    async def headers(username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
        signed_at, cached = cache.get(username, (0.0, {}))
        if not cached or time.monotonic() - signed_at > TOKEN_REUSE_SECONDS:
            response = await client.post("/api/v1/auth/token", data={
                "grant_type": "password", "username": username, "password": password})
            assert response.status_code == 200, response.text
            cached = {"Authorization": f"Bearer {response.json()['access_token']}"}
            cache[username] = (time.monotonic(), cached)
        return cached

    return headers


@pytest.fixture(scope="session")
async def unit_ids(client: httpx.AsyncClient, login: Login) -> dict[str, int]:
    """Demo units by official code."""
    from sqlalchemy import select

    from backend.db import get_sessionmaker
    from backend.models import OrgUnit

    async with get_sessionmaker()() as session:
        return dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    undeclared = [line for app in _APPS for line in app.undeclared()]
    if undeclared:
        print("\nproblem documents the contract does not declare (backend/problems.py):\n  "
              + "\n  ".join(undeclared))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
