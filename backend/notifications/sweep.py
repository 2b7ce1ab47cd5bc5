"""Noticing what falls due: nobody acts when a deadline comes near or passes, so a sweep looks.

Reports: for each active form, the periods whose deadline (reporting_forms' schedule, per the
unit's level) falls between the look-back and `remind_days_before` working days ahead; each unit
expected to report (reporting_forms' one statement of who reports) that has not submitted is told
once that the deadline is near, once on the day, once when it has passed (then its reviewers too).
Tasks: each occurrence of an issued plan's task (assignments' own occurrences) once when it comes
due within `task_remind_days_before` working days, once when it is overdue. Working days are
those of the deadlines themselves (periods.rules: Monday to Friday)."""

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments.schemas import Occurrence, Task
from backend.assignments.service import DONE, tasks_of
from backend.config import get_settings
from backend.models import OrgUnit, ReportingForm
from backend.notifications import kinds, repository
from backend.notifications.notify import REPORTERS, notify, report_words
from backend.periods import rules
from backend.reporting_forms import repository as forms_repository
from backend.reporting_forms import service as forms
from backend.webhooks.repository import issued_plans_due_between

# Deadlines fall at most this long after their period's end (some 40 working days).
_LONGEST_DELAY = timedelta(days=62)


async def sweep(session: AsyncSession, today: date) -> int:
    """Notify what has come due since the last sweep; answers how many notifications it made."""
    since = today - timedelta(days=get_settings().notify_lookback_days)
    made = 0
    for form in await forms_repository.all_active(session):
        made += await _form(session, form, today, since)
    return made + await _tasks(session, today, since)


def _report_kind(deadline: date | None, today: date, since: date,
                 horizon: date) -> kinds.Kind | None:
    if deadline is None or not since <= deadline <= horizon:
        return None
    if deadline < today:
        return "submission.overdue"
    return "submission.due_today" if deadline == today else "submission.due_soon"


async def _form(session: AsyncSession, form: ReportingForm, today: date, since: date) -> int:
    horizon = rules.add_working_days(today, form.remind_days_before)
    made = 0
    for period in rules.periods_within(form.period_type, since - _LONGEST_DELAY, horizon,
                                       rule=form.period_rule):
        deadlines = [rules.deadline(period, days, form.period_rule)
                     for days in form.deadline_working_days.values()]
        if any(since <= deadline <= horizon for deadline in deadlines):
            made += await _period(session, form, period, today, since, horizon)
    return made


async def _period(session: AsyncSession, form: ReportingForm, period: rules.Period, today: date,
                  since: date, horizon: date) -> int:
    day = min(period.end(form.period_rule), today)
    made = 0
    for unit in await repository.units(session, repository.not_reported(form, period.id, day)):
        schedule = await forms.unit_schedule(session, form, period, unit)
        kind = _report_kind(schedule.deadline, today, since, horizon)
        if kind is None or schedule.deadline is None:
            continue
        made += await _tell(session, form, period, unit, kind, schedule.deadline)
    return made


async def _tell(session: AsyncSession, form: ReportingForm, period: rules.Period, unit: OrgUnit,
                kind: kinds.Kind, deadline: date) -> int:
    what = report_words(form, period.id, unit)
    text = {"submission.due_soon": kinds.due_soon(what, deadline),
            "submission.due_today": kinds.due_today(what)}.get(kind) or kinds.overdue(what, deadline)
    subject = f"report:{form.id}:{period.id}:unit:{unit.id}"
    made = await notify(session, await repository.users_of(session, [unit.id], REPORTERS), kind,
                        subject, text, "/reports")
    if kind == "submission.overdue":
        made += await notify(session, await repository.reviewers_above(session, unit.id), kind,
                             subject, text, "/review")
    return len(made)


def _task_kind(occurrence: Occurrence, today: date, since: date,
               horizon: date) -> kinds.Kind | None:
    if occurrence.overdue:
        return "assignment.overdue" if occurrence.due_date >= since else None
    if occurrence.status not in DONE and today <= occurrence.due_date <= horizon:
        return "assignment.due"
    return None


async def _tasks(session: AsyncSession, today: date, since: date) -> int:
    """Only the tasks with something to tell are built: those of units with a reporter to tell,
    with an occurrence still open that falls due by the horizon (the stored `open_due`, the
    earliest open one). A national plan has tens of thousands of tasks; few units have users."""
    horizon = rules.add_working_days(today, get_settings().task_remind_days_before)
    made = 0
    for plan in await issued_plans_due_between(session, since, horizon):
        keys = await repository.tasks_to_tell(session, plan.id, horizon, REPORTERS)
        users = await repository.users_by_unit(session, {unit for _, unit in keys}, REPORTERS)
        async for tasks in tasks_of(session, plan, keys):
            for task in tasks:
                for occurrence in task.occurrences:
                    kind = _task_kind(occurrence, today, since, horizon)
                    if kind is not None:
                        made += await _tell_task(session, task, occurrence, kind,
                                                 users.get(task.unit.id, []))
    return made


async def _tell_task(session: AsyncSession, task: Task, occurrence: Occurrence,
                     kind: kinds.Kind, users: list[int]) -> int:
    what = kinds.task(task.section_title, task.plan.symbol)
    text = (kinds.task_overdue(what, occurrence.due_date) if kind == "assignment.overdue"
            else kinds.task_due(what, occurrence.due_date))
    subject = f"task:{task.assignment_id}:unit:{task.unit.id}:{occurrence.due_date.isoformat()}"
    return len(await notify(session, users, kind, subject, text, "/tasks"))
