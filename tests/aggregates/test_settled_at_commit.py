"""A report's roll-ups are added at its commit (the rows every report of the country shares are
locked for a commit's time, not a request's), and a transaction still sees them settled."""

from decimal import Decimal

from sqlalchemy import event, select

from backend.aggregates import rollup
from backend.data_values import store
from backend.db import get_engine, get_sessionmaker
from backend.models import AggregateLevel, AggregateValue, DataValueStatus, Indicator
from tests import factories
from tests.aggregates.test_aggregates import _form_id, _quarterly

INDICATOR = "QCDC_DIRECT_DECISIONS"


async def test_a_submitted_report_adds_to_the_roll_ups_last_before_its_commit(client, login,
                                                                            unit_ids):
    commune = await factories.commune(client, login, unit_ids["216"], prefix="SET")
    admin = await login("admin")
    created = await client.post("/api/v1/submissions", headers=admin, json={
        "form_id": await _form_id(client, admin, "QCDC_COMMUNE_QUARTERLY"),
        "unit_id": commune["id"], "period": "2024Q2", "data_values": _quarterly(4),
        "narrative": {}})
    assert created.status_code == 201, created.text
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        # The tests' transactions hold each request's in a savepoint: its bookkeeping left out.
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            statements.append(statement.lstrip().split("(")[0].strip())

    event.listen(get_engine().sync_engine, "before_cursor_execute", seen)
    try:
        submitted = await client.post(f"/api/v1/submissions/{created.json()['id']}/submit",
                                      headers=admin, json={})
    finally:
        event.remove(get_engine().sync_engine, "before_cursor_execute", seen)
    assert submitted.status_code == 200, submitted.text
    upserts = [i for i, s in enumerate(statements) if s.startswith("INSERT INTO aggregate_")]
    # Both roll-ups, after every other statement of the request (its versions, audit, answer).
    assert upserts == [len(statements) - 2, len(statements) - 1], statements
    rows = (await client.get("/api/v1/aggregates", headers=admin, params={
        "indicator": INDICATOR, "org_unit": commune["id"], "period": "2024Q2",
        "include": "submitted"})).json()
    assert rows[0]["value"] == 4


async def _figure(session, unit_id: int, value: int) -> None:
    indicator = await session.scalar(select(Indicator.id).where(Indicator.code == INDICATOR))
    await store.replace(session, unit_id, "2023Q4", {(indicator, ""): {
        "value_numeric": Decimal(value)}}, held=await store.held(session, unit_id, "2023Q4"),
        submission_id=None, status=DataValueStatus.approved)


async def _approved_sum(session, unit_id: int) -> Decimal | None:
    return await session.scalar(select(AggregateValue.value_sum).join(
        Indicator, Indicator.id == AggregateValue.indicator_id).where(
        Indicator.code == INDICATOR, AggregateValue.org_unit_id == unit_id,
        AggregateValue.period == "2023Q4", AggregateValue.level == AggregateLevel.approved,
        AggregateValue.category_code == ""))


async def test_a_read_of_the_same_transaction_sees_the_roll_ups_settled(client, login, unit_ids):
    commune = await factories.commune(client, login, unit_ids["216"], prefix="SET")
    async with get_sessionmaker()() as session:
        await _figure(session, commune["id"], 6)
        assert await _approved_sum(session, commune["id"]) == 6
        assert await _approved_sum(session, unit_ids["216"]) is not None
        await session.rollback()
    async with get_sessionmaker()() as session:
        assert await _approved_sum(session, commune["id"]) is None
        assert await rollup.drift(session) == []


async def test_a_transaction_rolled_back_leaves_nothing_to_settle(client, login, unit_ids):
    commune = await factories.commune(client, login, unit_ids["216"], prefix="SET")
    async with get_sessionmaker()() as session:
        await _figure(session, commune["id"], 5)
        await session.rollback()
        # The same session's next transaction commits nothing of the one undone.
        await session.commit()
        assert await _approved_sum(session, commune["id"]) is None
    async with get_sessionmaker()() as session:
        await _figure(session, commune["id"], 7)
        await session.commit()
        assert await _approved_sum(session, commune["id"]) == 7
        assert await rollup.drift(session) == []


async def test_within_a_savepoint_the_roll_ups_are_settled_at_once(client, login, unit_ids):
    commune = await factories.commune(client, login, unit_ids["216"], prefix="SET")
    async with get_sessionmaker()() as session:
        savepoint = await session.begin_nested()
        await _figure(session, commune["id"], 9)
        await savepoint.rollback()
        await session.commit()
    async with get_sessionmaker()() as session:
        assert await _approved_sum(session, commune["id"]) is None
        assert await rollup.drift(session) == []
