"""The outbox: an event offered to the live subscriptions of its subtree is written as one delivery
per subscription, in the transaction of the change, and sent after it commits. A change that rolls
back leaves no event; a committed one is sent even if the process stops right after.

Most events are audited changes (see events.AUDITED); `assignment.overdue` comes from the sweep."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import may_see
from backend.kit import clock
from backend.models import AuditEvent, SubmissionStatus, Webhook, WebhookDelivery
from backend.org_units import repository as units
from backend.org_units.schemas import OrgUnitRef
from backend.plans import repository as plans
from backend.webhooks import repository
from backend.webhooks.events import AUDITED, Event
from backend.webhooks.schemas import (
    EventEnvelope,
    EventForm,
    EventPlan,
    EventSubmission,
    OverdueEventData,
    PlanEventData,
    SubmissionEventData,
)

EventData = PlanEventData | SubmissionEventData | OverdueEventData


async def listeners(session: AsyncSession, event: Event, unit_id: int) -> list[Webhook]:
    """The live subscriptions covering the unit whose subscriber reads its work today: one made
    on a unit that has since moved away no longer reaches the old line's receiver."""
    today = clock.today()
    hooks = [hook for hook in await repository.covering(session, unit_id, today)
             if hook.listens_to(event)]
    return [hook for hook in hooks if await _subscriber_sees(session, hook, unit_id, today)]


async def _subscriber_sees(session: AsyncSession, hook: Webhook, unit_id: int, day: date) -> bool:
    """The API client's account for a client's subscription, else the admin who made it (none
    left: the unit's line, which administers the subscription, receives)."""
    subscriber = await repository.subscriber(session, hook)
    return subscriber is None or await may_see(session, Principal.of(subscriber), unit_id, at=day)


async def add(session: AsyncSession, hooks: list[Webhook], event: Event, unit_id: int,
              data: EventData, occurred_at: datetime) -> None:
    unit = await units.get(session, unit_id)
    payload = EventEnvelope(id=str(uuid4()), event=event, occurred_at=occurred_at,
                            org_unit=OrgUnitRef.model_validate(unit), data=data)
    body = payload.model_dump(mode="json")
    session.add_all(WebhookDelivery(webhook_id=hook.id, event=event, payload=body) for hook in hooks)


async def enqueue(session: AsyncSession, audited: AuditEvent) -> None:
    """Offer an audited change to the subscriptions, when it is an event of the catalogue."""
    event = AUDITED.get((audited.entity_type, audited.action))
    if event is None or audited.org_unit_id is None:
        return
    hooks = await listeners(session, event, audited.org_unit_id)
    if hooks:
        data = await _DATA[audited.entity_type](session, audited)
        await add(session, hooks, event, audited.org_unit_id, data, audited.occurred_at)


async def _plan(session: AsyncSession, audited: AuditEvent) -> PlanEventData:
    plan = await plans.get(session, int(audited.entity_id))
    assert plan is not None  # audited in the transaction that changed it
    return PlanEventData(plan=EventPlan(id=plan.id, symbol=plan.symbol, title=plan.title,
                                        issue_date=plan.issue_date, span_start=plan.span_start,
                                        span_end=plan.span_end))


async def _submission(session: AsyncSession, audited: AuditEvent) -> SubmissionEventData:
    found = await repository.submission_with_form(session, int(audited.entity_id))
    assert found is not None  # audited in the transaction that changed it
    submission, form = found
    previous = (audited.before or {}).get("status")
    return SubmissionEventData(submission=EventSubmission(
        id=submission.id, form=EventForm(id=form.id, code=form.code, name=form.name),
        period=submission.period, status=submission.status,
        previous_status=SubmissionStatus(previous) if previous else None,
        version=submission.version, deadline=submission.deadline, on_time=submission.on_time,
        submitted_at=submission.submitted_at, comment=(audited.after or {}).get("comment")))


_DATA: dict[str, Callable[[AsyncSession, AuditEvent], Awaitable[EventData]]] = {
    "plan": _plan, "submission": _submission}
