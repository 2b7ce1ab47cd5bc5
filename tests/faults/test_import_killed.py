"""`kill -9` of the server in the middle of a million-row import: after a restart nothing of that
import is visible, the roll-ups are what rebuild() computes, and the server serves again."""

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.faults.conftest import PrivatePostgres, Server, qcdc_env, rollup_drift

ROWS = int(os.environ.get("QCDC_FAULTS_IMPORT_ROWS", "1000000"))
# Figures of every kind: counts, ratios (numerator, denominator) and yes/no.
INDICATORS = {"QCDC_DIRECT_DECISIONS": "count", "QCDC_VOTED_DECISIONS": "count",
              "QCDC_CONSULTATIONS": "count", "QCDC_PIB_SUPERVISIONS": "count",
              "QCDC_CISB_SUPERVISIONS": "count", "QCDC_COMPLAINTS_RECEIVED": "count",
              "QCDC_COMPLAINTS_RESOLVED": "count", "QCDC_VILLAGE_MEETINGS": "count",
              "QCDC_VILLAGES_WITH_CONVENTION": "ratio", "QCDC_ADMIN_DOSSIERS_RESOLVED": "ratio",
              "QCDC_DISCLOSURE_DONE": "yes_no", "QCDC_NEW_RURAL_COMMUNE": "yes_no"}
FIRST_YEAR = 2500  # months no other test writes


def _months(count: int) -> list[str]:
    return [f"{FIRST_YEAR + n // 12}{n % 12 + 1:02d}" for n in range(count)]


def _csv(units: list[str], rows: int) -> Iterator[bytes]:
    """`rows` new figures, month after month over the units, sent in chunks as they are made."""
    per_month = len(units) * len(INDICATORS)
    yield b"indicator,org_unit,period,category,value,numerator,denominator\n"
    for month_index, month in enumerate(_months(-(-rows // per_month))):
        lines = []
        for u, unit in enumerate(units):
            for i, (code, kind) in enumerate(INDICATORS.items()):
                if month_index * per_month + u * len(INDICATORS) + i >= rows:
                    break
                seed = (u * 31 + i * 7 + month_index) % 97
                if kind == "count":
                    lines.append(f"{code},{unit},{month},,{seed % 20},,\n")
                elif kind == "ratio":
                    lines.append(f"{code},{unit},{month},,,{seed % 11},{10 + seed % 5}\n")
                else:
                    lines.append(f"{code},{unit},{month},,{'có' if seed % 3 else 'không'},,\n")
        yield "".join(lines).encode()


def _wait_for_the_write(cluster: PrivatePostgres, timeout: float = 600) -> str:
    """Until the import writes data_value, its last step: everything before it has been done
    (staged, compared, rolled up) and is waiting, uncommitted, for the commit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        active = cluster.sql("SELECT query FROM pg_stat_activity WHERE state = 'active' "
                             "AND pid <> pg_backend_pid() AND query ILIKE 'INSERT INTO data_value%'")
        if active:
            return str(active[0]["query"])
        time.sleep(0.05)
    raise AssertionError(f"the import did not reach data_value within {timeout} s")


def test_a_server_killed_mid_import_leaves_nothing_of_it(private_pg: PrivatePostgres,
                                                          tmp_path: Path):
    units = [r["code"] for r in private_pg.sql(
        "SELECT code FROM org_unit WHERE valid_to IS NULL ORDER BY code")]
    months = _months(-(-ROWS // (len(units) * len(INDICATORS))))
    env = qcdc_env(private_pg.url)
    server = Server(env, tmp_path / "server.log")
    admin = server.sign_in()
    outcome: list[object] = []

    def send() -> None:
        try:
            outcome.append(httpx.post(f"{server.base}/data-values/import", content=_csv(units, ROWS),
                                      headers={**admin, "Content-Type": "text/csv"}, timeout=600))
        except httpx.TransportError as exc:
            outcome.append(exc)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        _wait_for_the_write(private_pg)
        server.kill()
    finally:
        server.stop()
        sender.join(timeout=60)
    assert len(outcome) == 1 and isinstance(outcome[0], httpx.TransportError), outcome

    again = Server(env, tmp_path / "server.log")
    try:
        assert httpx.get(f"{again.base}/ready").status_code == 200
        visible = private_pg.sql("SELECT count(*) AS n FROM data_value WHERE period = ANY($1::text[])",
                                 months)
        assert visible[0]["n"] == 0, "part of an import that never answered is visible"
        assert rollup_drift(private_pg.url) == []
        # The server serves again, and an import after the crash is taken whole.
        retried = httpx.post(f"{again.base}/data-values/import", content=_csv(units, 5_000),
                             headers={**again.sign_in(), "Content-Type": "text/csv"}, timeout=600)
        assert retried.status_code == 200 and retried.json()["created"] == 5_000, retried.text
        assert rollup_drift(private_pg.url) == []
    finally:
        again.stop()
