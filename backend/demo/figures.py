"""Historic figures the seeds state, loaded as approved values (there was no report to approve):
seed 004, Krông Pắc in the first half of 2021. Song Vân's 2023 figures (seed 003) are left for a
reporter to enter: that report is the demo of the reporting workflow."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.data_values import store
from backend.models import DataValue, DataValueStatus, GrassrootsType, Indicator, OrgUnit


@dataclass(frozen=True)
class Figure:
    indicator: str
    unit: str
    period: str
    value: Decimal | None = None
    yes: bool | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


async def _krong_pac_2021(session: AsyncSession) -> list[Figure]:
    """24/24 agencies held the staff conference, 13/15 enterprises the workers' conference,
    52,620 of 52,620 dossiers resolved, inspections at 07 units."""
    district = select(OrgUnit.id).where(OrgUnit.code == "654").scalar_subquery()
    below = list(await session.scalars(select(OrgUnit).where(OrgUnit.parent_id == district)
                                       .order_by(OrgUnit.code)))
    agencies = [u for u in below if u.grassroots_type is GrassrootsType.agency]
    employers = [u for u in below if u.grassroots_type is GrassrootsType.employer]
    figures = [Figure("QCDC_STAFF_CONF", u.code, "2021S1", yes=True) for u in agencies]
    figures += [Figure("QCDC_WORKERS_CONF", u.code, "2021S1", yes=index < 13)
                for index, u in enumerate(employers)]
    figures.append(Figure("QCDC_ADMIN_DOSSIERS_RESOLVED", "654-VP", "2021S1",
                          numerator=Decimal(52620), denominator=Decimal(52620)))
    figures.append(Figure("QCDC_UNITS_INSPECTED", "654-BCD", "2021", value=Decimal(7)))
    return figures


async def load_figures(session: AsyncSession) -> int:
    indicators = dict((await session.execute(select(Indicator.code, Indicator.id))).all())
    units = dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())
    loaded = 0
    for figure in await _krong_pac_2021(session):
        unit_id = units[figure.unit]
        exists = await session.scalar(select(DataValue.id).where(
            DataValue.indicator_id == indicators[figure.indicator], DataValue.org_unit_id == unit_id,
            DataValue.period == figure.period))
        if exists:
            continue
        columns = {"value_numeric": figure.value, "value_bool": figure.yes,
                   "numerator": figure.numerator, "denominator": figure.denominator}
        await store.replace(session, unit_id, figure.period,
                            {(indicators[figure.indicator], ""): columns},
                            held=await store.held(session, unit_id, figure.period),
                            submission_id=None, status=DataValueStatus.approved)
        loaded += 1
    return loaded
