"""All SQL of webhooks: subscriptions as callers see them, the outbox, and overdue notices."""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import unit_filter, valid_on
from backend.kit import sql
from backend.models import (
    ApiClient,
    OrgUnitTree,
    Plan,
    PlanStatus,
    PlanTaskProgress,
    ReportingForm,
    Role,
    Submission,
    User,
    Webhook,
    WebhookDelivery,
    WebhookOverdueNotice,
)
from backend.webhooks.schemas import DeliveryStatus

NoticeKey = tuple[int, int, date]  # assignment, unit, due date
_CLAIM_BATCH = 5000  # keys per statement: 3 parameters each, PostgreSQL takes 32,767


def administered(principal: Principal) -> ColumnElement[bool]:
    """Subscriptions an admin manages: those of its subtree (country-wide ones: a country admin)."""
    return unit_filter(principal, Webhook.unit_id, acting_as=Role.admin)


def _own_client(principal: Principal) -> Select[int]:
    return select(ApiClient.id).where(ApiClient.user_id == principal.user_id)


def readable(principal: Principal) -> ColumnElement[bool]:
    """What a caller reads: what it administers, and an API client its own subscriptions."""
    return or_(administered(principal), Webhook.client_id.in_(_own_client(principal)))


def _live() -> ColumnElement[bool]:
    """Subscriptions that receive: active, and serving no client or an active one."""
    return Webhook.is_active & or_(Webhook.client_id.is_(None), Webhook.client_id.in_(
        select(ApiClient.id).where(ApiClient.is_active)))


async def is_client(session: AsyncSession, principal: Principal) -> bool:
    return await session.scalar(_own_client(principal)) is not None


async def webhooks(session: AsyncSession, condition: ColumnElement[bool]) -> list[Webhook]:
    return list(await session.scalars(select(Webhook).where(condition).order_by(Webhook.id)))


async def webhook(session: AsyncSession, condition: ColumnElement[bool],
                  webhook_id: int) -> Webhook | None:
    return await session.scalar(select(Webhook).where(Webhook.id == webhook_id, condition))


async def add(session: AsyncSession, hook: Webhook) -> Webhook:
    session.add(hook)
    await session.flush()
    return hook


async def remove(session: AsyncSession, webhook_id: int) -> None:
    """The subscription and its delivery log (ON DELETE CASCADE); a delivery a dispatcher is
    sending holds its row lock, so the removal waits for that attempt to be recorded."""
    await session.execute(delete(Webhook).where(Webhook.id == webhook_id))


async def is_live(session: AsyncSession, webhook_id: int) -> bool:
    return await session.scalar(select(Webhook.id).where(Webhook.id == webhook_id, _live())) \
        is not None


async def covering(session: AsyncSession, unit_id: int, day: date) -> list[Webhook]:
    """Live subscriptions whose subtree holds the unit on `day` (country-wide ones hold all)."""
    above = select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == unit_id,
                                                  valid_on(OrgUnitTree, day))
    return list(await session.scalars(select(Webhook).where(
        _live(), or_(Webhook.unit_id.is_(None), Webhook.unit_id.in_(above))).order_by(Webhook.id)))


async def live_webhooks(session: AsyncSession) -> list[Webhook]:
    return list(await session.scalars(select(Webhook).where(_live())))


def _pending() -> ColumnElement[bool]:
    return WebhookDelivery.delivered_at.is_(None) & WebhookDelivery.given_up_at.is_(None)


async def due(session: AsyncSession, now: datetime,
              limit: int) -> list[tuple[WebhookDelivery, Webhook]]:
    """Pending deliveries of live subscriptions whose time has come, oldest first. Rows another
    dispatcher is sending are skipped (PostgreSQL), so two processes never post the same one."""
    rows = await session.execute(
        select(WebhookDelivery, Webhook).join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(_pending(), WebhookDelivery.next_attempt_at <= now, _live())
        .order_by(WebhookDelivery.id).limit(limit)
        .with_for_update(of=WebhookDelivery, skip_locked=True))
    return [(delivery, hook) for delivery, hook in rows.all()]


_STATUS = {DeliveryStatus.pending: _pending,
           DeliveryStatus.delivered: lambda: WebhookDelivery.delivered_at.is_not(None),
           DeliveryStatus.given_up: lambda: WebhookDelivery.given_up_at.is_not(None)}


def deliveries_query(webhook_id: int, status: DeliveryStatus | None) -> Select[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if status is not None:
        query = query.where(_STATUS[status]())
    return query.order_by(WebhookDelivery.id.desc())


async def delivery_to_send(session: AsyncSession, webhook_id: int,
                           delivery_id: int) -> WebhookDelivery | None:
    """A delivery locked for sending: a dispatcher holding it is waited for."""
    return await session.scalar(select(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.webhook_id == webhook_id)
        .with_for_update())


async def subscriber(session: AsyncSession, hook: Webhook) -> User | None:
    """Whom a subscription delivers to: its API client's account, else the user who made it."""
    if hook.client_id is not None:
        return await session.scalar(select(User).join(ApiClient, ApiClient.user_id == User.id)
                                    .where(ApiClient.id == hook.client_id))
    return await session.get(User, hook.created_by) if hook.created_by is not None else None


async def submission_with_form(session: AsyncSession,
                               submission_id: int) -> tuple[Submission, ReportingForm] | None:
    """A report and its form, from the session when the transaction holds them already (as it
    does the report whose change is being audited): a query would load the form's items again."""
    submission = await session.get(Submission, submission_id)
    if submission is None:
        return None
    form = await session.get(ReportingForm, submission.form_id)
    assert form is not None  # a report's form is never deleted (a foreign key)
    return submission, form


async def issued_plans_due_between(session: AsyncSession, since: date, until: date) -> list[Plan]:
    """Issued plans whose span reaches into [since, until]: only they have occurrences due then."""
    return list(await session.scalars(select(Plan).where(
        Plan.status == PlanStatus.issued, Plan.span_end >= since, Plan.span_start <= until)
        .order_by(Plan.id)))


async def claim_notices(session: AsyncSession, keys: Sequence[NoticeKey]) -> list[NoticeKey]:
    """Record that these occurrences are announced; answers those no one had announced before.
    The insert is the arbiter: of two sweeps racing, only one gets a key back."""
    if not keys:
        return []
    insert = sql.upsert(session, WebhookOverdueNotice)
    notice = WebhookOverdueNotice
    # Keys in one order: two sweeps claiming the same ones queue behind each other, never
    # each holding a key the other waits for (a deadlock would fail one sweep).
    ordered = sorted(keys)
    claimed: list[NoticeKey] = []
    # In statements of a bounded size: more keys than one statement may carry parameters for.
    for start in range(0, len(ordered), _CLAIM_BATCH):
        rows = await session.execute(
            insert.values([{"assignment_id": a, "unit_id": u, "due_date": d}
                           for a, u, d in ordered[start:start + _CLAIM_BATCH]])
            .on_conflict_do_nothing()
            .returning(notice.assignment_id, notice.unit_id, notice.due_date))
        claimed.extend((a, u, d) for a, u, d in rows.all())
    return claimed


async def overdue_tasks(session: AsyncSession, plan_id: int, today: date) -> list[tuple[int, int]]:
    """(assignment, unit) of an issued plan's tasks with an occurrence overdue: their earliest
    open one, as stored, fell due before today."""
    rows = await session.execute(
        select(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id).where(
            PlanTaskProgress.plan_id == plan_id, PlanTaskProgress.open_due < today)
        .order_by(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id))
    return [(assignment, unit) for assignment, unit in rows]
