"""Tests run against a fresh PostgreSQL database per run (and per xdist worker), built by Alembic,
copied per module and rolled back per test (tests/isolation.py).

The database is created before the app is imported, so the app's engine points at it.
"""

import asyncio
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from alembic import command

from backend.demo.users import DEMO_PASSWORD
from tests.factories import Login
from tests.isolation import copy_of, rolled_back
from tests.problems_seen import ProblemsSeen
from tests.testdb import TEST_DB, TEST_URL, admin_sql, alembic_config

# The app of the session, wrapped to check each problem document it answers against the contract.
_APPS: list[ProblemsSeen] = []
# Access tokens of the users the template holds, signed in there: good in every copy of it.
_TEMPLATE_TOKENS: dict[str, dict[str, str]] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "own_database: the test commits into a database of its own "
                            "(its requests run side by side, which one shared transaction cannot)")


@pytest.fixture(scope="session", autouse=True)
def database() -> object:
    asyncio.run(admin_sql(f'CREATE DATABASE "{TEST_DB}"'))
    command.upgrade(alembic_config(TEST_URL), "head")
    yield TEST_URL
    asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)'))


@pytest.fixture(scope="session", autouse=True)
async def template(database: str) -> AsyncIterator[str]:
    """The state every module starts from: the demo, and its users signed in."""
    from sqlalchemy import select

    from backend.auth import sessions
    from backend.config import get_settings
    from backend.db import get_engine, get_sessionmaker
    from backend.demo.loader import load_demo
    from backend.models import User

    async with get_sessionmaker()() as session, session.begin():
        # The seeds' 2024 tree: the rules under test hold on either tree, and tests act as the
        # district officials of that time. The demo as served, reform applied, is
        # tests/demo/test_demo_as_served.py.
        await load_demo(session, reform=False)
        # A run outlasts an access token's quarter of an hour; these live for the whole run.
        run_long = get_settings().model_copy(update={"access_token_minutes": 24 * 60})
        for user in (await session.scalars(select(User))).all():
            token = await sessions.start(session, run_long, user)
            _TEMPLATE_TOKENS[user.username] = {"Authorization": f"Bearer {token.access_token}"}
    await get_engine().dispose()
    yield database


@pytest.fixture(scope="module", autouse=True)
async def module_database(template: str, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    name = re.sub(r"\W", "_", request.module.__name__.rsplit(".", 1)[-1])[:30]
    async with copy_of(template, f"{TEST_DB}_{name}") as url:
        yield url


@pytest.fixture(autouse=True)
async def isolated(module_database: str, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    if request.node.get_closest_marker("own_database"):
        async with copy_of(module_database, f"{TEST_DB}_own"):
            yield
    else:
        async with rolled_back():
            yield


@pytest.fixture(scope="session")
async def app(template: str) -> AsyncIterator[object]:
    from backend.db import get_engine
    from backend.main import create_app

    _APPS.append(ProblemsSeen(create_app()))
    yield _APPS[-1]
    await get_engine().dispose()


@pytest.fixture(scope="session")
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://qcdc.test") as http:
        yield http


@pytest.fixture(scope="session")
async def login(client: httpx.AsyncClient) -> Login:
    """Bearer headers for a user: the template's for a demo user with the demo password, else
    signed in now (Argon2 is slow on purpose) and good for the test that asked."""

    async def headers(username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
        if password == DEMO_PASSWORD and username in _TEMPLATE_TOKENS:
            return _TEMPLATE_TOKENS[username]
        response = await client.post("/api/v1/auth/token", data={
            "grant_type": "password", "username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return headers


@pytest.fixture(scope="session")
async def unit_ids(client: httpx.AsyncClient, login: Login) -> dict[str, int]:
    """Demo units by official code."""
    from sqlalchemy import select

    from backend.db import get_sessionmaker
    from backend.models import OrgUnit

    async with get_sessionmaker()() as session:
        return dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The order of this run, to run it again: `-q` hides pytest-randomly's own header."""
    seed = config.getoption("randomly_seed", default=None)
    if seed is not None:
        terminalreporter.write_line(f"tests ran in random order: -p randomly --randomly-seed={seed}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    undeclared = [line for app in _APPS for line in app.undeclared()]
    if undeclared:
        print("\nproblem documents the contract does not declare (backend/problems.py):\n  "
              + "\n  ".join(undeclared))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
