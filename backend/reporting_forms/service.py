"""Rules of reporting forms: who reports a form, its deadline per level, its input window."""

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.auth.scope import may_see
from backend.data_values import check
from backend.errors import NotFound, field_error
from backend.indicators import repository as indicators
from backend.indicators.schemas import IndicatorCategory
from backend.indicators.service import check_catalogue_owner
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.text import fold
from backend.kit.unit_of_work import flush, replace
from backend.models import OrgUnit, OrgUnitKind, ReportingForm, ReportingFormIndicator, Role, ValueType
from backend.org_units.repository import get as get_unit
from backend.periods import rules
from backend.periods.schemas import resolved
from backend.reporting_forms import repository, schemas
from backend.reporting_forms.errors import DuplicateFormCode, InvalidForm

AUDITED = ("code", "name", "name_en", "period_type", "period_rule", "narrative", "reporters",
           "deadline_working_days", "rules", "owner_unit_id", "opens_days_before_end",
           "closes_days_after_deadline", "remind_days_before", "is_active")
NUMERIC_TYPES = (ValueType.counted, ValueType.number, ValueType.ratio)
_LEVEL_OF_KIND = {OrgUnitKind.commune: "commune", OrgUnitKind.district: "district",
                  OrgUnitKind.province: "province"}


def audited(form: ReportingForm) -> dict[str, Any]:
    return {**snapshot(form, AUDITED),
            "indicators": [{"indicator_id": i.indicator_id, "required": i.required}
                           for i in form.items]}


def to_schema(form: ReportingForm, schedule: schemas.Schedule | None = None) -> schemas.ReportingForm:
    return schemas.ReportingForm(
        id=form.id, code=form.code, name=form.name, name_en=form.name_en,
        period_type=form.period_type, period_rule=form.period_rule,
        indicators=[schemas.FormIndicator(
            indicator_id=item.indicator.id, code=item.indicator.code, name=item.indicator.name,
            name_en=item.indicator.name_en, value_type=item.indicator.value_type,
            unit_of_measure=item.indicator.unit_of_measure,
            numerator_name=item.indicator.numerator_name,
            denominator_name=item.indicator.denominator_name,
            numerator_le_denominator=item.indicator.numerator_le_denominator,
            categories=[IndicatorCategory.model_validate(c) for c in item.indicator.categories],
            required=item.required,
            rules=check.rules(item.indicator.value_type, item.indicator.numerator_le_denominator))
            for item in form.items],
        narrative=[schemas.NarrativeSection.model_validate(s) for s in form.narrative],
        reporters=schemas.Reporters.model_validate(form.reporters),
        deadline_working_days=schemas.DeadlineDays.model_validate(form.deadline_working_days),
        rules=[schemas.CrossRule.model_validate(r) for r in form.rules],
        owner_unit_id=form.owner_unit_id, opens_days_before_end=form.opens_days_before_end,
        closes_days_after_deadline=form.closes_days_after_deadline,
        remind_days_before=form.remind_days_before, is_active=form.is_active, schedule=schedule)


# ---- who reports, when ------------------------------------------------------------------------

async def reporting_level(session: AsyncSession, unit: OrgUnit) -> str | None:
    """commune, district or province: the nearest of those kinds at or above the unit."""
    for kind in await repository.kinds_above(session, unit):
        if kind in _LEVEL_OF_KIND:
            return _LEVEL_OF_KIND[kind]
    return None


def schedule(form: ReportingForm, period: rules.Period, level: str | None,
             unit_id: int | None) -> schemas.Schedule:
    days = form.deadline_working_days.get(level) if level else None
    deadline = rules.deadline(period, days, form.period_rule) if days is not None else None
    end = period.end(form.period_rule)
    opens = (end - timedelta(days=form.opens_days_before_end)
             if form.opens_days_before_end is not None else period.start(form.period_rule))
    closes = (deadline + timedelta(days=form.closes_days_after_deadline)
              if deadline is not None and form.closes_days_after_deadline is not None else None)
    return schemas.Schedule(period=resolved(period, form.period_rule), unit_id=unit_id, level=level,
                            working_days=days, opens_on=opens, deadline=deadline, closes_on=closes)


