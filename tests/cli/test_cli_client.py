"""The `qcdc` HTTP commands end to end: a real `qcdc serve` on the test database, the CLI run as a
subprocess with its own config folder, and a TCP relay that kills a connection mid-request."""

import asyncio
import contextlib
import csv
import io
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from openpyxl import Workbook, load_workbook

from backend.config import PROJECT_ROOT
from backend.demo.users import DEMO_PASSWORD
from tests.formulas import NAMED, assert_csv_text
from tests.isolation import app_database_url

QCDC = Path(sys.executable).with_name("qcdc")  # the installed entry point, as users run it
HEADER = "indicator,org_unit,period,category,value,numerator,denominator"
PROVINCE = "CLI-P"
DISTRICT = "CLI-D"
COMMUNES = [f"CLI-{n:02}" for n in range(40)]
QUARTERLY = ("QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
             "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
             "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS")
COUNTS = (*QUARTERLY, "QCDC_LEADER_DIALOGUES", "QCDC_FRONT_SURVEYS")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/v1/health").status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def server(app: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`qcdc serve` on the test database, migrated and loaded with the demo by the `app` fixture."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(QCDC), "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def qcdc(*args: str, config: Path, stdin: str | None = None,
         **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("QCDC_TOKEN", "QCDC_SERVER")}
    return subprocess.run([str(QCDC), *args], env={**clean, "QCDC_CONFIG_DIR": str(config), **env},
                          cwd=config, input=stdin, capture_output=True, text=True, timeout=300)


def _login(server: str, config: Path, username: str = "admin") -> subprocess.CompletedProcess[str]:
    return qcdc("login", "--server", server, "--username", username, "--password-stdin",
                config=config, stdin=DEMO_PASSWORD + "\n")


