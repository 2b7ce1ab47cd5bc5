"""The test database: a fresh PostgreSQL database per run (and per xdist worker).

Imported by conftest before anything of the app, so the app's settings point at it.
"""

import os
import tempfile
import uuid

from alembic.config import Config

ADMIN_URL = os.environ.get("QCDC_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TEST_DB = f"qcdc_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
TEST_URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + TEST_DB

os.environ["QCDC_DATABASE_URL"] = TEST_URL
os.environ["QCDC_ENV"] = "test"
os.environ.setdefault("QCDC_SECRET_KEY", "test-secret-key-of-sufficient-length")
os.environ["QCDC_WEBHOOK_DISPATCH"] = "false"  # tests send the outbox themselves
os.environ["QCDC_NOTIFY_DISPATCH"] = "false"  # and run the notifications' sender themselves
# Every test signs in from one address; the sign-in throttle's own tests set their limits.
os.environ["QCDC_SIGN_IN_PER_ADDRESS_PER_MINUTE"] = "100000"
os.environ["QCDC_DATA_DIR"] = tempfile.mkdtemp(prefix="qcdc-test-data-")


async def admin_sql(sql: str) -> None:
    """A statement on the server's admin database: creating and dropping test databases."""
    import asyncpg

    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def alembic_config(url: str) -> Config:
    from backend.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    config.attributes["database_url"] = url
    return config