async def unit_schedule(session: AsyncSession, form: ReportingForm, period: rules.Period,
                        unit: OrgUnit | None) -> schemas.Schedule:
    level = await reporting_level(session, unit) if unit is not None else None
    return schedule(form, period, level, unit.id if unit else None)


async def reports_form(session: AsyncSession, form: ReportingForm, unit: OrgUnit) -> bool:
    """A unit reports a form when its grassroots type or kind is listed, within the owner's subtree."""
    return await repository.reports(session, form, unit.id, clock.today())


def parse_period_for(form: ReportingForm, text: str, loc: list[str | int]) -> rules.Period:
    try:
        period = rules.parse_period(text)
    except rules.PeriodError as exc:
        raise InvalidForm(str(exc), errors=[field_error(loc, str(exc))]) from None
    if period.type is not form.period_type:
        msg = f"the form {form.code} is reported per {form.period_type.value}, not {period.type.value}"
        raise InvalidForm(msg, errors=[field_error(loc, msg)])
    return period


# ---- reads ------------------------------------------------------------------------------------

async def list_forms(session: AsyncSession, principal: Principal, filters: repository.FormFilters,
                     page: PageParams) -> tuple[list[ReportingForm], Pagination]:
    return await fetch_page(session, repository.list_query(principal, filters), page)


async def get_form(session: AsyncSession, form_id: int) -> ReportingForm:
    """A form known to be the caller's concern (that of a report it sees)."""
    form = await repository.get(session, form_id)
    if form is None:
        raise NotFound(f"No reporting form {form_id}.")
    return form


async def visible_form(session: AsyncSession, principal: Principal, form_id: int) -> ReportingForm:
    form = await repository.get_visible(session, principal, form_id)
    if form is None:
        raise NotFound(f"No reporting form {form_id}.")
    return form


async def visible_unit(session: AsyncSession, principal: Principal, unit_id: int) -> OrgUnit:
    if not await may_see(session, principal, unit_id):
        raise NotFound(f"No org unit {unit_id}.")
    unit = await get_unit(session, unit_id)
    assert unit is not None
    return unit


# ---- changes ----------------------------------------------------------------------------------

async def _items(session: AsyncSession, wanted: list[schemas.FormIndicatorIn],
                 owner_unit_id: int | None) -> list[ReportingFormIndicator]:
    """The form's lines; their indicators are used where the form is reported (national ones by a
    national form, else national ones or those of a unit at or above the form's owner)."""
    found = await indicators.usable_by_codes(session, [w.indicator for w in wanted], owner_unit_id)
    errors = [field_error(["body", "indicators", i, "indicator"],
                          f"no indicator {w.indicator} is used by the units of this form")
              for i, w in enumerate(wanted) if w.indicator not in found]
    seen: set[str] = set()
    for i, w in enumerate(wanted):
        if w.indicator in seen:
            errors.append(field_error(["body", "indicators", i, "indicator"],
                                      f"{w.indicator} is listed twice"))
        seen.add(w.indicator)
    if errors:
        raise InvalidForm("The form lists indicators that do not exist or repeat.", errors=errors)
    return [ReportingFormIndicator(indicator_id=found[w.indicator].id, required=w.required,
                                   indicator=found[w.indicator], position=i)
            for i, w in enumerate(wanted)]


