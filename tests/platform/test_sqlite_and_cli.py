"""The embedded default: SQLite migrations, idempotent demo load, and a real `qcdc serve` smoke run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from alembic import command

from backend.config import PROJECT_ROOT
from backend.demo.users import DEMO_PASSWORD
from tests.helpers import QCDC, served
from tests.testdb import alembic_config


def _env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QCDC_DATABASE_URL": f"sqlite:///{db}", "QCDC_ENV": "development",
            **extra}


def _qcdc(*args: str, env: dict[str, str], input_text: str | None = None) -> str:
    done = subprocess.run([*QCDC, *args], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, input=input_text)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sqlite") / "qcdc.db"
    _qcdc("db", "upgrade", env=_env(db))
    return db


@pytest.fixture
def sqlite_db(migrated_sqlite: Path, tmp_path: Path) -> Path:
    """The migrated database, copied for this test alone."""
    db = tmp_path / "qcdc.db"
    shutil.copyfile(migrated_sqlite, db)
    return db


def test_sqlite_migrations_match_the_models(sqlite_db):
    command.check(alembic_config(f"sqlite:///{sqlite_db}"))


def test_demo_load_is_idempotent_and_prints_the_logins(sqlite_db):
    first = _qcdc("demo", "load", env=_env(sqlite_db))
    assert "127 org units" in first and "22 reform events" in first
    assert f"password for all: {DEMO_PASSWORD}" in first
    assert "songvan.reporter" in first
    second = _qcdc("demo", "load", env=_env(sqlite_db))
    assert "demo data loaded: nothing new" in second


def test_users_create_prompts_for_the_password(sqlite_db):
    out = _qcdc("users", "create", "cli.admin", "--role", "admin", env=_env(sqlite_db),
                input_text="cli-password-1\ncli-password-1\n")
    assert "created user cli.admin (admin)" in out
    failed = subprocess.run([*QCDC, "users", "create", "cli.nounit", "--role", "reporter",
                             "--password", "cli-password-1"], env=_env(sqlite_db),
                            capture_output=True, text=True, timeout=60)
    assert failed.returncode != 0 and "--unit" in failed.stderr


def test_every_entry_point_refuses_the_default_key_outside_development(sqlite_db):
    env = _env(sqlite_db, QCDC_ENV="production")
    env.pop("QCDC_SECRET_KEY", None)
    for args in (["serve"], ["db", "upgrade"], ["demo", "load"]):
        done = subprocess.run([*QCDC, *args], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and "refusing to start: set QCDC_SECRET_KEY" in done.stderr
    # The ASGI app as uvicorn or gunicorn import it, without the CLI.
    imported = subprocess.run([sys.executable, "-c", "import backend.main"], env=env,
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert imported.returncode != 0 and "QCDC_SECRET_KEY" in imported.stderr


def test_openapi_check_detects_drift(tmp_path):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}")
    done = subprocess.run([*QCDC, "openapi", "export", "--check", "--output", str(stale)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "stale" in done.stderr


def test_serve_answers_over_http_on_sqlite(sqlite_db):
    _qcdc("demo", "load", env=_env(sqlite_db))
    with served(_env(sqlite_db)) as base:
        assert httpx.get(f"{base}/ready").json() == {"status": "ready"}
        token = httpx.post(f"{base}/auth/token", data={
            "grant_type": "password", "username": "admin", "password": DEMO_PASSWORD}).json()
        admin = {"Authorization": f"Bearer {token['access_token']}"}
        for day, names in (({"as_of": "2025-06-30"}, {"Huyện Hớn Quản"}), ({}, set())):
            units = httpx.get(f"{base}/org-units", params={"q": "hon quan", "kind": "district",
                                                           **day}, headers=admin).json()
            assert {u["name"] for u in units["items"]} == names
        _import_approve_and_aggregate(base, admin)


QUARTERLY = ("QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
             "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
             "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS")


def _import_approve_and_aggregate(base: str, admin: dict[str, str]) -> None:
    """The SQLite paths of the roll-ups: a CSV import submitted, approved, then aggregated above.
    A quarter before the demo's illustrative figures (2021 on), so these are the only ones."""
    csv = "indicator,org_unit,period,category,value,numerator,denominator\n" + "".join(
        f"{code},07345,2020Q4,,3,,\n" for code in QUARTERLY) + "QCDC_DISCLOSURE_DONE,07345,2020Q4,,có,,\n"
    summary = httpx.post(f"{base}/data-values/import", params={"submit": "true"}, content=csv,
                         headers={**admin, "Content-Type": "text/csv"}).json()
    assert (summary.get("created"), summary.get("submitted"), summary.get("rejected")) == (9, 1, 0), summary
    report = httpx.get(f"{base}/submissions", params={"period": "2020Q4"}, headers=admin).json()
    reviewer = httpx.post(f"{base}/auth/token", data={
        "grant_type": "password", "username": "tanyen.reviewer", "password": DEMO_PASSWORD}).json()
    approved = httpx.post(f"{base}/submissions/{report['items'][0]['id']}/approve", json={},
                          headers={"Authorization": f"Bearer {reviewer['access_token']}"})
    assert approved.status_code == 200, approved.text
    for unit in ("07345", "216", "24"):
        rows = httpx.get(f"{base}/aggregates", headers=admin, params={
            "indicator": ["QCDC_DIRECT_DECISIONS", "QCDC_DISCLOSURE_DONE"], "org_unit": unit,
            "period": ["2020Q4", "2020"]}).json()
        values = {(r["indicator"], r["period"]): r["value"] for r in rows}
        assert values[("QCDC_DIRECT_DECISIONS", "2020Q4")] == 3
        assert values[("QCDC_DIRECT_DECISIONS", "2020")] == 3  # the quarter rolls into the year
        assert values[("QCDC_DISCLOSURE_DONE", "2020Q4")] == 1
    # On today's units (the demo's reform applied on SQLite too) Song Vân counts in Bắc Ninh.
    [today] = httpx.get(f"{base}/aggregates", headers=admin, params={
        "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": "24", "period": "2020Q4",
        "basis": "current"}).json()
    assert (today["org_unit"]["name"], today["value"]) == ("Tỉnh Bắc Ninh", 3)


def test_several_workers_are_refused_on_sqlite(sqlite_db):
    """SQLite has one writer, kept in order by a lock each process holds alone (backend/db.py)."""
    done = subprocess.run([*QCDC, "serve", "--workers", "2"], env=_env(sqlite_db),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "PostgreSQL" in done.stderr
