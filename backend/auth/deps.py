"""FastAPI dependencies that turn a bearer token into a Principal, and guard roles and scopes."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from backend.auth.errors import InsufficientScope, InvalidToken
from backend.auth.principal import Principal
from backend.auth.scopes import Resource, needed
from backend.auth.service import api_token_principal, bearer_principal
from backend.config import get_settings
from backend.db import SessionDep
from backend.errors import Forbidden
from backend.kit.security import API_TOKEN_PREFIX
from backend.models import Role

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def current_principal(session: SessionDep,
                            token: Annotated[str | None, Depends(oauth2_scheme)]) -> Principal:
    """The caller of a JWT access token (people, API clients, single sign-on) or of a script's API
    token."""
    if not token:
        raise InvalidToken("Sign in first: this endpoint needs a bearer access token.")
    if token.startswith(API_TOKEN_PREFIX):
        return await api_token_principal(session, get_settings(), token)
    return await bearer_principal(session, get_settings(), token)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


class RequireScope:
    """The scope a router's requests need: `<resource>:read` to read, `<resource>:write` else."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource

    async def __call__(self, request: Request, principal: PrincipalDep) -> None:
        scope = needed(self.resource, request.method)
        if not principal.may(scope):
            raise InsufficientScope(f"This token lacks the scope {scope}.", required_scope=scope)


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """Admins pass every role check; the data itself is still scoped by their unit."""

    async def guard(principal: PrincipalDep) -> Principal:
        if not principal.has_any(*roles):
            wanted = ", ".join(role.value for role in roles)
            raise Forbidden(f"This action needs the role {wanted}.")
        return principal

    return guard


AdminDep = Annotated[Principal, Depends(require_role(Role.admin))]
