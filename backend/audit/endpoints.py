from typing import Annotated

from fastapi import APIRouter, Query

from backend.audit import repository
from backend.audit.schemas import Actor, AuditEvent
from backend.auth.deps import AdminDep
from backend.db import SessionDep
from backend.kit.pagination import Page, PageDep, fetch_page

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get("", operation_id="audit-events:list", response_model=Page[AuditEvent])
async def list_audit_events(
    session: SessionDep, principal: AdminDep, page: PageDep,
    entity_type: Annotated[str | None, Query(max_length=64)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_id: int | None = None,
) -> Page[AuditEvent]:
    query = repository.list_query(principal, entity_type=entity_type, entity_id=entity_id,
                                  actor_id=actor_id)
    events, pagination = await fetch_page(session, query, page)
    return Page(items=[AuditEvent(
        id=e.id, occurred_at=e.occurred_at, actor=Actor(id=e.actor_id, username=e.actor_label),
        action=e.action, entity_type=e.entity_type, entity_id=e.entity_id,
        org_unit_id=e.org_unit_id, before=e.before, after=e.after) for e in events],
        pagination=pagination)
