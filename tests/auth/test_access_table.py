"""Every role against every endpoint of the platform: the expected status of each pair."""

import itertools

import pytest

ROLES = {  # a user of each role, all inside Bắc Giang / Tân Yên / Song Vân
    "admin": "bacgiang.admin", "planner": "tanyen.planner", "reviewer": "tanyen.reviewer",
    "reporter": "songvan.reporter", "viewer": "tanyen.viewer", "anonymous": None,
}
_serial = itertools.count()


def _new_village(ids: dict[str, int]) -> dict:
    return {"code": f"ACL-{next(_serial)}", "name": "Thôn Phân Quyền", "kind": "village",
            "parent_id": ids["07345"]}


ENDPOINTS = {
    # name: (method, path, body) with {codes} filled from unit_ids
    "me": ("GET", "/api/v1/auth/me", None),
    "list units": ("GET", "/api/v1/org-units", None),
    "get own unit": ("GET", "/api/v1/org-units/{07345}", None),
    "get foreign unit": ("GET", "/api/v1/org-units/{694}", None),
    "children": ("GET", "/api/v1/org-units/{216}/children", None),
    "create unit": ("POST", "/api/v1/org-units", _new_village),
    "update unit": ("PATCH", "/api/v1/org-units/{07345-T01}", lambda ids: {"name": "Thôn Ngò"}),
    "update foreign unit": ("PATCH", "/api/v1/org-units/{25357}", lambda ids: {"name": "x"}),
    "list users": ("GET", "/api/v1/users", None),
    "create user": ("POST", "/api/v1/users", lambda ids: {
        "username": f"acl.user{next(_serial)}", "full_name": "A", "unit_id": ids["216"],
        "roles": ["viewer"], "password": "acl-password-1"}),
    "audit events": ("GET", "/api/v1/audit-events", None),
    "own notifications": ("GET", "/api/v1/notifications", None),
}

EXPECTED = {  #             admin planner reviewer reporter viewer anonymous
    "me":                  (200, 200, 200, 200, 200, 401),
    "list units":          (200, 200, 200, 200, 200, 401),
    "get own unit":        (200, 200, 200, 200, 200, 401),
    "get foreign unit":    (404, 404, 404, 404, 404, 401),
    "children":            (200, 200, 200, 404, 200, 401),
    "create unit":         (201, 201, 403, 403, 403, 401),
    "update unit":         (200, 200, 403, 403, 403, 401),
    "update foreign unit": (404, 404, 404, 404, 404, 401),
    "list users":          (200, 403, 403, 403, 403, 401),
    "create user":         (201, 403, 403, 403, 403, 401),
    "audit events":        (200, 403, 403, 403, 403, 401),
    "own notifications":   (200, 200, 200, 200, 200, 401),
}


@pytest.mark.parametrize(("endpoint", "role"), [
    (endpoint, role) for endpoint in ENDPOINTS for role in ROLES])
async def test_access(client, login, unit_ids, endpoint, role):
    method, template, body = ENDPOINTS[endpoint]
    path = template
    for code, unit_id in unit_ids.items():
        path = path.replace("{" + code + "}", str(unit_id))
    headers = await login(ROLES[role]) if ROLES[role] else {}
    response = await client.request(method, path, headers=headers,
                                     json=body(unit_ids) if body else None)
    expected = EXPECTED[endpoint][list(ROLES).index(role)]
    assert response.status_code == expected, (endpoint, role, response.text)
    if expected >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
