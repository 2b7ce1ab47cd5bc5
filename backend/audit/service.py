"""Append-only history of every change: who, when, what, before → after."""

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import repository, schemas
from backend.auth.principal import Principal
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.models import AuditEvent
from backend.models.base import utcnow
from backend.notifications.notify import from_audit
from backend.webhooks import outbox

# session.info key of the audit events held by `in_bulk` until it writes them.
_HELD = "audit.held"
_COLUMNS = ("actor_id", "actor_label", "action", "entity_type", "entity_id", "org_unit_id",
            "before", "after", "occurred_at")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(entity: object, fields: Iterable[str]) -> dict[str, Any]:
    """The audited state of an entity: JSON-ready values of the named attributes."""
    return {name: _plain(getattr(entity, name)) for name in fields}


async def record(session: AsyncSession, actor: Principal | None, action: str, entity_type: str,
                 entity_id: object, *, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None, org_unit_id: int | None = None) -> None:
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)}
        if not changed:
            return
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    event = AuditEvent(
        actor_id=actor.user_id if actor else None,
        actor_label=actor.username if actor else "system",
        action=action, entity_type=entity_type, entity_id=str(entity_id),
        org_unit_id=org_unit_id, before=before, after=after, occurred_at=utcnow())
    held: list[AuditEvent] | None = session.info.get(_HELD)
    if held is None:
        repository.add(session, event)
    else:
        held.append(event)
    await outbox.enqueue(session, event)
    await from_audit(session, event)


@asynccontextmanager
async def in_bulk(session: AsyncSession) -> AsyncIterator[list[AuditEvent]]:
    """The audit events recorded inside are held, then written in a few statements on leaving
    without error: a reorganisation of the country records one per unit, thousands. A caller that
    undoes part of its work (a savepoint rolled back) drops the events it held since (`del
    held[mark:]`); an error leaving the block writes none, as the transaction is not kept."""
    if _HELD in session.info:
        yield session.info[_HELD]
        return
    held: list[AuditEvent] = []
    session.info[_HELD] = held
    try:
        yield held
    finally:
        del session.info[_HELD]
    if held:
        await repository.add_many(session, (
            {name: getattr(event, name) for name in _COLUMNS} for event in held))


async def list_events(session: AsyncSession, principal: Principal, page: PageParams, *,
                      entity_type: str | None, entity_id: str | None,
                      actor_id: int | None) -> tuple[list[schemas.AuditEvent], Pagination]:
    query = repository.list_query(principal, entity_type=entity_type, entity_id=entity_id,
                                  actor_id=actor_id)
    events, pagination = await fetch_page(session, query, page)
    return [schemas.AuditEvent(
        id=e.id, occurred_at=e.occurred_at, actor=schemas.Actor(id=e.actor_id, username=e.actor_label),
        action=e.action, entity_type=e.entity_type, entity_id=e.entity_id,
        org_unit_id=e.org_unit_id, before=e.before, after=e.after) for e in events], pagination