def _check_contents(items: list[ReportingFormIndicator], narrative: list[schemas.NarrativeSection],
                    cross_rules: list[schemas.CrossRule]) -> None:
    types = {item.indicator.code: item.indicator.value_type for item in items}
    errors = []
    for i, rule in enumerate(cross_rules):
        for side in ("left", "right"):
            code = getattr(rule, side)
            if types.get(code) not in NUMERIC_TYPES:
                errors.append(field_error(["body", "rules", i, side],
                                          f"{code} is not a numeric indicator of this form"))
    keys = [s.key for s in narrative]
    if len(set(keys)) != len(keys):
        errors.append(field_error(["body", "narrative"], "section keys must be unique"))
    if errors:
        raise InvalidForm("The form's rules or narrative outline are invalid.", errors=errors)


async def create_form(session: AsyncSession, principal: Principal,
                      data: schemas.ReportingFormCreate) -> ReportingForm:
    await check_catalogue_owner(session, principal, data.owner_unit_id, acting_as=Role.planner)
    if await repository.get_by_code(session, data.code) is not None:
        raise DuplicateFormCode(f"The form code {data.code} is already used.")
    items = await _items(session, data.indicators, data.owner_unit_id)
    _check_contents(items, data.narrative, data.rules)
    form = await repository.add(session, ReportingForm(
        code=data.code, name=data.name, name_en=data.name_en, name_folded=fold(data.name),
        period_type=data.period_type, period_rule=data.period_rule,
        narrative=[s.model_dump() for s in data.narrative],
        reporters=data.reporters.model_dump(mode="json"),
        deadline_working_days=data.deadline_working_days.model_dump(exclude_none=True),
        rules=[r.model_dump() for r in data.rules], owner_unit_id=data.owner_unit_id,
        opens_days_before_end=data.opens_days_before_end,
        closes_days_after_deadline=data.closes_days_after_deadline,
        remind_days_before=data.remind_days_before, is_active=data.is_active, items=items))
    await record(session, principal, "create", "reporting_form", form.id, after=audited(form),
                 org_unit_id=form.owner_unit_id)
    return form


async def update_form(session: AsyncSession, principal: Principal, form_id: int,
                      data: schemas.ReportingFormUpdate) -> ReportingForm:
    form = await visible_form(session, principal, form_id)
    await check_catalogue_owner(session, principal, form.owner_unit_id, acting_as=Role.planner)
    fields = data.model_fields_set
    owner = data.owner_unit_id if "owner_unit_id" in fields else form.owner_unit_id
    if owner != form.owner_unit_id:
        await check_catalogue_owner(session, principal, owner, acting_as=Role.planner)
    before = audited(form)
    # A new owner may not use every indicator the old one did: the lines are checked again.
    relisted = data.indicators if data.indicators is not None else (
        [schemas.FormIndicatorIn(indicator=i.indicator.code, required=i.required)
         for i in form.items] if owner != form.owner_unit_id else None)
    items = await _items(session, relisted, owner) if relisted is not None else list(form.items)
    narrative = data.narrative if data.narrative is not None else [
        schemas.NarrativeSection.model_validate(s) for s in form.narrative]
    cross_rules = data.rules if data.rules is not None else [
        schemas.CrossRule.model_validate(r) for r in form.rules]
    _check_contents(items, narrative, cross_rules)
    for name in ("name", "name_en", "period_type", "period_rule", "remind_days_before",
                 "is_active"):
        if name in fields and (getattr(data, name) is not None or name == "name_en"):
            setattr(form, name, getattr(data, name))
    form.name_folded = fold(form.name)
    for name in ("owner_unit_id", "opens_days_before_end", "closes_days_after_deadline"):
        if name in fields:
            setattr(form, name, getattr(data, name))
    if data.reporters is not None:
        form.reporters = data.reporters.model_dump(mode="json")
    if data.deadline_working_days is not None:
        form.deadline_working_days = data.deadline_working_days.model_dump(exclude_none=True)
    form.narrative = [s.model_dump() for s in narrative]
    form.rules = [r.model_dump() for r in cross_rules]
    if relisted is not None:
        await replace(session, form.items, items)
    await flush(session)
    await record(session, principal, "update", "reporting_form", form.id, before=before,
                 after=audited(form), org_unit_id=form.owner_unit_id)
    return form
