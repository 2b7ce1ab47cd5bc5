"""What a reorganisation does to tasks: the reorganisation writes its tree and successions inside
`reorganising(...)`.

Who carries a task is read from the tree of each day and the successions (see
`repository.carrier_spans`), so nothing about the tasks themselves is rewritten: a closed unit's
open occurrences pass to its successors, a unit that moved stops or starts carrying the group
tasks above it, and the history stays where it was reported. What this adds is the stored
progress of the units concerned (`tally.refresh_units`) and the record: one
audit event per task and unit whose carrying changed, and the same as a list the caller can show
(a reorganisation's dry run lists the tasks it hands over).
"""

from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository, tally
from backend.assignments.service import carries
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.models import Assignment, Plan


@dataclass(frozen=True)
class UnitChange:
    """A unit closed, merged, split or moved by a reorganisation, and the day it took effect."""

    unit_id: int
    on: date


@dataclass(frozen=True)
class Handover:
    """`unit_id` stops (`joined` false) or starts carrying an assignment on `on`; `carried_by`: the
    units carrying it from then on, when it was named to the unit and passes on."""

    assignment_id: int
    plan_id: int
    unit_id: int
    on: date
    joined: bool
    carried_by: list[int]


# session.info key: (day, whether plans run on or after it), asked once by `batch`.
_RUNNING = "handover.plans_running"

Carried = dict[tuple[int, int], tuple[Assignment, Plan, bool]]  # (assignment, unit) → carried on the day


@asynccontextmanager
async def reorganising(session: AsyncSession, principal: Principal,
                       changes: Iterable[UnitChange]) -> AsyncIterator[list[Handover]]:
    """Wrap the writing of a reorganisation: on leaving, the tasks whose carrying the changes
    altered on their day are recorded and listed in the handovers yielded. Compared before and
    after the writing rather than the day before and the day: a closed issuer's units carry on
    while a unit leaving an issuer that stands does not, and only the tree written tells which."""
    changes = list(changes)
    handovers: list[Handover] = []
    if not changes or not await _plans_running(session, min(c.on for c in changes)):
        yield handovers
        return
    affected = {change: await repository.moved_with(session, change.unit_id, change.on)
                for change in changes}
    before = {change: await _carried(session, units, change.on) for change, units in affected.items()}
    yield handovers
    await tally.refresh_units(session, set().union(*affected.values()))
    for change, units in affected.items():
        after = await _carried(session, units, change.on)
        for assignment, plan, unit_id, joined in _changed(before[change], after):
            handovers.append(await _handover(session, assignment, plan, unit_id, change.on, joined))
    for handover in handovers:
        await record(session, principal, "handover", "assignment", handover.assignment_id,
                     after={"unit_id": handover.unit_id, "carries": handover.joined,
                            "on": handover.on.isoformat(), "carried_by": handover.carried_by},
                     org_unit_id=handover.unit_id)


@asynccontextmanager
async def batch(session: AsyncSession, since: date) -> AsyncIterator[bool]:
    """Many reorganisations on or after `since` (a reform's batch): whether any plan runs then is
    asked once, not once per unit, and yielded (if none, nothing inside hands a task over);
    nothing inside adds or issues a plan."""
    running = await repository.plans_running(session, since)
    session.info[_RUNNING] = (since, running)
    try:
        yield running
    finally:
        del session.info[_RUNNING]


async def _plans_running(session: AsyncSession, on: date) -> bool:
    known: tuple[date, bool] | None = session.info.get(_RUNNING)
    if known is not None and known[0] <= on and not known[1]:
        return False  # none runs on or after an earlier day
    return await repository.plans_running(session, on)


async def _carried(session: AsyncSession, units: set[int], on: date) -> Carried:
    found: Carried = {}
    for unit_id in units:
        candidates = await repository.concerning(session, unit_id, running_on=on)
        spans = await repository.carrier_spans(session, candidates, unit_id=unit_id)
        for assignment, plan in candidates:
            found[assignment.id, unit_id] = (assignment, plan,
                                             carries(on, spans[assignment.id].get(unit_id, [])))
    return found


def _changed(before: Carried, after: Carried) -> Iterator[tuple[Assignment, Plan, int, bool]]:
    """(assignment, plan, unit, carried now) wherever carrying on the day differs."""
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        carried_now = now is not None and now[2]
        if (was is not None and was[2]) != carried_now:
            assignment, plan, _ = now if now is not None else was  # type: ignore[misc]
            yield assignment, plan, key[1], carried_now


async def _handover(session: AsyncSession, assignment: Assignment, plan: Plan, unit_id: int,
                    on: date, joined: bool) -> Handover:
    carried_by: list[int] = []
    if not joined and assignment.group_rule is None:
        everyone = await repository.carrier_spans(session, [(assignment, plan)])
        carried_by = sorted(u for u, s in everyone[assignment.id].items() if carries(on, s))
    return Handover(assignment_id=assignment.id, plan_id=plan.id, unit_id=unit_id, on=on,
                    joined=joined, carried_by=carried_by)


async def unit_added(session: AsyncSession, unit_id: int, on: date) -> None:
    """A unit created on `on` joins the groups of the plans above it that still run."""
    if await _plans_running(session, on):
        await tally.refresh_units(session, [unit_id])
