"""The session's pending writes, sent where a rule needs them in the database: services change
loaded rows but leave the session itself to repositories (tests/platform/test_layers.py)."""

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def flush(session: AsyncSession) -> None:
    """Now rather than at the next query, whose place may move: a version check must fail here,
    and the audit and the answer read what the database made of the change."""
    await session.flush()


async def replace(session: AsyncSession, rows: list[T], replacements: Iterable[T]) -> None:
    """A collection's rows replaced by others: the old ones are deleted first, as a key kept from
    one to the other would otherwise collide with itself on insert."""
    rows.clear()
    await session.flush()
    rows.extend(replacements)
