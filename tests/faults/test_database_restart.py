"""PostgreSQL stops (cleanly or by a crash) and starts again while requests run: each request
either succeeds or gets a 503 problem with Retry-After, never a 500; every acknowledged write is
there afterwards; and the server serves again once the database is back, without a restart."""

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import PrivatePostgres, Server, qcdc_env, rollup_drift
from tests.helpers import assert_problem

COMMUNE = "07345"


def _period(n: int, mode: str) -> str:
    """A month of its own for the n-th write of a run (each mode its own century)."""
    return f"{(2100 if mode == 'fast' else 2200) + n // 12}{n % 12 + 1:02d}"


class Traffic:
    """Two callers, one reading and one writing, each as fast as the server answers."""

    def __init__(self, server: Server, admin: dict[str, str], mode: str) -> None:
        self.server, self.admin, self.mode = server, admin, mode
        self.answers: list[tuple[float, str, httpx.Response]] = []
        self.acknowledged: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._read), threading.Thread(target=self._write)]

    def __enter__(self) -> "Traffic":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _call(self, what: str, request: httpx.Request, http: httpx.Client) -> httpx.Response:
        response = http.send(request)
        self.answers.append((time.monotonic(), what, response))
        return response

    def _read(self) -> None:
        with httpx.Client(base_url=self.server.base, timeout=60) as http:
            while not self._stop.is_set():
                self._call("read", http.build_request("GET", "/aggregates", headers=self.admin, params={
                    "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": "24", "period": "2024"}), http)

    def _write(self) -> None:
        with httpx.Client(base_url=self.server.base, timeout=60) as http:
            n = 0
            while not self._stop.is_set():
                period = _period(n, self.mode)
                csv = ("indicator,org_unit,period,category,value,numerator,denominator\n"
                       f"QCDC_DIRECT_DECISIONS,{COMMUNE},{period},,{n + 1},,\n")
                response = self._call("write", http.build_request(
                    "POST", "/data-values/import", content=csv,
                    headers={**self.admin, "Content-Type": "text/csv"}), http)
                if response.status_code == 200:
                    self.acknowledged.append(period)
                n += 1

    def wait_for(self, what: str, status: int, after: float, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(at > after and kind == what and r.status_code == status
                   for at, kind, r in list(self.answers)):
                return
            time.sleep(0.1)
        pytest.fail(f"no {what} answered {status} within {timeout} s")


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_database_restart_is_a_503_then_the_server_serves_again(private_pg: PrivatePostgres,
                                                                  tmp_path: Path, mode: str):
    server = Server(qcdc_env(private_pg.url), tmp_path / "server.log")
    try:
        admin = server.sign_in()
        with Traffic(server, admin, mode) as traffic:
            for what in ("read", "write"):
                traffic.wait_for(what, 200, after=0)
            stopped = time.monotonic()
            private_pg.stop(mode)
            for what in ("read", "write"):
                traffic.wait_for(what, 503, after=stopped)
            started = time.monotonic()
            private_pg.start()
            for what in ("read", "write"):
                traffic.wait_for(what, 200, after=started)
        statuses = {r.status_code for _, _, r in traffic.answers}
        assert statuses == {200, 503}, server.log.read_text()[-5000:]
        for _, _, response in traffic.answers:
            if response.status_code == 503:
                assert_problem(response, 503, "database_unavailable")
                assert int(response.headers["Retry-After"]) > 0
        stored = {row["period"] for row in private_pg.sql(
            "SELECT period FROM data_value d JOIN org_unit u ON u.id = d.org_unit_id "
            "WHERE u.code = $1 AND period = ANY($2::text[])", COMMUNE, traffic.acknowledged)}
        assert stored == set(traffic.acknowledged), "an acknowledged import was lost"
        assert rollup_drift(private_pg.url) == []
    finally:
        server.stop()
        private_pg.start()  # for the tests after, whatever happened here
