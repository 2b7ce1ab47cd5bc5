"""All SQL of submissions and their figures, scoped through `auth.scope.reports_visible`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Row, Select, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.auth.principal import Principal
from backend.auth.scope import reports_visible, valid_on
from backend.models import (
    DataValue,
    DataValueStatus,
    OrgUnit,
    OrgUnitTree,
    OutlierCheck,
    ReportingForm,
    ReportingFormIndicator,
    Submission,
    SubmissionCompilation,
    SubmissionStatus,
    SubmissionVersion,
    User,
)
from backend.org_units.repository import unit_valid_on


@dataclass(frozen=True)
class SubmissionFilters:
    form_id: int | None = None
    unit_id: int | None = None
    period: str | None = None
    status: SubmissionStatus | None = None


def list_query(principal: Principal, filters: SubmissionFilters) -> Select[Submission]:
    query = select(Submission).where(reports_visible(principal))
    if filters.form_id is not None:
        query = query.where(Submission.form_id == filters.form_id)
    if filters.unit_id is not None:
        query = query.where(Submission.org_unit_id == filters.unit_id)
    if filters.period is not None:
        query = query.where(Submission.period == filters.period)
    if filters.status is not None:
        query = query.where(Submission.status == filters.status)
    return query.order_by(Submission.period.desc(), Submission.id.desc())


def under_review() -> Select[int]:
    """The reports under review (submitted): their figures change again only once returned."""
    return select(Submission.id).where(Submission.status == SubmissionStatus.submitted)


async def get_visible(session: AsyncSession, principal: Principal,
                      submission_id: int) -> Submission | None:
    return await session.scalar(select(Submission).where(
        Submission.id == submission_id, reports_visible(principal)))


async def find(session: AsyncSession, form_id: int, unit_id: int, period: str) -> Submission | None:
    return await session.scalar(select(Submission).where(
        Submission.form_id == form_id, Submission.org_unit_id == unit_id,
        Submission.period == period))


async def is_compiled(session: AsyncSession, submission_id: int) -> bool:
    return await session.get(SubmissionCompilation, submission_id) is not None


async def add(session: AsyncSession, submission: Submission) -> Submission:
    session.add(submission)
    await session.flush()
    return submission


async def add_versions(session: AsyncSession, versions: Iterable[SubmissionVersion]) -> None:
    session.add_all(versions)
    await session.flush()


async def units(session: AsyncSession, ids: Iterable[int]) -> dict[int, OrgUnit]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {u.id: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(wanted)))}


async def usernames(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {user_id: username for user_id, username in rows}


async def values_of_each(session: AsyncSession,
                         submission_ids: list[int]) -> dict[int, list[DataValue]]:
    """The figures of each report, as stored now: an import writes them without the ORM."""
    found: dict[int, list[DataValue]] = {submission_id: [] for submission_id in submission_ids}
    for value in await session.scalars(select(DataValue).where(
            DataValue.submission_id.in_(submission_ids)).order_by(DataValue.id)
            .execution_options(populate_existing=True)):
        found[value.submission_id or 0].append(value)
    return found


async def next_versions(session: AsyncSession, submission_ids: list[int],
                        statuses: Iterable[SubmissionStatus]) -> list[Submission]:
    """Move the reports among `submission_ids` that are in one of `statuses` to their next version,
    in one statement: the reports so moved."""
    if not submission_ids:
        return []
    moved = await session.scalars(
        update(Submission).where(Submission.id.in_(submission_ids),
                                 Submission.status.in_(list(statuses)))
        .values(version=Submission.version + 1)
        .returning(Submission).execution_options(populate_existing=True))
    return list(moved)


async def versions_of(session: AsyncSession, submission_id: int) -> list[SubmissionVersion]:
    return list(await session.scalars(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission_id).order_by(SubmissionVersion.version)))


async def version_of(session: AsyncSession, submission_id: int,
                     version: int) -> SubmissionVersion | None:
    return await session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission_id, SubmissionVersion.version == version))


async def values_at(session: AsyncSession, unit_id: int, period: str,
                    indicator_ids: Iterable[int]) -> list[DataValue]:
    return list(await session.scalars(select(DataValue).where(
        DataValue.org_unit_id == unit_id, DataValue.period == period,
        DataValue.indicator_id.in_(list(indicator_ids))).order_by(DataValue.id)))


async def forms_with_any(session: AsyncSession, indicator_ids: Iterable[int],
                         period_type: str) -> list[ReportingForm]:
    return list(await session.scalars(select(ReportingForm).where(
        ReportingForm.is_active, ReportingForm.period_type == period_type,
        ReportingForm.id.in_(select(ReportingFormIndicator.form_id).where(
            ReportingFormIndicator.indicator_id.in_(list(indicator_ids))))).order_by(ReportingForm.id)))


# Figures another report may be compared with: sent for review, or approved.
_SENT = (DataValueStatus.submitted, DataValueStatus.approved)


# What outliers compare of another report's figure: its place and its numbers, a plain row.
SentFigure = Row[int, str, int, str, Decimal | None, Decimal | None, Decimal | None]
_SENT_FIELDS = (DataValue.org_unit_id, DataValue.period, DataValue.indicator_id,
                DataValue.category_code, DataValue.value_numeric, DataValue.numerator,
                DataValue.denominator)


async def sent_values(session: AsyncSession, unit_ids: Iterable[int], indicator_ids: Iterable[int],
                      periods: Iterable[str] | None = None) -> list[SentFigure]:
    """The submitted and approved figures of the units for the indicators (in `periods` if given),
    as plain rows: a unit's history and its peers' run to thousands, which entities would make
    the dearest part of reading a report."""
    units, indicators = set(unit_ids), set(indicator_ids)
    if not units or not indicators:
        return []
    query = select(*_SENT_FIELDS).where(
        DataValue.org_unit_id.in_(units), DataValue.indicator_id.in_(indicators),
        DataValue.status.in_(_SENT))
    if periods is not None:
        query = query.where(DataValue.period.in_(set(periods)))
    return list(await session.execute(query.order_by(DataValue.period)))


# The peers' query stands alone (no condition of it is nested in another query), so its aliases
# are made once: made afresh, their columns were most of its Python.
_LINK, _SIBLING = aliased(OrgUnitTree), aliased(OrgUnitTree)


async def peers_of_each(session: AsyncSession, units: Iterable[OrgUnit],
                        day: date) -> dict[int, list[int]]:
    """For each unit, the units of its kind under the same parent as the tree stood on `day`: one
    query for a page of reports."""
    kinds = {unit.id: unit.kind for unit in units}
    found: dict[int, list[int]] = {unit_id: [] for unit_id in kinds}
    if not kinds:
        return found
    link, sibling = _LINK, _SIBLING
    rows = await session.execute(
        select(link.descendant_id, OrgUnit.id, OrgUnit.kind)
        .join(sibling, and_(sibling.ancestor_id == link.ancestor_id, sibling.depth == 1))
        .join(OrgUnit, OrgUnit.id == sibling.descendant_id)
        .where(link.descendant_id.in_(kinds), link.depth == 1, valid_on(link, day),
               valid_on(sibling, day), unit_valid_on(day))
        .order_by(OrgUnit.id))
    for unit_id, peer_id, kind in rows:
        if peer_id != unit_id and kind == kinds[unit_id]:
            found[unit_id].append(peer_id)
    return found


async def outlier_checks(session: AsyncSession, submission_id: int) -> list[OutlierCheck]:
    return list(await session.scalars(select(OutlierCheck).where(
        OutlierCheck.submission_id == submission_id)))


async def outlier_check(session: AsyncSession, submission_id: int, indicator_id: int,
                        category: str) -> OutlierCheck | None:
    return await session.get(OutlierCheck, (submission_id, indicator_id, category))


async def add_outlier_check(session: AsyncSession, check: OutlierCheck) -> None:
    session.add(check)
    await session.flush()
