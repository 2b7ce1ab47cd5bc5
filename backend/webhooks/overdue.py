"""`assignment.overdue`: nobody acts when a due date passes, so a sweep notices it.

Overdue is what GET /assignments says it is (the tasks' occurrences, reported or not); each
occurrence is announced once, on the first sweep after it falls overdue. Occurrences overdue for
longer than the look-back when first swept are history, not news: a subscription made today is not
flooded with years of arrears."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments.schemas import Occurrence, Task
from backend.assignments.service import plan_tasks
from backend.config import get_settings
from backend.kit import clock
from backend.models import Plan
from backend.webhooks import outbox, repository
from backend.webhooks.events import OVERDUE
from backend.webhooks.schemas import EventOccurrence, EventTask, OverdueEventData


async def sweep_overdue(session: AsyncSession) -> int:
    """Enqueue `assignment.overdue` for occurrences not announced yet; answers how many there were.
    Without a subscriber to the event nothing is computed."""
    if not any(hook.listens_to(OVERDUE) for hook in await repository.live_webhooks(session)):
        return 0
    today = clock.today()
    since = today - timedelta(days=get_settings().webhook_overdue_lookback_days)
    announced = 0
    for plan in await repository.issued_plans_due_between(session, since, today):
        announced += await _announce(session, plan, since)
    return announced


async def _announce(session: AsyncSession, plan: Plan, since: date) -> int:
    overdue = {(task.assignment_id, task.unit.id, occurrence.due_date): (task, occurrence)
               for _, task in await plan_tasks(session, plan) for occurrence in task.occurrences
               if occurrence.overdue and occurrence.due_date >= since}
    claimed = await repository.claim_notices(session, list(overdue))
    now = datetime.now(UTC)
    for key in claimed:
        task, occurrence = overdue[key]
        hooks = await outbox.listeners(session, OVERDUE, task.unit.id)
        if hooks:
            await outbox.add(session, hooks, OVERDUE, task.unit.id, _data(task, occurrence), now)
    return len(claimed)


def _data(task: Task, occurrence: Occurrence) -> OverdueEventData:
    return OverdueEventData(
        task=EventTask(assignment_id=task.assignment_id, plan=task.plan,
                       section_number=task.section_number, section_title=task.section_title,
                       role=task.role, mode=task.mode),
        occurrence=EventOccurrence(period=occurrence.period, label=occurrence.label,
                                   due_date=occurrence.due_date, status=occurrence.status,
                                   percent=occurrence.percent))
