import logging
from typing import Annotated, Literal
from urllib.parse import unquote_plus, urlencode, urlsplit

from fastapi import APIRouter, Cookie, Depends, Form, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from backend.auth import service, sessions, sso
from backend.auth.deps import PrincipalDep, RequireScope
from backend.auth.errors import InvalidClient, InvalidGrant
from backend.auth.principal import Principal
from backend.auth.schemas import Me, SsoInfo, Token
from backend.config import get_settings
from backend.db import SessionDep
from backend.errors import NotFound
from backend.models import User
from backend.org_units.schemas import OrgUnitRef
from backend.users import service as users
from backend.users.schemas import OwnSettings

log = logging.getLogger("qcdc.sso")
router = APIRouter(prefix="/auth", tags=["auth"])
# RFC 6749 §2.3.1: a client may authenticate with HTTP Basic instead of form fields.
client_basic = HTTPBasic(auto_error=False, description="client_id and client_secret of an API client")


@router.post("/token", operation_id="auth:token", response_model=Token,
             responses={429: {"description": "too many sign-in attempts from this address or at "
                                             "this username; `Retry-After` says when to try again"}})
async def token(
    request: Request,
    session: SessionDep,
    grant_type: Annotated[Literal["password", "refresh_token", "client_credentials"], Form()],
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    basic: Annotated[HTTPBasicCredentials | None, Depends(client_basic)] = None,
) -> Token:
    """OAuth2 token endpoint: `password` grant for people, `refresh_token` to renew (each refresh
    token works once: the answer carries the next, and a used one presented again ends the session),
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
        address = request.client.host if request.client else ""
        return await service.sign_in(session, settings, username, password, address)
    if not refresh_token:
        raise InvalidGrant("The refresh_token grant needs refresh_token.")
    return await sessions.refresh(session, settings, refresh_token)


@router.post("/revoke", operation_id="auth:revoke", response_class=Response,
             responses={200: {"description": "revoked, or nothing to revoke"}})
async def revoke(session: SessionDep,
                 token: Annotated[str, Form(max_length=4000,
                                            description="a refresh or access token")]) -> Response:
    """Sign out (RFC 7009): ends the session the token belongs to, its refresh and access tokens
    alike. A token that is unknown, expired or already revoked gets the same empty 200."""
    await sessions.revoke(session, get_settings(), token)
    return Response(status_code=status.HTTP_200_OK)


def _me(user: User, principal: Principal) -> Me:
    return Me(id=user.id, username=user.username, full_name=user.full_name, roles=user.roles,
              unit=OrgUnitRef.model_validate(user.unit) if user.unit else None,
              is_admin=principal.is_admin, email=user.email,
              email_notifications=user.email_notifications)


@router.get("/me", operation_id="auth:me", response_model=Me)
async def me(session: SessionDep, principal: PrincipalDep) -> Me:
    return _me(await service.signed_in_user(session, principal), principal)


# The account is the user's: a machine caller acting for it changes it with `users:write` only.
@router.patch("/me", operation_id="auth:update-me", response_model=Me,
              dependencies=[Depends(RequireScope("users"))])
async def update_me(session: SessionDep, principal: PrincipalDep, data: OwnSettings) -> Me:
    """Change the caller's own e-mail address, and whether notifications are mailed to it."""
    return _me(await users.update_own(session, principal, data), principal)


@router.get("/sso", operation_id="auth:sso", response_model=SsoInfo)
async def sso_info() -> SsoInfo:
    """Whether the web app's sign-in page offers the provincial identity provider (no token needed)."""
    settings = get_settings()
    return SsoInfo(enabled=settings.sso_login_enabled,
                   label=settings.oidc_login_label if settings.sso_login_enabled else None)


@router.get("/sso/login", operation_id="auth:sso-login", response_class=RedirectResponse,
            status_code=status.HTTP_302_FOUND,
            responses={302: {"description": "to the identity provider's sign-in page"},
                       404: {"description": "single sign-on is not configured"}})
async def sso_login(
    request: Request,
    next_path: Annotated[str, Query(alias="next", max_length=2000,
                                    description="the web app's path to return to")] = "/",
) -> RedirectResponse:
    """Start signing in at the identity provider (a browser navigation, not an API call)."""
    settings = get_settings()
    if not settings.sso_login_enabled:
        raise NotFound("Single sign-on is not configured.")
    callback = str(request.url_for("sso_callback"))
    started = sso.start(settings, callback, next_path)
    response = RedirectResponse(started.authorization_url, status_code=status.HTTP_302_FOUND)
    response.set_cookie(sso.STATE_COOKIE, started.state_cookie,
                        max_age=int(sso.STATE_LIFETIME.total_seconds()), path=_state_path(callback),
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def _state_path(callback: str) -> str:
    """The state cookie goes only to the sign-in routes: the callback's folder (…/auth/sso)."""
    return urlsplit(callback).path.rsplit("/", 1)[0]


@router.get("/sso/callback", operation_id="auth:sso-callback", response_class=RedirectResponse,
            status_code=status.HTTP_303_SEE_OTHER,
            responses={303: {"description": "to the web app: `/login/sso#access_token=…` signed "
                                            "in, or `/login?sso_error=<reason>`"}})
async def sso_callback(
    request: Request, session: SessionDep,
    code: Annotated[str | None, Query(max_length=4000)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    state_cookie: Annotated[str | None, Cookie(alias=sso.STATE_COOKIE)] = None,
) -> RedirectResponse:
    """Where the identity provider sends the browser back. The tokens travel in the URL fragment,
    which browsers never send to a server; the web app reads and removes it at once."""
    settings = get_settings()
    callback = str(request.url_for("sso_callback"))
    try:
        token, back_to = await sso.finish(session, settings, state_cookie, state, code, error,
                                          callback)
    except sso.SsoFailed as failure:
        log.info("SSO sign-in refused (%s): %s", failure.reason, failure)
        target = f"/login?{urlencode({'sso_error': failure.reason})}"
    else:
        target = "/login/sso#" + urlencode({
            "access_token": token.access_token, "refresh_token": token.refresh_token or "",
            "expires_in": token.expires_in, "next": back_to})
    response = RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(sso.STATE_COOKIE, path=_state_path(callback))
    return response
