"""Every documented JSON operation, sent bodies and queries shaped by its own schema (some valid,
most not), as four roles, answers with anything but a server error.

It runs a `qcdc serve` of its own on a database of its own: the requests change and disable
things at random, which the other tests must not see.
"""

import asyncio
import json
import os
import random
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from alembic import command

from backend.config import PROJECT_ROOT
from backend.demo.users import DEMO_PASSWORD
from tests.helpers import QCDC, served
from tests.testdb import ADMIN_URL, admin_sql, alembic_config

SPEC = json.loads((PROJECT_ROOT / "openapi" / "openapi.json").read_text("utf-8"))
ROLES = ("admin", "honquan.planner", "songvan.reporter", "tanyen.reviewer")
PATH_IDS = (1, 2, 999_999)
BODIES_PER_CALL = 6


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    name = f"qcdc_fuzz_{uuid.uuid4().hex[:8]}"
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    try:
        command.upgrade(alembic_config(url), "head")
        env = {**os.environ, "QCDC_DATABASE_URL": url}
        subprocess.run([*QCDC, "demo", "load"], env=env, cwd=PROJECT_ROOT, check=True,
                       capture_output=True, timeout=120)
        with served(env) as base:
            yield base
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _schema(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SPEC["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _candidates(node: dict[str, Any], depth: int, rng: random.Random) -> list[Any]:
    """Values a field of this schema might be sent: typical, edge and wrong ones."""
    node = _schema(node)
    if "anyOf" in node:
        return [value for option in node["anyOf"] for value in _candidates(option, depth, rng)]
    kind = node.get("type")
    if kind == "string":
        if node.get("format") == "date":
            return ["2024-01-01", "0001-01-01", "9999-12-31", "2024-02-30"]
        if "enum" in node:
            return [*node["enum"][:2], "zzz"]
        return ["", "x" * 5000, "Xã Song Vân", "\u0000", "07345", "QCDC_STAFF_CONF"]
    if kind == "integer":
        return [0, -1, 1, 2**31, 2**63]
    if kind == "number":
        return [0, -1, 1e300, 1.5]
    if kind == "boolean":
        return [True, False]
    if kind == "null":
        return [None]
    if kind == "array":
        items = _candidates(node.get("items", {}), depth + 1, rng) if depth < 2 else [None]
        return [[], items[:3]]
    if "properties" in node and depth < 3:
        return [_body(node, depth + 1, rng, typical=True), _body(node, depth + 1, rng), {}]
    return [None, "x", 1]


def _body(node: dict[str, Any], depth: int, rng: random.Random, *, typical: bool = False) -> dict:
    fields = {}
    for name, field in _schema(node).get("properties", {}).items():
        values = _candidates(field, depth, rng)
        if values:
            fields[name] = values[0] if typical else rng.choice(values)
    return fields


def _query(operation: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    chosen = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query":
            value = rng.choice(_candidates(parameter.get("schema", {}), 2, rng))
            if value is not None and not isinstance(value, list | dict):
                chosen[parameter["name"]] = value
    return chosen


def _calls(rng: random.Random) -> Iterator[tuple[str, str, Any, dict[str, Any]]]:
    """(method, path, body, query) for every JSON operation but sign-in, with each path id."""
    for template, operations in SPEC["paths"].items():
        if "/auth/" in template:
            continue
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            schema = (operation.get("requestBody", {}).get("content", {})
                      .get("application/json", {}).get("schema"))
            for path_id in PATH_IDS:
                path = template
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path":
                        path = path.replace("{" + parameter["name"] + "}", str(path_id))
                bodies: list[Any] = [None]
                if schema is not None:
                    bodies = [_body(schema, 0, rng, typical=True), {},
                              *(_body(schema, 0, rng) for _ in range(BODIES_PER_CALL))]
                for body in bodies:
                    yield method, path.removeprefix("/api/v1"), body, _query(operation, rng)


def test_no_operation_answers_a_server_error(server):
    rng = random.Random(20261125)
    failures = []
    with httpx.Client(base_url=server, timeout=60) as http:
        tokens = {role: http.post("/auth/token", data={
            "grant_type": "password", "username": role, "password": DEMO_PASSWORD,
        }).json()["access_token"] for role in ROLES}
        for method, path, body, query in _calls(rng):
            for role, token in tokens.items():
                try:
                    response = http.request(method.upper(), path, json=body, params=query,
                                            headers={"Authorization": f"Bearer {token}"})
                except httpx.TransportError as error:  # the server drops a connection after a 500
                    failures.append(f"{method.upper()} {path} as {role}: {error}")
                    continue
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {path} as {role}: {response.status_code} "
                                    f"{json.dumps(body)[:300]} {query}")
    assert failures == []
