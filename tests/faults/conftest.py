"""A PostgreSQL of the tests' own, to stop, crash and start while a real `qcdc serve` runs on it.

The machine's cluster is shared with every other test run, so it is never stopped: the fault tests
start a private one (initdb into a temporary directory, pg_ctl on a free port), as the `postgres`
user when they run as root, since PostgreSQL refuses to run as root.
"""

import asyncio
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from backend.aggregates import rollup
from backend.config import PROJECT_ROOT
from backend.db import build_engine
from backend.demo.users import DEMO_PASSWORD
from tests.helpers import QCDC, _free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                                                   reverse=True)), None)
    if found is None:
        pytest.fail(f"The fault tests need PostgreSQL's {name} (apt install postgresql).")
    return found


class PrivatePostgres:
    """A cluster in a temporary directory, on a free port of 127.0.0.1, trusting local users."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/qcdc"
        self._as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.running = False
        if self._as_owner:
            shutil.chown(directory, "postgres")
        self._run(_binary("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as_owner, *command], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self) -> None:
        if self.running:
            return
        # Durability against a crash of the machine is not under test: no fsync, a faster run.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
                   "-c fsync=off -c full_page_writes=off")
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"),
                  "-o", options, "-w", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session and shuts down cleanly; `immediate` is a crash."""
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def sql(self, statement: str, *args: object, database: str = "qcdc") -> list[asyncpg.Record]:
        async def run() -> list[asyncpg.Record]:
            connection = await asyncpg.connect(self.url.rsplit("/", 1)[0] + "/" + database)
            try:
                return await connection.fetch(statement, *args)
            finally:
                await connection.close()

        return asyncio.run(run())


def rollup_drift(url: str) -> list[object]:
    """rollup.drift() of the database at `url`: the roll-ups that are not what rebuild() computes."""
    async def run() -> list[object]:
        engine = build_engine(url)
        try:
            async with async_sessionmaker(engine)() as session:
                return list(await rollup.drift(session))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def qcdc_env(url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "QCDC_DATABASE_URL": url, "QCDC_ENV": "test",
            "QCDC_WEBHOOK_DISPATCH": "false", **extra}


@pytest.fixture(scope="session")
def private_pg() -> Iterator[PrivatePostgres]:
    """A private cluster with a migrated `qcdc` database holding the demo."""
    directory = Path(tempfile.mkdtemp(prefix="qcdc-pg-"))
    cluster = PrivatePostgres(directory)
    cluster.start()
    try:
        cluster.sql("CREATE DATABASE qcdc", database="postgres")
        for command in (("db", "upgrade"), ("demo", "load")):
            done = subprocess.run([*QCDC, *command], env=qcdc_env(cluster.url), cwd=PROJECT_ROOT,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
        yield cluster
    finally:
        if cluster.running:
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


class Server:
    """`qcdc serve` in a process of its own, which a test may kill; its log kept in a file (a pipe
    nobody reads would stall a server that logs many failures)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.log = log
        with log.open("ab") as sink:
            self.process = subprocess.Popen([*QCDC, "serve", "--port", str(self.port)], env=env,
                                            cwd=PROJECT_ROOT, stdout=sink, stderr=sink)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"qcdc serve did not start:\n{log.read_text()[-3000:]}")

    def sign_in(self, username: str = "admin") -> dict[str, str]:
        token = httpx.post(f"{self.base}/auth/token", timeout=30, data={
            "grant_type": "password", "username": username, "password": DEMO_PASSWORD})
        assert token.status_code == 200, token.text
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback, no goodbye to the database."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
