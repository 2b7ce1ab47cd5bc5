"""Subscriptions and what they receive: catalogue events with a documented payload, signed, for the
subtree subscribed to, and nothing else."""

from datetime import date

import pytest

from backend.webhooks.schemas import PAYLOADS
from tests.helpers import assert_problem
from tests.webhooks.scenario import (
    COMMUNE_FIGURES,
    Receiver,
    act,
    annual_report,
    deliveries,
    import_plan,
    new_commune,
    send_outbox,
    subscribe,
    verify,
)

SPAN = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
async def hooks(client, login):
    """Subscriptions made by a test are paused after it, so later tests get none of its events."""
    made: list[int] = []
    yield made
    for hook_id in made:
        await client.patch(f"/api/v1/webhooks/{hook_id}", headers=await login("admin"),
                           json={"is_active": False})


async def test_a_report_through_its_workflow_reaches_the_subscribed_portal_signed(
        client, login, unit_ids, receiver, hooks):
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, receiver.url("/workflow"), [
        "submission.submitted", "submission.returned", "submission.approved"], unit_ids["24"])
    hooks.append(hook["id"])
    assert hook["events"] == ["submission.approved", "submission.returned", "submission.submitted"]
    commune = await new_commune(client, login, unit_ids["216"], "HOOK")
    submission_id = await annual_report(client, login, commune["id"], "2020", COMMUNE_FIGURES)
    reviewer = await login("tanyen.reviewer")
    await act(client, reviewer, submission_id, "return", comment="Bổ sung số hội nghị thôn.")
    await act(client, await login("admin"), submission_id, "submit")
    await act(client, reviewer, submission_id, "approve")
    # Elsewhere: a plan issued in Bình Phước is no event of Bắc Giang's subtree.
    await import_plan(client, await login("honquan.planner"), unit_ids["694"], "Kế hoạch khác tỉnh",
                      SPAN, issue=True)
    assert await send_outbox() >= 4

    calls = sorted(receiver.to("/workflow"), key=lambda c: int(c.headers["X-QCDC-Delivery"]))
    assert [c.headers["X-QCDC-Event"] for c in calls] == [
        "submission.submitted", "submission.returned", "submission.submitted",
        "submission.approved"]
    for call in calls:
        assert verify(hook["secret"], call.body, call.headers["X-QCDC-Signature"])
        assert call.headers["X-QCDC-Signature"].startswith(f"t={call.headers['X-QCDC-Timestamp']},")
        assert not verify("another secret", call.body, call.headers["X-QCDC-Signature"])
    # Each body is what the OpenAPI `webhooks` section documents for its event.
    for call in calls:
        PAYLOADS[call.event["event"]].model_validate(call.event)
    first, returned, _, approved = (c.event for c in calls)
    assert set(first) == {"id", "event", "occurred_at", "org_unit", "data"}
    assert first["org_unit"] == {"id": commune["id"], "code": commune["code"],
                                 "name": commune["name"], "kind": "commune"}
    submission = first["data"]["submission"]
    assert (submission["id"], submission["period"], submission["status"]) == (
        submission_id, "2020", "submitted")
    assert submission["form"]["code"] == "QCDC_COMMUNE_ANNUAL"
    assert returned["data"]["submission"]["previous_status"] == "submitted"
    assert returned["data"]["submission"]["comment"] == "Bổ sung số hội nghị thôn."
    assert approved["data"]["submission"]["status"] == "approved"
    assert len({c.event["id"] for c in calls}) == 4
    log = await deliveries(client, admin, hook["id"])
    assert [d["status"] for d in log] == ["delivered"] * 4
    assert log[0]["payload"] == approved and log[0]["attempts"] == 1


