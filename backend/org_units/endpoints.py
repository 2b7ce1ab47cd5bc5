from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.responses import JSONResponse

from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.kit import clock
from backend.kit.bodies import inline_schema
from backend.kit.fields import Id
from backend.kit.idempotency import HashingStream
from backend.kit.pagination import Page, PageDep
from backend.models import GrassrootsType, OrgUnitKind
from backend.org_units import reorganisation, repository, service
from backend.org_units.schemas import (
    OrgUnit,
    OrgUnitClose,
    OrgUnitCreate,
    OrgUnitSuccession,
    OrgUnitUpdate,
    Reorganisation,
    ReorganisationSummary,
)

router = APIRouter(prefix="/org-units", tags=["org-units"])


@router.get("", operation_id="org-units:list", response_model=Page[OrgUnit])
async def list_org_units(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    parent_id: Annotated[Id | None, Query(description="Children of this unit")] = None,
    kind: OrgUnitKind | None = None,
    grassroots_type: GrassrootsType | None = None,
    q: Annotated[str | None, Query(max_length=100,
                                   description="Name (with or without diacritics) or code")] = None,
    as_of: Annotated[date | None, Query(description="The tree as it stood on this day")] = None,
) -> Page[OrgUnit]:
    """Units the caller may see. With no filter at all: the top of the caller's scope."""
    filters = repository.UnitFilters(parent_id=parent_id, kind=kind,
                                     grassroots_type=grassroots_type, q=q, as_of=as_of)
    items, pagination = await service.list_units(session, principal, filters, page)
    return Page(items=items, pagination=pagination)


@router.post("", operation_id="org-units:create", response_model=OrgUnit,
             status_code=status.HTTP_201_CREATED)
async def create_org_unit(session: SessionDep, principal: PrincipalDep,
                          data: OrgUnitCreate) -> OrgUnit:
    unit = await service.create_unit(session, principal, data)
    return OrgUnit.model_validate(unit)


@router.get("/{unit_id}", operation_id="org-units:get", response_model=OrgUnit)
async def get_org_unit(session: SessionDep, principal: PrincipalDep, unit_id: Id) -> OrgUnit:
    unit = await service.get_unit(session, principal, unit_id)
    return (await service.with_child_counts(session, [unit], clock.today()))[0]


@router.patch("/{unit_id}", operation_id="org-units:update", response_model=OrgUnit)
async def update_org_unit(session: SessionDep, principal: PrincipalDep, unit_id: Id,
                          data: OrgUnitUpdate) -> OrgUnit:
    unit = await service.update_unit(session, principal, unit_id, data)
    return (await service.with_child_counts(session, [unit], clock.today()))[0]


@router.post("/{unit_id}/close", operation_id="org-units:close", response_model=OrgUnit)
async def close_org_unit(session: SessionDep, principal: PrincipalDep, unit_id: Id,
                         data: OrgUnitClose) -> OrgUnit:
    """Close a unit on a day; successors (merge: one, split: several) inherit its data."""
    return OrgUnit.model_validate(await service.close_unit(session, principal, unit_id, data))


@router.get("/{unit_id}/children", operation_id="org-units:children",
            response_model=Page[OrgUnit])
async def list_children(session: SessionDep, principal: PrincipalDep, page: PageDep,
                        unit_id: Id, as_of: date | None = None) -> Page[OrgUnit]:
    await service.get_unit(session, principal, unit_id)
    filters = repository.UnitFilters(parent_id=unit_id, as_of=as_of)
    items, pagination = await service.list_units(session, principal, filters, page)
    return Page(items=items, pagination=pagination)


@router.get("/{unit_id}/ancestors", operation_id="org-units:ancestors",
            response_model=list[OrgUnit])
async def list_ancestors(session: SessionDep, principal: PrincipalDep,
                         unit_id: Id) -> list[OrgUnit]:
    """The chain above a visible unit, root first: the breadcrumb of its page."""
    return [OrgUnit.model_validate(u) for u in await service.ancestors(session, principal, unit_id)]


@router.get("/{unit_id}/successions", operation_id="org-units:successions",
            response_model=list[OrgUnitSuccession])
async def list_successions(session: SessionDep, principal: PrincipalDep,
                           unit_id: Id) -> list[OrgUnitSuccession]:
    return await service.successions(session, principal, unit_id)


_REORGANISATION_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": inline_schema(Reorganisation.model_json_schema())},
        "text/csv": {"schema": {"type": "string", "description": (
            "Header line then rows: event,effective_date,old_codes,new_code,new_name,kind,"
            "grassroots_type,new_parent,shares,accounts,note (lists separated by ';')")}},
    }},
}


@router.post("/reorganisations", operation_id="org-units:reorganise",
             response_model=ReorganisationSummary, openapi_extra=_REORGANISATION_BODY,
             responses={409: {"description": "atomic batch refused, or a reused Idempotency-Key"}})
async def reorganise(
    request: Request, session: SessionDep, principal: PrincipalDep,
    dry_run: Annotated[bool, Query(description="check and count, change nothing")] = False,
    atomic: Annotated[bool, Query(description="apply nothing if any event is refused")] = False,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> Any:
    """A reorganisation as one batch of events, JSON `{"events": [...]}` or CSV, applied in order
    in one transaction: `create`, `rename` (keeping the code, or retiring it for a new one),
    `move`, `merge` (n → 1, into a new or an existing unit), `split` (1 → n with a share per
    successor), `close`. Each event follows the rules of the single endpoints (who may change
    which unit, a unit closes once the units below it have gone, a code is never reused); a
    unit that closes with active accounts needs `accounts`. Refused events are listed in
    `conflicts` by their 0-based index; a unit outside the caller's reach refuses the whole batch
    (403)."""
    body = HashingStream(request.stream(), salt=f"{request.url.query}|"
                                                f"{request.headers.get('content-type', '')}")
    media_type = request.headers.get("content-type", "").split(";")[0].strip()
    answer, replayed = await reorganisation.import_body(
        session, principal, body, media_type,
        reorganisation.Options(dry_run=dry_run, atomic=atomic), idempotency_key)
    if replayed:
        return JSONResponse(answer, headers={"Idempotent-Replayed": "true"})
    return answer
