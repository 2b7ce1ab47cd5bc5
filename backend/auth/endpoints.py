from typing import Annotated, Literal
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, Form
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from backend.auth import service
from backend.auth.deps import PrincipalDep
from backend.auth.errors import InvalidClient, InvalidGrant
from backend.auth.schemas import Me, Token
from backend.config import get_settings
from backend.db import SessionDep
from backend.errors import NotFound
from backend.models import User
from backend.org_units.schemas import OrgUnitRef

router = APIRouter(prefix="/auth", tags=["auth"])
# RFC 6749 §2.3.1: a client may authenticate with HTTP Basic instead of form fields.
client_basic = HTTPBasic(auto_error=False, description="client_id and client_secret of an API client")


@router.post("/token", operation_id="auth:token", response_model=Token)
async def token(
    session: SessionDep,
    grant_type: Annotated[Literal["password", "refresh_token", "client_credentials"], Form()],
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    basic: Annotated[HTTPBasicCredentials | None, Depends(client_basic)] = None,
) -> Token:
    """OAuth2 token endpoint: `password` grant for people, `refresh_token` to renew,
    `client_credentials` for machine callers (the provincial portal), whose credentials come as
    form fields or HTTP Basic."""
    settings = get_settings()
    if grant_type == "client_credentials":
        if basic is not None and not client_id:
            # The Basic credentials are form-encoded before base64 (RFC 6749 §2.3.1).
            client_id, client_secret = unquote_plus(basic.username), unquote_plus(basic.password)
        if not client_id or not client_secret:
            raise InvalidClient("The client_credentials grant needs client_id and client_secret.")
        return await service.client_credentials(session, settings, client_id, client_secret)
    if grant_type == "password":
        if not username or not password:
            raise InvalidGrant("The password grant needs username and password.")
        return await service.sign_in(session, settings, username, password)
    if not refresh_token:
        raise InvalidGrant("The refresh_token grant needs refresh_token.")
    return await service.refresh(session, settings, refresh_token)


@router.get("/me", operation_id="auth:me", response_model=Me)
async def me(session: SessionDep, principal: PrincipalDep) -> Me:
    user = await session.get(User, principal.user_id)
    if user is None:
        raise NotFound("The signed-in account no longer exists.")
    return Me(id=user.id, username=user.username, full_name=user.full_name, roles=user.roles,
              unit=OrgUnitRef.model_validate(user.unit) if user.unit else None,
              is_admin=principal.is_admin)