async def test_an_issued_plan_is_announced_with_its_essentials(client, login, unit_ids, receiver,
                                                               hooks):
    hook = await subscribe(client, await login("admin"), receiver.url("/plans"), ["plan.issued"],
                           unit_ids["694"])
    hooks.append(hook["id"])
    planner = await login("honquan.planner")
    draft = await import_plan(client, planner, unit_ids["694"], "Kế hoạch còn dự thảo", SPAN,
                              issue=False)
    issued = await import_plan(client, planner, unit_ids["694"], "Kế hoạch đã ban hành", SPAN,
                               issue=True)
    await send_outbox()
    [call] = receiver.to("/plans")
    event = call.event
    PAYLOADS["plan.issued"].model_validate(event)
    assert event["event"] == "plan.issued" and event["org_unit"]["code"] == "694"
    plan = event["data"]["plan"]
    assert plan["id"] == issued != draft and plan["title"] == "Kế hoạch đã ban hành"
    assert plan["symbol"].endswith("/KH") and plan["span_start"] == "2024-01-01"


async def test_subscriptions_name_events_of_the_catalogue(client, login, unit_ids):
    admin = await login("admin")
    body = assert_problem(await client.post("/api/v1/webhooks", headers=admin, json={
        "name": "x", "url": "http://127.0.0.1/x", "events": ["org_unit.create"],
        "unit_id": unit_ids["24"]}), 422, "validation_failed")
    assert body["errors"][0]["loc"] == ["body", "events", "0"]
    everything = await subscribe(client, admin, "http://127.0.0.1/all", ["*"], unit_ids["24"])
    assert everything["events"] == ["*"]
    paused = await client.patch(f"/api/v1/webhooks/{everything['id']}", headers=admin,
                                json={"is_active": False, "events": ["assignment.overdue"]})
    assert paused.json()["events"] == ["assignment.overdue"] and not paused.json()["is_active"]


async def test_webhooks_are_for_admins_of_the_subtree(client, login, unit_ids):
    assert_problem(await client.get("/api/v1/webhooks", headers=await login("tanyen.planner")), 403)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("bacgiang.admin"), json={
        "name": "x", "url": "http://127.0.0.1/x", "events": ["*"], "unit_id": None}), 403)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("bacgiang.admin"), json={
        "name": "x", "url": "http://127.0.0.1/x", "events": ["*"], "unit_id": unit_ids["694"]}), 404)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("admin"), json={
        "name": "x", "url": "not a url", "events": [], "unit_id": None}), 422)
    assert_problem(await client.get("/api/v1/webhooks/999999/deliveries",
                                    headers=await login("admin")), 404)


async def test_a_deleted_subscription_sends_nothing_more_and_the_audit_trail_keeps_it(
        client, login, unit_ids, receiver):
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, receiver.url("/deleted"), ["plan.issued"],
                           unit_ids["216"])
    await import_plan(client, await login("tanyen.planner"), unit_ids["216"],
                      "Kế hoạch trước khi xóa webhook", SPAN, issue=True)
    assert len(await deliveries(client, admin, hook["id"], status="pending")) == 1

    url = f"/api/v1/webhooks/{hook['id']}"
    assert_problem(await client.delete(url, headers=await login("tanyen.planner")), 403)
    assert_problem(await client.delete("/api/v1/webhooks/999999", headers=admin), 404)
    deleted = await client.delete(url, headers=admin)
    assert deleted.status_code == 204 and deleted.content == b""

    assert hook["id"] not in [w["id"] for w in (await client.get(
        "/api/v1/webhooks", headers=admin)).json()]
    assert_problem(await client.get(f"{url}/deliveries", headers=admin), 404)
    assert_problem(await client.delete(url, headers=admin), 404)
    await send_outbox()
    assert receiver.to("/deleted") == []
    trail = (await client.get("/api/v1/audit-events", headers=admin, params={
        "entity_type": "webhook", "entity_id": str(hook["id"])})).json()["items"]
    assert [e["action"] for e in trail] == ["delete", "create"]
    assert trail[0]["before"]["url"] == receiver.url("/deleted")
