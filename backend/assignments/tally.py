"""Plan progress kept on write (issue 19 §1): the one writer of `plan_task_progress` and
`plan_progress_count`, as `figures/store.py` is of figures. Issue and amendment rebuild a plan's
rows; a progress report and a change of the tree refresh the tasks of the units concerned, adding
their difference to the running counts. A read is then a few rows per plan, and overdue an
indexed count of the tasks whose earliest open due date has passed.

A task's percent is the mean over its occurrences of the reported percent, unreported ones
counting as 0 and not-applicable ones left out; a section's is the mean of its lead tasks, a
plan's the mean of its sections weighted by their weight; requested tasks (đề nghị) apart.
"""

from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Numeric,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository
from backend.assignments.repository import Carrying, Span
from backend.assignments.schemas import DONE, state_from
from backend.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    OrgUnitSuccession,
    Plan,
    PlanProgressCount,
    PlanSection,
    PlanStatus,
    PlanTaskProgress,
    ProgressStatus,
)
from backend.periods.occurrences import occurrences

Reported = dict[date, tuple[ProgressStatus, float]]  # due date → status, percent


def carries(due: date, spans: list[Span]) -> bool:
    return any((since is None or since <= due) and (until is None or due < until)
               for since, until in spans)


def due_dates(assignment: Assignment, plan: Plan) -> list[date]:
    return [o.due_date for o in occurrences(assignment.recurrence, plan.span_start, plan.span_end,
                                            first_due=assignment.first_due,
                                            every_years=assignment.every_years)]


class TaskTally(NamedTuple):
    """What one task as one unit carries it adds to its plan's counts (a tuple: a national plan
    makes tens of thousands)."""

    assignment_id: int
    unit_id: int
    plan_id: int
    section_id: int
    lead: bool
    requested: bool
    percent: Decimal
    open_due: date | None
    state: str


def owned(dues: list[date], spans: list[Span], reported: Container[date]) -> list[date]:
    """The occurrences that are the unit's: due while it carries the task, or reported by it."""
    if dues and any((since is None or since <= dues[0]) and (until is None or dues[-1] < until)
                    for since, until in spans):
        return dues  # carried over the whole plan: the common case, without a test per date
    return [due for due in dues if due in reported or carries(due, spans)]


def tally_task(assignment: Assignment, unit_id: int, dues: list[date], spans: list[Span],
               reported: Reported) -> TaskTally | None:
    items = owned(dues, spans, reported)
    if not items:
        return None
    found = [reported.get(due, (ProgressStatus.not_started, 0.0)) for due in items]
    counted = [percent for status, percent in found if status is not ProgressStatus.not_applicable]
    percent = round(sum(counted) / len(counted), 1) if counted else 0.0
    open_due = next((due for due, (status, _) in zip(items, found, strict=True)
                     if status not in DONE), None)
    state = state_from({status for status, _ in found}).value
    return TaskTally(assignment_id=assignment.id, unit_id=unit_id, plan_id=assignment.plan_id,
                     section_id=assignment.section_id, lead=assignment.role is AssignmentRole.lead,
                     requested=assignment.mode is AssignmentMode.requested,
                     percent=Decimal(str(percent)), open_due=open_due, state=state)


CountKey = tuple[int, int, bool, bool]  # plan, section, requested, lead
_STATES = ("done", "in_progress", "not_started")


@dataclass
class Counts:
    tasks: int = 0
    percent_sum: Decimal = Decimal(0)
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    def add(self, tally: TaskTally, sign: int) -> None:
        self.tasks += sign
        self.percent_sum += sign * tally.percent
        setattr(self, tally.state, getattr(self, tally.state) + sign)

    def values(self) -> dict[str, Any]:
        return {"tasks": self.tasks, "percent_sum": self.percent_sum, "done": self.done,
                "in_progress": self.in_progress, "not_started": self.not_started}


def counts_of(tallies: Iterable[TaskTally], sign: int = 1,
              into: dict[CountKey, Counts] | None = None) -> dict[CountKey, Counts]:
    counts = into if into is not None else defaultdict(Counts)
    for tally in tallies:
        counts[tally.plan_id, tally.section_id, tally.requested, tally.lead].add(tally, sign)
    return counts


# --- computing from the reports (the recomputation the stored rows must equal) ---------------

