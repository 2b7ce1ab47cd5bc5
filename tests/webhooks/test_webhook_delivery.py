"""Sending against a real local receiver: an error, then a timeout, then success; giving up and
redelivering; and a restart in the middle that loses nothing."""

import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from backend.config import get_settings
from backend.db import build_engine, get_engine, get_sessionmaker
from backend.kit.netguard import system_resolver
from backend.webhooks.dispatch import deliver_due, http_client
from tests.helpers import assert_problem
from tests.isolation import app_database_url
from tests.webhooks.scenario import (
    SLOW,
    Receiver,
    deliveries,
    import_plan,
    send_outbox,
    subscribe,
    verify,
)

SPAN = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture(scope="module")
def receiver():
    server = Receiver(slow_seconds=2.0)
    yield server
    server.close()


@pytest.fixture
async def hook_for(client, login, unit_ids):
    """A plan.issued subscription of Tân Yên to a path, paused after the test."""
    made: list[int] = []

    async def make(url: str) -> dict:
        hook = await subscribe(client, await login("bacgiang.admin"), url, ["plan.issued"],
                               unit_ids["216"])
        made.append(hook["id"])
        return hook

    yield make
    for hook_id in made:
        await client.patch(f"/api/v1/webhooks/{hook_id}", headers=await login("admin"),
                           json={"is_active": False})


async def _issue(client, login, unit_ids, title: str) -> int:
    return await import_plan(client, await login("tanyen.planner"), unit_ids["216"], title, SPAN,
                             issue=True)


