"""All SQL of tasks: who carries them and when, their progress and evidence, scoped reads."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    cast,
    distinct,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.assignments.schemas import PlanTaskFilters, TaskState
from backend.auth.principal import Principal
from backend.auth.scope import UnitColumn, plan_visible, subtree_ids, unit_filter, units_above
from backend.models import (
    Assignment,
    AssignmentProgress,
    EvidenceFile,
    OrgUnit,
    OrgUnitTree,
    Plan,
    PlanSection,
    PlanStatus,
    PlanTaskProgress,
    ProgressStatus,
)
from backend.org_units.lineage import predecessors, successors
from backend.plans.groups import GroupRule

ProgressKey = tuple[int, int, date]
# The units a read is limited to: one, a few (a page of tasks), or all when None.
Units = int | frozenset[int] | None


def _of_units(column: UnitColumn, units: Units) -> ColumnElement[bool]:
    return column == units if isinstance(units, int) else column.in_(units or ())


async def of_plan(session: AsyncSession, plan_id: int) -> list[Assignment]:
    rows = await session.scalars(select(Assignment).join(PlanSection).where(
        Assignment.plan_id == plan_id).order_by(PlanSection.position, Assignment.id))
    return list(rows)


async def progress_of(session: AsyncSession, assignment_ids: list[int],
                      unit_id: Units = None) -> dict[ProgressKey, AssignmentProgress]:
    if not assignment_ids:
        return {}
    query = select(AssignmentProgress).where(AssignmentProgress.assignment_id.in_(assignment_ids))
    if unit_id is not None:
        query = query.where(_of_units(AssignmentProgress.unit_id, unit_id))
    return {(r.assignment_id, r.unit_id, r.due_date): r for r in await session.scalars(query)}


async def reported(session: AsyncSession, assignment_ids: list[int],
                   unit_id: Units) -> list[tuple[int, int, date, ProgressStatus, Decimal]]:
    """(assignment, unit, due date, status, percent) of what was reported, without the rest of
    the rows: a plan's recomputation reads every one."""
    if not assignment_ids:
        return []
    query = select(AssignmentProgress.assignment_id, AssignmentProgress.unit_id,
                   AssignmentProgress.due_date, AssignmentProgress.status,
                   AssignmentProgress.percent).where(
        AssignmentProgress.assignment_id.in_(assignment_ids))
    if unit_id is not None:
        query = query.where(_of_units(AssignmentProgress.unit_id, unit_id))
    return [tuple(row) for row in (await session.execute(query)).all()]  # type: ignore[misc]


async def progress_row(session: AsyncSession, assignment_id: int, unit_id: int,
                       due: date) -> AssignmentProgress | None:
    return await session.scalar(select(AssignmentProgress).where(
        AssignmentProgress.assignment_id == assignment_id, AssignmentProgress.unit_id == unit_id,
        AssignmentProgress.due_date == due))


def add_progress(session: AsyncSession, row: AssignmentProgress) -> None:
    """Not flushed: the report fills the row in first; the next flush writes it whole."""
    session.add(row)


# [since, until): the days a unit carries a task's occurrences, by due date. No `since`: from the
# plan's start; no `until`: for as long as the plan runs.
Span = tuple[date | None, date | None]
SpanQuery = Select[int, date | None, date | None]  # unit, since, until
OnwardQuery = Select[int, int, date | None, date | None]  # origin, unit, since, until
Carrying = dict[int, dict[int, list[Span]]]  # assignment → unit → spans


