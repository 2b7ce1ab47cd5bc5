import httpx
import pytest

from backend.demo.users import DEMO_PASSWORD
from backend.kit.security import issue_token
from tests.helpers import assert_problem

TOKEN_URL = "/api/v1/auth/token"


async def _sign_in(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(TOKEN_URL, data={"grant_type": "password", "username": username,
                                               "password": password})


async def _new_user(client, login, username: str) -> None:
    response = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Người thử", "unit_id": None, "roles": ["admin"],
        "password": "mat-khau-2024"})
    assert response.status_code == 201, response.text


async def test_password_grant_gives_tokens_and_me(client):
    response = await _sign_in(client, "songvan.reporter", DEMO_PASSWORD)
    assert response.status_code == 200
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 15 * 60
    me = await client.get("/api/v1/auth/me",
                          headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "songvan.reporter" and body["roles"] == ["reporter"]
    assert body["unit"]["name"] == "Xã Song Vân" and body["is_admin"] is False


async def test_refresh_grant_renews_and_rejects_access_tokens(client):
    tokens = (await _sign_in(client, "tanyen.reviewer", DEMO_PASSWORD)).json()
    renewed = await client.post(TOKEN_URL, data={"grant_type": "refresh_token",
                                                 "refresh_token": tokens["refresh_token"]})
    assert renewed.status_code == 200 and renewed.json()["access_token"]
    wrong_kind = await client.post(TOKEN_URL, data={"grant_type": "refresh_token",
                                                    "refresh_token": tokens["access_token"]})
    assert_problem(wrong_kind, 401, "invalid_grant")


async def test_wrong_password_and_unknown_user_look_alike(client):
    wrong = assert_problem(await _sign_in(client, "songvan.viewer", "nope-nope-1"), 401,
                           "invalid_credentials")
    unknown = assert_problem(await _sign_in(client, "no.such.user", "nope-nope-1"), 401,
                             "invalid_credentials")
    assert wrong["detail"] == unknown["detail"]


async def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, login):
    await _new_user(client, login, "lockout.target")
    for _ in range(4):
        assert_problem(await _sign_in(client, "lockout.target", "wrong-pass-1"), 401,
                       "invalid_credentials")
    locked = assert_problem(await _sign_in(client, "lockout.target", "wrong-pass-1"), 401,
                            "account_locked")
    assert locked["locked_until"] and "locked" in locked["detail"]
    assert_problem(await _sign_in(client, "lockout.target", "mat-khau-2024"), 401,
                   "account_locked")
    users = (await client.get("/api/v1/users", params={"q": "lockout.target"},
                              headers=await login("admin"))).json()["items"]
    unlock = await client.patch(f"/api/v1/users/{users[0]['id']}", json={"unlock": True},
                                headers=await login("admin"))
    assert unlock.status_code == 200, unlock.text
    assert (await _sign_in(client, "lockout.target", "mat-khau-2024")).status_code == 200


async def test_a_success_resets_the_failure_count(client, login):
    await _new_user(client, login, "lockout.reset")
    for _ in range(4):
        await _sign_in(client, "lockout.reset", "wrong-pass-1")
    assert (await _sign_in(client, "lockout.reset", "mat-khau-2024")).status_code == 200
    for _ in range(4):
        assert_problem(await _sign_in(client, "lockout.reset", "wrong-pass-1"), 401,
                       "invalid_credentials")


@pytest.mark.parametrize("authorization", [
    None, "Bearer nonsense", "Bearer " + issue_token("1", "access", "another-key", __import__(
        "datetime").timedelta(minutes=5)),
])
async def test_missing_forged_or_garbled_tokens_are_401_with_challenge(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = await client.get("/api/v1/auth/me", headers=headers)
    assert_problem(response, 401, "invalid_token")
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_expired_token_is_401(client):
    from datetime import timedelta

    from backend.config import get_settings

    expired = issue_token("1", "access", get_settings().secret_key, timedelta(seconds=-5))
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert_problem(response, 401, "invalid_token")


async def test_disabled_user_cannot_sign_in_nor_use_old_tokens(client, login):
    await _new_user(client, login, "soon.disabled")
    headers = await login("soon.disabled", "mat-khau-2024")
    users = (await client.get("/api/v1/users", params={"q": "soon.disabled"},
                              headers=await login("admin"))).json()["items"]
    await client.patch(f"/api/v1/users/{users[0]['id']}", json={"is_active": False},
                       headers=await login("admin"))
    assert_problem(await client.get("/api/v1/auth/me", headers=headers), 401, "invalid_token")
    assert_problem(await _sign_in(client, "soon.disabled", "mat-khau-2024"), 401,
                   "invalid_credentials")


async def test_token_endpoint_validates_its_form(client):
    assert_problem(await client.post(TOKEN_URL, data={"grant_type": "magic"}), 422,
                   "validation_failed")
    assert_problem(await client.post(TOKEN_URL, data={"grant_type": "password"}), 401,
                   "invalid_grant")
