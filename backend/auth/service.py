"""Sign-in rules: Argon2 check, throttles and locks against guessing, and who a bearer token is."""

import hashlib
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth import repository, sessions
from backend.auth.errors import (
    AccountLocked,
    IdentityProviderUnavailable,
    InvalidClient,
    InvalidCredentials,
    InvalidToken,
    RateLimited,
)
from backend.auth.oidc import JwksUnavailable, jwks_cache
from backend.auth.principal import Principal
from backend.auth.schemas import Token
from backend.config import Settings
from backend.errors import NotFound
from backend.kit.proxies import address_key
from backend.kit.ratelimit import InProcessRateLimiter, RateLimiter, RedisRateLimiter, retry_after
from backend.kit.security import (
    TokenError,
    UnknownSigningKey,
    digest_token,
    issue_token,
    issuer_of,
    read_oidc_token,
    read_token,
    verify_password,
)
from backend.models import ApiToken, User
from backend.users.repository import get_by_username

rate_limiter = InProcessRateLimiter()


@lru_cache
def _shared_rate_limiter(redis_url: str) -> RedisRateLimiter:
    return RedisRateLimiter.from_url(redis_url)


def _rate_limiter(settings: Settings) -> RateLimiter:
    """One limiter per process, picked by the settings. It follows redis_url at each call rather than
    being fixed at import, because tests change the cached settings in place."""
    return _shared_rate_limiter(settings.redis_url) if settings.redis_url else rate_limiter


async def sign_in(session: AsyncSession, settings: Settings, username: str, password: str,
                  address: str) -> Token:
    """A new session for the right password. Guessing is slowed per client address and per name
    (429), and a name that fails lockout_attempts times in a row from one address is locked there,
    only there: an attacker cannot lock its owner out everywhere. Unknown names get the same work
    and the same answers as known ones, so answers tell no one which names exist."""
    name = username.strip().lower()
    limiter, lock = _rate_limiter(settings), _lock_key(name, address)
    await _throttle(settings, f"sign-in:address:{address_key(address)}",
                    settings.sign_in_per_address_per_minute, "sign-in attempts from this address")
    await _throttle(settings, f"sign-in:name:{_name_key(name)}",
                    settings.sign_in_per_name_per_minute, "sign-in attempts at this username")
    _raise_if_locked(await limiter.locked_for(lock))
    user = await get_by_username(session, name)
    verified = verify_password(password, user.password_hash if user is not None else None)
    if user is None or not verified or not user.is_active:
        _raise_if_locked(await limiter.strike(lock, settings.lockout_attempts,
                                              settings.lockout_minutes * 60))
        raise InvalidCredentials("Wrong username or password.")
    await limiter.forgive(lock)
    return await sessions.start(session, settings, user)


async def unlock_sign_in(settings: Settings, username: str) -> None:
    """Lift the locks failed sign-ins left on this name, from every address."""
    await _rate_limiter(settings).forgive_all(_lock_key(username, ""))


def _name_key(username: str) -> str:
    # Any text may be tried as a name: its digest keeps keys short and free of Redis's glob signs.
    return hashlib.sha256(username.encode()).hexdigest()[:32]


def _lock_key(username: str, address: str) -> str:
    return f"sign-in-lock:{_name_key(username)}:{address_key(address)}"


def _raise_if_locked(seconds: float) -> None:
    if seconds > 0:
        until = datetime.now(UTC) + timedelta(seconds=seconds)
        raise AccountLocked(
            f"Signing in as this user from here is locked after repeated wrong passwords until "
            f"{until:%H:%M} UTC on {until:%d/%m/%Y}.", locked_until=until.isoformat())


async def client_credentials(session: AsyncSession, settings: Settings, client_id: str,
                             client_secret: str) -> Token:
    """OAuth2 client credentials: a portal's access token, acting as its service account."""
    client = await repository.api_client_by_client_id(session, client_id)
    verified = verify_password(client_secret, client.secret_hash if client is not None else None)
    if client is None or not verified or not client.is_active or not client.user.is_active:
        raise InvalidClient("Unknown client or wrong secret.")
    lifetime = timedelta(minutes=settings.access_token_minutes)
    scope = " ".join(client.scopes)
    return Token(access_token=issue_token(str(client.user_id), "access", settings.secret_key,
                                          lifetime, scp=client.scopes, cid=client.client_id,
                                          gen=client.token_generation),
                 expires_in=int(lifetime.total_seconds()), scope=scope)


# A token's last use is shown to the nearest minute: writing it on every call would cost a write
# per request for nothing.
LAST_USE_PRECISION = timedelta(minutes=1)