def _of_kinds(kinds: tuple[str, ...], grassroots_types: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(OrgUnit.kind.in_(kinds), OrgUnit.grassroots_type.in_(grassroots_types))


def _onward(origins: Select[Any, Any], name: str) -> OnwardQuery:
    """Each origin from its date to its closing, then each unit that took over from it from the
    succession's date to its own closing. A split hands the task to every successor: each takes
    over part of the area the task applies to, and naming one of them would leave the rest with
    nobody answerable for it."""
    chain = successors(origins, name)
    return select(chain.c.origin_id, chain.c.unit_id, chain.c.since,
                  OrgUnit.valid_to.label("until")).join(OrgUnit, OrgUnit.id == chain.c.unit_id)


def group_spans(issuer_id: int, rule: GroupRule) -> SpanQuery:
    """Who a group rule designates and when, the one owner of group membership (the tree of each
    day): the units of the rule's kinds below the issuer, while they are below it, so a unit that
    moves away stops and one that moves in starts on the move date. A closed issuer has no tree:
    its plan still runs over the area it had, so the units below it on its last day carry on, and
    so do the units that take over from them."""
    return _group_spans(issuer_id, tuple(rule["kinds"]), tuple(rule["grassroots_types"]))


# Built once per issuer and rule: the walk through successions and the union made a third of the
# Python of reading a report's tasks, and a query is immutable, so one built is reused.
@lru_cache(maxsize=1024)
def _group_spans(issuer_id: int, kinds: tuple[str, ...],
                 grassroots_types: tuple[str, ...]) -> SpanQuery:
    below = select(OrgUnitTree.descendant_id.label("unit_id"), OrgUnitTree.valid_from.label("since"),
                   OrgUnitTree.valid_to.label("until")).join(
        OrgUnit, OrgUnit.id == OrgUnitTree.descendant_id).where(
        OrgUnitTree.ancestor_id == issuer_id, OrgUnitTree.depth > 0,
        _of_kinds(kinds, grassroots_types))
    issuer = aliased(OrgUnit)
    last_day = select(OrgUnitTree.descendant_id.label("unit_id"), issuer.valid_to.label("since")).join(
        issuer, issuer.id == OrgUnitTree.ancestor_id).where(
        OrgUnitTree.ancestor_id == issuer_id, OrgUnitTree.depth > 0, issuer.valid_to.is_not(None),
        OrgUnitTree.valid_from < issuer.valid_to,
        or_(OrgUnitTree.valid_to.is_(None), OrgUnitTree.valid_to >= issuer.valid_to))
    onward = _onward(last_day, "group_successors").where(
        _of_kinds(kinds, grassroots_types)).subquery()
    spans = union_all(below, select(onward.c.unit_id, onward.c.since, onward.c.until)).subquery()
    return select(spans.c.unit_id, spans.c.since, spans.c.until).where(
        or_(spans.c.until.is_(None), spans.c.since < spans.c.until))


def _on(query: SpanQuery, day: date) -> SpanQuery:
    since, until = query.selected_columns.since, query.selected_columns.until
    return query.where(or_(since.is_(None), since <= day), or_(until.is_(None), until > day))


async def count_group_members(session: AsyncSession, issuer_id: int, rule: GroupRule,
                              day: date) -> int:
    members = _on(group_spans(issuer_id, rule), day).subquery()
    return int(await session.scalar(select(func.count(distinct(members.c.unit_id)))) or 0)


async def _named_spans(session: AsyncSession, assignee_ids: set[int],
                       unit_id: Units) -> dict[int, list[tuple[int, Span]]]:
    """Assignee → (unit, span): a named assignee carries its task until it closes, the units that
    took over from it from then on."""
    if not assignee_ids:
        return {}
    origins = select(OrgUnit.id.label("unit_id"), cast(null(), Date).label("since")).where(
        OrgUnit.id.in_(assignee_ids))
    query = _onward(origins, "assignee_successors")
    if unit_id is not None:
        query = query.where(_of_units(query.selected_columns.unit_id, unit_id))
    found: dict[int, list[tuple[int, Span]]] = defaultdict(list)
    for origin, unit, since, until in (await session.execute(query)).all():
        found[origin].append((unit, (since, until)))
    return found


async def _members(session: AsyncSession, issuer_id: int, rule: GroupRule,
                   unit_id: Units) -> list[tuple[int, Span]]:
    query = group_spans(issuer_id, rule)
    if unit_id is not None:
        query = query.where(_of_units(query.selected_columns.unit_id, unit_id))
    return [(unit, (since, until)) for unit, since, until in (await session.execute(query)).all()]


async def carrier_spans(session: AsyncSession, pairs: Iterable[tuple[Assignment, Plan]],
                        unit_id: Units = None) -> Carrying:
    """Which units carry each assignment and when (only of `unit_id`, when given)."""
    pairs = list(pairs)
    named = await _named_spans(session, {a.assignee_id for a, _ in pairs if a.group_rule is None
                                         and a.assignee_id is not None}, unit_id)
    groups: dict[str, list[tuple[int, Span]]] = {}
    found: Carrying = {}
    for assignment, plan in pairs:
        rule: GroupRule | None = assignment.group_rule  # type: ignore[assignment]
        if rule is None:
            spans = named.get(assignment.assignee_id or 0, [])
        else:
            key = f"{plan.issuer_id}:{sorted(rule.items())}"
            if key not in groups:
                groups[key] = await _members(session, plan.issuer_id, rule, unit_id)
            spans = groups[key]
        by_unit = found.setdefault(assignment.id, {})
        for unit, span in spans:
            by_unit.setdefault(unit, []).append(span)
    return found


async def plans_running(session: AsyncSession, on: date) -> bool:
    """Whether any issued plan still has occurrences to fall due on or after `on`."""
    found = await session.scalar(select(Plan.id).where(Plan.status != PlanStatus.draft,
                                                       Plan.span_end >= on).limit(1))
    return found is not None


async def moved_with(session: AsyncSession, unit_id: int, on: date) -> set[int]:
    """A unit about to change on `on` and the units below it on the day before: a move takes its
    subtree along, and a closing issuer's group tasks pass to the units it had."""
    return {unit_id, *await session.scalars(subtree_ids(unit_id, on - timedelta(days=1)))}


async def units(session: AsyncSession, unit_ids: set[int]) -> dict[int, OrgUnit]:
    if not unit_ids:
        return {}
    return {u.id: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))}


