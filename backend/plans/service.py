"""Plan rules: who may write, the draft → issued → closed life, and amendments of issued plans."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import tally
from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.errors import Forbidden, InvalidInput, NotFound, field_error
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.text import fold
from backend.models import Plan, PlanAmendment, PlanStatus, Target
from backend.org_units.repository import get as get_unit
from backend.org_units.repository import get_visible as get_visible_unit
from backend.org_units.schemas import OrgUnitRef
from backend.plans import importing, repository, schemas
from backend.plans.errors import (
    InvalidPlanTransition,
    PlanIssueDateInFuture,
    PlanIssueDateMissing,
    PlanNotEditable,
    PlanNumberMissing,
)
from backend.plans.span import check_span

AUDITED = ("number", "place", "issue_date", "title", "span_start", "span_end", "parent_plan_id",
           "status", "revision")


async def list_plans(session: AsyncSession, principal: Principal, page: PageParams, *,
                     issuer_id: int | None, status: PlanStatus | None, year: int | None,
                     q: str | None) -> tuple[list[Plan], Pagination]:
    return await fetch_page(session, repository.list_query(
        principal, issuer_id=issuer_id, status=status, year=year, q=q), page)


async def amendments(session: AsyncSession, principal: Principal,
                     plan_id: int) -> list[PlanAmendment]:
    return await repository.amendments(session, (await get_plan(session, principal, plan_id)).id)


async def get_plan(session: AsyncSession, principal: Principal, plan_id: int) -> Plan:
    plan = await repository.get_visible(session, principal, plan_id)
    if plan is None:
        raise NotFound(f"No plan {plan_id}.")
    return plan


async def plan_to_write(session: AsyncSession, principal: Principal, plan_id: int) -> Plan:
    plan = await get_plan(session, principal, plan_id)
    if not await repository.may_manage(session, principal, plan.id):
        raise Forbidden("Only planners of the issuing unit's subtree, or of its successor once it "
                        "closed, may change this plan.")
    return plan


async def import_plan(session: AsyncSession, principal: Principal, data: schemas.PlanImport, *,
                      from_file: bool = False) -> schemas.PlanImportResult:
    issuer = await get_visible_unit(session, principal, data.issuer_id)
    if issuer is None:
        raise NotFound(f"No org unit {data.issuer_id}.")
    if not await repository.may_write(session, principal, issuer.id):
        raise Forbidden("Only planners of the issuing unit's subtree may import its plans.")
    await _check_parent(session, principal, data.parent_plan_id, None, ["body"])
    result = await importing.import_plan(session, principal, issuer, data)
    return result.model_copy(update={"text": data.text}) if from_file else result


async def _check_parent(session: AsyncSession, principal: Principal, parent_id: int | None,
                        plan_id: int | None, at: list[str | int]) -> None:
    """The plan a plan implements: one the caller sees, and neither the plan itself nor one that
    implements it (the plans of a cascade form a tree)."""
    if parent_id is None:
        return
    where = [*at, "parent_plan_id"]
    parent = await repository.get_visible(session, principal, parent_id)
    if parent is None:
        raise InvalidInput(f"No plan {parent_id} to implement.", errors=[
            field_error(where, f"no plan {parent_id}", "parent_plan_unknown")])
    while parent is not None:
        if parent.id == plan_id:
            raise InvalidInput("A plan cannot implement itself, nor a plan that implements it.",
                               errors=[field_error(where, "the plan itself or one below it",
                                                   "parent_plan_cycle")])
        parent = await repository.get(session, parent.parent_plan_id) if parent.parent_plan_id else None


async def plan_view(session: AsyncSession, plan: Plan) -> schemas.Plan:
    issuer = await get_unit(session, plan.issuer_id)
    return schemas.Plan.model_validate({**{k: getattr(plan, k) for k in schemas.Plan.model_fields
                                           if k != "issuer"},
                                        "issuer": OrgUnitRef.model_validate(issuer)})


async def plan_detail(session: AsyncSession, plan: Plan) -> schemas.PlanDetail:
    summary = await tally.plan_progress(session, plan, clock.today())
    sections = {s.id: s.number for s in plan.sections}
    targets = await repository.targets(session, plan.id)
    return schemas.PlanDetail(
        **(await plan_view(session, plan)).model_dump(exclude={"symbol"}),
        legal_bases=[schemas.LegalBasis.model_validate(b) for b in plan.legal_bases],
        targets=[_target(t, sections) for t in targets], closing=plan.closing,
        completion=summary.completion, requested_completion=summary.requested_completion,
        overdue=summary.overdue)


def _target(target: Target, sections: dict[int, str]) -> schemas.Target:
    return schemas.Target(section_number=sections[target.section_id],
                          indicator_code=target.indicator_code, comparator=target.comparator,
                          value=float(target.value), unit=target.unit, subject=target.subject,
                          recurrence=target.recurrence)


async def sections(session: AsyncSession, plan: Plan) -> list[schemas.Section]:
    progress = (await tally.plan_progress(session, plan, clock.today())).section_progress
    numbers = {s.id: s.number for s in plan.sections}
    return [schemas.Section(id=s.id, number=s.number, label=s.label, title=s.title, text=s.text,
                            kind=s.kind, depth=s.depth,
                            parent_number=numbers.get(s.parent_id) if s.parent_id else None,
                            progress=progress.get(s.id)) for s in plan.sections]


async def _apply(session: AsyncSession, principal: Principal, plan: Plan,
                 changes: schemas.PlanUpdate, at: list[str | int]) -> None:
    """Apply the changes sent at `at` in the body; the span they leave must still be one."""
    await _check_parent(session, principal, changes.parent_plan_id, plan.id, at)
    for name, value in changes.model_dump(exclude_unset=True).items():
        setattr(plan, name, value)
    check_span(plan.span_start, plan.span_end, at)
    plan.title_folded = fold(plan.title)


async def update_plan(session: AsyncSession, principal: Principal, plan_id: int,
                      changes: schemas.PlanUpdate) -> Plan:
    plan = await plan_to_write(session, principal, plan_id)
    if plan.status is not PlanStatus.draft:
        raise PlanNotEditable("An issued plan changes only through an amendment.")
    before = snapshot(plan, AUDITED)
    await _apply(session, principal, plan, changes, ["body"])
    await record(session, principal, "update", "plan", plan.id, before=before,
                 after=snapshot(plan, AUDITED), org_unit_id=plan.issuer_id)
    return plan


async def amend_plan(session: AsyncSession, principal: Principal, plan_id: int,
                     amendment: schemas.PlanAmend) -> Plan:
    plan = await plan_to_write(session, principal, plan_id)
    if plan.status is not PlanStatus.issued:
        raise InvalidPlanTransition("Only an issued plan is amended; edit a draft directly.")
    before = snapshot(plan, AUDITED)
    repository.add_amendment(session, PlanAmendment(
        plan_id=plan.id, revision=plan.revision, reason=amendment.reason,
        amended_by=principal.user_id, before=before))
    span = (plan.span_start, plan.span_end)
    await _apply(session, principal, plan, amendment.changes, ["body", "changes"])
    plan.revision += 1
    if (plan.span_start, plan.span_end) != span:  # the occurrences moved: so does the progress
        await tally.rebuild(session, plan)
    await record(session, principal, "amend", "plan", plan.id, before=before,
                 after={**snapshot(plan, AUDITED), "reason": amendment.reason},
                 org_unit_id=plan.issuer_id)
    return plan


_NEXT = {"issue": (PlanStatus.draft, PlanStatus.issued),
         "close": (PlanStatus.issued, PlanStatus.closed)}


async def transition(session: AsyncSession, principal: Principal, plan_id: int, action: str) -> Plan:
    plan = await plan_to_write(session, principal, plan_id)
    source, target = _NEXT[action]
    if plan.status is not source:
        raise InvalidPlanTransition(f"A {plan.status.value} plan cannot {action}; it must be "
                                    f"{source.value}.")
    if action == "issue":
        _check_issuable(plan)
    plan.status = target
    if action == "issue":
        await tally.rebuild(session, plan)
    await record(session, principal, action, "plan", plan.id, before={"status": source.value},
                 after={"status": target.value}, org_unit_id=plan.issuer_id)
    return plan


def _check_issuable(plan: Plan) -> None:
    """An issued plan is a signed document: its number and its date are part of it (Decree
    30/2020/NĐ-CP), and the drafts imported from text usually leave both blank."""
    if not plan.number:
        also = "" if plan.issue_date else " and its issue date"
        raise PlanNumberMissing(f"Give the plan its number{also} before issuing it.")
    if plan.issue_date is None:
        raise PlanIssueDateMissing("Give the plan its issue date (the day it was signed) before "
                                   "issuing it.")
    if plan.issue_date > clock.today():
        raise PlanIssueDateInFuture(f"The plan is dated {plan.issue_date.isoformat()}, after today "
                                    "in Vietnam: issue it once it is signed.")


async def cascade(session: AsyncSession, principal: Principal, plan: Plan) -> schemas.CascadeNode:
    """A plan and, level by level, the plans below that implement it."""
    node = schemas.CascadeNode(plan=await plan_view(session, plan), children=[])
    for child in await repository.children_of(session, principal, [plan.id]):
        node.children.append(await cascade(session, principal, child))
    return node
