"""The session's pending writes, sent where a rule needs them in the database: services change
loaded rows but leave the session itself to repositories (tests/platform/test_layers.py)."""

from sqlalchemy.ext.asyncio import AsyncSession


async def flush(session: AsyncSession) -> None:
    """Now rather than at the next query, whose place may move: a version check must fail here,
    and the audit and the answer read what the database made of the change."""
    await session.flush()