def _seconds(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()


async def test_an_error_then_a_timeout_then_success_makes_three_attempts(
        client, login, unit_ids, receiver, hook_for, monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "webhook_timeout_seconds", 0.5)
    monkeypatch.setattr(settings, "webhook_backoff_seconds", 1.0)
    hook = await hook_for(receiver.url("/flaky"))
    receiver.scripts["/flaky"] = [500, SLOW]
    plan_id = await _issue(client, login, unit_ids, "Kế hoạch gửi lại")
    admin = await login("bacgiang.admin")

    assert await send_outbox() == 0
    [entry] = await deliveries(client, admin, hook["id"])
    assert (entry["status"], entry["attempts"], entry["last_status"]) == ("pending", 1, 500)
    assert entry["last_error"] == "http_error"
    assert 0.9 < _seconds(entry["next_attempt_at"], entry["last_attempt_at"]) < 1.5
    assert await send_outbox() == 0 and len(receiver.to("/flaky")) == 1  # not due before its backoff

    await asyncio.sleep(1.1)
    assert await send_outbox() == 0
    [entry] = await deliveries(client, admin, hook["id"])
    assert (entry["attempts"], entry["last_status"]) == (2, None)
    assert entry["last_error"] == "unreachable"  # a timeout, told from no other silence
    assert 1.9 < _seconds(entry["next_attempt_at"], entry["last_attempt_at"]) < 3.0  # doubled

    await asyncio.sleep(2.1)
    assert await send_outbox() == 1
    [entry] = await deliveries(client, admin, hook["id"])
    assert (entry["status"], entry["attempts"], entry["last_status"]) == ("delivered", 3, 200)
    assert entry["last_error"] is None and entry["next_attempt_at"] is None

    calls = receiver.to("/flaky")
    assert [c.answer for c in calls] == [500, SLOW, 200]
    assert len({c.headers["X-QCDC-Delivery"] for c in calls}) == 1
    assert len({c.body for c in calls}) == 1  # the same event every time, freshly signed
    assert all(verify(hook["secret"], c.body, c.headers["X-QCDC-Signature"]) for c in calls)
    assert calls[-1].event["data"]["plan"]["id"] == plan_id


async def test_a_delivery_is_given_up_after_the_last_attempt_and_an_admin_redelivers_it(
        client, login, unit_ids, receiver, hook_for, monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "webhook_max_attempts", 2)
    monkeypatch.setattr(settings, "webhook_backoff_seconds", 0)
    hook = await hook_for(receiver.url("/down"))
    receiver.scripts["/down"] = [503, 503]
    await _issue(client, login, unit_ids, "Kế hoạch bỏ cuộc")
    admin = await login("bacgiang.admin")
    assert await send_outbox() == 0
    assert await send_outbox() == 0
    [entry] = await deliveries(client, admin, hook["id"], status="given_up")
    assert (entry["attempts"], entry["last_status"], entry["next_attempt_at"]) == (2, 503, None)
    assert entry["given_up_at"] is not None
    assert await send_outbox() == 0 and len(receiver.to("/down")) == 2  # no third attempt
    assert await deliveries(client, admin, hook["id"], status="pending") == []

    url = f"/api/v1/webhooks/{hook['id']}/deliveries/{entry['id']}/redeliver"
    assert_problem(await client.post(url, headers=await login("tanyen.planner")), 403)
    assert_problem(await client.post(url, headers=await login("krongpac.planner")), 403)
    redelivered = await client.post(url, headers=admin)
    assert redelivered.status_code == 200, redelivered.text
    assert (redelivered.json()["status"], redelivered.json()["attempts"]) == ("delivered", 3)
    assert len(receiver.to("/down")) == 3
    assert_problem(await client.post(url, headers=admin), 409, "webhook_delivery_delivered")
    assert_problem(await client.post(
        f"/api/v1/webhooks/{hook['id']}/deliveries/999999/redeliver", headers=admin), 404)


@pytest.mark.own_database
async def test_a_restart_loses_nothing_and_resends_what_was_not_recorded(
        client, login, unit_ids, receiver, hook_for):
    hook = await hook_for(receiver.url("/durable"))
    for title in ("Kế hoạch trước khi dừng 1", "Kế hoạch trước khi dừng 2"):
        await _issue(client, login, unit_ids, title)

    # The dispatcher posts, then dies before its transaction commits: nothing of it is recorded.
    with pytest.raises(RuntimeError):
        async with get_sessionmaker()() as session, session.begin(), http_client() as http:
            assert await deliver_due(session, http, system_resolver) == 2
            raise RuntimeError("the process stops here")
    await get_engine().dispose()
    admin = await login("bacgiang.admin")
    assert [d["status"] for d in await deliveries(client, admin, hook["id"])] == ["pending"] * 2

    # A new process: its own engine, sessions and HTTP client, the outbox as the database kept it.
    engine = build_engine(app_database_url())
    try:
        async with async_sessionmaker(engine)() as session, session.begin(), \
                http_client() as http:
            assert await deliver_due(session, http, system_resolver) == 2
    finally:
        await engine.dispose()
    log = await deliveries(client, admin, hook["id"])
    assert [(d["status"], d["attempts"]) for d in log] == [("delivered", 1)] * 2
    ids = sorted(c.headers["X-QCDC-Delivery"] for c in receiver.to("/durable"))
    # Each went twice, under the same X-QCDC-Delivery: the receiver dedupes on it.
    assert ids == sorted([str(d["id"]) for d in log] * 2)


async def test_a_rotated_secret_signs_from_then_on_and_is_shown_once(
        client, login, unit_ids, receiver, hook_for):
    hook = await hook_for(receiver.url("/rotated"))
    admin = await login("bacgiang.admin")
    url = f"/api/v1/webhooks/{hook['id']}"
    assert_problem(await client.patch(url, headers=await login("tanyen.planner"),
                                      json={"rotate_secret": True}), 403)
    rotated = await client.patch(url, headers=admin, json={"rotate_secret": True})
    assert rotated.status_code == 200, rotated.text
    secret = rotated.json()["secret"]
    assert secret != hook["secret"]
    assert "secret" not in (await client.patch(url, headers=admin, json={"is_active": True})).json()
    await _issue(client, login, unit_ids, "Kế hoạch khóa mới")
    assert await send_outbox() == 1
    [call] = receiver.to("/rotated")
    assert verify(secret, call.body, call.headers["X-QCDC-Signature"])
    assert not verify(hook["secret"], call.body, call.headers["X-QCDC-Signature"])
