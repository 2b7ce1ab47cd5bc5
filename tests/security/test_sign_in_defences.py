"""Issue 13, finding 9: signing in costs the same for unknown names, is throttled per client address
and per name (429 with Retry-After), and a lock earned from one address holds there only.

The test client connects from 127.0.0.1, a trusted proxy by default, so each test names its own
client addresses in X-Forwarded-For and touches no other test's buckets or locks."""

import itertools
import uuid

import httpx
import pytest

from backend.config import get_settings
from backend.kit import security
from backend.kit.proxies import TrustedProxies, address_key
from tests.helpers import assert_problem

TOKEN_URL = "/api/v1/auth/token"
PASSWORD = "mat-khau-2024"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def _address() -> str:
    return next(_addresses)


async def _sign_in(client: httpx.AsyncClient, username: str, password: str,
                   address: str) -> httpx.Response:
    return await client.post(TOKEN_URL, headers={"X-Forwarded-For": address}, data={
        "grant_type": "password", "username": username, "password": password})


async def _new_user(client: httpx.AsyncClient, login, prefix: str) -> str:
    username = f"{prefix}.{uuid.uuid4().hex[:6]}"
    response = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Người thử", "unit_id": None, "roles": ["admin"],
        "password": PASSWORD})
    assert response.status_code == 201, response.text
    return username


class _CountingHasher:
    """Argon2 as it is, counting its verifications."""

    def __init__(self, hasher: object) -> None:
        self.hasher, self.verified = hasher, 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return self.hasher.verify(password_hash, password)  # type: ignore[attr-defined]

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)  # type: ignore[attr-defined]


async def test_an_unknown_name_costs_one_password_verification_like_a_known_one(
        client, login, monkeypatch):
    known = await _new_user(client, login, "timing")
    counting = _CountingHasher(security._hasher)
    monkeypatch.setattr(security, "_hasher", counting)
    assert_problem(await _sign_in(client, known, "wrong-pass-1", _address()), 401,
                   "invalid_credentials")
    assert counting.verified == 1
    assert_problem(await _sign_in(client, f"nobody.{uuid.uuid4().hex[:6]}", "wrong-pass-1",
                                  _address()), 401, "invalid_credentials")
    assert counting.verified == 2, "an unknown name must cost an Argon2 verification too"


async def test_a_lock_from_one_address_does_not_lock_the_user_out_elsewhere(client, login):
    victim, attacker, user = _address(), _address(), await _new_user(client, login, "lock.where")
    for _ in range(get_settings().lockout_attempts - 1):
        assert_problem(await _sign_in(client, user, "wrong-pass-1", attacker), 401,
                       "invalid_credentials")
    locked = assert_problem(await _sign_in(client, user, "wrong-pass-1", attacker), 401,
                            "account_locked")
    assert locked["locked_until"]
    assert_problem(await _sign_in(client, user, PASSWORD, attacker), 401, "account_locked")
    assert (await _sign_in(client, user, PASSWORD, victim)).status_code == 200


async def test_an_unknown_name_locks_like_a_known_one(client):
    address, name = _address(), f"nobody.{uuid.uuid4().hex[:6]}"
    for _ in range(get_settings().lockout_attempts - 1):
        assert_problem(await _sign_in(client, name, "wrong-pass-1", address), 401,
                       "invalid_credentials")
    assert_problem(await _sign_in(client, name, "wrong-pass-1", address), 401, "account_locked")


async def test_an_admin_unlock_lifts_the_locks_of_every_address(client, login, monkeypatch):
    monkeypatch.setattr(get_settings(), "sign_in_per_name_per_minute", 100)
    user, first, second = await _new_user(client, login, "lock.lift"), _address(), _address()
    for address in (first, second):
        for _ in range(get_settings().lockout_attempts):
            await _sign_in(client, user, "wrong-pass-1", address)
        assert_problem(await _sign_in(client, user, PASSWORD, address), 401, "account_locked")
    found = (await client.get("/api/v1/users", params={"q": user},
                              headers=await login("admin"))).json()["items"][0]
    unlocked = await client.patch(f"/api/v1/users/{found['id']}", json={"unlock": True},
                                  headers=await login("admin"))
    assert unlocked.status_code == 200, unlocked.text
    for address in (first, second):
        assert (await _sign_in(client, user, PASSWORD, address)).status_code == 200


async def test_one_address_trying_many_names_is_throttled_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "sign_in_per_address_per_minute", 3)
    address = _address()
    for _ in range(3):
        assert_problem(await _sign_in(client, f"nobody.{uuid.uuid4().hex[:6]}", "wrong-pass-1",
                                      address), 401, "invalid_credentials")
    response = await _sign_in(client, f"nobody.{uuid.uuid4().hex[:6]}", "wrong-pass-1", address)
    assert_problem(response, 429, "rate_limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 20
    assert (await _sign_in(client, "nobody.else", "wrong-pass-1", _address())).status_code == 401


async def test_one_name_tried_from_many_addresses_is_throttled_with_retry_after(
        client, login, monkeypatch):
    user = await _new_user(client, login, "spray")
    monkeypatch.setattr(get_settings(), "sign_in_per_name_per_minute", 3)
    for _ in range(3):
        assert_problem(await _sign_in(client, user, "wrong-pass-1", _address()), 401,
                       "invalid_credentials")
    response = await _sign_in(client, user, PASSWORD, _address())
    assert_problem(response, 429, "rate_limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 20


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "expected"), [
    # No proxy is trusted: the socket's peer, whatever the header claims.
    ("", "203.0.113.9", "1.2.3.4", "203.0.113.9"),
    # A trusted proxy: the nearest address it did not add itself; what the client wrote
    # further left is ignored.
    ("10.0.0.0/8", "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
    ("10.0.0.0/8,127.0.0.1", "127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),
    # An untrusted peer's header is not believed.
    ("10.0.0.0/8", "203.0.113.9", "10.0.0.7", "203.0.113.9"),
    ("10.0.0.0/8", "10.0.0.2", None, "10.0.0.2"),
])
async def test_the_client_address_believes_only_trusted_proxies(trusted, peer, forwarded, expected):
    seen: list[str] = []

    async def app(scope, receive, send):
        seen.append(scope["client"][0])

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "client": (peer, 4000), "headers": headers, "scheme": "http"}
    await TrustedProxies(app, trusted=lambda: trusted)(scope, None, None)
    assert seen == [expected]


def test_an_ipv6_client_counts_as_its_64_and_a_mapped_ipv4_as_itself():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:203.0.113.9") == "203.0.113.9" != address_key("::ffff:203.0.113.10")