async def compute(session: AsyncSession, plan: Plan,
                  assignments: Sequence[Assignment] | None = None,
                  unit_id: int | None = None) -> list[TaskTally]:
    """The tallies of a plan's tasks (of `assignments`, of `unit_id` when given) from its
    reports and the units carrying them."""
    if assignments is None:
        assignments = await repository.of_plan(session, plan.id)
    carrying = await repository.carrier_spans(session, [(a, plan) for a in assignments],
                                              unit_id=unit_id)
    return await _tallies(session, plan, assignments, carrying, unit_id)


async def _tallies(session: AsyncSession, plan: Plan, assignments: Sequence[Assignment],
                   carrying: Carrying, unit_id: int | None) -> list[TaskTally]:
    reported: dict[tuple[int, int], Reported] = defaultdict(dict)
    for assignment_id, unit, due, status, percent in await repository.reported(
            session, [a.id for a in assignments], unit_id):
        reported[assignment_id, unit][due] = (status, float(percent))
    found = []
    for assignment in assignments:
        dues = due_dates(assignment, plan)
        # Most units of a group carry the task over the same spans and reported nothing yet:
        # their tallies differ only by unit, and a national plan has tens of thousands of them.
        alike: dict[tuple[Span, ...], TaskTally | None] = {}
        for unit, spans in carrying.get(assignment.id, {}).items():
            own = reported.get((assignment.id, unit))
            if own:
                tally = tally_task(assignment, unit, dues, spans, own)
            else:
                key = tuple(spans)
                if key not in alike:
                    alike[key] = tally_task(assignment, 0, dues, spans, {})
                tally = alike[key]
                tally = None if tally is None else tally._replace(unit_id=unit)
            if tally is not None:
                found.append(tally)
    return found


# --- writing -------------------------------------------------------------------------------

_COLUMNS = ("assignment_id", "unit_id", "plan_id", "section_id", "lead", "requested", "percent",
            "open_due", "state")
_BATCH = 5000


async def rebuild(session: AsyncSession, plan: Plan) -> None:
    """A plan's stored progress made equal to a recomputation: on issue, on amendment, and to
    repair. Only the rows that differ are written: an amendment of a national plan changes
    few. A draft keeps none (its reads compute it: no unit reports on a draft)."""
    await session.flush()
    await session.execute(delete(PlanProgressCount).where(PlanProgressCount.plan_id == plan.id))
    tallies = await compute(session, plan) if plan.status is not PlanStatus.draft else []
    stored = await _stored_tasks(session, plan.id)
    if len(stored) > 2 * len(tallies):  # mostly gone (a draft again, sections deleted)
        await session.execute(delete(PlanTaskProgress).where(PlanTaskProgress.plan_id == plan.id))
        stored = set()
    await _delete_tasks(session, list(stored - set(tallies)))
    await _insert_tasks(session, [t for t in tallies if t not in stored])
    counts = counts_of(tallies)
    if counts:
        await session.execute(insert(PlanProgressCount), [
            {"plan_id": k[0], "section_id": k[1], "requested": k[2], "lead": k[3], **c.values()}
            for k, c in counts.items()])


# PostgreSQL takes a plan's rows as one array per column in a single statement: a national plan's
# 80,000 rows as many INSERTs would take seconds.
_UNNEST = text(
    f"INSERT INTO plan_task_progress ({', '.join(_COLUMNS)}) SELECT * FROM unnest("
    "CAST(:assignment_id AS integer[]), CAST(:unit_id AS integer[]), CAST(:plan_id AS integer[]), "
    "CAST(:section_id AS integer[]), CAST(:lead AS boolean[]), CAST(:requested AS boolean[]), "
    "CAST(:percent AS numeric[]), CAST(:open_due AS date[]), CAST(:state AS varchar[]))"
).bindparams(*(bindparam(name, type_=ARRAY(kind)) for name, kind in zip(_COLUMNS, (
    Integer, Integer, Integer, Integer, Boolean, Boolean, Numeric, Date, String), strict=True)))


_UNNEST_DELETE = text(
    "DELETE FROM plan_task_progress AS t USING unnest(CAST(:assignment_id AS integer[]), "
    "CAST(:unit_id AS integer[])) AS k(assignment_id, unit_id) "
    "WHERE t.assignment_id = k.assignment_id AND t.unit_id = k.unit_id"
).bindparams(bindparam("assignment_id", type_=ARRAY(Integer)),
             bindparam("unit_id", type_=ARRAY(Integer)))


