"""Tasks and their progress: occurrences from the recurrence, overdue from due dates. A task's
percent is the mean over its occurrences of the reported percent, unreported ones counting as 0
and not-applicable ones left out; the plan's roll-ups are kept on write by `tally`."""

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository, tally
from backend.assignments.repository import Span
from backend.assignments.schemas import (
    DEFAULT_PERCENT,
    DONE,
    EvidenceFile,
    Occurrence,
    PlanRef,
    PlanTaskFilters,
    ProgressCreate,
    Task,
    TaskFilters,
    is_in_state,
)
from backend.assignments.tally import carries, owned
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import may_see, sight
from backend.errors import Forbidden, InvalidInput, NotFound
from backend.kit import clock
from backend.kit.pagination import Page, PageParams, fetch_rows_page, page_of
from backend.models import (
    Assignment,
    AssignmentProgress,
    OrgUnit,
    Plan,
    PlanStatus,
    ProgressStatus,
    Role,
)
from backend.org_units.repository import get as get_unit
from backend.org_units.schemas import OrgUnitRef
from backend.periods.occurrences import occurrences
from backend.plans import repository as plans

ProgressKey = tuple[int, int, date]  # assignment, unit, due date


@dataclass
class ProgressIndex:
    rows: dict[ProgressKey, AssignmentProgress]
    files: dict[int, list[EvidenceFile]]


async def _progress(session: AsyncSession, assignment_ids: list[int],
                    unit_id: repository.Units = None) -> ProgressIndex:
    rows = await repository.progress_of(session, assignment_ids, unit_id)
    files: dict[int, list[EvidenceFile]] = defaultdict(list)
    for row in await repository.files_of(session, [r.id for r in rows.values()]):
        files[row.progress_id].append(EvidenceFile(id=row.id, filename=row.filename,
                                                   content_type=row.content_type, size=row.size))
    return ProgressIndex(rows=rows, files=files)


def occurrences_of(assignment: Assignment, plan: Plan) -> list[tuple[str | None, str, date]]:
    found = occurrences(assignment.recurrence, plan.span_start, plan.span_end,
                        first_due=assignment.first_due, every_years=assignment.every_years)
    return [(o.period_id, o.label, o.due_date) for o in found]


def _occurrence(period: str | None, label: str, due: date, row: AssignmentProgress | None,
                today: date, files: dict[int, list[EvidenceFile]]) -> Occurrence:
    status = row.status if row else ProgressStatus.not_started
    done = status in DONE
    return Occurrence(period=period, label=label, due_date=due, status=status,
                      percent=float(row.percent) if row else 0.0, overdue=due < today and not done,
                      note=row.note if row else None, documents=row.documents if row else [],
                      progress_id=row.id if row else None, reported_at=row.reported_at if row else None,
                      files=files.get(row.id, []) if row else [])


def build_task(assignment: Assignment, plan: Plan, unit: OrgUnit, progress: ProgressIndex,
               today: date, spans: list[Span]) -> Task | None:
    """The task as `unit` carries it: the occurrences falling due while it carries the task, and any
    it reported on (what a unit reported stays its own). None when nothing of it is the unit's."""
    found = occurrences_of(assignment, plan)
    rows = {due: row for _, _, due in found
            if (row := progress.rows.get((assignment.id, unit.id, due))) is not None}
    mine = set(owned([due for _, _, due in found], spans, rows))
    items = [_occurrence(period, label, due, rows.get(due), today, progress.files)
             for period, label, due in found if due in mine]
    if not items:
        return None
    return Task(assignment_id=assignment.id,
                plan=PlanRef(id=plan.id, symbol=plan.symbol, title=plan.title),
                section_number=assignment.section.number, section_title=assignment.section.title,
                unit=OrgUnitRef.model_validate(unit), role=assignment.role, mode=assignment.mode,
                recurrence=assignment.recurrence, **_summary(items, today))


def _summary(items: list[Occurrence], today: date) -> dict[str, Any]:
    """A task's figures over the occurrences it shows."""
    counted = [o.percent for o in items if o.status != ProgressStatus.not_applicable]
    upcoming = [o.due_date for o in items if o.due_date >= today]
    return {"percent": round(sum(counted) / len(counted), 1) if counted else 0.0,
            "overdue": any(o.overdue for o in items), "next_due": min(upcoming, default=None),
            "occurrences": items}


