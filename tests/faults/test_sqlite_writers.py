"""The embedded default under a small office's load: on SQLite, writers queue instead of failing,
and a write that waits too long is a 503 problem with Retry-After, never a 500."""

import asyncio
import os
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.config import PROJECT_ROOT, get_settings
from backend.db import build_engine
from backend.demo.users import DEMO_PASSWORD
from backend.errors import DatabaseBusy
from tests.helpers import QCDC, assert_problem, served


@pytest.fixture
async def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncEngine]:
    monkeypatch.setattr(get_settings(), "sqlite_busy_timeout_seconds", 0.5)
    engine = build_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE figure (n INTEGER NOT NULL)"))
    yield engine
    await engine.dispose()


async def test_a_transaction_that_read_first_waits_for_the_other_writer(engine):
    """The import's shape: stage rows in a temporary table, read the stored ones, then write. A
    writer that commits in between used to make that last write fail at once (database locked)."""
    staged = asyncio.Event()

    async def importer() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("CREATE TEMPORARY TABLE staged (n INTEGER)"))
            await connection.execute(text("INSERT INTO staged VALUES (1)"))
            await connection.execute(text("SELECT count(*) FROM figure"))
            staged.set()
            await asyncio.sleep(0.2)  # the other writer's turn, if it could have one
            await connection.execute(text("INSERT INTO figure SELECT n FROM staged"))
            await connection.commit()

    async def editor() -> None:
        await staged.wait()
        async with engine.connect() as connection:
            await connection.execute(text("INSERT INTO figure VALUES (2)"))
            await connection.commit()

    await asyncio.gather(importer(), editor())
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT n FROM figure ORDER BY n"))).scalars()
        assert list(stored) == [1, 2]


async def test_a_write_that_waits_longer_than_the_timeout_is_a_503(engine):
    async with engine.connect() as holder:
        await holder.execute(text("INSERT INTO figure VALUES (1)"))
        async with engine.connect() as late:
            with pytest.raises(DatabaseBusy) as refused:
                await late.execute(text("INSERT INTO figure VALUES (2)"))
            assert refused.value.status == 503 and refused.value.headers == {"Retry-After": "2"}
        await holder.commit()
    async with engine.begin() as connection:  # the lock went back with the connections
        await connection.execute(text("INSERT INTO figure VALUES (3)"))


# ---- over HTTP, as `make run` serves ----------------------------------------------------------

def _env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QCDC_DATABASE_URL": f"sqlite:///{db}", "QCDC_ENV": "development",
            "QCDC_WEBHOOK_DISPATCH": "false", **extra}


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("office") / "qcdc.db"
    for command in (("db", "upgrade"), ("demo", "load")):
        done = subprocess.run([*QCDC, *command], env=_env(db), cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return db


def _sign_in(base: str) -> dict[str, str]:
    token = httpx.post(f"{base}/auth/token", data={
        "grant_type": "password", "username": "admin", "password": DEMO_PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


COMMUNES = ("07339", "07342", "07345", "07348", "07351", "05971")


def _csv(commune: str, value: int) -> str:
    return ("indicator,org_unit,period,category,value,numerator,denominator\n"
            + "".join(f"{code},{commune},2023Q{q},,{value},,\n" for q in range(1, 5)
                      for code in ("QCDC_DIRECT_DECISIONS", "QCDC_CONSULTATIONS",
                                   "QCDC_VILLAGE_MEETINGS")))


@pytest.fixture(scope="module")
def office(sqlite_db: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with served(_env(sqlite_db)) as base:
        yield base, _sign_in(base)


async def test_twelve_imports_and_twelve_reads_at_once_all_succeed(office):
    base, admin = office

    async def imported(http: httpx.AsyncClient, n: int) -> httpx.Response:
        return await http.post("/data-values/import", content=_csv(COMMUNES[n % 6], n),
                               headers={**admin, "Content-Type": "text/csv"})

    async def read(http: httpx.AsyncClient) -> httpx.Response:
        return await http.get("/aggregates", headers=admin, params={
            "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": "24", "period": "2023"})

    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        answers = await asyncio.gather(*(imported(http, n) for n in range(12)),
                                       *(read(http) for _ in range(12)))
    assert [a.status_code for a in answers] == [200] * 24, [a.text for a in answers
                                                            if a.status_code != 200]


def test_a_lock_held_past_the_timeout_is_a_503_with_retry_after(sqlite_db):
    with served(_env(sqlite_db, QCDC_SQLITE_BUSY_TIMEOUT_SECONDS="0.5")) as base:
        admin = _sign_in(base)
        other = sqlite3.connect(sqlite_db)  # another process's writer: the CLI, say
        try:
            other.execute("BEGIN IMMEDIATE")
            response = httpx.post(f"{base}/data-values/import", content=_csv("07345", 7),
                                  headers={**admin, "Content-Type": "text/csv"}, timeout=60)
            assert_problem(response, 503, "database_busy")
            assert response.headers["Retry-After"] == "2"
        finally:
            other.rollback()
            other.close()
        retried = httpx.post(f"{base}/data-values/import", content=_csv("07345", 7),
                             headers={**admin, "Content-Type": "text/csv"}, timeout=60)
        assert retried.status_code == 200, retried.text