async def section_weights(session: AsyncSession, section_ids: list[int]) -> dict[int, float]:
    rows = await session.execute(select(PlanSection.id, PlanSection.weight).where(
        PlanSection.id.in_(section_ids)))
    return dict(rows.all())


async def get_visible(session: AsyncSession, principal: Principal,
                      assignment_id: int) -> tuple[Assignment, Plan] | None:
    row = (await session.execute(select(Assignment, Plan).join(Plan).where(
        Assignment.id == assignment_id, plan_visible(principal)))).first()
    return (row[0], row[1]) if row else None


async def stored_tasks_of_unit(session: AsyncSession,
                               unit_id: int) -> list[tuple[Plan, list[tuple[int, int]]]]:
    """The plans whose stored tasks the unit carries, each with the (assignment, unit) of them, in
    the order of plans, their sections and tasks."""
    rows = await session.execute(
        select(Plan, PlanTaskProgress.assignment_id).join(
            Plan, Plan.id == PlanTaskProgress.plan_id).join(
            PlanSection, PlanSection.id == PlanTaskProgress.section_id).where(
            PlanTaskProgress.unit_id == unit_id)
        .order_by(Plan.id, PlanSection.position, PlanTaskProgress.assignment_id))
    found: dict[int, tuple[Plan, list[tuple[int, int]]]] = {}
    for plan, assignment_id in rows:
        found.setdefault(plan.id, (plan, []))[1].append((assignment_id, unit_id))
    return list(found.values())


async def concerning(session: AsyncSession, unit_id: int,
                     running_on: date | None = None) -> list[tuple[Assignment, Plan]]:
    """Assignments that may fall to a unit: named to it or to a unit it took over from, or groups of
    plans issued above it or above a unit it took over from; of plans still running on
    `running_on`, when given. A draft assigns nothing yet: its tasks reach the units once it is
    issued."""
    taken_over = predecessors(unit_id)
    above_them = select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id.in_(taken_over),
                                                       OrgUnitTree.depth > 0)
    query = select(Assignment, Plan).join(Plan).join(
        PlanSection, Assignment.section_id == PlanSection.id).where(
        or_(Assignment.assignee_id == unit_id, Assignment.assignee_id.in_(taken_over),
            Assignment.group_rule.is_not(None) & or_(Plan.issuer_id.in_(units_above(unit_id)),
                                                     Plan.issuer_id.in_(above_them))),
        Plan.status != PlanStatus.draft)
    if running_on is not None:
        query = query.where(Plan.span_end >= running_on)
    rows = await session.execute(query.order_by(Plan.id, PlanSection.position, Assignment.id))
    return [(a, p) for a, p in rows.all()]


