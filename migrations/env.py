"""Alembic on the async engine, against the database of QCDC_DATABASE_URL (or a given connection)."""

import asyncio
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from backend.config import get_settings
from backend.db import build_engine, is_sqlite
from backend.models import Base
from backend.models.data_value import TRIGGER_CHECKED

if context.config.config_file_name is not None and context.config.attributes.get("configure_logger", True):
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    dialect = connection.dialect.name

    def include_object(item: Any, _name: str | None, type_: str, reflected: bool,
                       _compare_to: Any) -> bool:
        """Foreign keys that PostgreSQL checks by trigger are constraints on SQLite only."""
        return not (type_ == "foreign_key_constraint" and not reflected
                    and item.info == TRIGGER_CHECKED and dialect == "postgresql")

    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=is_sqlite(str(connection.engine.url)),
                      compare_type=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = build_engine(context.config.attributes.get("database_url")
                          or get_settings().database_url)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _configure(connection)
else:
    asyncio.run(_run_async())
