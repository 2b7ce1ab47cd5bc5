"""All SQL of notifications: claiming them once, a user's own list, and the e-mail digests."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVarTuple, cast

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import unit_filter
from backend.kit import sql
from backend.models import (
    Notification,
    NotificationDigest,
    OrgUnit,
    PlanTaskProgress,
    ReportingForm,
    Role,
    Submission,
    SubmissionStatus,
    User,
    UserRole,
)
from backend.reporting_forms.repository import expected_to_report

DONE = (SubmissionStatus.submitted, SubmissionStatus.approved)
_CLAIM_BATCH = 1000
Columns = TypeVarTuple("Columns")


async def claim(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the notifications no one made before; answers the users newly notified. The unique
    key is the arbiter: of two processes noticing the same thing, only one gets a user back."""
    if not rows:
        return []
    insert = sql.upsert(session, Notification)
    # Rows in one order: two claims of the same keys queue, never deadlock.
    ordered = sorted(rows, key=lambda row: (row["user_id"], row["kind"], row["subject"]))
    claimed: list[int] = []
    # In statements of a bounded size: a plan issued to a nation's communes notifies tens of
    # thousands of users, more than one statement may carry parameters.
    for start in range(0, len(ordered), _CLAIM_BATCH):
        found = await session.execute(insert.values(ordered[start:start + _CLAIM_BATCH])
                                      .on_conflict_do_nothing().returning(Notification.user_id))
        claimed.extend(found.scalars())
    return claimed


def _holding(query: Select[*Columns], roles: Iterable[Role]) -> Select[*Columns]:
    """`query` over users, kept to the active ones holding one of the roles: whom a notification
    goes to."""
    return query.join(UserRole, UserRole.user_id == User.id).where(
        User.is_active.is_(True), UserRole.role.in_(list(roles)))


async def users_of(session: AsyncSession, unit_ids: Iterable[int],
                   roles: Iterable[Role]) -> list[int]:
    """Active users of these units holding one of the roles."""
    return list(await session.scalars(_holding(select(User.id), roles).where(
        User.unit_id.in_(list(unit_ids))).distinct().order_by(User.id)))


async def tasks_to_tell(session: AsyncSession, plan_id: int, horizon: date,
                        roles: Iterable[Role]) -> list[tuple[int, int]]:
    """(assignment, unit) of an issued plan's tasks whose unit has an active user holding one of
    the roles and whose earliest open occurrence falls due by `horizon`."""
    found = await session.execute(
        select(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id).where(
            PlanTaskProgress.plan_id == plan_id, PlanTaskProgress.open_due <= horizon,
            PlanTaskProgress.unit_id.in_(_holding(select(User.unit_id), roles)))
        .order_by(PlanTaskProgress.assignment_id, PlanTaskProgress.unit_id))
    return [(assignment, unit) for assignment, unit in found]


async def users_by_unit(session: AsyncSession, unit_ids: Iterable[int],
                        roles: Iterable[Role]) -> dict[int, list[int]]:
    """`users_of` for each of these units."""
    found: dict[int, list[int]] = {}
    rows = await session.execute(_holding(select(User.unit_id, User.id), roles).where(
        User.unit_id.in_(list(unit_ids))).distinct().order_by(User.unit_id, User.id))
    for unit, user in rows:
        found.setdefault(cast(int, unit), []).append(user)  # the filter leaves no unit-less user
    return found


async def task_holders(session: AsyncSession, plan_id: int,
                       roles: Iterable[Role]) -> list[tuple[int, int, str]]:
    """(user, unit, unit's name) of the active users holding one of the roles in the units that
    carry a task of an issued plan (its stored progress names them)."""
    carrying = select(PlanTaskProgress.unit_id).where(PlanTaskProgress.plan_id == plan_id)
    found = await session.execute(
        _holding(select(User.id, OrgUnit.id, OrgUnit.name), roles)
        .join(OrgUnit, OrgUnit.id == User.unit_id).where(User.unit_id.in_(carrying))
        .distinct().order_by(OrgUnit.id, User.id))
    return [(user, unit, name) for user, unit, name in found]


async def reviewers_above(session: AsyncSession, unit_id: int) -> list[int]:
    """The reviewers of the level above the unit (its parent on today's tree)."""
    parent = select(OrgUnit.parent_id).where(OrgUnit.id == unit_id).scalar_subquery()
    return list(await session.scalars(_holding(select(User.id), [Role.reviewer]).where(
        User.unit_id == parent).order_by(User.id)))


