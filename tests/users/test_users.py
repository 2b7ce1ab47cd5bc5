from tests.helpers import assert_problem

USERS = "/api/v1/users"


async def test_admin_creates_lists_updates_and_disables_a_user(client, login, unit_ids):
    headers = await login("admin")
    created = await client.post(USERS, headers=headers, json={
        "username": "songvan.ketoan", "full_name": "Nguyễn Thị Hoa", "unit_id": unit_ids["07345"],
        "roles": ["reporter", "viewer"], "password": "hoa-songvan-24"})
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["unit"]["code"] == "07345" and user["roles"] == ["reporter", "viewer"]
    assert "password" not in user and "password_hash" not in user
    listed = await client.get(USERS, params={"unit_id": unit_ids["07345"], "role": "reporter"},
                              headers=headers)
    assert {u["username"] for u in listed.json()["items"]} == {"songvan.reporter", "songvan.ketoan"}
    updated = await client.patch(f"{USERS}/{user['id']}", headers=headers,
                                 json={"roles": ["viewer"], "is_active": False})
    assert updated.json()["roles"] == ["viewer"] and updated.json()["is_active"] is False


async def test_user_input_errors_name_every_field(client, login):
    body = assert_problem(await client.post(USERS, headers=await login("admin"), json={
        "username": "A", "full_name": "", "roles": [], "password": "short"}), 422,
        "validation_failed")
    assert {tuple(e["loc"]) for e in body["errors"]} == {
        ("body", "username"), ("body", "full_name"), ("body", "roles"), ("body", "password")}
    assert_problem(await client.post(USERS, headers=await login("admin"), json={
        "username": "songvan.reporter", "full_name": "X", "unit_id": None, "roles": ["admin"],
        "password": "long-enough-1"}), 409, "username_taken")


async def test_only_a_country_admin_may_leave_the_unit_empty(client, login, unit_ids):
    body = assert_problem(await client.post(USERS, headers=await login("admin"), json={
        "username": "no.unit.reporter", "full_name": "X", "unit_id": None, "roles": ["reporter"],
        "password": "long-enough-1"}), 422, "user_unit_invalid")
    assert body["errors"][0]["loc"] == ["body", "unit_id"]


async def test_a_province_admin_manages_its_province_only(client, login, unit_ids):
    headers = await login("bacgiang.admin")
    listed = await client.get(USERS, params={"limit": 200}, headers=headers)
    usernames = {u["username"] for u in listed.json()["items"]}
    assert {"songvan.reporter", "tanyen.reviewer", "bacgiang.planner"} <= usernames
    assert not usernames & {"admin", "honquan.planner", "krongpac.reviewer"}
    assert_problem(await client.post(USERS, headers=headers, json={
        "username": "honquan.intruder", "full_name": "X", "unit_id": unit_ids["694"],
        "roles": ["planner"], "password": "long-enough-1"}), 422, "user_unit_invalid")
    others = await client.get(USERS, params={"q": "honquan.planner"}, headers=await login("admin"))
    foreign_id = others.json()["items"][0]["id"]
    assert_problem(await client.patch(f"{USERS}/{foreign_id}", headers=headers,
                                      json={"is_active": False}), 404)
