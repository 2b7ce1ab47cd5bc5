"""Subscriptions of API clients: made by an admin for the client, read by the client's own token,
hidden from other clients and from admins of other subtrees."""

from datetime import date

import pytest

from tests.helpers import assert_problem
from tests.webhooks.scenario import PASSWORD, deliveries, import_plan, subscribe

SPAN = (date(2024, 1, 1), date(2024, 12, 31))


async def _api_client(client, admin: dict, client_id: str, unit_id: int) -> tuple[dict, dict]:
    """An API client and the headers of a client-credentials token it took."""
    created = await client.post("/api/v1/api-clients", headers=admin, json={
        "name": f"Cổng {client_id}", "client_id": client_id, "unit_id": unit_id})
    assert created.status_code == 201, created.text
    grant = await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": created.json()["client_secret"]})
    assert grant.status_code == 200, grant.text
    return created.json(), {"Authorization": f"Bearer {grant.json()['access_token']}"}


@pytest.fixture(scope="module")
async def portals(client, login, unit_ids):
    bacgiang, bacgiang_token = await _api_client(client, await login("bacgiang.admin"),
                                                 "lgsp-hooks-bg", unit_ids["24"])
    binhphuoc, binhphuoc_token = await _api_client(client, await login("admin"), "lgsp-hooks-bp",
                                                   unit_ids["70"])
    return {"bg": (bacgiang, bacgiang_token), "bp": (binhphuoc, binhphuoc_token)}


async def test_a_client_reads_its_own_subscriptions_and_their_log(client, login, unit_ids, portals):
    (bacgiang, bg_token), (binhphuoc, bp_token) = portals["bg"], portals["bp"]
    bg_hook = await subscribe(client, await login("bacgiang.admin"), "http://127.0.0.1:9/bg",
                              ["plan.issued"], unit_ids["216"], client_id=bacgiang["id"])
    bp_hook = await subscribe(client, await login("admin"), "http://127.0.0.1:9/bp", ["*"],
                              unit_ids["70"], client_id=binhphuoc["id"])
    assert bg_hook["client_id"] == bacgiang["id"]
    await import_plan(client, await login("tanyen.planner"), unit_ids["216"], "Kế hoạch cho cổng",
                      SPAN, issue=True)

    mine = await client.get("/api/v1/webhooks", headers=bg_token)
    assert mine.status_code == 200, mine.text
    assert [h["id"] for h in mine.json()] == [bg_hook["id"]]
    assert "secret" not in mine.json()[0]
    [entry] = await deliveries(client, bg_token, bg_hook["id"])
    assert (entry["event"], entry["status"]) == ("plan.issued", "pending")
    assert await deliveries(client, bp_token, bp_hook["id"]) == []
    assert_problem(await client.get(f"/api/v1/webhooks/{bp_hook['id']}/deliveries",
                                    headers=bg_token), 404)
    assert_problem(await client.get(f"/api/v1/webhooks/{bg_hook['id']}/deliveries",
                                    headers=bp_token), 404)
    # Reading is all a client does with its subscriptions; admins change them.
    assert_problem(await client.patch(f"/api/v1/webhooks/{bg_hook['id']}", headers=bg_token,
                                      json={"is_active": False}), 403)
    assert_problem(await client.post(
        f"/api/v1/webhooks/{bg_hook['id']}/deliveries/{entry['id']}/redeliver", headers=bg_token),
        403)
    admin_view = await deliveries(client, await login("bacgiang.admin"), bg_hook["id"])
    assert [d["id"] for d in admin_view] == [entry["id"]]

    # A paused client is told nothing more.
    admin = await login("admin")
    await client.patch(f"/api/v1/api-clients/{binhphuoc['id']}", headers=admin,
                       json={"is_active": False})
    await import_plan(client, await login("honquan.planner"), unit_ids["694"],
                      "Kế hoạch khi cổng tạm dừng", SPAN, issue=True)
    assert await deliveries(client, admin, bp_hook["id"]) == []
    for hook in (bg_hook, bp_hook):
        await client.patch(f"/api/v1/webhooks/{hook['id']}", headers=admin,
                           json={"is_active": False})


async def test_a_commune_admin_sees_no_subscription_above_it(client, login, unit_ids, portals):
    bacgiang, _ = portals["bg"]
    hook = await subscribe(client, await login("bacgiang.admin"), "http://127.0.0.1:9/above",
                           ["plan.issued"], unit_ids["24"], client_id=bacgiang["id"])
    created = await client.post("/api/v1/users", headers=await login("bacgiang.admin"), json={
        "username": "songvan.admin", "full_name": "Quản trị xã Song Vân",
        "unit_id": unit_ids["07345"], "roles": ["admin"], "password": PASSWORD})
    assert created.status_code == 201, created.text
    commune_admin = await login("songvan.admin", PASSWORD)
    listed = await client.get("/api/v1/webhooks", headers=commune_admin)
    assert hook["id"] not in [h["id"] for h in listed.json()]
    assert_problem(await client.get(f"/api/v1/webhooks/{hook['id']}/deliveries",
                                    headers=commune_admin), 404)
    assert_problem(await client.patch(f"/api/v1/webhooks/{hook['id']}", headers=commune_admin,
                                      json={"is_active": False}), 404)
    await client.patch(f"/api/v1/webhooks/{hook['id']}", headers=await login("admin"),
                       json={"is_active": False})


async def test_a_client_subscription_stays_within_what_the_client_reads(client, login, unit_ids,
                                                                        portals):
    bacgiang, _ = portals["bg"]
    admin = await login("admin")
    body = {"name": "x", "url": "http://127.0.0.1:9/x", "events": ["*"], "client_id": bacgiang["id"]}
    assert_problem(await client.post("/api/v1/webhooks", headers=admin,
                                     json={**body, "unit_id": unit_ids["694"]}),
                   422, "webhook_unit_outside_client")
    assert_problem(await client.post("/api/v1/webhooks", headers=admin,
                                     json={**body, "unit_id": None}),
                   422, "webhook_unit_outside_client")
    # Bắc Giang's admin knows no client of Bình Phước.
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("bacgiang.admin"),
                                     json={**body, "unit_id": unit_ids["24"],
                                           "client_id": portals["bp"][0]["id"]}), 404)