async def _delete_tasks(session: AsyncSession, tallies: list[TaskTally]) -> None:
    """The rows of these tasks (an amendment moving a due date changes one per unit)."""
    if not tallies:
        return
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_UNNEST_DELETE, {"assignment_id": [t.assignment_id for t in tallies],
                                               "unit_id": [t.unit_id for t in tallies]})
        return
    key = tuple_(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id)
    for start in range(0, len(tallies), _BATCH):
        await session.execute(delete(PlanTaskProgress).where(key.in_(
            [(t.assignment_id, t.unit_id) for t in tallies[start:start + _BATCH]])))


async def _insert_tasks(session: AsyncSession, tallies: list[TaskTally]) -> None:
    if not tallies:
        return
    if session.get_bind().dialect.name == "postgresql":
        columns = [list(column) for column in zip(*tallies, strict=True)]
        await session.execute(_UNNEST, dict(zip(_COLUMNS, columns, strict=True)))
        return
    for start in range(0, len(tallies), _BATCH):
        await session.execute(insert(PlanTaskProgress), [
            t._asdict() for t in tallies[start:start + _BATCH]])


async def rebuild_all(session: AsyncSession, *, missing_only: bool = False) -> int:
    """Every issued or closed plan's stored progress written afresh (`missing_only`: of the plans
    that have none, as after the migration that added it); how many plans."""
    query = select(Plan).where(Plan.status != PlanStatus.draft)
    if missing_only:
        query = query.where(~select(PlanProgressCount.plan_id).where(
            PlanProgressCount.plan_id == Plan.id).exists())
    plans = list(await session.scalars(query))
    for plan in plans:
        await rebuild(session, plan)
    return len(plans)


async def _stored_tasks(session: AsyncSession, plan_id: int) -> set[TaskTally]:
    rows = await session.execute(select(*(getattr(PlanTaskProgress, c) for c in _COLUMNS)).where(
        PlanTaskProgress.plan_id == plan_id))
    return {TaskTally(*row) for row in rows.all()}


async def refresh(session: AsyncSession, plan: Plan, assignments: Sequence[Assignment],
                  unit_id: int, carrying: Carrying | None = None) -> None:
    """The tasks of `assignments` as `unit_id` carries them, after a report or a change of the
    tree: their rows rewritten and their difference added to the counts."""
    if plan.status is PlanStatus.draft or not assignments:
        return
    await session.flush()
    if carrying is None:
        carrying = await repository.carrier_spans(session, [(a, plan) for a in assignments],
                                                  unit_id=unit_id)
    new = await _tallies(session, plan, assignments, carrying, unit_id)
    keys = [(a.id, unit_id) for a in assignments]
    key = tuple_(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id)
    old = [TaskTally(*row) for row in (await session.execute(
        select(*(getattr(PlanTaskProgress, c) for c in _COLUMNS)).where(key.in_(keys)))).all()]
    if sorted(old) == sorted(new):
        return
    await _delete_tasks(session, old)
    await _insert_tasks(session, new)
    await _add_counts(session, counts_of(new, +1, counts_of(old, -1)))


async def _add_counts(session: AsyncSession, deltas: dict[CountKey, Counts]) -> None:
    for (plan_id, section_id, requested, lead), delta in deltas.items():
        where = (PlanProgressCount.plan_id == plan_id, PlanProgressCount.section_id == section_id,
                 PlanProgressCount.requested == requested, PlanProgressCount.lead == lead)
        changed = await session.execute(update(PlanProgressCount).where(*where).values(
            **{name: getattr(PlanProgressCount, name) + value
               for name, value in delta.values().items()}))
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            await session.execute(insert(PlanProgressCount).values(
                plan_id=plan_id, section_id=section_id, requested=requested, lead=lead,
                **delta.values()))
    await session.execute(delete(PlanProgressCount).where(
        PlanProgressCount.plan_id.in_({plan_id for plan_id, *_ in deltas}),
        PlanProgressCount.tasks == 0))


