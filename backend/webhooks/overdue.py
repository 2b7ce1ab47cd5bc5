"""`assignment.overdue`: nobody acts when a due date passes, so a sweep notices it.

Overdue is what GET /assignments says it is (the tasks' occurrences, reported or not); each
occurrence is announced once, on the first sweep after it falls overdue. Occurrences overdue for
longer than the look-back when first swept are history, not news: a subscription made today is not
flooded with years of arrears."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments.schemas import Occurrence, Task
from backend.assignments.service import tasks_of
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
        announced += await _announce(session, plan, since, today)
    return announced


async def _announce(session: AsyncSession, plan: Plan, since: date, today: date) -> int:
    """The tasks with an occurrence overdue (their earliest open one is, as stored), built a
    batch at a time: a national plan has tens of thousands."""
    announced = 0
    keys = await repository.overdue_tasks(session, plan.id, today)
    async for tasks in tasks_of(session, plan, keys):
        overdue = {(task.assignment_id, task.unit.id, occurrence.due_date): (task, occurrence)
                   for task in tasks for occurrence in task.occurrences
                   if occurrence.overdue and occurrence.due_date >= since}
        claimed = await repository.claim_notices(session, list(overdue))
        now = datetime.now(UTC)
        for key in claimed:
            task, occurrence = overdue[key]
            hooks = await outbox.listeners(session, OVERDUE, task.unit.id)
            if hooks:
                await outbox.add(session, hooks, OVERDUE, task.unit.id, _data(task, occurrence),
                                 now)
        announced += len(claimed)
    return announced


def _data(task: Task, occurrence: Occurrence) -> OverdueEventData:
    return OverdueEventData(
        task=EventTask(assignment_id=task.assignment_id, plan=task.plan,
                       section_number=task.section_number, section_title=task.section_title,
                       role=task.role, mode=task.mode),
        occurrence=EventOccurrence(period=occurrence.period, label=occurrence.label,
                                   due_date=occurrence.due_date, status=occurrence.status,
                                   percent=occurrence.percent))
