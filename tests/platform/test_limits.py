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
