"""Two server processes on one database: each delivery is posted once, each overdue occurrence
announced once. Each "process" here has its own engine (its own connections), as a second server
would; they race on the same rows."""

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from backend.db import build_engine, get_sessionmaker
from backend.kit import clock
from backend.kit.netguard import system_resolver
from backend.models import WebhookDelivery
from backend.webhooks.dispatch import deliver_due, http_client
from backend.webhooks.overdue import sweep_overdue
from tests.isolation import app_database_url
from tests.webhooks.scenario import SLOW, Receiver, deliveries, import_plan, subscribe


@pytest.fixture(scope="module")
def receiver():
    server = Receiver(slow_seconds=0.5)  # an answer slow enough for the other process to look
    yield server
    server.close()


@pytest.fixture
async def two_processes():
    engines = [build_engine(app_database_url()), build_engine(app_database_url())]
    yield engines
    for engine in engines:
        await engine.dispose()


@pytest.fixture
async def paused_after(client, login):
    made: list[int] = []
    yield made
    for hook_id in made:
        await client.patch(f"/api/v1/webhooks/{hook_id}", headers=await login("admin"),
                           json={"is_active": False})


async def _dispatcher(engine: AsyncEngine, rounds: int) -> int:
    """A server's sending loop, a few rounds of it."""
    sent = 0
    async with http_client() as http:
        for _ in range(rounds):
            async with async_sessionmaker(engine)() as session, session.begin():
                sent += await deliver_due(session, http, system_resolver)
            await asyncio.sleep(0.05)
    return sent


@pytest.mark.own_database
async def test_two_dispatchers_post_each_delivery_once(client, login, unit_ids, receiver,
                                                       two_processes, paused_after):
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, receiver.url("/race"), ["plan.issued"], unit_ids["216"])
    paused_after.append(hook["id"])
    planner = await login("tanyen.planner")
    for n in range(4):
        await import_plan(client, planner, unit_ids["216"], f"Kế hoạch hai máy chủ {n}",
                          (clock.today(), clock.today() + timedelta(days=300)), issue=True)
    receiver.scripts["/race"] = [SLOW] * 4

    await asyncio.gather(*(_dispatcher(engine, rounds=4) for engine in two_processes))

    posted = Counter(call.headers["X-QCDC-Delivery"] for call in receiver.to("/race"))
    log = await deliveries(client, admin, hook["id"])
    assert sorted(posted) == sorted(str(d["id"]) for d in log) and len(log) == 4
    assert set(posted.values()) == {1}
    assert {(d["status"], d["attempts"]) for d in log} == {("delivered", 1)}


@pytest.mark.own_database
async def test_two_sweeps_announce_each_overdue_occurrence_once(client, login, unit_ids,
                                                                two_processes, paused_after):
    admin = await login("admin")
    hook = await subscribe(client, admin, "http://127.0.0.1:9/overdue-race",
                           ["assignment.overdue"], unit_ids["694"])
    paused_after.append(hook["id"])
    today = clock.today()
    await import_plan(client, await login("honquan.planner"), unit_ids["694"],
                      "Kế hoạch quá hạn hai máy chủ", (today - timedelta(days=75),
                                                        today - timedelta(days=2)), issue=True)

    async def sweep(engine: AsyncEngine) -> int:
        async with async_sessionmaker(engine)() as session, session.begin():
            return await sweep_overdue(session)

    announced = await asyncio.gather(*(sweep(engine) for engine in two_processes))

    async with get_sessionmaker()() as session:
        payloads = list(await session.scalars(select(WebhookDelivery.payload).where(
            WebhookDelivery.webhook_id == hook["id"])))
    keys = Counter((p["data"]["task"]["assignment_id"], p["org_unit"]["id"],
                    p["data"]["occurrence"]["due_date"]) for p in payloads)
    assert keys and set(keys.values()) == {1}
    assert sum(announced) >= len(keys)  # the sweeps claimed each once between them
