"""Scopes of machine callers, revocation on the next call, HTTP Basic client credentials, and the
per-client rate limit."""

import base64
import re

import httpx

from backend.auth.scopes import grants, within
from backend.auth.service import rate_limiter
from tests.helpers import assert_problem


async def _portal(client: httpx.AsyncClient, admin: dict[str, str], unit_id: int, client_id: str,
                  **fields: object) -> tuple[dict, dict[str, str]]:
    created = await client.post("/api/v1/api-clients", headers=admin, json={
        "name": f"Cổng {client_id}", "client_id": client_id, "unit_id": unit_id, **fields})
    assert created.status_code == 201, created.text
    basic = base64.b64encode(f"{client_id}:{created.json()['client_secret']}".encode()).decode()
    grant = await client.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                              headers={"Authorization": f"Basic {basic}"})
    assert grant.status_code == 200, grant.text
    return created.json(), {"Authorization": f"Bearer {grant.json()['access_token']}"}


def test_writing_a_resource_includes_reading_it_and_nothing_else():
    assert grants(frozenset({"data:write"}), "data:read")
    assert not grants(frozenset({"data:write"}), "plans:read")
    assert grants(frozenset({"read"}), "plans:read") and not grants(frozenset({"read"}), "plans:write")
    assert grants(frozenset({"write"}), "users:write")
    assert within({"plans:read", "read"}, frozenset({"read"}))
    assert not within({"write"}, frozenset({"read", "data:write"}))


async def test_every_route_that_needs_a_caller_names_its_scope(client, login):
    """A new router must not slip past the scopes: a token that may only read the audit trail is
    refused everywhere else, before anything is looked up or parsed."""
    admin = await login("bacgiang.admin")
    audit_only = (await client.post("/api/v1/api-tokens", headers=admin, json={
        "name": "Chỉ xem nhật ký", "scopes": ["audit:read"]})).json()
    headers = {"Authorization": f"Bearer {audit_only['token']}"}
    spec = (await client.get("/api/v1/openapi.json")).json()
    answered: dict[str, int] = {}
    for path, operations in spec["paths"].items():
        # Routes without a caller: published data, probes, and signing in and out (token, SSO,
        # revoke, where the token revoked is the credential).
        if path.startswith(("/api/v1/public", "/api/v1/health", "/api/v1/ready",
                            "/api/v1/auth/token", "/api/v1/auth/sso", "/api/v1/auth/revoke")):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            response = await client.request(method.upper(), url, headers=headers)
            answered[f"{method} {path}"] = response.status_code
            # Reading one's own account needs no scope; changing it (PATCH) does.
            if (method, path) in (("get", "/api/v1/auth/me"), ("get", "/api/v1/audit-events")):
                assert response.status_code == 200, (method, path, response.text)
            else:
                assert_problem(response, 403, "insufficient_scope")
    assert len(answered) > 60


async def test_a_portal_reads_what_its_scopes_name_and_nothing_more(client, login, unit_ids):
    admin = await login("bacgiang.admin")
    _, portal = await _portal(client, admin, unit_ids["24"], "lgsp-scopes",
                              scopes=["aggregates:read", "plans:read"])
    assert (await client.get("/api/v1/plans", headers=portal)).status_code == 200
    aggregates = await client.get("/api/v1/aggregates", headers=portal, params={
        "indicator": "QCDC_LEADER_DIALOGUES", "period": "2023", "org_unit": "24"})
    assert aggregates.status_code == 200, aggregates.text
    refused = assert_problem(await client.get("/api/v1/submissions", headers=portal), 403,
                             "insufficient_scope")
    assert refused["required_scope"] == "submissions:read"
    assert_problem(await client.post("/api/v1/data-values/import", headers=portal,
                                     json={"values": []}), 403, "insufficient_scope")
    assert_problem(await client.post("/api/v1/plans/import", headers=portal, json={}), 403,
                   "insufficient_scope")
    me = await client.get("/api/v1/auth/me", headers=portal)
    assert me.json()["username"] == "client.lgsp-scopes"


