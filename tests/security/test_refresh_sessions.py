"""Issue 13, finding 8: refresh tokens rotate, a reused one ends its whole session, signing out
revokes, and a password change or reset or disabling the account ends every token of the user."""

import asyncio
import uuid

import httpx
import pytest

from tests.helpers import assert_problem

TOKEN_URL = "/api/v1/auth/token"
PASSWORD = "mat-khau-2024"


async def _new_user(client: httpx.AsyncClient, login) -> tuple[str, int]:
    username = f"session.{uuid.uuid4().hex[:6]}"
    response = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Người thử", "unit_id": None, "roles": ["admin"],
        "password": PASSWORD})
    assert response.status_code == 201, response.text
    return username, response.json()["id"]


async def _sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:
    response = await client.post(TOKEN_URL, data={"grant_type": "password", "username": username,
                                                  "password": password})
    assert response.status_code == 200, response.text
    return response.json()


async def _refresh(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await client.post(TOKEN_URL, data={"grant_type": "refresh_token",
                                              "refresh_token": refresh_token})


async def _me(client: httpx.AsyncClient, access_token: str) -> httpx.Response:
    return await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {access_token}"})


async def test_a_refresh_rotates_the_refresh_token(client, login):
    username, _ = await _new_user(client, login)
    first = await _sign_in(client, username)
    second = (await _refresh(client, first["refresh_token"])).json()
    assert second["refresh_token"] != first["refresh_token"]
    third = await _refresh(client, second["refresh_token"])
    assert third.status_code == 200, third.text
    assert (await _me(client, third.json()["access_token"])).status_code == 200


async def test_a_reused_refresh_token_ends_the_whole_session(client, login):
    username, _ = await _new_user(client, login)
    stolen = (await _sign_in(client, username))["refresh_token"]
    legitimate = (await _refresh(client, stolen)).json()
    assert_problem(await _refresh(client, stolen), 401, "invalid_grant")
    # The reuse may be the thief's or the owner's: both copies die, and the access token too.
    assert_problem(await _refresh(client, legitimate["refresh_token"]), 401, "invalid_grant")
    assert_problem(await _me(client, legitimate["access_token"]), 401, "invalid_token")


async def test_a_reuse_ends_only_its_own_session(client, login):
    username, _ = await _new_user(client, login)
    laptop, phone = await _sign_in(client, username), await _sign_in(client, username)
    await _refresh(client, laptop["refresh_token"])
    await _refresh(client, laptop["refresh_token"])
    assert (await _refresh(client, phone["refresh_token"])).status_code == 200


async def test_signing_out_revokes_the_session(client, login):
    username, _ = await _new_user(client, login)
    tokens = await _sign_in(client, username)
    revoked = await client.post("/api/v1/auth/revoke", data={"token": tokens["refresh_token"]})
    assert revoked.status_code == 200, revoked.text
    assert_problem(await _refresh(client, tokens["refresh_token"]), 401, "invalid_grant")
    assert_problem(await _me(client, tokens["access_token"]), 401, "invalid_token")


async def test_revoking_by_the_access_token_ends_its_session_too(client, login):
    username, _ = await _new_user(client, login)
    tokens = await _sign_in(client, username)
    revoked = await client.post("/api/v1/auth/revoke", data={"token": tokens["access_token"],
                                                             "token_type_hint": "access_token"})
    assert revoked.status_code == 200, revoked.text
    assert_problem(await _refresh(client, tokens["refresh_token"]), 401, "invalid_grant")


async def test_revoking_an_unknown_token_answers_200_as_rfc_7009_says(client):
    assert (await client.post("/api/v1/auth/revoke", data={"token": "nonsense"})).status_code == 200


async def _every_token_dies(client: httpx.AsyncClient, login, change: dict) -> None:
    username, user_id = await _new_user(client, login)
    tokens = await _sign_in(client, username)
    script = await client.post("/api/v1/api-tokens", json={"name": "Kịch bản", "scopes": ["read"]},
                               headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert script.status_code == 201, script.text
    changed = await client.patch(f"/api/v1/users/{user_id}", json=change,
                                 headers=await login("admin"))
    assert changed.status_code == 200, changed.text
    if change.get("is_active") is False:
        await client.patch(f"/api/v1/users/{user_id}", json={"is_active": True},
                           headers=await login("admin"))
    assert_problem(await _refresh(client, tokens["refresh_token"]), 401, "invalid_grant")
    assert_problem(await _me(client, tokens["access_token"]), 401, "invalid_token")
    assert_problem(await _me(client, script.json()["token"]), 401, "invalid_token")


async def test_a_password_reset_ends_every_token_of_the_user(client, login):
    await _every_token_dies(client, login, {"password": "moi-doi-2025"})


async def test_disabling_an_account_ends_its_tokens_for_good(client, login):
    await _every_token_dies(client, login, {"is_active": False})


async def test_other_changes_leave_the_sessions_alone(client, login):
    username, user_id = await _new_user(client, login)
    tokens = await _sign_in(client, username)
    await client.patch(f"/api/v1/users/{user_id}", json={"full_name": "Tên mới"},
                       headers=await login("admin"))
    assert (await _me(client, tokens["access_token"])).status_code == 200
    assert (await _refresh(client, tokens["refresh_token"])).status_code == 200


@pytest.mark.own_database
async def test_of_renewals_with_one_token_at_once_only_one_succeeds(client, login):
    username, _ = await _new_user(client, login)
    token = (await _sign_in(client, username))["refresh_token"]
    answers = await asyncio.gather(*(_refresh(client, token) for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] + [401] * 5
    renewed = next(a for a in answers if a.status_code == 200).json()
    assert_problem(await _refresh(client, renewed["refresh_token"]), 401, "invalid_grant")
