"""FastAPI dependencies that turn a bearer token into a Principal, and guard roles."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from backend.auth.errors import InvalidToken
from backend.auth.principal import Principal
from backend.config import get_settings
from backend.db import SessionDep
from backend.errors import Forbidden
from backend.kit.security import TokenError, read_token
from backend.models import Role, User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def current_principal(session: SessionDep,
                            token: Annotated[str | None, Depends(oauth2_scheme)]) -> Principal:
    if not token:
        raise InvalidToken("Sign in first: this endpoint needs a bearer access token.")
    try:
        claims = read_token(token, "access", get_settings().secret_key)
    except TokenError as exc:
        raise InvalidToken("The access token is invalid or expired.") from exc
    user = await session.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        raise InvalidToken("The account of this token no longer exists or is disabled.")
    return Principal.of(user)


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