async def plan_tasks(session: AsyncSession, plan: Plan) -> list[tuple[Assignment, Task]]:
    """Every task of a plan per unit carrying it: its assignee and those that took over from it,
    or the members of its group over the plan's life."""
    today = clock.today()
    assignments = await repository.of_plan(session, plan.id)
    progress = await _progress(session, [a.id for a in assignments])
    carrying = await repository.carrier_spans(session, [(a, plan) for a in assignments])
    units = await repository.units(session, {u for by_unit in carrying.values() for u in by_unit})
    result: list[tuple[Assignment, Task]] = []
    for assignment in assignments:
        spans = carrying[assignment.id]
        for unit in sorted((units[u] for u in spans), key=lambda u: (u.name, u.id)):
            task = build_task(assignment, plan, unit, progress, today, spans[unit.id])
            if task is not None:
                result.append((assignment, task))
    return result


async def list_tasks(session: AsyncSession, principal: Principal,
                     filters: TaskFilters) -> list[Task]:
    if filters.plan_id is None and filters.assignee_id is not None:
        # A unit's page: the tasks of a unit the caller may see.
        if not await may_see(session, principal, filters.assignee_id):
            raise NotFound(f"No org unit {filters.assignee_id}.")
        tasks = await _seen(session, principal, await tasks_of_unit(session, filters.assignee_id))
    elif filters.plan_id is None:
        tasks = await my_tasks(session, principal)
    else:
        plan = await plans.get_visible(session, principal, filters.plan_id)
        if plan is None:
            raise NotFound(f"No plan {filters.plan_id}.")
        tasks = await visible_tasks(session, principal, plan)
    today = clock.today()
    return [task for task in tasks if filters.keep(task, today)]


async def visible_tasks(session: AsyncSession, principal: Principal, plan: Plan) -> list[Task]:
    """The tasks of a plan the caller sees, of the carrying units whose work it may read: a unit
    does not read its sibling's tasks and progress even in a plan both carry."""
    return await _seen(session, principal, [task for _, task in await plan_tasks(session, plan)])


async def plan_task_page(session: AsyncSession, principal: Principal, plan: Plan,
                         filters: PlanTaskFilters, page: PageParams) -> Page[Task]:
    """A page of `visible_tasks`, filtered: an issued plan's from its stored tasks, building only
    the page's; a draft's in Python."""
    today = clock.today()
    if plan.status is PlanStatus.draft:
        return page_of(await _seen(session, principal, await _draft_tasks(session, plan, filters)),
                       page)
    keys, pagination = await fetch_rows_page(
        session, repository.plan_task_keys(principal, plan.id, filters, today), page,
        total=repository.plan_task_count(principal, plan.id, filters, today))
    return Page(items=await _seen(session, principal, await _built(session, plan, keys, today)),
                pagination=pagination)


# Tasks built at a time for an export or a sweep: a national plan's are read in bounded memory.
_BATCH = 1000


async def plan_task_batches(session: AsyncSession, principal: Principal, plan: Plan,
                            filters: PlanTaskFilters) -> AsyncIterator[list[Task]]:
    """Every task `plan_task_page` pages through, in its order, a batch at a time."""
    today = clock.today()
    if plan.status is PlanStatus.draft:
        tasks = await _draft_tasks(session, plan, filters)
        for start in range(0, len(tasks), _BATCH):
            yield await _seen(session, principal, tasks[start:start + _BATCH])
        return
    keys = await repository.all_plan_task_keys(session, principal, plan.id, filters, today)
    async for tasks in tasks_of(session, plan, keys):
        yield await _seen(session, principal, tasks)


async def tasks_of(session: AsyncSession, plan: Plan,
                   keys: list[tuple[int, int]]) -> AsyncIterator[list[Task]]:
    """The tasks (assignment, unit) of an issued plan from its stored ones, a batch at a time,
    whoever asks (the sweeps ask for the units they tell)."""
    today = clock.today()
    for start in range(0, len(keys), _BATCH):
        yield await _built(session, plan, keys[start:start + _BATCH], today)


async def _draft_tasks(session: AsyncSession, plan: Plan, filters: PlanTaskFilters) -> list[Task]:
    """A draft's tasks, filtered: built in Python (nothing reported, its planners only)."""
    return [t for a, t in await plan_tasks(session, plan)
            if (filters.section_id is None or a.section_id == filters.section_id)
            and (filters.unit_id is None or t.unit.id == filters.unit_id)
            and (filters.status is None or is_in_state(t, filters.status))]


async def _built(session: AsyncSession, plan: Plan, keys: list[tuple[int, int]],
                 today: date) -> list[Task]:
    """The tasks of (assignment, unit) `keys`, reading only their units' spans and reports."""
    unit_ids = frozenset(u for _, u in keys)
    assignments = await repository.assignments(session, {a for a, _ in keys})
    carrying = await repository.carrier_spans(session, [(a, plan) for a in assignments.values()],
                                              unit_id=unit_ids)
    progress = await _progress(session, list(assignments), unit_ids)
    units = await repository.units(session, set(unit_ids))
    tasks = (build_task(assignments[a], plan, units[u], progress, today,
                        carrying[a].get(u, [])) for a, u in keys)
    return [task for task in tasks if task is not None]