def _reported(form_id: int, period: str) -> ColumnElement[bool]:
    return exists().where(Submission.form_id == form_id, Submission.period == period,
                          Submission.org_unit_id == OrgUnit.id, Submission.status.in_(DONE))


def not_reported(form: ReportingForm, period: str, day: date, *,
                 reviewer: Principal | None = None,
                 unit_ids: list[int] | None = None) -> Select[OrgUnit]:
    """Units expected to report the form on `day` whose report for the period has not been
    submitted (none, a draft, or returned), by name; with `reviewer`, only the units below it
    it reviews; with `unit_ids`, only those."""
    condition = and_(expected_to_report(form.reporters, form.owner_unit_id, day),
                     ~_reported(form.id, period))
    if reviewer is not None:
        condition = and_(condition, unit_filter(reviewer, OrgUnit.id, acting_as=Role.reviewer,
                                                strictly_below=True))
    if unit_ids is not None:
        condition = and_(condition, OrgUnit.id.in_(unit_ids))
    return select(OrgUnit).where(condition).order_by(OrgUnit.name, OrgUnit.id)


async def units(session: AsyncSession, query: Select[OrgUnit]) -> list[OrgUnit]:
    return list(await session.scalars(query))


async def drafts(session: AsyncSession, form_id: int, period: str,
                 unit_ids: Iterable[int]) -> dict[int, Submission]:
    """The reports already started (draft or returned) of these units, by unit."""
    rows = await session.scalars(select(Submission).where(
        Submission.form_id == form_id, Submission.period == period,
        Submission.org_unit_id.in_(list(unit_ids))))
    return {row.org_unit_id: row for row in rows}


async def reminded(session: AsyncSession, subjects: Iterable[str]) -> set[str]:
    """Of these subjects, those a reminder already went out for."""
    return set(await session.scalars(select(Notification.subject).where(
        Notification.kind == "submission.remind", Notification.subject.in_(list(subjects)))))


def own(user_id: int, unread: bool) -> Select[Notification]:
    query = select(Notification).where(Notification.user_id == user_id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


async def unread_count(session: AsyncSession, user_id: int) -> int:
    return await session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


async def get_own(session: AsyncSession, user_id: int, notification_id: int) -> Notification | None:
    return await session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id))


async def read_all(session: AsyncSession, user_id: int, now: datetime) -> int:
    done = await session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=now))
    return int(getattr(done, "rowcount", 0) or 0)


def _to_mail(since: datetime) -> ColumnElement[bool]:
    return and_(Notification.mailed_on.is_(None), Notification.read_at.is_(None),
                Notification.created_at >= since)


async def digest_recipients(session: AsyncSession, since: datetime, day: date) -> list[User]:
    """Users who take e-mail, have an address, and have news since `since` not mailed or read,
    and no digest yet on `day`."""
    sent = exists().where(NotificationDigest.user_id == User.id, NotificationDigest.day == day)
    news = exists().where(Notification.user_id == User.id, _to_mail(since))
    return list(await session.scalars(select(User).where(
        User.is_active.is_(True), User.email_notifications.is_(True), User.email.is_not(None),
        news, ~sent).order_by(User.id)))


async def claim_digest(session: AsyncSession, user_id: int, day: date) -> bool:
    """Record the user's digest of the day; False when one was already sent."""
    insert = sql.upsert(session, NotificationDigest)
    found = await session.execute(insert.values(user_id=user_id, day=day, count=0)
                                  .on_conflict_do_nothing().returning(NotificationDigest.user_id))
    return found.first() is not None


async def to_mail(session: AsyncSession, user_id: int, since: datetime) -> list[Notification]:
    return list(await session.scalars(select(Notification).where(
        Notification.user_id == user_id, _to_mail(since)).order_by(Notification.created_at,
                                                                    Notification.id)))


async def mailed(session: AsyncSession, user_id: int, day: date, ids: list[int]) -> None:
    await session.execute(update(Notification).where(Notification.id.in_(ids))
                          .values(mailed_on=day))
    await session.execute(update(NotificationDigest).where(
        NotificationDigest.user_id == user_id, NotificationDigest.day == day)
        .values(count=len(ids)))
