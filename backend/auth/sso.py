"""Signing in to the web app at the provincial identity provider: OpenID Connect's authorization code
flow with PKCE (RFC 7636).

QCDC keeps the flow's state (state, nonce, PKCE verifier, where to go back) in a signed cookie of ten
minutes, which binds the answer to the browser that asked. It exchanges the code itself, with its
client secret when it has one, checks the ID token as it checks every token of the provider (RS256,
issuer, audience = its client id, expiry) plus the nonce, and hands the web app QCDC's own tokens for
the account the token names. A browser is not an API client: every failure sends it back to the
sign-in page with a reason, never a JSON problem.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth import sessions
from backend.auth.errors import IdentityProviderUnavailable, InvalidToken
from backend.auth.schemas import Token
from backend.auth.service import sso_user, verified_sso_claims
from backend.config import Settings
from backend.kit.security import TokenError, issue_token, pkce_pair, read_token

log = logging.getLogger("qcdc.sso")

STATE_COOKIE = "qcdc_sso"
STATE_LIFETIME = timedelta(minutes=10)
# What the sign-in page tells the user (its messages are keyed by these).
Reason = Literal["state", "denied", "provider", "token", "no_account"]


class SsoFailed(Exception):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Started:
    authorization_url: str
    state_cookie: str


def local_path(target: str) -> str:
    """Only a path of this site: `//evil.example` or `https://…` would make the sign-in an open
    redirect."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def start(settings: Settings, callback_url: str, next_path: str) -> Started:
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair()
    cookie = issue_token(state, "sso", settings.secret_key, STATE_LIFETIME, nonce=nonce,
                         verifier=verifier, next=local_path(next_path))
    query = urlencode({"response_type": "code", "client_id": settings.oidc_client_id,
                       "redirect_uri": callback_url, "scope": "openid profile", "state": state,
                       "nonce": nonce, "code_challenge": challenge,
                       "code_challenge_method": "S256"})
    base = str(settings.oidc_authorization_url)
    return Started(f"{base}{'&' if '?' in base else '?'}{query}", cookie)


async def finish(session: AsyncSession, settings: Settings, cookie: str | None, state: str | None,
                 code: str | None, error: str | None, callback_url: str) -> tuple[Token, str]:
    """QCDC's tokens for the account the provider signed in, and the path to go back to."""
    flow = _flow(settings, cookie, state)
    if error or not code:
        raise SsoFailed("denied", f"the identity provider answered {error or 'no code'}")
    id_token = await _exchange(settings, code, callback_url, flow["verifier"])
    try:
        identity = await verified_sso_claims(settings, id_token, str(settings.oidc_client_id))
    except (InvalidToken, IdentityProviderUnavailable) as exc:
        raise SsoFailed("token", str(exc)) from exc
    if not secrets.compare_digest(str(identity.get("nonce", "")), flow["nonce"]):
        raise SsoFailed("token", "the ID token's nonce is not this sign-in's")
    try:
        user = await sso_user(session, settings, identity)
    except InvalidToken as exc:
        raise SsoFailed("no_account", str(exc)) from exc
    return await sessions.start(session, settings, user), local_path(flow["next"])


def _flow(settings: Settings, cookie: str | None, state: str | None) -> dict[str, Any]:
    """The state this browser started with: expired, forged, or another browser's, it is refused."""
    try:
        flow = read_token(cookie or "", "sso", settings.secret_key)
    except TokenError as exc:
        raise SsoFailed("state", f"no valid sign-in state: {exc}") from exc
    if not state or not secrets.compare_digest(flow["sub"], state):
        raise SsoFailed("state", "the state does not match this browser's sign-in")
    return flow


async def _exchange(settings: Settings, code: str, callback_url: str, verifier: str) -> str:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback_url,
            "client_id": str(settings.oidc_client_id), "code_verifier": verifier}
    # A confidential client authenticates with HTTP Basic (client_secret_basic); a public one
    # proves itself with the PKCE verifier alone.
    auth = (httpx.BasicAuth(str(settings.oidc_client_id), settings.oidc_client_secret)
            if settings.oidc_client_secret else None)
    try:
        async with httpx.AsyncClient(timeout=10, auth=auth) as http:
            response = await http.post(str(settings.oidc_token_url), data=form)
        answer = response.json() if response.status_code == 200 else {}
    except (httpx.HTTPError, ValueError) as exc:
        raise SsoFailed("provider", f"the token endpoint cannot be used: {exc}") from exc
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        log.warning("SSO code exchange refused: HTTP %s %s", response.status_code,
                    response.text[:300])
        raise SsoFailed("provider", f"the token endpoint answered HTTP {response.status_code}")
    return id_token
