"""FastAPI dependencies that turn a bearer token into a Principal, and guard roles."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.errors import InsufficientScope, InvalidToken
from backend.auth.principal import Principal
from backend.auth.service import api_token_principal
from backend.config import get_settings
from backend.db import SessionDep
from backend.errors import Forbidden
from backend.kit.security import API_TOKEN_PREFIX, TokenError, read_token
from backend.models import Role, User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


async def current_principal(request: Request, session: SessionDep,
                            token: Annotated[str | None, Depends(oauth2_scheme)]) -> Principal:
    """The caller of a JWT access token (people and API clients) or of a script's API token."""
    if not token:
        raise InvalidToken("Sign in first: this endpoint needs a bearer access token.")
    if token.startswith(API_TOKEN_PREFIX):
        principal = await api_token_principal(session, token)
    else:
        principal = await _jwt_principal(session, token)
    if not principal.may_write and request.method not in _SAFE_METHODS:
        raise InsufficientScope("This token has the read scope only.")
    return principal


async def _jwt_principal(session: AsyncSession, token: str) -> Principal:
    try:
        claims = read_token(token, "access", get_settings().secret_key)
    except TokenError as exc:
        raise InvalidToken("The access token is invalid or expired.") from exc
    user = await session.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        raise InvalidToken("The account of this token no longer exists or is disabled.")
    return Principal.of(user, may_write="write" in claims.get("scp", ["write"]))


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """Admins pass every role check; the data itself is still scoped by their unit."""

    async def guard(principal: PrincipalDep) -> Principal:
        if not principal.has_any(*roles):
            wanted = ", ".join(role.value for role in roles)
            raise Forbidden(f"This action needs the role {wanted}.")
        return principal

    return guard


AdminDep = Annotated[Principal, Depends(require_role(Role.admin))]