async def files_of(session: AsyncSession, progress_ids: list[int]) -> list[EvidenceFile]:
    if not progress_ids:
        return []
    rows = await session.scalars(select(EvidenceFile).where(EvidenceFile.progress_id.in_(progress_ids))
                                 .order_by(EvidenceFile.id))
    return list(rows)


def _progress_visible(principal: Principal) -> ColumnElement[bool]:
    """Progress and its evidence are the reporting unit's work of its occurrence's due date: it
    and the units above it then see them."""
    return and_(plan_visible(principal), unit_filter(principal, AssignmentProgress.unit_id,
                                                     at=AssignmentProgress.due_date))


async def progress_visible(session: AsyncSession, principal: Principal, assignment_id: int,
                           progress_id: int) -> AssignmentProgress | None:
    return await session.scalar(select(AssignmentProgress).join(Assignment).join(Plan).where(
        AssignmentProgress.id == progress_id, AssignmentProgress.assignment_id == assignment_id,
        _progress_visible(principal)))


async def file_visible(session: AsyncSession, principal: Principal,
                       file_id: int) -> EvidenceFile | None:
    return await session.scalar(select(EvidenceFile).join(AssignmentProgress).join(Assignment)
                                .join(Plan).where(EvidenceFile.id == file_id,
                                                  _progress_visible(principal)))


def plan_task_keys(principal: Principal, plan_id: int, filters: PlanTaskFilters,
                   today: date) -> Select[int, int]:
    """(assignment, unit) of an issued plan's stored tasks the caller sees some work of, in the
    order of the plan's pages: section, task, unit name."""
    return select(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id).join(
        PlanSection, PlanSection.id == PlanTaskProgress.section_id).join(
        OrgUnit, OrgUnit.id == PlanTaskProgress.unit_id).where(
        *_plan_task_conditions(principal, plan_id, filters, today)).order_by(
        PlanSection.position, PlanTaskProgress.assignment_id, OrgUnit.name, OrgUnit.id)


async def all_plan_task_keys(session: AsyncSession, principal: Principal, plan_id: int,
                             filters: PlanTaskFilters, today: date) -> list[tuple[int, int]]:
    rows = await session.execute(plan_task_keys(principal, plan_id, filters, today))
    return [(assignment, unit) for assignment, unit in rows]


def plan_task_count(principal: Principal, plan_id: int, filters: PlanTaskFilters,
                    today: date) -> Select[int]:
    """How many `plan_task_keys` finds, from the stored tasks alone."""
    return select(func.count()).select_from(PlanTaskProgress).where(
        *_plan_task_conditions(principal, plan_id, filters, today))


def _plan_task_conditions(principal: Principal, plan_id: int, filters: PlanTaskFilters,
                          today: date) -> list[ColumnElement[bool]]:
    found = [PlanTaskProgress.plan_id == plan_id, unit_filter(principal, PlanTaskProgress.unit_id)]
    if filters.section_id is not None:
        found.append(PlanTaskProgress.section_id == filters.section_id)
    if filters.unit_id is not None:
        found.append(PlanTaskProgress.unit_id == filters.unit_id)
    if filters.status is TaskState.overdue:
        found.append(PlanTaskProgress.open_due < today)
    elif filters.status is not None:
        found.append(PlanTaskProgress.state == filters.status.value)
    return found


async def assignments(session: AsyncSession, ids: set[int]) -> dict[int, Assignment]:
    if not ids:
        return {}
    return {a.id: a for a in await session.scalars(select(Assignment).where(Assignment.id.in_(ids)))}
