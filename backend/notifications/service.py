"""Notifications as their user reads them (only their user), and the review queue's reminders."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import holds
from backend.errors import Forbidden, InvalidInput, NotFound, field_error
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.unit_of_work import flush
from backend.models import ReportingForm, Role
from backend.models.base import utcnow
from backend.notifications import kinds, repository, schemas
from backend.notifications.errors import AlreadyReminded
from backend.notifications.notify import REPORTERS, notify, report_words
from backend.org_units import repository as units
from backend.org_units.schemas import OrgUnitRef
from backend.periods import rules
from backend.reporting_forms import service as forms

# ---- a user's own -----------------------------------------------------------------------------

async def list_own(session: AsyncSession, principal: Principal, unread: bool,
                   page: PageParams) -> schemas.NotificationList:
    items, pagination = await fetch_page(session, repository.own(principal.user_id, unread), page)
    return schemas.NotificationList(
        items=[schemas.Notification.model_validate(item) for item in items],
        pagination=pagination, unread=await repository.unread_count(session, principal.user_id))


async def read(session: AsyncSession, principal: Principal,
               notification_id: int) -> schemas.Notification:
    found = await repository.get_own(session, principal.user_id, notification_id)
    if found is None:
        raise NotFound(f"No notification {notification_id}.")
    if found.read_at is None:
        found.read_at = utcnow()
        await flush(session)
    return schemas.Notification.model_validate(found)


async def read_all(session: AsyncSession, principal: Principal) -> schemas.ReadAll:
    return schemas.ReadAll(read=await repository.read_all(session, principal.user_id, utcnow()))


# ---- the review queue: who has not reported, and reminding them -------------------------------

async def _queue(session: AsyncSession, principal: Principal, form_id: int, period_text: str,
                 where: str) -> tuple[ReportingForm, rules.Period, date]:
    if not holds(principal, Role.reviewer):
        raise Forbidden("Reviewers see who has not reported, and remind them.")
    form = await forms.visible_form(session, principal, form_id)
    period = forms.parse_period_for(form, period_text, [where, "period"])
    return form, period, min(period.end(form.period_rule), clock.today())


async def not_reported(session: AsyncSession, principal: Principal, form_id: int,
                       period_text: str, page: PageParams
                       ) -> tuple[list[schemas.MissingReport], Pagination]:
    """The units of the reviewer's line expected to report the form for the period that have
    not submitted it, with their deadline and the state of a report they started."""
    form, period, day = await _queue(session, principal, form_id, period_text, "query")
    found, pagination = await fetch_page(
        session, repository.not_reported(form, period.id, day, reviewer=principal), page)
    started = await repository.drafts(session, form.id, period.id, [u.id for u in found])
    items = []
    for unit in found:
        schedule = await forms.unit_schedule(session, form, period, unit)
        draft = started.get(unit.id)
        items.append(schemas.MissingReport(
            unit=OrgUnitRef.model_validate(unit), deadline=schedule.deadline,
            status=draft.status if draft else None, submission_id=draft.id if draft else None))
    return items, pagination


def _reminder_subject(form_id: int, period: str, unit_id: int, day: date) -> str:
    return f"remind:{form_id}:{period}:unit:{unit_id}:{day.isoformat()}"


async def remind(session: AsyncSession, principal: Principal,
                 data: schemas.ReminderRequest) -> schemas.ReminderResult:
    """Remind the reporters of units that have not reported; once a unit a day."""
    form, period, day = await _queue(session, principal, data.form_id, data.period, "body")
    wanted = list(dict.fromkeys(data.unit_ids))
    found = {unit.id: unit for unit in await repository.units(session, repository.not_reported(
        form, period.id, day, reviewer=principal, unit_ids=wanted))}
    missing = [i for i, unit_id in enumerate(wanted) if unit_id not in found]
    if missing:
        raise InvalidInput("Only units of your line that have not reported it can be reminded.",
                           errors=[field_error(["body", "unit_ids", i],
                                               "not a unit of your line still to report")
                                   for i in missing])
    today = clock.today()
    subjects = {unit_id: _reminder_subject(form.id, period.id, unit_id, today) for unit_id in wanted}
    already = await repository.reminded(session, subjects.values())
    due = [unit_id for unit_id in wanted if subjects[unit_id] not in already]
    if not due:
        raise AlreadyReminded("These units were reminded of this report today already.")
    by = await _reviewer_unit_name(session, principal)
    notified = 0
    for unit_id in due:
        unit = found[unit_id]
        schedule = await forms.unit_schedule(session, form, period, unit)
        text = kinds.remind(report_words(form, period.id, unit), by, schedule.deadline)
        notified += len(await notify(session, await repository.users_of(session, [unit_id], REPORTERS),
                                     "submission.remind", subjects[unit_id], text, "/reports"))
        await record(session, principal, "remind", "reporting_form", form.id, org_unit_id=unit_id,
                     after={"period": period.id, "unit_id": unit_id})
    return schemas.ReminderResult(reminded=due, already=[u for u in wanted if u not in due],
                                  notified=notified)


async def _reviewer_unit_name(session: AsyncSession, principal: Principal) -> str:
    unit = await units.get(session, principal.unit_id) if principal.unit_id else None
    return unit.name if unit is not None else "Cấp trên"
