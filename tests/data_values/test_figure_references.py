"""A figure's indicator and unit exist, and stay while figures name them.

On PostgreSQL statement triggers check these references (migration k1figures01) where SQLite has
foreign keys: the same refusals, and the same locks against a concurrent delete.
"""

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from backend.db import get_sessionmaker
from backend.models import (
    DataValue,
    DataValueStatus,
    Indicator,
    OrgUnit,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)

PERIOD = "2017"
pytestmark = pytest.mark.usefixtures("app")  # the demo's units and indicators


async def _ids() -> tuple[int, int]:
    async with get_sessionmaker()() as session:
        indicator_id = await session.scalar(select(Indicator.id).where(
            Indicator.code == "QCDC_DIRECT_DECISIONS"))
        unit_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == "654"))
    assert indicator_id and unit_id
    return indicator_id, unit_id


async def _new_unit(session) -> int:
    """A unit no figure names yet."""
    parent_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == "654"))
    code = f"REF{await session.scalar(select(func.count()).select_from(OrgUnit))}"
    unit = OrgUnit(code=code, name=f"Xã thử {code}", name_folded=f"xa thu {code.lower()}",
                   kind="commune", parent_id=parent_id, path=f"/{code}", depth=1,
                   valid_from=date(2020, 1, 1))
    session.add(unit)
    await session.flush()
    return unit.id


def _figure(indicator_id: int, unit_id: int, value: int = 1) -> dict:
    return {"indicator_id": indicator_id, "org_unit_id": unit_id, "period": PERIOD,
            "category_code": "", "value_numeric": Decimal(value),
            "status": DataValueStatus.draft}


def _refused(error: IntegrityError, *words: str) -> None:
    message = str(error.orig)
    assert all(word in message for word in words), message


@pytest.mark.parametrize("unknown", ["org_unit_id", "indicator_id"])
async def test_a_figure_of_an_unknown_unit_or_indicator_is_refused_and_nothing_is_written(unknown):
    indicator_id, unit_id = await _ids()
    good = _figure(indicator_id, unit_id)
    bad = {**_figure(indicator_id, unit_id), "category_code": "x", unknown: 2_000_000_000}
    async with get_sessionmaker()() as session:
        with pytest.raises(IntegrityError) as refused:
            await session.execute(insert(DataValue), [good, bad])
        _refused(refused.value, "2000000000")
        await session.rollback()
        stored = await session.scalar(select(func.count()).select_from(DataValue).where(
            DataValue.org_unit_id == unit_id, DataValue.period == PERIOD))
    assert stored == 0


async def test_moving_a_figure_to_an_unknown_unit_is_refused():
    indicator_id, unit_id = await _ids()
    async with get_sessionmaker()() as session:
        await session.execute(insert(DataValue), [_figure(indicator_id, unit_id)])
        with pytest.raises(IntegrityError):
            await session.execute(update(DataValue).where(
                DataValue.org_unit_id == unit_id, DataValue.period == PERIOD).values(
                org_unit_id=2_000_000_000))
        await session.rollback()


async def _new_indicator(session) -> int:
    """An indicator nothing names yet."""
    code = f"REF_{await session.scalar(select(func.count()).select_from(Indicator))}"
    indicator = Indicator(code=code, name=code, name_folded=code.lower(), value_type=ValueType.counted,
                          aggregation=UnitAggregation.sum, time_aggregation=TimeAggregation.sum)
    session.add(indicator)
    await session.flush()
    return indicator.id


@pytest.mark.parametrize("table", [OrgUnit, Indicator])
async def test_a_unit_or_indicator_that_figures_name_is_neither_deleted_nor_renumbered(table):
    async with get_sessionmaker()() as session:
        indicator_id, unit_id = await _new_indicator(session), await _new_unit(session)
        await session.execute(insert(DataValue), [_figure(indicator_id, unit_id)])
        referenced = unit_id if table is OrgUnit else indicator_id
        for change in (delete(table).where(table.id == referenced),
                       update(table).where(table.id == referenced).values(id=2_000_000_001)):
            savepoint = await session.begin_nested()
            with pytest.raises(IntegrityError) as refused:
                await session.execute(change)
            await savepoint.rollback()
            _refused(refused.value, str(referenced), "referenced by figures")
        await session.rollback()


async def test_a_unit_and_an_indicator_no_figure_names_are_deleted():
    async with get_sessionmaker()() as session:
        indicator_id, unit_id = await _new_indicator(session), await _new_unit(session)
        await session.execute(delete(OrgUnit).where(OrgUnit.id == unit_id))
        await session.execute(delete(Indicator).where(Indicator.id == indicator_id))
        assert await session.scalar(select(func.count()).select_from(OrgUnit).where(
            OrgUnit.id == unit_id)) == 0
        await session.rollback()


async def _waits_then_is_refused(first: tuple, second: tuple) -> None:
    """`second`, run while `first` is not yet committed, waits for its lock, then fails."""
    async with get_sessionmaker()() as holding, get_sessionmaker()() as waiting:
        await holding.execute(*first)
        blocked = asyncio.ensure_future(waiting.execute(*second))
        await asyncio.sleep(0.3)
        assert not blocked.done()  # waiting for the first one's lock
        await holding.commit()
        with pytest.raises(IntegrityError):
            await blocked
        await waiting.rollback()


@pytest.mark.own_database
async def test_a_unit_deleted_while_a_figure_of_it_is_written_stays_with_the_figure():
    """The writer locks the units it names, as a foreign key does: a concurrent delete waits for
    it, then sees the figure and is refused; in the other order, the writer is refused."""
    indicator_id, _ = await _ids()
    async with get_sessionmaker()() as setup:
        unit_id = await _new_unit(setup)
        await setup.commit()
    write = (insert(DataValue), [_figure(indicator_id, unit_id)])
    remove = (delete(OrgUnit).where(OrgUnit.id == unit_id),)
    try:
        await _waits_then_is_refused(write, remove)
        async with get_sessionmaker()() as session:
            await session.execute(delete(DataValue).where(DataValue.org_unit_id == unit_id))
            await session.commit()
        await _waits_then_is_refused(remove, write)
    finally:
        async with get_sessionmaker()() as cleanup:
            await cleanup.execute(delete(DataValue).where(DataValue.org_unit_id == unit_id))
            await cleanup.execute(delete(OrgUnit).where(OrgUnit.id == unit_id))
            await cleanup.commit()


async def test_an_import_naming_a_unit_gone_fails_once_without_retrying_as_an_upsert():
    """Only a key stored meanwhile sends the import's insert to the upsert; a missing reference
    fails the insert and is not written a second time."""
    from sqlalchemy import event

    from backend.data_values import repository

    indicator_id, _ = await _ids()
    statements: list[str] = []
    async with get_sessionmaker()() as session:
        await repository.begin(session)
        await (await repository.Stager.of(session)).stage(
            [(0, indicator_id, 2_000_000_000, PERIOD, "", Decimal(5), None, None, None, None)])
        await repository.compare(session, DataValueStatus.draft, [indicator_id], [PERIOD], staged=1)
        classes = await repository.classify(session)
        engine = session.get_bind()
        listen = (engine, "before_cursor_execute",
                  lambda _c, _cur, statement, *_: statements.append(statement))
        event.listen(*listen)
        try:
            with pytest.raises(IntegrityError) as refused:
                await repository.merge(session, DataValueStatus.draft, [PERIOD], classes,
                                       roll_up=False)
        finally:
            event.remove(*listen)
        await session.rollback()
    _refused(refused.value, "2000000000")
    assert not any("ON CONFLICT" in statement for statement in statements)
