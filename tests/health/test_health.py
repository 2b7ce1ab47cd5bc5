from tests.helpers import assert_problem


async def test_health_and_ready(client):
    assert (await client.get("/api/v1/health")).json() == {"status": "ok"}
    assert (await client.get("/api/v1/ready")).json() == {"status": "ready"}


async def test_ready_reports_an_unreachable_database_as_503(client, monkeypatch):
    from backend.db import build_engine
    from backend.health import endpoints

    unreachable = build_engine("postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(endpoints, "get_engine", lambda: unreachable)
    body = assert_problem(await client.get("/api/v1/ready"), 503, "database_unavailable")
    assert "unreachable" in body["detail"]


async def test_unknown_route_is_a_problem_document(client):
    assert_problem(await client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_problem(await client.post("/api/v1/nothing-here", json={}), 404, "not_found")
