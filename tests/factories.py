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