async def test_a_data_write_client_imports(client, login, unit_ids):
    _, pusher = await _portal(client, await login("bacgiang.admin"), unit_ids["24"], "lgsp-push",
                              roles=["reporter"], scopes=["data:write"])
    imported = await client.post("/api/v1/data-values/import", headers=pusher, params={
        "dry_run": "true"}, json={"values": [
            {"indicator": "QCDC_LEADER_DIALOGUES", "org_unit": "24", "period": "2019", "value": 2}]})
    assert imported.status_code == 200, imported.text
    assert imported.json()["rejected"] == 0


async def test_disabling_a_client_or_narrowing_its_scopes_acts_on_the_next_call(client, login,
                                                                                unit_ids):
    admin = await login("bacgiang.admin")
    created, portal = await _portal(client, admin, unit_ids["24"], "lgsp-revoke",
                                    scopes=["plans:read", "submissions:read"])
    assert (await client.get("/api/v1/submissions", headers=portal)).status_code == 200
    narrowed = await client.patch(f"/api/v1/api-clients/{created['id']}", headers=admin,
                                  json={"scopes": ["plans:read"]})
    assert narrowed.json()["scopes"] == ["plans:read"]
    assert_problem(await client.get("/api/v1/submissions", headers=portal), 403, "insufficient_scope")
    assert (await client.get("/api/v1/plans", headers=portal)).status_code == 200
    await client.patch(f"/api/v1/api-clients/{created['id']}", headers=admin,
                       json={"is_active": False})
    assert_problem(await client.get("/api/v1/plans", headers=portal), 401, "invalid_token")
    assert_problem(await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": "lgsp-revoke",
        "client_secret": "whatever"}), 401, "invalid_client")


async def test_a_token_is_never_wider_than_its_maker(client, login):
    reporter = await login("songvan.reporter")
    narrow = (await client.post("/api/v1/api-tokens", headers=reporter, json={
        "name": "Chỉ nhập", "scopes": ["data:write", "api-tokens:write"]})).json()
    script = {"Authorization": f"Bearer {narrow['token']}"}
    assert_problem(await client.post("/api/v1/api-tokens", headers=script, json={
        "name": "Rộng hơn", "scopes": ["write"]}), 403, "insufficient_scope")
    same = await client.post("/api/v1/api-tokens", headers=script, json={
        "name": "Bằng", "scopes": ["data:write"]})
    assert same.status_code == 201, same.text
    assert_problem(await client.get("/api/v1/plans", headers=script), 403, "insufficient_scope")
    assert_problem(await client.post("/api/v1/api-tokens", headers=reporter, json={
        "name": "x", "scopes": ["everything"]}), 422)


async def test_a_client_over_its_rate_gets_429_with_retry_after(client, login, unit_ids):
    rate_limiter.forget()
    admin = await login("bacgiang.admin")
    created, portal = await _portal(client, admin, unit_ids["24"], "lgsp-rate",
                                    scopes=["read"], rate_limit_per_minute=3)
    assert created["rate_limit_per_minute"] == 3
    for _ in range(3):
        assert (await client.get("/api/v1/plans", headers=portal)).status_code == 200
    limited = assert_problem(await client.get("/api/v1/plans", headers=portal), 429, "rate_limited")
    assert "3 requests a minute" in limited["detail"]
    response = await client.get("/api/v1/plans", headers=portal)
    assert 1 <= int(response.headers["Retry-After"]) <= 20
    # People in the SPA are not rate limited, nor is another client.
    for _ in range(5):
        assert (await client.get("/api/v1/plans", headers=admin)).status_code == 200
    raised = await client.patch(f"/api/v1/api-clients/{created['id']}", headers=admin,
                                json={"rate_limit_per_minute": 10_000})
    assert raised.json()["rate_limit_per_minute"] == 10_000


async def test_client_credentials_in_basic_must_be_right(client):
    wrong = base64.b64encode(b"lgsp-nobody:nope").decode()
    assert_problem(await client.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                                     headers={"Authorization": f"Basic {wrong}"}), 401,
                   "invalid_client")
    assert_problem(await client.post("/api/v1/auth/token", data={"grant_type": "client_credentials"}),
                   401, "invalid_client")