async def refresh_units(session: AsyncSession, unit_ids: Iterable[int]) -> None:
    """After the tree changed for `unit_ids` (created, moved, closed): the tasks each carries,
    and those of the units that took over from them, refreshed in every plan concerning them."""
    await session.flush()
    ids = set(unit_ids)
    ids |= set(await session.scalars(select(OrgUnitSuccession.successor_id).where(
        OrgUnitSuccession.predecessor_id.in_(ids))))
    for unit_id in sorted(ids):
        by_plan: dict[int, tuple[Plan, list[Assignment]]] = {}
        for assignment, plan in await repository.concerning(session, unit_id):
            by_plan.setdefault(plan.id, (plan, []))[1].append(assignment)
        stale = set(await session.scalars(select(PlanTaskProgress.plan_id).where(
            PlanTaskProgress.unit_id == unit_id).distinct())) - by_plan.keys()
        for plan_id in stale:  # a plan that no longer concerns the unit at all
            plan_row = await session.get(Plan, plan_id)
            assert plan_row is not None
            by_plan[plan_id] = (plan_row, list(await repository.of_plan(session, plan_id)))
        for plan, assignments in by_plan.values():
            await refresh(session, plan, assignments, unit_id)


# --- reading -------------------------------------------------------------------------------

@dataclass
class PlanProgress:
    section_progress: dict[int, float]
    completion: float | None
    requested_completion: float | None
    overdue: int
    tasks: int
    done: int


def _mean(total: Decimal, count: int) -> float:
    return round(float(total) / count, 1)


def _progress(counts: dict[CountKey, Counts], weights: dict[int, float],
              overdue: int) -> PlanProgress:
    lead = {(k[1], k[2]): c for k, c in counts.items() if k[3] and c.tasks}
    sections = {sid: _mean(c.percent_sum, c.tasks) for (sid, requested), c in lead.items()
                if not requested}
    total = sum(weights.get(sid, 1.0) for sid in sections)
    requested = [c for (_, is_requested), c in lead.items() if is_requested]
    asked = sum(c.tasks for c in requested)
    return PlanProgress(
        section_progress=sections,
        completion=round(sum(p * weights.get(sid, 1.0) for sid, p in sections.items()) / total, 1)
        if total else None,
        requested_completion=_mean(sum((c.percent_sum for c in requested), Decimal(0)), asked)
        if asked else None,
        overdue=overdue, tasks=sum(c.tasks for c in counts.values()),
        done=sum(c.done for c in counts.values()))


async def stored_counts(session: AsyncSession, plan_id: int) -> dict[CountKey, Counts]:
    rows = await session.execute(select(PlanProgressCount).where(
        PlanProgressCount.plan_id == plan_id))
    return {(r.plan_id, r.section_id, r.requested, r.lead): Counts(
        r.tasks, Decimal(r.percent_sum), r.done, r.in_progress, r.not_started)
        for r in rows.scalars()}


async def plan_progress(session: AsyncSession, plan: Plan, today: date) -> PlanProgress:
    """A plan's progress: its stored counts, overdue counted from the stored due dates; a draft's
    computed (nothing is reported on it)."""
    weights = dict((await session.execute(select(PlanSection.id, PlanSection.weight).where(
        PlanSection.plan_id == plan.id))).all())
    if plan.status is PlanStatus.draft:
        tallies = await compute(session, plan)
        overdue = sum(1 for t in tallies if t.open_due is not None and t.open_due < today)
        return _progress(counts_of(tallies), weights, overdue)
    late = await session.scalar(select(func.count()).select_from(PlanTaskProgress).where(
        PlanTaskProgress.plan_id == plan.id, PlanTaskProgress.open_due < today))
    return _progress(await stored_counts(session, plan.id), weights, late or 0)


async def drift(session: AsyncSession, plan: Plan) -> tuple[set[tuple[Any, ...]],
                                                            set[tuple[Any, ...]]]:
    """(stored, recomputed) rows and counts that differ: both empty when the store is true."""
    tallies = await compute(session, plan) if plan.status is not PlanStatus.draft else []
    recomputed = {("task", *t) for t in tallies} | {
        ("count", *k, *astuple(c)) for k, c in counts_of(tallies).items() if c.tasks}
    stored = {("task", *t) for t in await _stored_tasks(session, plan.id)} | {
        ("count", *k, *astuple(c)) for k, c in (await stored_counts(session, plan.id)).items()}
    return stored - recomputed, recomputed - stored
