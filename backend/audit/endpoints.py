from typing import Annotated

from fastapi import APIRouter, Query

from backend.audit import service
from backend.audit.schemas import AuditEvent
from backend.auth.deps import AdminDep
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get("", operation_id="audit-events:list", response_model=Page[AuditEvent])
async def list_audit_events(
    session: SessionDep, principal: AdminDep, page: PageDep,
    entity_type: Annotated[str | None, Query(max_length=64)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_id: Id | None = None,
) -> Page[AuditEvent]:
    items, pagination = await service.list_events(session, principal, page, entity_type=entity_type,
                                                  entity_id=entity_id, actor_id=actor_id)
    return Page(items=items, pagination=pagination)
