"""The errors in the contract: every operation declares, per status, the problem documents it can
answer and their `code` values, so clients (the web app's types among them) know each one.

The codes an operation declares are those its own domain package raises, those raised by the
modules that package calls, and those every operation of its kind may answer (401/403 when signed
in, 404 with a path parameter, 413/400 with a body, 422 with input, 503 always). The test suite
checks the declarations against every problem document it receives (tests/conftest.py).
"""

import ast
import inspect
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from http import HTTPStatus
from types import ModuleType
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from backend.auth.errors import (
    IdentityProviderUnavailable,
    InsufficientScope,
    InvalidToken,
    RateLimited,
)
from backend.errors import (
    HTTP_CODES,
    OTHER_CODES,
    PROBLEM_MEDIA_TYPE,
    DatabaseBusy,
    DatabaseUnavailable,
    Forbidden,
    ProblemError,
)

Codes = dict[int, set[str]]

# What authenticating a caller may answer (auth/deps.py): a token refused, a scope or role missing,
# an API token or client over its requests a minute, the identity provider out of reach.
_SIGNED_IN = (InvalidToken, InsufficientScope, Forbidden, RateLimited, IdentityProviderUnavailable)
_ALWAYS = (DatabaseUnavailable, DatabaseBusy)
# A read changes nothing, so conflicts with the stored state and oversized bodies are a write's.
_WRITES_ONLY = {409, 413}


def all_problems() -> list[type[ProblemError]]:
    found: list[type[ProblemError]] = []
    stack = [ProblemError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def all_codes() -> list[str]:
    return sorted({cls.code for cls in all_problems()} | set(HTTP_CODES.values()) | OTHER_CODES)


def _raised_in(module: ModuleType) -> set[type[ProblemError]]:
    """The problem classes a module raises by name (`raise NotFound(...)`, `raise errors.X(...)`)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    found: set[type[ProblemError]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            value = _resolve(module, node.exc.func)
            if isinstance(value, type) and issubclass(value, ProblemError):
                found.add(value)
    return found


def _resolve(module: ModuleType, node: ast.expr) -> Any:
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _resolve(module, node.value)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _package_of(name: str) -> str:
    return ".".join(name.split(".")[:2])


def _modules_of(package: str) -> list[ModuleType]:
    return [m for name, m in list(sys.modules.items())
            if (name == package or name.startswith(package + ".")) and m is not None]


def _called(modules: list[ModuleType]) -> list[ModuleType]:
    """The backend modules those modules use (one step): the services a domain calls."""
    used: dict[str, ModuleType] = {}
    for module in modules:
        for value in vars(module).values():
            owner = value if isinstance(value, ModuleType) else inspect.getmodule(value)
            if owner is not None and owner.__name__.startswith("backend."):
                used[owner.__name__] = owner
    return list(used.values())


@cache
def _package_codes(package: str) -> tuple[tuple[int, str], ...]:
    own = _modules_of(package)
    raised = {cls for module in [*own, *_called(own)] for cls in _raised_in(module)}
    return tuple(sorted({(cls.status, cls.code) for cls in raised}))


def operation_codes(route: APIRoute, path: str, operation: dict[str, Any]) -> Codes:
    codes: Codes = defaultdict(set)
    reads = not (route.methods or set()) - {"GET", "HEAD"}
    for status, code in _package_codes(_package_of(route.endpoint.__module__)):
        if not (reads and status in _WRITES_ONLY):
            codes[status].add(code)
    for cls in (*_ALWAYS, *(_SIGNED_IN if operation.get("security") else ())):
        codes[cls.status].add(cls.code)
    if "{" in path:
        codes[404].add("not_found")
    if "requestBody" in operation:
        codes[413].add("payload_too_large")
        codes[400].add("invalid_json")
    if "requestBody" in operation or operation.get("parameters"):
        codes[422].add("validation_failed")
    return codes


def _walk(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes)
        else:
            yield route


def api_routes(app: FastAPI) -> list[APIRoute]:
    return [r for r in _walk(app.routes) if isinstance(r, APIRoute) and r.include_in_schema]


def _problem_schema() -> dict[str, Any]:
    return {
        "title": "Problem",
        "description": "An RFC 9457 problem document. `code` is stable: branch on it, not on "
                       "`detail`, which may change. `detail` and `errors[].msg` speak the language "
                       "Accept-Language asks for (vi or en; en without it) where the server has "
                       "the text in both.",
        "type": "object",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "code": {"$ref": "#/components/schemas/ProblemCode"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"},
                       "description": "each field at fault (422)"},
        },
        "additionalProperties": True,
    }


_FIELD_ERROR = {
    "title": "FieldError", "type": "object", "required": ["loc", "msg", "type"],
    "properties": {"loc": {"type": "array", "items": {"type": "string"}},
                   "msg": {"type": "string"}, "type": {"type": "string"}}}


def _response(codes: set[str], status: int, given: dict[str, Any] | None) -> dict[str, Any]:
    listed = sorted(codes)
    schema = {"allOf": [{"$ref": "#/components/schemas/Problem"},
                        {"type": "object", "properties": {"code": {"type": "string",
                                                                   "enum": listed}}}]}
    described = (given or {}).get("description") or HTTPStatus(status).phrase
    return {"description": described, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}


def declare(app: FastAPI) -> None:
    """Make `app.openapi()` declare the problem documents of every operation."""
    plain: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = plain()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = _problem_schema()
        schemas["FieldError"] = _FIELD_ERROR
        schemas["ProblemCode"] = {"title": "ProblemCode", "type": "string", "enum": all_codes()}
        routes = {route.operation_id: route for route in api_routes(app)}
        for path, operations in spec["paths"].items():
            for operation in operations.values():
                route = routes[operation["operationId"]]
                responses = operation.setdefault("responses", {})
                for status, codes in operation_codes(route, path, operation).items():
                    responses[str(status)] = _response(codes, status, responses.get(str(status)))
        for hooks in spec.get("webhooks", {}).values():
            for operation in hooks.values():
                # QCDC sends these; what the subscriber answers is its own affair.
                operation.get("responses", {}).pop("422", None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def declared(spec: dict[str, Any], path: str, method: str) -> Codes:
    """The codes the contract declares per status for an operation."""
    found: Codes = {}
    for status, response in spec["paths"][path][method].get("responses", {}).items():
        schema = response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {}).get("schema")
        if schema is not None:
            found[int(status)] = set(schema["allOf"][1]["properties"]["code"]["enum"])
    return found
