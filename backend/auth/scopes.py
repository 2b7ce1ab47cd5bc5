"""What a machine caller's token may do: `<resource>:read` and `<resource>:write` per part of the API.

People signed in to the SPA carry no scopes: their roles and unit decide. API clients and API tokens
carry scopes that narrow those rights further; `read` and `write` stand for every resource.
Each router of the API names its resource once (backend/api.py), and a request needs `:read` for a
safe method and `:write` for any other.
"""

from typing import Literal, get_args

Resource = Literal["org-units", "users", "plans", "assignments", "catalogue", "submissions", "data",
                   "aggregates", "audit", "webhooks", "api-tokens", "api-clients"]
Scope = Literal[
    "read", "write",
    "org-units:read", "org-units:write", "users:read", "users:write", "plans:read", "plans:write",
    "assignments:read", "assignments:write", "catalogue:read", "catalogue:write",
    "submissions:read", "submissions:write", "data:read", "data:write", "aggregates:read",
    "audit:read", "webhooks:read", "webhooks:write", "api-tokens:read", "api-tokens:write",
    "api-clients:read", "api-clients:write",
]
ALL_SCOPES: tuple[str, ...] = get_args(Scope)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def needed(resource: Resource, method: str) -> str:
    return f"{resource}:{'read' if method in SAFE_METHODS else 'write'}"


def grants(held: frozenset[str], scope: str) -> bool:
    """Whether the held scopes allow `scope`; writing a resource includes reading it."""
    if "write" in held or scope in held:
        return True
    resource, _, action = scope.partition(":")
    return action == "read" and ("read" in held or f"{resource}:write" in held)


def within(wanted: set[str], held: frozenset[str]) -> bool:
    """Whether every wanted scope is allowed by the held ones (a token is never wider than its
    maker)."""
    return all(grants(held, scope) if ":" in scope else
               all(grants(held, s) for s in ALL_SCOPES if s.endswith(f":{scope}"))
               for scope in wanted)
