from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import audit_visible
from backend.models import AuditEvent


def list_query(principal: Principal, *, entity_type: str | None, entity_id: str | None,
               actor_id: int | None) -> Select[AuditEvent]:
    query = select(AuditEvent).where(audit_visible(principal))
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def add(session: AsyncSession, event: AuditEvent) -> None:
    """Not flushed: the event is written with the change it records, at the next flush."""
    session.add(event)


async def add_many(session: AsyncSession, rows: Iterable[dict[str, Any]]) -> None:
    """One executemany statement, not one INSERT per event."""
    await session.execute(insert(AuditEvent), list(rows))
