from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from backend.auth.deps import PrincipalDep, require_role
from backend.auth.principal import Principal
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.models import Role
from backend.periods.rules import PeriodType
from backend.reporting_forms import repository, service
from backend.reporting_forms.schemas import ReportingForm, ReportingFormCreate, ReportingFormUpdate

router = APIRouter(prefix="/reporting-forms", tags=["reporting-forms"])
FormManagerDep = Annotated[Principal, Depends(require_role(Role.admin, Role.planner))]


@router.get("", operation_id="reporting-forms:list", response_model=Page[ReportingForm])
async def list_reporting_forms(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=100, description="Name or code")] = None,
    period_type: PeriodType | None = None,
    is_active: bool | None = None,
) -> Page[ReportingForm]:
    filters = repository.FormFilters(q=q, period_type=period_type, is_active=is_active)
    forms, pagination = await service.list_forms(session, principal, filters, page)
    return Page(items=[service.to_schema(f) for f in forms], pagination=pagination)


@router.post("", operation_id="reporting-forms:create", response_model=ReportingForm,
             status_code=status.HTTP_201_CREATED)
async def create_reporting_form(session: SessionDep, principal: FormManagerDep,
                                data: ReportingFormCreate) -> ReportingForm:
    return service.to_schema(await service.create_form(session, principal, data))


@router.get("/{form_id}", operation_id="reporting-forms:get", response_model=ReportingForm)
async def get_reporting_form(
    session: SessionDep, principal: PrincipalDep, form_id: Id,
    period: Annotated[str | None, Query(max_length=16, description="Resolve this period: its dates, "
                                        "input window and deadline")] = None,
    unit_id: Annotated[Id | None, Query(description="The deadline for this unit's level")] = None,
) -> ReportingForm:
    form = await service.visible_form(session, principal, form_id)
    if period is None:
        return service.to_schema(form)
    parsed = service.parse_period_for(form, period, ["query", "period"])
    unit = await service.visible_unit(session, principal, unit_id) if unit_id is not None else None
    return service.to_schema(form, await service.unit_schedule(session, form, parsed, unit))


@router.patch("/{form_id}", operation_id="reporting-forms:update", response_model=ReportingForm)
async def update_reporting_form(session: SessionDep, principal: FormManagerDep, form_id: Id,
                                data: ReportingFormUpdate) -> ReportingForm:
    """Change a form; `indicators`, `narrative` and `rules` replace their lists."""
    return service.to_schema(await service.update_form(session, principal, form_id, data))
