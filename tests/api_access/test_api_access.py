"""Machine callers: scripts with API tokens, the portal with OAuth2 client credentials."""

from tests.helpers import assert_problem


async def test_a_script_imports_with_a_write_token_and_reads_with_a_read_token(client, login):
    reporter = await login("songvan.reporter")
    created = await client.post("/api/v1/api-tokens", headers=reporter, json={
        "name": "Nhập số liệu từ Excel", "scopes": ["read", "write"], "expires_in_days": 30})
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert token.startswith("qcdc_") and created.json()["prefix"] == token[:12]
    script = {"Authorization": f"Bearer {token}"}
    me = await client.get("/api/v1/auth/me", headers=script)
    assert me.json()["username"] == "songvan.reporter"
    imported = await client.post("/api/v1/data-values/import", headers=script, json={"values": [
        {"indicator": "QCDC_LEADER_DIALOGUES", "org_unit": "07345", "period": "2018", "value": 3}]})
    assert imported.status_code == 200 and imported.json()["created"] == 1, imported.text

    read_only = (await client.post("/api/v1/api-tokens", headers=reporter, json={
        "name": "Xem", "scopes": ["read"]})).json()
    reader = {"Authorization": f"Bearer {read_only['token']}"}
    assert (await client.get("/api/v1/org-units", headers=reader)).status_code == 200
    assert_problem(await client.post("/api/v1/data-values/import", headers=reader,
                                     json={"values": []}), 403, "insufficient_scope")
    listed = (await client.get("/api/v1/api-tokens", headers=reporter)).json()
    assert {t["name"] for t in listed} >= {"Nhập số liệu từ Excel", "Xem"}
    assert all("token" not in t for t in listed)
    assert (await client.delete(f"/api/v1/api-tokens/{read_only['id']}",
                                headers=reporter)).status_code == 204
    assert_problem(await client.get("/api/v1/org-units", headers=reader), 401, "invalid_token")
    assert_problem(await client.delete(f"/api/v1/api-tokens/{read_only['id']}",
                                       headers=await login("songvan.viewer")), 404)


async def test_the_portal_reads_with_client_credentials(client, login, unit_ids):
    admin = await login("bacgiang.admin")
    created = await client.post("/api/v1/api-clients", headers=admin, json={
        "name": "Cổng thông tin điện tử tỉnh Bắc Giang", "client_id": "lgsp-bacgiang",
        "unit_id": unit_ids["24"]})
    assert created.status_code == 201, created.text
    secret = created.json()["client_secret"]
    grant = await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": "lgsp-bacgiang", "client_secret": secret})
    assert grant.status_code == 200, grant.text
    assert grant.json()["refresh_token"] is None and grant.json()["scope"] == "read"
    portal = {"Authorization": f"Bearer {grant.json()['access_token']}"}
    units = await client.get("/api/v1/org-units", headers=portal)
    assert [u["code"] for u in units.json()["items"]] == ["24"]
    assert_problem(await client.get(f"/api/v1/org-units/{unit_ids['694']}", headers=portal), 404)
    assert_problem(await client.post("/api/v1/data-values/import", headers=portal,
                                     json={"values": []}), 403, "insufficient_scope")
    assert_problem(await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": "lgsp-bacgiang",
        "client_secret": "wrong"}), 401, "invalid_client")
    rotated = await client.patch(f"/api/v1/api-clients/{created.json()['id']}", headers=admin,
                                 json={"rotate_secret": True})
    assert rotated.json()["client_secret"] != secret
    assert_problem(await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": "lgsp-bacgiang",
        "client_secret": secret}), 401, "invalid_client")
    assert_problem(await client.post("/api/v1/api-clients", headers=await login("tanyen.planner"),
                                     json={"name": "x", "client_id": "xyz", "unit_id": None}), 403)
