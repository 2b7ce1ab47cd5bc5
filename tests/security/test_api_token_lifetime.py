"""Issue 13, finding 3: every API token expires within the server's maximum lifetime, shows its last
use, and one minted by an API client belongs to it and dies with it."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from backend.config import get_settings
from tests.helpers import assert_problem


async def _portal(client: httpx.AsyncClient, login, unit_ids) -> tuple[dict, dict[str, str]]:
    """An API client that may make API tokens, and the headers of its access token."""
    created = await client.post("/api/v1/api-clients", headers=await login("bacgiang.admin"),
                                json={"name": "Cổng", "client_id": f"lgsp-{uuid.uuid4().hex[:8]}",
                                      "unit_id": unit_ids["24"],
                                      "scopes": ["read", "api-tokens:write"]})
    assert created.status_code == 201, created.text
    return created.json(), await _grant(client, created.json()["client_id"],
                                        created.json()["client_secret"])


async def _grant(client: httpx.AsyncClient, client_id: str, secret: str) -> dict[str, str]:
    grant = await client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    assert grant.status_code == 200, grant.text
    return {"Authorization": f"Bearer {grant.json()['access_token']}"}


async def _mint(client: httpx.AsyncClient, headers: dict[str, str], **fields: object) -> dict:
    made = await client.post("/api/v1/api-tokens", headers=headers,
                             json={"name": "Tự cấp", "scopes": ["read"], **fields})
    assert made.status_code == 201, made.text
    return made.json()


def _bearer(token: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {token['token']}"}


async def test_a_token_without_an_expiry_gets_the_longest_allowed(client, login):
    made = await _mint(client, await login("songvan.viewer"), expires_in_days=None)
    expires = datetime.fromisoformat(made["expires_at"])
    longest = datetime.now(UTC) + timedelta(days=get_settings().api_token_max_days)
    assert longest - timedelta(minutes=5) < expires <= longest


async def test_a_token_cannot_outlive_the_maximum(client, login):
    response = await client.post("/api/v1/api-tokens", headers=await login("songvan.viewer"), json={
        "name": "Mãi mãi", "scopes": ["read"],
        "expires_in_days": get_settings().api_token_max_days + 1})
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["loc"] == ["body", "expires_in_days"]


async def test_lowering_the_maximum_ends_older_tokens(client, login, monkeypatch):
    made = await _mint(client, await login("songvan.viewer"), expires_in_days=300)
    assert (await client.get("/api/v1/auth/me", headers=_bearer(made))).status_code == 200
    monkeypatch.setattr(get_settings(), "api_token_max_days", 0)
    assert_problem(await client.get("/api/v1/auth/me", headers=_bearer(made)), 401,
                   "invalid_token")


async def test_the_last_use_is_shown_and_written_at_most_once_a_minute(client, login):
    owner = await login("songvan.viewer")
    made = await _mint(client, owner)
    assert made["last_used_at"] is None
    stamps = []
    for _ in range(2):
        assert (await client.get("/api/v1/auth/me", headers=_bearer(made))).status_code == 200
        listed = {t["id"]: t for t in (await client.get("/api/v1/api-tokens", headers=owner)).json()}
        stamps.append(listed[made["id"]]["last_used_at"])
    assert stamps[0] is not None and stamps[1] == stamps[0]


async def test_a_token_minted_by_a_client_dies_when_the_client_is_disabled(client, login,
                                                                           unit_ids):
    portal, headers = await _portal(client, login, unit_ids)
    minted = await _mint(client, headers, expires_in_days=None,
                         scopes=["read", "api-tokens:write"])
    assert minted["expires_at"] is not None
    grandchild = await _mint(client, _bearer(minted))
    assert (await client.get("/api/v1/org-units", headers=_bearer(minted))).status_code == 200
    admin = await login("bacgiang.admin")
    url = f"/api/v1/api-clients/{portal['id']}"
    assert (await client.patch(url, json={"is_active": False}, headers=admin)).status_code == 200
    for token in (minted, grandchild):
        assert_problem(await client.get("/api/v1/org-units", headers=_bearer(token)), 401,
                       "invalid_token")
    # Enabled again, the client gets new tokens; what it minted before stays dead.
    assert (await client.patch(url, json={"is_active": True}, headers=admin)).status_code == 200
    assert_problem(await client.get("/api/v1/org-units", headers=_bearer(minted)), 401,
                   "invalid_token")


async def test_rotating_a_clients_secret_ends_every_token_it_holds(client, login, unit_ids):
    portal, headers = await _portal(client, login, unit_ids)
    minted = await _mint(client, headers)
    rotated = await client.patch(f"/api/v1/api-clients/{portal['id']}", json={"rotate_secret": True},
                                 headers=await login("bacgiang.admin"))
    assert rotated.status_code == 200, rotated.text
    assert_problem(await client.get("/api/v1/org-units", headers=_bearer(minted)), 401,
                   "invalid_token")
    assert_problem(await client.get("/api/v1/org-units", headers=headers), 401, "invalid_token")
    fresh = await _grant(client, portal["client_id"], rotated.json()["client_secret"])
    assert (await client.get("/api/v1/org-units", headers=fresh)).status_code == 200


async def test_a_token_minted_by_a_token_cannot_outlive_it(client, login):
    parent = await _mint(client, await login("songvan.viewer"), expires_in_days=10,
                         scopes=["read", "api-tokens:write"])
    child = await _mint(client, _bearer(parent), expires_in_days=None)
    assert child["expires_at"] == parent["expires_at"]
