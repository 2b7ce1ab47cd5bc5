"""What the generator and the benchmark share: the database, the catalogue subset, the periods."""

import json
import os
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_URL = os.environ.get("QCDC_BENCH_URL", "postgresql://postgres@127.0.0.1/qcdc_bench")

ADMIN_USER = "bench-admin"
ADMIN_PASSWORD = "bench-admin-password"  # a throw-away database on localhost

# 20 indicators of the default catalogue, none disaggregated: 14 counts, 2 ratios, 4 yes/no.
INDICATORS: dict[str, str] = {
    "QCDC_DIRECT_DECISIONS": "count", "QCDC_VOTED_DECISIONS": "count",
    "QCDC_CONSULTATIONS": "count", "QCDC_PIB_SUPERVISIONS": "count",
    "QCDC_CISB_SUPERVISIONS": "count", "QCDC_COMPLAINTS_RECEIVED": "count",
    "QCDC_COMPLAINTS_RESOLVED": "count", "QCDC_VILLAGE_MEETINGS": "count",
    "QCDC_LEADER_DIALOGUES": "count", "QCDC_FRONT_SUPERVISIONS": "count",
    "QCDC_MEDIATION_RECEIVED": "count", "QCDC_MEDIATION_SUCCESSFUL": "count",
    "QCDC_OFFICIALS_TRAINED": "count", "QCDC_STAFF_DIALOGUES": "count",
    "QCDC_VILLAGES_WITH_CONVENTION": "ratio", "QCDC_ADMIN_DOSSIERS_RESOLVED": "ratio",
    "QCDC_DISCLOSURE_DONE": "yes_no", "QCDC_NEW_RURAL_COMMUNE": "yes_no",
    "QCDC_STAFF_CONF": "yes_no", "QCDC_REGULATION_UPDATED": "yes_no",
}
# 14 periods: 4 years, 4 quarters, 2 halves, 4 months.
PERIODS = ["2021", "2022", "2023", "2024", "2024Q1", "2024Q2", "2024Q3", "2024Q4",
           "2024S1", "2024S2", "202401", "202402", "202403", "202404"]


def db_name(url: str) -> str:
    return str(make_url(url).database)


def admin_url(url: str) -> str:
    """The same server's `postgres` database, to create and drop the bench database from."""
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def plain_url(url: str) -> str:
    """asyncpg wants postgresql://, without a SQLAlchemy driver suffix."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def dataset_info(url: str) -> dict[str, Any] | None:
    """What generate.py recorded on the database (a COMMENT), or None when there is no bench data."""
    try:
        connection = await asyncpg.connect(admin_url(url))
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        comment = await connection.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            db_name(url))
    finally:
        await connection.close()
    if not comment:
        return None
    try:
        info: dict[str, Any] = json.loads(comment)
    except ValueError:
        return None
    return info if info.get("complete") else None


async def vacuumed_if_no_autovacuum(db: asyncpg.Connection) -> bool:
    """PostgreSQL vacuums and analyzes tables as they change (autovacuum, on by default, as in
    `docker-compose.yml`'s). A server that has it off, as CI machines may, would measure each run
    on the dead rows of the runs before it: the benches then do it before a run. Answers whether
    this did."""
    if await db.fetchval("SHOW autovacuum") == "on":
        return False
    await db.execute("VACUUM ANALYZE")
    return True