async def api_token_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """The user behind a script's API token, with the token's scopes; stamps its last use."""
    found = await repository.api_token_by_digest(session, digest_token(token))
    now = datetime.now(UTC)
    expires = _api_token_end(found, settings) if found is not None else now
    if (found is None or found.revoked_at is not None or not found.user.is_active
            or expires <= now or not await _minting_client_lives(session, found)):
        raise InvalidToken("The API token is unknown, revoked or expired.")
    await _throttle(settings, f"token:{found.id}", settings.rate_limit_per_minute)
    if found.last_used_at is None or now - found.last_used_at >= LAST_USE_PRECISION:
        found.last_used_at = now
    # What it mints belongs to its client as well, and expires with it.
    return Principal.of(found.user, scopes=frozenset(found.scopes),
                        api_client_id=found.api_client_id, expires_at=expires)


def _api_token_end(token: ApiToken, settings: Settings) -> datetime:
    """Its own expiry, or sooner if the server's maximum lifetime has been lowered since."""
    return min(token.expires_at, token.created_at + timedelta(days=settings.api_token_max_days))


async def _minting_client_lives(session: AsyncSession, token: ApiToken) -> bool:
    """A token an API client minted dies with the client: disabled, or its secret rotated."""
    if token.api_client_id is None:
        return True
    client = await repository.api_client(session, token.api_client_id)
    return (client is not None and client.is_active
            and client.token_generation == token.client_generation)


async def signed_in_user(session: AsyncSession, principal: Principal) -> User:
    user = await repository.user_by_id(session, principal.user_id)
    if user is None:
        raise NotFound("The signed-in account no longer exists.")
    return user


async def bearer_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """The caller of a JWT: QCDC's own access token, or the identity provider's when SSO is on."""
    if settings.oidc_enabled and issuer_of(token) == settings.oidc_issuer:
        return await _sso_principal(session, settings, token)
    try:
        claims = read_token(token, "access", settings.secret_key)
    except TokenError as exc:
        raise InvalidToken("The access token is invalid or expired.") from exc
    if "cid" in claims:
        return await _client_principal(session, settings, claims)
    user = await sessions.user_of(session, claims)
    if user is None:
        raise InvalidToken("The session of this token has ended or its account is disabled; "
                           "sign in again.")
    return Principal.of(user)


async def _client_principal(session: AsyncSession, settings: Settings,
                            claims: dict[str, Any]) -> Principal:
    """A portal's token is worth what its client is worth now: disabling the client, rotating its
    secret or narrowing its scopes takes effect on the next call, not when the token expires."""
    client = await repository.api_client_by_client_id(session, claims["cid"])
    if (client is None or not client.is_active or str(client.user_id) != claims["sub"]
            or claims.get("gen") != client.token_generation or not client.user.is_active):
        raise InvalidToken("The API client of this token is disabled, has a new secret or no "
                           "longer exists.")
    await _throttle(settings, f"client:{client.client_id}",
                    client.rate_limit_per_minute or settings.rate_limit_per_minute)
    return Principal.of(client.user, scopes=frozenset(claims.get("scp", [])) & frozenset(client.scopes),
                        api_client_id=client.id)


async def _sso_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """A person signed in at the provincial identity provider, as the QCDC user its claim names."""
    claims = await verified_sso_claims(settings, token, str(settings.oidc_audience))
    return Principal.of(await sso_user(session, settings, claims))


async def sso_user(session: AsyncSession, settings: Settings, claims: dict[str, Any]) -> User:
    username = claims.get(settings.oidc_username_claim)
    user = (await get_by_username(session, username.strip().lower())
            if isinstance(username, str) else None)
    if user is None or not user.is_active:
        raise InvalidToken(f"No active QCDC account matches this sign-in "
                           f"({settings.oidc_username_claim}={username!r}).")
    return user


async def verified_sso_claims(settings: Settings, token: str, audience: str) -> dict[str, Any]:
    """`audience`: QCDC's as a resource (API calls), or its client id (the web sign-in's ID token)."""
    issuer = str(settings.oidc_issuer)
    try:
        try:
            return read_oidc_token(token, await jwks_cache.keys(settings), issuer, audience)
        except UnknownSigningKey:
            # The provider may have rotated its keys since we fetched them.
            return read_oidc_token(token, await jwks_cache.keys(settings, refresh=True), issuer,
                                   audience)
    except TokenError as exc:
        raise InvalidToken("The identity provider's token is invalid or expired.") from exc
    except JwksUnavailable as exc:
        raise IdentityProviderUnavailable(str(exc)) from exc


async def _throttle(settings: Settings, caller: str, per_minute: int,
                    what: str = "requests") -> None:
    wait = await _rate_limiter(settings).take(caller, per_minute)
    if wait:
        raise RateLimited(f"More than {per_minute} {what} a minute: try again in "
                          f"{retry_after(wait)} s.", headers={"Retry-After": retry_after(wait)})
