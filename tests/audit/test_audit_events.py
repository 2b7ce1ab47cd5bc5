from tests.helpers import assert_problem

AUDIT = "/api/v1/audit-events"


async def test_unit_and_user_changes_are_audited_with_before_and_after(client, login, unit_ids):
    admin = await login("admin")
    unit = (await client.post("/api/v1/org-units", headers=admin, json={
        "code": "AUDIT-1", "name": "Thôn Kiểm Tra", "kind": "village",
        "parent_id": unit_ids["07345"]})).json()
    await client.patch(f"/api/v1/org-units/{unit['id']}", headers=admin, json={"name": "Thôn Mới"})
    events = (await client.get(AUDIT, params={"entity_type": "org_unit", "entity_id": unit["id"]},
                               headers=admin)).json()["items"]
    assert [e["action"] for e in events] == ["update", "create"]
    update, create = events
    assert update["before"] == {"name": "Thôn Kiểm Tra"} and update["after"] == {"name": "Thôn Mới"}
    assert create["after"]["code"] == "AUDIT-1" and create["actor"]["username"] == "admin"

    user = (await client.post("/api/v1/users", headers=admin, json={
        "username": "audit.target", "full_name": "Trần Văn A", "unit_id": unit_ids["216"],
        "roles": ["viewer"], "password": "audit-pass-1"})).json()
    await client.patch(f"/api/v1/users/{user['id']}", headers=admin,
                       json={"password": "audit-pass-2"})
    by_user = (await client.get(AUDIT, params={"entity_type": "user", "entity_id": user["id"]},
                                headers=admin)).json()["items"]
    assert [e["action"] for e in by_user] == ["update", "create"]
    assert by_user[0]["after"] == {"password": "changed"}
    assert "audit-pass" not in str(by_user)


async def test_audit_log_is_for_admins_and_scoped_to_their_subtree(client, login, unit_ids):
    assert_problem(await client.get(AUDIT, headers=await login("tanyen.planner")), 403, "forbidden")
    admin = await login("admin")
    await client.post("/api/v1/org-units", headers=admin, json={
        "code": "AUDIT-KP", "name": "Thôn Xa", "kind": "village", "parent_id": unit_ids["654"]})
    seen = (await client.get(AUDIT, params={"limit": 200},
                             headers=await login("bacgiang.admin"))).json()["items"]
    assert all(e["entity_id"] != "AUDIT-KP" for e in seen)
    assert all((e["after"] or {}).get("code") != "AUDIT-KP" for e in seen)
