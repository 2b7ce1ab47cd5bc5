from backend.config import get_settings
from tests.helpers import assert_problem


async def test_oversized_body_is_413_and_changes_nothing(client, login):
    limit = get_settings().max_body_bytes
    headers = {**await login("admin"), "Content-Type": "application/json"}
    huge = b'{"code": "BIG", "name": "' + b"x" * (limit + 10) + b'", "kind": "village"}'
    assert_problem(await client.post("/api/v1/org-units", content=huge, headers=headers), 413,
                   "payload_too_large")

    async def chunks():
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    assert_problem(await client.post("/api/v1/org-units", content=chunks(), headers=headers), 413,
                   "payload_too_large")
    found = await client.get("/api/v1/org-units", params={"q": "BIG"}, headers=headers)
    assert found.json()["items"] == []


async def test_wrong_types_in_query_and_body_are_422(client, login):
    headers = await login("admin")
    body = assert_problem(await client.get("/api/v1/org-units", params={"page": 0, "limit": 10_000},
                                           headers=headers), 422, "validation_failed")
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "page"), ("query", "limit")}
    assert_problem(await client.post("/api/v1/org-units", json=[1, 2], headers=headers), 422)


async def test_ids_no_row_can_have_are_422_naming_the_field(client, login, unit_ids):
    """Keys are PostgreSQL integers: a larger id in the path, the query or the body is the
    caller's mistake, named, rather than a statement the driver refuses."""
    headers = await login("honquan.planner")
    too_big = 2**31
    for response, loc in [
        (await client.get(f"/api/v1/plans/{too_big}", headers=headers), ["path", "plan_id"]),
        (await client.get("/api/v1/assignments", params={"plan_id": too_big}, headers=headers),
         ["query", "plan_id"]),
        (await client.post("/api/v1/plans/import", headers=headers, json={
            "text": "KẾ HOẠCH", "issuer_id": 2**63}), ["body", "issuer_id"]),
        (await client.post("/api/v1/org-units/1/close", headers=await login("admin"), json={
            "valid_to": "2024-01-01", "successor_ids": [unit_ids["694"], 0]}),
         ["body", "successor_ids", "1"]),
    ]:
        body = assert_problem(response, 422, "validation_failed")
        assert [e["loc"] for e in body["errors"]] == [loc]


async def test_text_with_a_nul_character_is_422_and_saves_nothing(client, login):
    """PostgreSQL's text holds no U+0000; a script that sends one gets told, not a server error."""
    headers = await login("songvan.reporter")
    body = assert_problem(await client.post("/api/v1/api-tokens", headers=headers, json={
        "name": "Máy chủ\u0000xã", "scopes": ["read"], "expires_in_days": 30}), 422,
        "validation_failed")
    assert "NUL" in body["detail"]
    tokens = (await client.get("/api/v1/api-tokens", headers=headers)).json()
    assert all("\u0000" not in token["name"] for token in tokens)
    # A rename is also written to the audit trail, whose jsonb refuses it with another code.
    admin = await login("admin")
    renamed = await client.patch("/api/v1/org-units/2", headers=admin, json={"name": "Tỉnh\u0000"})
    assert_problem(renamed, 422, "validation_failed")
    assert "\u0000" not in (await client.get("/api/v1/org-units/2", headers=admin)).json()["name"]