@pytest.fixture(scope="module")
def config(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config folder signed in as the country admin, who may write every unit's figures."""
    folder = tmp_path_factory.mktemp("qcdc-config")
    done = _login(server, folder)
    assert done.returncode == 0, done.stderr
    assert f"signed in to {server} as admin" in done.stdout
    return folder


def _credentials(config: Path) -> dict:
    return json.loads((config / "credentials.json").read_text())


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    """The API as the admin signed in with a password: setup and checks beside the CLI."""
    with httpx.Client(base_url=f"{server}/api/v1", timeout=60) as client:
        grant = client.post("/auth/token", data={
            "grant_type": "password", "username": "admin", "password": DEMO_PASSWORD})
        client.headers["Authorization"] = f"Bearer {grant.json()['access_token']}"
        yield client


@pytest.fixture(scope="module")
def communes(api: httpx.Client) -> list[str]:
    """A province of our own with a district of 40 communes: counts and aggregates below are
    exact, and no other test's unit or aggregate sees these figures."""
    province = _create_unit(api, PROVINCE, "Tỉnh Dòng Lệnh", "province", None)
    district = _create_unit(api, DISTRICT, "Huyện Dòng Lệnh", "district", province)
    for n, code in enumerate(COMMUNES):
        _create_unit(api, code, f"Xã Dòng Lệnh {n}", "commune", district)
    return COMMUNES


def _create_unit(api: httpx.Client, code: str, name: str, kind: str, parent_id: int | None) -> int:
    response = api.post("/org-units", json={
        "code": code, "name": name, "kind": kind, "parent_id": parent_id,
        "grassroots_type": "commune" if kind == "commune" else None, "valid_from": "2015-01-01"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _summary(stdout: str) -> dict[str, int]:
    first = stdout.splitlines()[0]
    return {name: int(count.replace(",", "")) for name, count in
            (part.split(" ")[-2:] for part in first.split(" (")[0].split(", "))}


def _stored(commune_codes: list[str], periods: list[str]) -> int:
    """Figures in the database, counted apart from the server."""
    async def count() -> int:
        connection = await asyncpg.connect(app_database_url())
        try:
            return int(await connection.fetchval(
                "SELECT count(*) FROM data_value JOIN org_unit ON org_unit.id = data_value.org_unit_id"
                " WHERE org_unit.code = ANY($1) AND data_value.period = ANY($2)",
                commune_codes, periods))
        finally:
            await connection.close()

    return asyncio.run(count())


# Signing in and out ------------------------------------------------------------------------------

def test_login_stores_a_token_only_its_owner_reads(config: Path, api: httpx.Client) -> None:
    path = config / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = _credentials(config)
    assert stored["token"].startswith("qcdc_") and stored["username"] == "admin"
    assert DEMO_PASSWORD not in path.read_text()
    made = {t["id"]: t for t in api.get("/api-tokens").json()}[stored["token_id"]]
    assert made["name"].startswith("qcdc CLI on ")
    assert sorted(made["scopes"]) == ["aggregates:read", "api-tokens:write", "data:write"]


def test_login_with_a_wrong_password_fails_clearly(server: str, tmp_path: Path) -> None:
    done = qcdc("login", "--server", server, "--username", "bacgiang.viewer", "--password-stdin",
                config=tmp_path, stdin="not-the-password\n")
    assert done.returncode == 1
    assert "401" in done.stderr and "invalid_credentials" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "credentials.json").exists()


def test_login_with_a_token_then_logout_forgets_it(server: str, config: Path, tmp_path: Path) -> None:
    token = _credentials(config)["token"]
    done = qcdc("login", "--server", server, "--token", token, config=tmp_path)
    assert done.returncode == 0 and "as admin" in done.stdout, done.stderr
    out = qcdc("logout", config=tmp_path)
    assert out.returncode == 0 and "revoked" not in out.stdout  # the user's token stays valid
    assert not (tmp_path / "credentials.json").exists()
    assert httpx.get(f"{server}/api/v1/auth/me",
                     headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_logout_revokes_the_token_login_made(server: str, tmp_path: Path) -> None:
    assert _login(server, tmp_path, "bacgiang.viewer").returncode == 0
    token = _credentials(tmp_path)["token"]
    done = qcdc("logout", config=tmp_path)
    assert done.returncode == 0 and "the token is revoked" in done.stdout, done.stderr
    assert httpx.get(f"{server}/api/v1/auth/me",
                     headers={"Authorization": f"Bearer {token}"}).status_code == 401
    after = qcdc("export", "aggregates", "--indicator", "QCDC_DIRECT_DECISIONS", "--period", "2024",
                 config=tmp_path)
    assert after.returncode == 1 and "qcdc login" in after.stderr


# Submitting figures ------------------------------------------------------------------------------

def test_a_100000_row_csv_goes_in_chunks_and_every_row_is_stored(
        config: Path, communes: list[str], tmp_path: Path) -> None:
    months = [f"{2031 + m // 12}{m % 12 + 1:02}" for m in range(250)]
    rows = [f"{indicator},{unit},{month},,{(u + i + m) % 9},,"
            for u, unit in enumerate(communes) for i, indicator in enumerate(COUNTS)
            for m, month in enumerate(months)]
    assert len(rows) == 100_000
    file = _csv(tmp_path / "figures.csv", rows)
    done = qcdc("submit", str(file), "--chunk-rows", "40000", config=config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "100,000 figures in 3 request(s)" in done.stderr
    assert _summary(done.stdout) == {"created": 100_000, "updated": 0, "unchanged": 0,
                                     "rejected": 0}
    assert _stored(communes, months) == 100_000


def _relay(source: socket.socket, target: socket.socket, hang_up: bool) -> None:
    try:
        while data := source.recv(65536):
            if hang_up:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        # shutdown() also wakes the relay of the other direction, blocked in recv() on these sockets.
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class KillingProxy:
    """Relays TCP to the server, but on its first connection it passes the request on and hangs
    up the moment the answer starts coming back: the server did the work, the CLI never heard."""

    def __init__(self, server: str) -> None:
        self.upstream = ("127.0.0.1", httpx.URL(server).port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(self.upstream)
            threading.Thread(target=_relay, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=_relay, args=(upstream, client, self.connections == 1),
                             daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def test_a_retry_after_a_killed_connection_writes_nothing_twice(
        server: str, config: Path, api: httpx.Client, communes: list[str], tmp_path: Path) -> None:
    rows = [f"{indicator},{unit},2060Q{q},,{q},," for unit in communes[:10] for indicator in COUNTS
            for q in (1, 2)]
    file = _csv(tmp_path / "retried.csv", rows)
    imports_before = api.get("/audit-events", params={"entity_type": "data_values"}).json()
    proxy = KillingProxy(server)
    try:
        done = qcdc("submit", str(file), "--chunk-rows", "100", config=config,
                    QCDC_TOKEN=_credentials(config)["token"], QCDC_SERVER=proxy.url)
    finally:
        proxy.close()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "trying again" in done.stderr and proxy.connections >= 2
    # The first chunk was imported once; the retry got the server's first answer back.
    assert _summary(done.stdout) == {"created": 200, "updated": 0, "unchanged": 0, "rejected": 0}
    assert "1 request(s) had been answered before" in done.stdout
    assert _stored(communes[:10], ["2060Q1", "2060Q2"]) == 200
    imports_after = api.get("/audit-events", params={"entity_type": "data_values"}).json()
    assert imports_after["pagination"]["total"] == imports_before["pagination"]["total"] + 2

    again = qcdc("submit", str(file), "--chunk-rows", "100", config=config)
    assert again.returncode == 0, again.stderr
    assert _summary(again.stdout)["created"] == 200  # the first answers, replayed
    assert "2 request(s) had been answered before" in again.stdout
    fresh = qcdc("submit", str(file), "--chunk-rows", "100", "--new-import", config=config)
    assert _summary(fresh.stdout) == {"created": 0, "updated": 0, "unchanged": 200, "rejected": 0}


def test_refused_rows_are_named_by_their_line_in_the_file(config: Path, communes: list[str],
                                                          tmp_path: Path) -> None:
    unit = communes[0]
    file = tmp_path / "bad.csv"
    file.write_text("\n".join([
        HEADER,                                              # line 1
        f"QCDC_DIRECT_DECISIONS,{unit},2061Q1,,1,,",         # line 2
        "",                                                  # line 3: skipped, as the server does
        f"NO_SUCH_INDICATOR,{unit},2061Q1,,1,,",             # line 4
        f'QCDC_DIRECT_DECISIONS,{unit},2061Q2,,"hai',        # lines 5-6: one quoted value
        'ba",,',
        f"QCDC_DIRECT_DECISIONS,{unit},2061Q5,,1,,",         # line 7
    ]) + "\n", encoding="utf-8")
    done = qcdc("submit", str(file), "--chunk-rows", "2", config=config)
    assert done.returncode == 3, done.stdout + done.stderr
    assert _summary(done.stdout) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 3}
    refused = done.stdout.split("refused rows:\n")[1].splitlines()
    assert [line.split()[:3] for line in refused] == [
        ["line", "4", "unknown_indicator:"], ["line", "5", "invalid_value:"],
        ["line", "7", "invalid_period:"]]


def test_atomic_refuses_a_file_of_several_chunks_and_a_json_file_goes_in_chunks(
        config: Path, communes: list[str], tmp_path: Path) -> None:
    values = [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": unit, "period": "2062", "value": 2}
              for unit in communes[:5]] + [{"indicator": "QCDC_DIRECT_DECISIONS",
                                            "org_unit": "NOWHERE", "period": "2062", "value": 2}]
    file = tmp_path / "figures.json"
    file.write_text(json.dumps({"values": values}), encoding="utf-8")
    refused = qcdc("submit", str(file), "--chunk-rows", "4", "--atomic", config=config)
    assert refused.returncode == 1 and "--chunk-rows 6" in refused.stderr
    done = qcdc("submit", str(file), "--chunk-rows", "4", config=config)
    assert done.returncode == 3
    assert _summary(done.stdout) == {"created": 5, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "values[5]" in done.stdout and "unknown_org_unit" in done.stdout


def test_an_excel_file_goes_whole_and_refusals_name_sheet_and_cell(
        config: Path, communes: list[str], tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    sheet.append(HEADER.split(","))
    sheet.append(["QCDC_DIRECT_DECISIONS", communes[0], "2063", None, 4])
    sheet.append(["NO_SUCH_INDICATOR", communes[0], "2063", None, 4])
    file = tmp_path / "figures.xlsx"
    book.save(file)
    done = qcdc("submit", str(file), config=config)
    assert done.returncode == 3, done.stdout + done.stderr
    assert _summary(done.stdout)["created"] == 1
    assert "Số liệu!A3" in done.stdout


# Data out ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reported(config: Path, communes: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """2015Q4 reports of the first three communes, submitted, so the aggregates have figures."""
    rows = [f"{indicator},{unit},2015Q4,,{n + 1},," for n, unit in enumerate(communes[:3])
            for indicator in QUARTERLY]
    rows += [f"QCDC_DISCLOSURE_DONE,{unit},2015Q4,,có,," for unit in communes[:3]]
    file = _csv(tmp_path_factory.mktemp("reports") / "reports.csv", rows)
    done = qcdc("submit", str(file), "--submit", config=config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reports submitted 3" in done.stdout


AGGREGATES = ("export", "aggregates", "--indicator", "QCDC_DIRECT_DECISIONS", "--indicator",
              "QCDC_VILLAGE_MEETINGS", "--period", "2015Q4", "--org-unit", DISTRICT, "--by",
              "children", "--include", "submitted")


def test_export_aggregates_as_csv(config: Path, reported: None) -> None:
    done = qcdc(*AGGREGATES, config=config)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(table) == 2 * len(COMMUNES)
    direct = {r["Mã đơn vị"]: r["Giá trị"] for r in table if r["Mã chỉ số"] == "QCDC_DIRECT_DECISIONS"}
    assert (direct["CLI-00"], direct["CLI-02"], direct["CLI-05"]) == ("1", "3", "")
    assert {r["Tên đơn vị"] for r in table} >= {"Xã Dòng Lệnh 0"}
    written = qcdc(*AGGREGATES, "-o", "tong-hop.csv", config=config)
    assert written.returncode == 0, written.stderr
    raw = (config / "tong-hop.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Mã đơn vị" in raw.decode("utf-8-sig")


def test_export_aggregates_on_todays_units(config: Path, reported: None) -> None:
    """Units that never changed read the same on today's units, and the table says which."""
    done = qcdc(*AGGREGATES, "--basis", "current", config=config)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    direct = {r["Mã đơn vị"]: r["Giá trị"] for r in table if r["Mã chỉ số"] == "QCDC_DIRECT_DECISIONS"}
    assert (direct["CLI-00"], direct["CLI-02"], direct["CLI-05"]) == ("1", "3", "")
    assert {(r["Cách tính"], r["So sánh được"]) for r in table} == {("Theo đơn vị hiện nay", "Có")}
    refused = qcdc(*AGGREGATES, "--as-of", "2020-01-01", config=config)
    assert refused.returncode == 1 and "as_of" in refused.stderr


def test_export_aggregates_as_excel(config: Path, reported: None) -> None:
    done = qcdc(*AGGREGATES, "-o", "tong-hop.xlsx", config=config)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(config / "tong-hop.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo", "Mã chỉ số")
    values = {(r[0], r[3]): r[5] for r in rows[1:]}
    assert values[("CLI-01", "QCDC_VILLAGE_MEETINGS")] == 2
    no_file = qcdc(*AGGREGATES, "--format", "xlsx", config=config)
    assert no_file.returncode == 1 and "--output" in no_file.stderr


@pytest.fixture(scope="module")
def formula_communes(api: httpx.Client) -> dict[str, str]:
    """A district of our own whose communes are named like formulas: names by code."""
    province = _create_unit(api, "CLI-FX-P", "Tỉnh Công Thức", "province", None)
    district = _create_unit(api, "CLI-FX-D", "Huyện Công Thức", "district", province)
    names = {f"CLI-FX-{n}": name for n, name in enumerate(NAMED)}
    for code, name in names.items():
        _create_unit(api, code, name, "commune", district)
    return names


FORMULA_AGGREGATES = ("export", "aggregates", "--indicator", "QCDC_DIRECT_DECISIONS", "--period",
                      "2015Q4", "--org-unit", "CLI-FX-D", "--by", "children")


def test_export_writes_names_a_spreadsheet_would_run_as_text(
        config: Path, formula_communes: dict[str, str]) -> None:
    to_csv = qcdc(*FORMULA_AGGREGATES, "-o", "cong-thuc.csv", config=config)
    assert to_csv.returncode == 0, to_csv.stderr
    with (config / "cong-thuc.csv").open(encoding="utf-8-sig", newline="") as written:
        table = list(csv.DictReader(written))
    assert {r["Mã đơn vị"] for r in table} == formula_communes.keys()
    for row in table:
        assert_csv_text(row["Tên đơn vị"], formula_communes[row["Mã đơn vị"]])
    to_xlsx = qcdc(*FORMULA_AGGREGATES, "-o", "cong-thuc.xlsx", config=config)
    assert to_xlsx.returncode == 0, to_xlsx.stderr
    sheet = load_workbook(config / "cong-thuc.xlsx").active
    assert sheet is not None
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert cells.keys() == formula_communes.keys()
    for code, cell in cells.items():
        assert (cell.value, cell.data_type) == (formula_communes[code], "s")


def test_template_downloads_the_workbook_under_the_servers_name(config: Path,
                                                                 communes: list[str]) -> None:
    done = qcdc("template", "QCDC_COMMUNE_QUARTERLY", "--unit", communes[0], "--unit", communes[1],
                "--period", "2015Q4", config=config)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.split("wrote ", 1)[1].strip())
    assert written.suffix == ".xlsx" and written.parent == Path(".")
    assert load_workbook(config / written).sheetnames