async def _seen(session: AsyncSession, principal: Principal, tasks: list[Task]) -> list[Task]:
    """The tasks with the occurrences the caller reads: those due while the carrying unit was
    below it (a unit that moved away is read by its old line up to the move, by the new one from
    it). A task with no occurrence is dated today."""
    seen = await sight(session, principal, {task.unit.id for task in tasks})
    today = clock.today()
    kept = []
    for task in tasks:
        items = [o for o in task.occurrences if seen.sees(task.unit.id, o.due_date)]
        if items == task.occurrences and (items or seen.sees(task.unit.id, today)):
            kept.append(task)
        elif items:
            kept.append(task.model_copy(update=_summary(items, today)))
    return kept


async def my_tasks(session: AsyncSession, principal: Principal) -> list[Task]:
    if principal.unit_id is None:
        return []
    return await tasks_of_unit(session, principal.unit_id)


async def tasks_of_unit(session: AsyncSession, unit_id: int) -> list[Task]:
    """Every task that falls to a unit: named to it, or as a member of a group of a plan above it.
    The stored tasks of issued and closed plans name them (`tally` keeps them true), so a commune
    of a national plan's group is one indexed read, not a test of the group's membership."""
    found: list[Task] = []
    for plan, keys in await repository.stored_tasks_of_unit(session, unit_id):
        async for tasks in tasks_of(session, plan, keys):
            found += tasks
    return found


async def check_reporter(session: AsyncSession, principal: Principal, unit_id: int) -> None:
    """Progress, and the evidence attached to it, is written by the reporters of the carrying unit."""
    if not await may_see(session, principal, unit_id, acting_as=Role.reporter):
        raise Forbidden("Only reporters of the assignee unit report progress on this task and "
                        "attach its evidence.")


async def report_progress(session: AsyncSession, principal: Principal, assignment_id: int,
                          data: ProgressCreate) -> Task:
    found = await repository.get_visible(session, principal, assignment_id)
    if found is None:
        raise NotFound(f"No assignment {assignment_id}.")
    assignment, plan = found
    unit_id = data.unit_id or principal.unit_id
    carrying = await repository.carrier_spans(session, [(assignment, plan)], unit_id=unit_id)
    spans = carrying[assignment.id].get(unit_id, []) if unit_id is not None else []
    unit = await get_unit(session, unit_id) if spans and unit_id is not None else None
    if unit is None:
        raise Forbidden("Only reporters of the assignee unit report progress on this task.")
    await check_reporter(session, principal, unit.id)
    due_dates = {due: period for period, _, due in occurrences_of(assignment, plan)}
    if data.due_date not in due_dates:
        raise InvalidInput("No occurrence of this task is due on that day.", errors=[
            {"loc": ["body", "due_date"], "msg": "not a due date of this task",
             "type": "value_error"}])
    if not carries(data.due_date, spans):
        raise InvalidInput("The occurrence due on that day is not this unit's: it fell due before "
                           "the unit took the task on, or after the task passed to another unit.",
                           errors=[{"loc": ["body", "due_date"],
                                    "msg": "an occurrence another unit carries",
                                    "type": "value_error"}])
    row = await repository.progress_row(session, assignment.id, unit.id, data.due_date)
    before = {"status": row.status.value, "percent": float(row.percent)} if row else None
    if row is None:
        row = AssignmentProgress(assignment_id=assignment.id, unit_id=unit.id,
                                 due_date=data.due_date, period=due_dates[data.due_date])
        repository.add_progress(session, row)
    row.status = data.status
    row.percent = data.percent if data.percent is not None else DEFAULT_PERCENT[data.status]
    row.note = data.note
    row.documents = [d.model_dump(mode="json", exclude_none=True) for d in data.documents]
    row.reported_by, row.reported_at = principal.user_id, datetime.now(UTC)
    await tally.refresh(session, plan, [assignment], unit.id, carrying)
    await record(session, principal, "progress", "assignment", assignment.id, before=before,
                 after={"unit_id": unit.id, "due_date": data.due_date.isoformat(),
                        "status": row.status.value, "percent": float(row.percent)},
                 org_unit_id=unit.id)
    progress = await _progress(session, [assignment.id], unit.id)
    task = build_task(assignment, plan, unit, progress, clock.today(), spans)
    assert task is not None  # the occurrence just reported is the unit's
    return task
