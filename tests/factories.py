"""Records the tests make through the API, made one way (issue 16 §5: the same factory had been
copied into five test files). Each gets a code no other test uses."""

import itertools
import uuid
from collections.abc import Awaitable, Callable

import httpx

# The `login` fixture: headers of a signed-in user.
Login = Callable[..., Awaitable[dict[str, str]]]

_serial = itertools.count(1)
# Codes of this run: a test database kept from an earlier run never clashes with them.
_RUN = uuid.uuid4().hex[:6].upper()


async def commune(client: httpx.AsyncClient, login: Login, parent_id: int, *, prefix: str,
                  name: str = "Xã Thử Nghiệm") -> dict:
    """A new commune below `parent_id`, existing since 2015, created by the country admin."""
    n = next(_serial)
    response = await client.post("/api/v1/org-units", headers=await login("admin"), json={
        "code": f"{prefix}-{_RUN}-{n}", "name": f"{name} {n}", "kind": "commune",
        "grassroots_type": "commune", "parent_id": parent_id, "valid_from": "2015-01-01"})
    assert response.status_code == 201, response.text
    return response.json()


def run_code(prefix: str) -> str:
    """A unit code or user name no other test, nor an earlier run, uses."""
    return f"{prefix}-{_RUN}-{next(_serial)}"


async def unit(client: httpx.AsyncClient, admin: dict[str, str], *, code: str, name: str,
               kind: str, parent_id: int | None = None, grassroots: str | None = None,
               since: str = "2019-01-01") -> int:
    """A new unit of any kind, its code `code` made unique (`run_code`); its id."""
    response = await client.post("/api/v1/org-units", headers=admin, json={
        "code": run_code(code), "name": name, "kind": kind, "grassroots_type": grassroots,
        "parent_id": parent_id, "valid_from": since})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


USER_PASSWORD = "factory-user-pass-1"


async def signed_in(client: httpx.AsyncClient, login: Login, unit_id: int, role: str, *,
                    prefix: str) -> dict[str, str]:
    """A new user of the unit with one role, made by the country admin; its signed-in headers."""
    username = run_code(f"{prefix}.{role}").lower()
    created = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Người dùng kiểm thử", "unit_id": unit_id,
        "roles": [role], "password": USER_PASSWORD})
    assert created.status_code == 201, created.text
    return await login(username, USER_PASSWORD)
